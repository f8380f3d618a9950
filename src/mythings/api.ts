import { invalidInput } from '../core/errors';
import { HttpResponse, multi } from '../core/http';
import type { Fields } from '../core/fields';
import { FetchedPage, fetchAllPages } from '../core/paging';
import { bool, hex, int, isPresent, isoDate, list, num, oneOf, requireFields, str } from '../core/validate';
import type { EncoConnection } from '../enco/auth';
import {
  AdminOperation,
  ApiRequest,
  ApplicationSessionKeyResource,
  BASE_PATH,
  CONNECTIVITY_TYPES,
  FPORT,
  DownlinkOperation,
  DownlinkRequest,
  INTERVALS,
  MOTION_INDICATORS,
  PAGED_OPERATIONS,
  Page,
  QueryOperation,
  STREAM_CONTENT_TYPES,
  STREAM_TYPES,
  StreamHeader,
  StreamRequest,
  ThingCreateRequest,
  ThingKeysLoRaABP,
  ThingKeysLoRaOTAA,
  ThingOperation,
  ThingUpdateRequest,
} from './types';

// ---------------------------------------------------------------------------------------------
// Pure request builders: validate the fields of one operation and answer the exact request of
// seed 001. They throw INVALID_INPUT (and nothing is sent) on the first field that is wrong.
// ---------------------------------------------------------------------------------------------

const enc = encodeURIComponent;
const has = (f: Fields, k: string): boolean => isPresent(f, k);
const text = (f: Fields, k: string): string => str(f, k, { required: true }) as string;

function objectField(f: Fields, key: string): Fields | undefined {
  const v = f[key];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'object' || Array.isArray(v) || Buffer.isBuffer(v)) throw invalidInput(`${key} must be an object.`);
  return v as Fields;
}

/** Sets `out[key]` only when the value is defined (the vendor gets no explicit nulls). */
function put<T extends object, K extends keyof T>(out: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) out[key] = value as T[K];
}

/** A coordinate or free text the seed types as string; numbers are sent as strings. */
function stringy(f: Fields, key: string): string | undefined {
  return str(f, key);
}

function motionIndicator(f: Fields): string | undefined {
  return oneOf(f, 'motionIndicator', MOTION_INDICATORS);
}

function otaaKeys(k: Fields, prefix: string): ThingKeysLoRaOTAA {
  try {
    return {
      applicationEUI: hex(k, 'applicationEUI', 16, { required: true }) as string,
      applicationKey: hex(k, 'applicationKey', 32, { required: true }) as string,
    };
  } catch (e) {
    throw prefixed(e, prefix);
  }
}

function abpKeys(k: Fields, prefix: string, opts: { requireNetworkKey: boolean }): ThingKeysLoRaABP {
  try {
    const out: ThingKeysLoRaABP = {};
    put(out, 'networkSessionKey', hex(k, 'networkSessionKey', 32, { required: opts.requireNetworkKey }));
    const raw = k.applicationSessionkeys ?? k.applicationSessionKeys;
    if (raw !== undefined && raw !== null) {
      if (!Array.isArray(raw)) throw invalidInput('applicationSessionkeys must be an array of {applicationSessionKey, port}.');
      out.applicationSessionkeys = raw.map((item: unknown, i: number): ApplicationSessionKeyResource => {
        if (!item || typeof item !== 'object' || Array.isArray(item)) throw invalidInput(`applicationSessionkeys[${i}] must be an object {applicationSessionKey, port}.`);
        const entry = item as Fields;
        const r: ApplicationSessionKeyResource = {};
        put(r, 'applicationSessionKey', hex(entry, 'applicationSessionKey', 32));
        const port = int(entry, 'port', { min: 1, max: 255 });
        if (port !== undefined) r.port = String(port);
        return r;
      });
    } else if (has(k, 'applicationSessionKey')) {
      // flat input (a CSV row): one application session key on port 1 unless a port is given
      const port = int(k, 'port', { min: 1, max: 255 }) ?? 1;
      out.applicationSessionkeys = [{ applicationSessionKey: hex(k, 'applicationSessionKey', 32) as string, port: String(port) }];
    }
    return out;
  } catch (e) {
    throw prefixed(e, prefix);
  }
}

function prefixed(e: unknown, prefix: string): unknown {
  if (!prefix || !(e instanceof Error)) return e;
  return invalidInput(`${prefix}.${e.message}`);
}

/** The keys of a create request: `keys` as in the seed, or the flat key fields of a CSV row. */
function createKeys(f: Fields, type: ConnectivityTypeName): ThingCreateRequest['keys'] {
  const nested = objectField(f, 'keys');
  const source = nested ?? f;
  const prefix = nested ? 'keys' : '';
  if (type === 'LORA.OTAA') return otaaKeys(source, prefix);
  if (type === 'LORA.ABP') return abpKeys(source, prefix, { requireNetworkKey: true });
  return undefined;
}
type ConnectivityTypeName = (typeof CONNECTIVITY_TYPES)[number];

/** The ThingCreateRequest of seed 001 from the input fields (unknown keys are not sent). */
export function buildThingCreate(f: Fields): ThingCreateRequest {
  requireFields(f, ['connectivityType', 'companyId', 'thingTypeId']);
  const connectivityType = oneOf(f, 'connectivityType', CONNECTIVITY_TYPES, { required: true }) as ConnectivityTypeName;
  const lora = connectivityType !== 'ETHERNET';
  const out: ThingCreateRequest = {
    connectivityType,
    companyId: int(f, 'companyId', { required: true }) as number,
    thingTypeId: int(f, 'thingTypeId', { required: true }) as number,
  };
  put(out, 'thingIdentifier', lora ? hex(f, 'thingIdentifier', 16, { required: true }) : str(f, 'thingIdentifier'));
  put(out, 'thingName', str(f, 'thingName'));
  put(out, 'description', str(f, 'description'));
  put(out, 'isPublic', bool(f, 'isPublic'));
  put(out, 'longitude', stringy(f, 'longitude'));
  put(out, 'latitude', stringy(f, 'latitude'));
  put(out, 'locationFN1', str(f, 'locationFN1'));
  put(out, 'locationFN2', str(f, 'locationFN2'));
  put(out, 'connectivityPlan', str(f, 'connectivityPlan'));
  if (connectivityType === 'LORA.ABP') put(out, 'deviceAddress', hex(f, 'deviceAddress', 8, { required: true }));
  put(out, 'keys', createKeys(f, connectivityType));
  put(out, 'tags', list(f, 'tags'));
  if (lora) put(out, 'motionIndicator', motionIndicator(f));
  if (connectivityType === 'ETHERNET') put(out, 'serialNumber', str(f, 'serialNumber'));
  return out;
}

/** The ThingUpdateRequest (thingIdentifier is taken out: it goes in the path). */
export function buildThingUpdate(f: Fields): ThingUpdateRequest {
  const out: ThingUpdateRequest = {};
  put(out, 'companyId', int(f, 'companyId'));
  put(out, 'thingTypeId', int(f, 'thingTypeId'));
  put(out, 'connectivityPlan', str(f, 'connectivityPlan'));
  put(out, 'description', str(f, 'description'));
  put(out, 'deviceAddress', hex(f, 'deviceAddress', 8));
  put(out, 'isPublic', bool(f, 'isPublic'));
  const otaa = objectField(f, 'keysLoRaOTAA');
  if (otaa) out.keysLoRaOTAA = otaaKeys(otaa, 'keysLoRaOTAA');
  const abp = objectField(f, 'keysLoRaABP');
  if (abp) out.keysLoRaABP = abpKeys(abp, 'keysLoRaABP', { requireNetworkKey: false });
  put(out, 'latitude', stringy(f, 'latitude'));
  put(out, 'longitude', stringy(f, 'longitude'));
  put(out, 'locationFN1', str(f, 'locationFN1'));
  put(out, 'locationFN2', str(f, 'locationFN2'));
  put(out, 'motionIndicator', motionIndicator(f));
  put(out, 'tags', list(f, 'tags'));
  put(out, 'thingName', str(f, 'thingName'));
  if (Object.keys(out).length === 0) throw invalidInput('update needs at least one field of ThingUpdateRequest besides thingIdentifier.');
  return out;
}

const thingPath = (f: Fields): string => `/things/${enc(text(f, 'thingIdentifier'))}`;

export function buildThingRequest(op: ThingOperation, f: Fields): ApiRequest {
  switch (op) {
    case 'list':
      return {
        method: 'GET',
        path: '/things',
        query: {
          isPublic: bool(f, 'isPublic'),
          lastActivity: isoDate(f, 'lastActivity'),
          modifiedSince: isoDate(f, 'modifiedSince'),
          results: int(f, 'results', { min: 1 }),
          // seed: "tags < string > array(multi)": one tags= parameter per tag
          tags: multi(list(f, 'tags')),
          thingName: str(f, 'thingName'),
        },
      };
    case 'get':
      return { method: 'GET', path: thingPath(f) };
    case 'create':
      return { method: 'POST', path: '/things', body: buildThingCreate(f) };
    case 'update': {
      const path = thingPath(f);
      const rest: Fields = { ...f };
      delete rest.thingIdentifier;
      return { method: 'PUT', path, body: buildThingUpdate(rest) };
    }
    case 'delete':
      return { method: 'DELETE', path: thingPath(f) };
    case 'provision':
      return { method: 'POST', path: `${thingPath(f)}/provision` };
    case 'deprovision':
      return { method: 'DELETE', path: `${thingPath(f)}/deprovision` };
    case 'tags': {
      const path = thingPath(f);
      return { method: 'PUT', path: `${path}/tags`, body: list(f, 'tags', { required: true }) };
    }
    case 'type':
      return { method: 'GET', path: `${thingPath(f)}/type` };
    case 'deleteContainer': {
      const path = thingPath(f);
      return { method: 'DELETE', path: `${path}/${enc(text(f, 'containerFriendlyName'))}` };
    }
  }
}

/** 0/1 as the seed's DownlinkRequest wants it (true/false accepted). */
function zeroOne(f: Fields, key: string): number | undefined {
  const v = f[key];
  if (v === true) return 1;
  if (v === false) return 0;
  return int(f, key, { min: 0, max: 1 });
}

/** The downlink payload: a hex string of even length or a Buffer, at most 50 bytes; sent as upper-case hex. */
export function downlinkPayload(value: unknown): string {
  if (value === undefined || value === null || value === '') throw invalidInput('payload is required (hex string or Buffer).');
  let hexText: string;
  if (Buffer.isBuffer(value)) hexText = value.toString('hex');
  else if (value instanceof Uint8Array) hexText = Buffer.from(value).toString('hex');
  else if (typeof value === 'string') hexText = value.trim().replace(/^0x/i, '');
  else throw invalidInput('payload must be a hex string or a Buffer.');
  if (!/^[0-9a-fA-F]*$/.test(hexText)) throw invalidInput(`payload must be hexadecimal (got ${JSON.stringify(hexText.slice(0, 120))}).`);
  if (hexText.length === 0) throw invalidInput('payload must not be empty.');
  if (hexText.length % 2 !== 0) throw invalidInput(`payload must be hex of even length (got ${hexText.length} characters).`);
  if (hexText.length > 100) throw invalidInput(`payload must be at most 50 bytes (got ${hexText.length / 2}).`);
  return hexText.toUpperCase();
}

export function buildDownlinkRequest(op: DownlinkOperation, f: Fields): ApiRequest {
  switch (op) {
    case 'send': {
      const body: DownlinkRequest = {
        devEUI: hex(f, 'devEUI', 16, { required: true }) as string,
        fPort: String(int(f, 'fPort', { required: true, ...FPORT })),
        payload: downlinkPayload(f.payload),
      };
      put(body, 'encrypted', zeroOne(f, 'encrypted'));
      put(body, 'ack', zeroOne(f, 'ack'));
      return { method: 'POST', path: '/downlink', body };
    }
    case 'template': {
      const uid = text(f, 'templateUid');
      const ids = list(f, 'thingIdentifiers', { required: true }) as string[];
      ids.forEach((id, i) => hex({ [`thingIdentifiers[${i}]`]: id }, `thingIdentifiers[${i}]`, 16));
      return { method: 'POST', path: `/downlink/template/${enc(uid)}`, body: { thingIdentifiers: ids } };
    }
    case 'templates':
      return { method: 'GET', path: '/configurationtemplates' };
  }
}

export function isPaged(op: QueryOperation): boolean {
  return PAGED_OPERATIONS.includes(op);
}

export function buildQueryRequest(op: QueryOperation, f: Fields): ApiRequest {
  const paging = () => ({ page: int(f, 'page', { min: 0 }), timeframe: int(f, 'timeframe', { min: 1 }) });
  const interval = () => oneOf(f, 'interval', INTERVALS, { required: true });
  const range = () => ({ startTime: isoDate(f, 'startTime'), endTime: isoDate(f, 'endTime') });
  switch (op) {
    case 'locations':
      return { method: 'GET', path: `${thingPath(f)}/locations`, query: paging() };
    case 'decodedLogs':
      return { method: 'GET', path: `${thingPath(f)}/logs/decoded`, query: paging() };
    case 'decodedLogCount':
      return { method: 'GET', path: `${thingPath(f)}/logs/decoded/count`, query: { interval: interval() } };
    case 'networkLogs':
      return { method: 'GET', path: `${thingPath(f)}/logs/network`, query: { ...paging(), ...range() } };
    case 'networkLogCount': {
      const path = `${thingPath(f)}/logs/network/count`;
      return { method: 'GET', path, query: { interval: interval(), ...range() } };
    }
    case 'containerValues': {
      const path = `${thingPath(f)}/type/${enc(text(f, 'containerName'))}/values`;
      return { method: 'GET', path, query: { ...range(), results: int(f, 'results', { min: 1 }) } };
    }
    case 'basestations':
      return { method: 'GET', path: '/basestations' };
    case 'basestation':
      return { method: 'GET', path: `/basestations/${enc(text(f, 'basestationId'))}` };
    case 'businessRules':
      return { method: 'GET', path: '/businessrules' };
    case 'triggeredRules':
      return { method: 'GET', path: '/businessrulestriggered' };
    case 'triggeredRule': {
      const id = int(f, 'businessRuleId', { required: true, min: 0 }) as number;
      return { method: 'GET', path: `/businessrulestriggered/${id}`, query: { action: str(f, 'action'), containerName: str(f, 'containerName') } };
    }
    case 'containerDefinitions':
      return { method: 'GET', path: '/containerdefinitions', query: { thingTypeName: str(f, 'thingTypeName') } };
    case 'status':
      return { method: 'GET', path: '/status' };
  }
}

function coordinate(f: Fields, key: string, limit: number): string | undefined {
  const n = num(f, key, { min: -limit, max: limit });
  return n === undefined ? undefined : String(f[key]).trim();
}

function streamHeaders(f: Fields): StreamHeader[] | undefined {
  const v = f.headers;
  if (v === undefined || v === null || v === '') return undefined;
  if (Array.isArray(v)) {
    return v.map((h: unknown, i: number) => {
      if (!h || typeof h !== 'object') throw invalidInput(`headers[${i}] must be {key, value}.`);
      const entry = h as Fields;
      return { key: str(entry, 'key', { required: true }) as string, value: str(entry, 'value', { required: true }) as string };
    });
  }
  if (typeof v === 'object') return Object.entries(v as Fields).map(([key, value]) => ({ key, value: String(value) }));
  throw invalidInput('headers must be an array of {key, value} or an object.');
}

/** The stream definition body; `create` needs name, url and type. */
export function buildStreamDefinition(f: Fields, opts: { create: boolean }): StreamRequest {
  if (opts.create) requireFields(f, ['companyId', 'name', 'url', 'type']);
  const out: StreamRequest = {};
  put(out, 'active', bool(f, 'active'));
  put(out, 'autoLink', bool(f, 'autoLink'));
  put(out, 'companyId', int(f, 'companyId'));
  put(out, 'contentType', oneOf(f, 'contentType', STREAM_CONTENT_TYPES));
  put(out, 'basicAuth', bool(f, 'basicAuth'));
  put(out, 'mutualAuth', bool(f, 'mutualAuth'));
  put(out, 'name', str(f, 'name'));
  put(out, 'template', typeof f.template === 'object' && f.template !== null ? JSON.stringify(f.template) : str(f, 'template'));
  put(out, 'type', oneOf(f, 'type', STREAM_TYPES));
  const url = str(f, 'url');
  if (url !== undefined && !/^https?:\/\/\S+$/i.test(url)) throw invalidInput(`url must be an http or https URL (got ${JSON.stringify(url)}).`);
  put(out, 'url', url);
  put(out, 'headers', streamHeaders(f));
  put(out, 'userName', str(f, 'userName'));
  put(out, 'password', str(f, 'password'));
  if (!opts.create && Object.keys(out).length === 0) throw invalidInput('updateStreamDefinition needs at least one field besides streamDefinitionId.');
  return out;
}

export function buildAdminRequest(op: AdminOperation, f: Fields): ApiRequest {
  const addresses = () => ({ companyId: int(f, 'companyId', { required: true }), amount: int(f, 'amount', { required: true, min: 1 }) });
  const streamPath = () => `/streamdefinitions/${enc(text(f, 'streamDefinitionId'))}`;
  switch (op) {
    case 'thingTypes':
      return { method: 'GET', path: '/thingtypes' };
    case 'vendors':
      return { method: 'GET', path: '/vendors' };
    case 'connectivityPlans':
      return { method: 'GET', path: '/connectivityplans' };
    case 'deviceAddresses':
      return { method: 'GET', path: '/deviceaddress', query: addresses() };
    case 'reserveDeviceAddresses':
      return { method: 'GET', path: '/deviceaddress/reserve', query: addresses() };
    case 'assignDeviceAddresses': {
      const companyId = int(f, 'companyId', { required: true }) as number;
      const devAddresses = list(f, 'devAddresses', { required: true }) as string[];
      devAddresses.forEach((a, i) => hex({ [`devAddresses[${i}]`]: a }, `devAddresses[${i}]`, 8));
      return { method: 'PUT', path: '/deviceaddress/assign', body: { companyId, devAddresses } };
    }
    case 'updateBasestation': {
      const path = `/basestations/${enc(text(f, 'basestationId'))}`;
      const body: Record<string, unknown> = {};
      put(body, 'companyId', int(f, 'companyId'));
      put(body, 'latitude', coordinate(f, 'latitude', 90));
      put(body, 'longitude', coordinate(f, 'longitude', 180));
      put(body, 'locationName', str(f, 'locationName'));
      if (Object.keys(body).length === 0) throw invalidInput('updateBasestation needs companyId, latitude, longitude or locationName.');
      return { method: 'PUT', path, body };
    }
    case 'listStreamDefinitions':
      return { method: 'GET', path: '/streamdefinitions' };
    case 'getStreamDefinition':
      return { method: 'GET', path: streamPath() };
    case 'createStreamDefinition':
      return { method: 'POST', path: '/streamdefinitions', body: buildStreamDefinition(f, { create: true }) };
    case 'updateStreamDefinition': {
      const path = streamPath();
      const rest: Fields = { ...f };
      delete rest.streamDefinitionId;
      return { method: 'PUT', path, body: buildStreamDefinition(rest, { create: false }) };
    }
    case 'deleteStreamDefinition':
      return { method: 'DELETE', path: streamPath() };
  }
}

// ---------------------------------------------------------------------------------------------
// The client: sends a built request over the account's EnCo connection (bearer, retries, 401).
// ---------------------------------------------------------------------------------------------

export class MyThingsApi {
  constructor(private readonly conn: EncoConnection) {}

  send<T = unknown>(req: ApiRequest): Promise<HttpResponse<T>> {
    // auth() first: NOT_CONFIGURED before any request when the account lacks its credentials
    const auth = this.conn.auth();
    return this.conn.http.request<T>({ method: req.method, path: BASE_PATH + req.path, query: req.query, body: req.body, auth });
  }

  /** A paged request, every page from `query.page` (default 0) on, as one PageResource. */
  async sendAllPages<T = unknown>(
    req: ApiRequest,
    concurrency: number,
    onProgress?: (fetched: number, total: number | undefined) => void,
  ): Promise<FetchedPage<T> & { pages: number }> {
    const start = typeof req.query?.page === 'number' ? req.query.page : 0;
    return fetchAllPages<T>(
      async (page) => {
        const res = await this.send<Page<T>>({ ...req, query: { ...req.query, page } });
        return { status: res.status, body: res.body };
      },
      { start, concurrency, onProgress },
    );
  }
}
