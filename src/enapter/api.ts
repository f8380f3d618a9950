import { staticAuth } from '../core/auth';
import { FleetError, invalidInput } from '../core/errors';
import { HttpClient, HttpResponse, HttpSettings, Query } from '../core/http';
import type { Fields } from '../core/fields';
import { int, isTimeZone, isoDate, list, num, oneOf, requireFields, str } from '../core/validate';
import {
  COMMAND_OPERATIONS,
  CommandOperation,
  CommandRequest,
  ConfigEnvelope,
  DEVICE_TYPES,
  DataPoint,
  DeviceEnvelope,
  DeviceOperation,
  DevicesPage,
  EXECUTION_ORDERS,
  EXECUTION_STATES,
  EXPANDS,
  EnapterErrorBody,
  Execution,
  ExecutionEnvelope,
  ExecutionsPage,
  FINAL_STATES,
  LatestTelemetryResponse,
  LatestValue,
  Operation,
  PROTOCOLS,
  ProvisionRequest,
  ProvisionResponse,
  SiteEnvelope,
  SitesResponse,
  StartedExecution,
  UpdateDeviceRequest,
  DEFAULT_URL,
  RELEVANCE_MAX_S,
} from './types';

export { DEFAULT_URL };

/** Enapter's own sentence: `errors[0].message` (and its code). */
export function describeEnapterError(_status: number, body: unknown): string | undefined {
  const errors = (body as Partial<EnapterErrorBody> | undefined)?.errors;
  if (!Array.isArray(errors) || errors.length === 0) return undefined;
  const first = errors[0] ?? {};
  const message = typeof first.message === 'string' ? first.message : undefined;
  if (!message) return typeof first.code === 'string' ? first.code : undefined;
  return message;
}

/** The fields each operation requires (SPEC 7.2); `protocol` defaults to MQTTS and is not listed. */
export const REQUIRED: Record<Operation, readonly string[]> = {
  ucm: ['site_id', 'hardware_id', 'name'],
  vucm: ['site_id', 'hardware_id', 'name'],
  embedded: ['device_type', 'site_id', 'hardware_id', 'name'],
  link_master: ['site_id', 'hardware_id', 'name'],
  link_slave: ['site_id', 'hardware_id', 'name', 'master_device_id'],
  standalone: ['site_id', 'name'],
  lua_device: ['runtime_id', 'blueprint_id', 'name', 'slug'],
  gateway: ['hardware_id', 'gateway_version', 'site_name', 'site_timezone', 'site_location'],
};

const text = (f: Fields, k: string): string => str(f, k, { required: true }) as string;

/** Validates `fields` for `op` and returns the exact request body of seed 003 (unknown keys dropped). */
export function buildProvisionRequest(op: Operation, fields: Fields): ProvisionRequest {
  requireFields(fields, REQUIRED[op]);
  const protocol = (): (typeof PROTOCOLS)[number] => oneOf(fields, 'protocol', PROTOCOLS) ?? 'MQTTS';
  switch (op) {
    case 'ucm':
      return { site_id: text(fields, 'site_id'), hardware_id: text(fields, 'hardware_id'), name: text(fields, 'name'), protocol: protocol() };
    case 'embedded':
      return {
        device_type: oneOf(fields, 'device_type', DEVICE_TYPES, { required: true }) as (typeof DEVICE_TYPES)[number],
        site_id: text(fields, 'site_id'),
        hardware_id: text(fields, 'hardware_id'),
        name: text(fields, 'name'),
        protocol: protocol(),
      };
    case 'vucm':
    case 'link_master':
      return { site_id: text(fields, 'site_id'), hardware_id: text(fields, 'hardware_id'), name: text(fields, 'name') };
    case 'link_slave':
      return {
        site_id: text(fields, 'site_id'),
        hardware_id: text(fields, 'hardware_id'),
        name: text(fields, 'name'),
        master_device_id: text(fields, 'master_device_id'),
      };
    case 'standalone':
      return { site_id: text(fields, 'site_id'), name: text(fields, 'name') };
    case 'lua_device':
      return { runtime_id: text(fields, 'runtime_id'), blueprint_id: text(fields, 'blueprint_id'), name: text(fields, 'name'), slug: text(fields, 'slug') };
    case 'gateway': {
      const zone = text(fields, 'site_timezone');
      if (!isTimeZone(zone)) throw invalidInput(`site_timezone must be an IANA time zone such as Europe/Berlin (got ${JSON.stringify(zone)}).`);
      const loc = fields.site_location;
      if (!loc || typeof loc !== 'object' || Array.isArray(loc)) throw invalidInput('site_location must be an object {latitude, longitude}.');
      const l = loc as Fields;
      const latitude = num(l, 'latitude', { required: true, min: -90, max: 90 }) as number;
      const longitude = num(l, 'longitude', { required: true, min: -180, max: 180 }) as number;
      const site_id = str(fields, 'site_id');
      return {
        ...(site_id !== undefined ? { site_id } : {}),
        hardware_id: text(fields, 'hardware_id'),
        gateway_version: text(fields, 'gateway_version'),
        site_name: text(fields, 'site_name'),
        site_timezone: zone,
        site_location: { latitude, longitude },
      };
    }
  }
}

/** The pure Enapter client: no Node-RED in here. */
export class EnapterApi {
  readonly http: HttpClient;

  constructor(settings: Omit<HttpSettings, 'describe' | 'vendor'>, private readonly token: () => string | undefined) {
    this.http = new HttpClient({ ...settings, vendor: 'Enapter', describe: describeEnapterError, secrets: () => [token()] });
  }

  /** The token headers (public for enapter-request); NOT_CONFIGURED without a token. */
  auth() {
    const token = this.token();
    if (!token) throw new FleetError('NOT_CONFIGURED', 'The Enapter account has no API token.');
    const allowHttp = this.http.settings.baseURL.startsWith('http://');
    return staticAuth((): Record<string, string> => (allowHttp ? { 'X-Enapter-Auth-Token': token, 'X-Enapter-Allow-HTTP': 'true' } : { 'X-Enapter-Auth-Token': token }));
  }

  provision(op: Operation, request: ProvisionRequest): Promise<HttpResponse<ProvisionResponse>> {
    return this.http.request<ProvisionResponse>({ method: 'POST', path: `/v3/provisioning/${op}`, body: request, auth: this.auth() });
  }

  sites(query?: Query): Promise<HttpResponse<SitesResponse>> {
    return this.http.request<SitesResponse>({ method: 'GET', path: '/v3/sites', query, auth: this.auth() });
  }

  // ---- inventory (SPEC 7.3)
  devices(siteId: string | undefined, query: Query): Promise<HttpResponse<DevicesPage>> {
    const path = siteId ? `/v3/sites/${enc(siteId)}/devices` : '/v3/devices';
    return this.http.request<DevicesPage>({ method: 'GET', path, query, auth: this.auth() });
  }

  device(id: string, expand?: string[]): Promise<HttpResponse<DeviceEnvelope>> {
    return this.http.request<DeviceEnvelope>({ method: 'GET', path: `/v3/devices/${enc(id)}`, query: { expand }, auth: this.auth() });
  }

  updateDevice(id: string, body: UpdateDeviceRequest): Promise<HttpResponse<DeviceEnvelope>> {
    return this.http.request<DeviceEnvelope>({ method: 'PATCH', path: `/v3/devices/${enc(id)}`, body, auth: this.auth() });
  }

  deleteDevice(id: string): Promise<HttpResponse<unknown>> {
    return this.http.request({ method: 'DELETE', path: `/v3/devices/${enc(id)}`, auth: this.auth() });
  }

  assignBlueprint(id: string, blueprintId: string): Promise<HttpResponse<DeviceEnvelope>> {
    return this.http.request<DeviceEnvelope>({ method: 'POST', path: `/v3/devices/${enc(id)}/assign_blueprint`, body: { blueprint_id: blueprintId }, auth: this.auth() });
  }

  generateConfig(id: string, protocol: (typeof PROTOCOLS)[number]): Promise<HttpResponse<ConfigEnvelope>> {
    return this.http.request<ConfigEnvelope>({ method: 'POST', path: `/v3/devices/${enc(id)}/generate_config`, body: { protocol }, auth: this.auth() });
  }

  site(id: string): Promise<HttpResponse<SiteEnvelope>> {
    return this.http.request<SiteEnvelope>({ method: 'GET', path: `/v3/sites/${enc(id)}`, auth: this.auth() });
  }

  // ---- telemetry (SPEC 7.4)
  latestTelemetry(request: LatestRequest): Promise<HttpResponse<LatestTelemetryResponse>> {
    return this.http.request<LatestTelemetryResponse>({ method: 'GET', path: '/v3/telemetry/latest', query: latestQuery(request), auth: this.auth() });
  }

  // ---- commands (SPEC 7.5): the POSTs follow 3.6 (retried only when they never reached Enapter)
  executeCommand(deviceId: string, request: CommandRequest): Promise<HttpResponse<ExecutionEnvelope>> {
    return this.http.request<ExecutionEnvelope>({ method: 'POST', path: `/v3/devices/${enc(deviceId)}/execute_command`, query: { expand: 'log' }, body: request, auth: this.auth() });
  }

  startCommand(deviceId: string, request: CommandRequest): Promise<HttpResponse<StartedExecution>> {
    return this.http.request<StartedExecution>({ method: 'POST', path: `/v3/devices/${enc(deviceId)}/command_executions`, body: request, auth: this.auth() });
  }

  execution(deviceId: string, executionId: string): Promise<HttpResponse<ExecutionEnvelope>> {
    return this.http.request<ExecutionEnvelope>({
      method: 'GET',
      path: `/v3/devices/${enc(deviceId)}/command_executions/${enc(executionId)}`,
      query: { expand: 'log' },
      auth: this.auth(),
    });
  }

  executions(scope: { device_id?: string; site_id?: string }, query: Query): Promise<HttpResponse<ExecutionsPage>> {
    const path = scope.device_id ? `/v3/devices/${enc(scope.device_id)}/command_executions` : `/v3/sites/${enc(scope.site_id as string)}/commands/executions`;
    return this.http.request<ExecutionsPage>({ method: 'GET', path, query, auth: this.auth() });
  }

  destroy(): void {
    this.http.destroy();
  }
}

/** The deployed `enapter-account` config node as the action nodes see it. */
export interface EnapterAccountNode {
  api: EnapterApi;
  concurrency: number;
}

const enc = encodeURIComponent;

/** Page size of the inventory lists (as Enapter's SDK asks). */
export const PAGE_LIMIT = 50;

// ---------------------------------------------------------------------------------------------
// enapter-device (SPEC 7.3): validation before any request, as pure functions.

/** `expand`: an array or comma list of the known parts. */
export function expandList(f: Fields): string[] | undefined {
  const parts = list(f, 'expand');
  if (!parts) return undefined;
  const bad = parts.filter((p) => !(EXPANDS as readonly string[]).includes(p));
  if (bad.length) throw invalidInput(`expand must list some of ${EXPANDS.join(', ')} (got ${JSON.stringify(bad.join(','))}).`);
  return parts;
}

/** The identifier field of each device operation (a string payload is that field). */
export const DEVICE_ID_KEY: Partial<Record<DeviceOperation, string>> = {
  get: 'device_id',
  update: 'device_id',
  delete: 'device_id',
  assignBlueprint: 'device_id',
  generateConfig: 'device_id',
  site: 'site_id',
};

/** A validated device operation: everything the client call needs. */
export type DeviceCall =
  | { op: 'list'; site_id?: string; expand?: string[] }
  | { op: 'get'; device_id: string; expand?: string[] }
  | { op: 'update'; device_id: string; body: UpdateDeviceRequest }
  | { op: 'delete'; device_id: string }
  | { op: 'assignBlueprint'; device_id: string; blueprint_id: string }
  | { op: 'generateConfig'; device_id: string; protocol: (typeof PROTOCOLS)[number] }
  | { op: 'sites' }
  | { op: 'site'; site_id: string };

export function buildDeviceCall(op: DeviceOperation, f: Fields): DeviceCall {
  switch (op) {
    case 'list':
      return { op, site_id: str(f, 'site_id'), expand: expandList(f) };
    case 'get':
      return { op, device_id: text(f, 'device_id'), expand: expandList(f) };
    case 'update': {
      const device_id = text(f, 'device_id');
      const name = str(f, 'name');
      const slug = str(f, 'slug');
      if (name === undefined && slug === undefined) throw invalidInput('update needs name or slug (or both).');
      return { op, device_id, body: { ...(name !== undefined ? { name } : {}), ...(slug !== undefined ? { slug } : {}) } };
    }
    case 'delete':
      return { op, device_id: text(f, 'device_id') };
    case 'assignBlueprint':
      requireFields(f, ['device_id', 'blueprint_id']);
      return { op, device_id: text(f, 'device_id'), blueprint_id: text(f, 'blueprint_id') };
    case 'generateConfig':
      return { op, device_id: text(f, 'device_id'), protocol: oneOf(f, 'protocol', PROTOCOLS) ?? 'MQTTS' };
    case 'sites':
      return { op };
    case 'site':
      return { op, site_id: text(f, 'site_id') };
  }
}

// ---------------------------------------------------------------------------------------------
// enapter-telemetry (SPEC 7.4)

export interface LatestRequest {
  /** device id -> attribute names, in the order asked. */
  devices: Array<[string, string[]]>;
  /** seconds */
  relevance?: number;
}

const attributeList = (v: unknown, where: string): string[] => {
  const items = list({ [where]: v }, where, { required: true }) as string[];
  return [...new Set(items)];
};

/**
 * The fields of `msg.payload` (itemFields): `{ <device_id>: [attribute...] }` or
 * `{ device_id, attributes, relevance? }`; node properties `device_id`, `attributes`, `relevance` are the defaults.
 */
export function buildLatestRequest(fields: Fields, defaults: { device_id?: string; attributes?: string; relevance?: unknown }): LatestRequest {
  const p: Fields = { ...fields };
  const single = 'device_id' in p || 'attributes' in p || Object.keys(p).length === 0 || (Object.keys(p).length === 1 && 'relevance' in p);
  const relevanceFields: Fields = { relevance: single && p.relevance !== undefined && p.relevance !== '' ? p.relevance : defaults.relevance };
  const relevance = int(relevanceFields, 'relevance', { min: 1, max: RELEVANCE_MAX_S });
  const devices: Array<[string, string[]]> = [];
  if (single) {
    const f: Fields = { device_id: p.device_id ?? defaults.device_id, attributes: p.attributes ?? defaults.attributes };
    requireFields(f, ['device_id', 'attributes']);
    devices.push([text(f, 'device_id'), attributeList(f.attributes, 'attributes')]);
  } else {
    for (const [id, attrs] of Object.entries(p)) {
      if (id.trim() === '') throw invalidInput('A device id in msg.payload is empty.');
      devices.push([id, attributeList(attrs, `attributes of ${id}`)]);
    }
  }
  return { devices, relevance };
}

/** `devices[<id>]=a,b&...&relevance_interval=<n>s` */
export function latestQuery(r: LatestRequest): Query {
  const q: Query = {};
  for (const [id, attrs] of r.devices) q[`devices[${id}]`] = attrs.join(',');
  if (r.relevance !== undefined) q.relevance_interval = `${r.relevance}s`;
  return q;
}

/** The answer as the node outputs it: every asked attribute, `null` when it has no value in the interval. */
export function latestValues(r: LatestRequest, body: LatestTelemetryResponse | undefined): Record<string, Record<string, LatestValue | null>> {
  const telemetry = body && typeof body === 'object' && body.telemetry && typeof body.telemetry === 'object' ? body.telemetry : {};
  const out: Record<string, Record<string, LatestValue | null>> = {};
  for (const [id, attrs] of r.devices) {
    const points = (telemetry[id] ?? {}) as Record<string, DataPoint | null>;
    const values: Record<string, LatestValue | null> = {};
    for (const a of attrs) {
      const dp = points[a];
      const ts = dp && typeof dp === 'object' ? dp.timestamp : undefined;
      if (typeof ts !== 'number' || !Number.isFinite(ts)) values[a] = null;
      else {
        const ms = Math.round(ts * 1000);
        values[a] = { value: dp?.value ?? null, timestamp: ms, time: new Date(ms).toISOString() };
      }
    }
    out[id] = values;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// enapter-command (SPEC 7.5)

export { COMMAND_OPERATIONS };

export type CommandCall =
  | { op: 'execute' | 'start'; device_id: string; request: CommandRequest }
  | { op: 'get'; device_id: string; execution_id: string }
  | { op: 'list'; scope: { device_id?: string; site_id?: string }; query: Query };

function commandRequest(f: Fields): CommandRequest {
  const name = text(f, 'name');
  const args = f.arguments;
  if (args !== undefined && args !== null && args !== '' && (typeof args !== 'object' || Array.isArray(args))) {
    throw invalidInput('arguments must be an object of the command\'s arguments.');
  }
  return { name, arguments: args && typeof args === 'object' ? { ...(args as Record<string, unknown>) } : {} };
}

const listOf = (f: Fields, key: string, allowed?: readonly string[]): string[] | undefined => {
  const items = list(f, key);
  if (items && allowed) {
    const bad = items.filter((x) => !allowed.includes(x));
    if (bad.length) throw invalidInput(`${key} must list some of ${allowed.join(', ')} (got ${JSON.stringify(bad.join(','))}).`);
  }
  return items;
};

export function buildCommandCall(op: CommandOperation, f: Fields): CommandCall {
  switch (op) {
    case 'execute':
    case 'start':
      requireFields(f, ['device_id', 'name']);
      return { op, device_id: text(f, 'device_id'), request: commandRequest(f) };
    case 'get':
      requireFields(f, ['device_id', 'execution_id']);
      return { op, device_id: text(f, 'device_id'), execution_id: text(f, 'execution_id') };
    case 'list': {
      const device_id = str(f, 'device_id');
      const site_id = str(f, 'site_id');
      if (!device_id && !site_id) throw invalidInput('list needs device_id or site_id.');
      const gte = isoDate(f, 'created_at.gte');
      const lt = isoDate(f, 'created_at.lt');
      if (gte && lt && Date.parse(gte) >= Date.parse(lt)) throw invalidInput('created_at.gte must be before created_at.lt.');
      const query: Query = {
        order: oneOf(f, 'order', EXECUTION_ORDERS),
        'state.in': listOf(f, 'state.in', EXECUTION_STATES),
        'name.in': listOf(f, 'name.in'),
        'created_at.gte': gte,
        'created_at.lt': lt,
      };
      // the site-wide list can narrow to devices; a device's own list can not
      if (!device_id) query['device_id.in'] = listOf(f, 'device_id.in');
      return { op, scope: device_id ? { device_id } : { site_id }, query };
    }
  }
}

export function isFinal(e: Execution | undefined): boolean {
  return !!e && (FINAL_STATES as readonly string[]).includes(e.state);
}

/** SUCCESS passes; ERROR / TIMEOUT / UNSYNC are COMMAND_FAILED with the device's response payload in err.cause.body. */
export function checkExecution(e: Execution, status: number): Execution {
  if (e.state === 'SUCCESS') return e;
  const payload = e.response?.payload ?? null;
  const said = describePayload(payload);
  const what = e.state === 'ERROR' ? 'the device answered ERROR' : `the execution ended ${e.state}`;
  throw new FleetError('COMMAND_FAILED', `Enapter command "${e.request?.name ?? '?'}" on device ${e.device_id} (execution ${e.id}) failed: ${what}${said ? ': ' + said : ''}.`, {
    statusCode: status,
    body: payload,
  });
}

function describePayload(payload: unknown): string | undefined {
  if (payload === null || payload === undefined) return undefined;
  if (typeof payload === 'string') return payload.slice(0, 200);
  if (typeof payload === 'object') {
    const p = payload as Record<string, unknown>;
    for (const k of ['message', 'error', 'reason']) if (typeof p[k] === 'string') return (p[k] as string).slice(0, 200);
  }
  return undefined;
}
