import { invalidInput } from '../core/errors';
import type { HttpResponse } from '../core/http';
import type { Fields } from '../core/fields';
import type { EncoConnection } from '../enco/auth';
import {
  CallbackConfig,
  DeviceIdentifier,
  IDENTIFIER_DIGITS,
  IDENTIFIER_TYPES,
  IdentifierType,
  M2M_BASE,
  REQUEST_PATHS,
  RequestOperation,
  SimProfile,
  StatusUpdate,
  TrackingResponse,
} from './types';

export { IDENTIFIER_DIGITS };

function digitsText(t: IdentifierType): string {
  const { min, max } = IDENTIFIER_DIGITS[t];
  return min === max ? `${min} digits` : `${min} to ${max} digits`;
}

/** A string of digits from a string or a safe integer; anything else is undefined. */
function digitString(v: unknown): string | undefined {
  if (typeof v === 'number') return Number.isSafeInteger(v) && v >= 0 ? String(v) : undefined;
  if (typeof v === 'string') return v.trim();
  return undefined;
}

/** Validates one identifier of `type`; returns it as the vendor expects it (a digit string). */
export function checkIdentifier(type: IdentifierType, value: unknown, field = type === 'MSISDN' ? 'msisdn' : 'identifier'): string {
  const s = digitString(value);
  const { min, max } = IDENTIFIER_DIGITS[type];
  if (s === undefined || s === '') throw invalidInput(`${field} is required (${type}, ${digitsText(type)}).`);
  if (!/^\d+$/.test(s) || s.length < min || s.length > max) {
    throw invalidInput(`${field} must be a ${type} of ${digitsText(type)}, without + or spaces (got ${JSON.stringify(value)}).`);
  }
  return s;
}

/** `{msisdn}` or a string (SPEC 6.1 `get`). */
export function parseMsisdn(fields: Fields): string {
  return checkIdentifier('MSISDN', fields.msisdn, 'msisdn');
}

function parseDevice(item: unknown, index: number | undefined): DeviceIdentifier {
  const where = index === undefined ? '' : ` (device ${index + 1})`;
  if (typeof item === 'string' || typeof item === 'number') {
    return { identifier: checkIdentifier('MSISDN', item, `identifier${where}`), identifierType: 'MSISDN' };
  }
  if (!item || typeof item !== 'object' || Array.isArray(item)) {
    throw invalidInput(`Each device must be an MSISDN string or {identifier, identifierType}${where}.`);
  }
  const d = item as Fields;
  const rawType = d.identifierType === undefined || d.identifierType === null || d.identifierType === '' ? 'MSISDN' : d.identifierType;
  const type = typeof rawType === 'string' ? rawType.toUpperCase() : rawType;
  if (typeof type !== 'string' || !(IDENTIFIER_TYPES as readonly string[]).includes(type)) {
    throw invalidInput(`identifierType must be one of ${IDENTIFIER_TYPES.join(', ')}${where} (got ${JSON.stringify(rawType)}).`);
  }
  const t = type as IdentifierType;
  return { identifier: checkIdentifier(t, d.identifier, `identifier${where}`), identifierType: t };
}

export const deviceKey = (d: { identifier: string; identifierType: string }): string => `${String(d.identifierType).toUpperCase()}:${d.identifier}`;

/**
 * "devices" (SPEC 6.1): an MSISDN string, `{identifier, identifierType}` (type defaults to MSISDN),
 * or an array of either. Returns the request body; a device listed twice is refused because its
 * two status updates could not be told apart.
 */
export function parseDevices(payload: unknown): DeviceIdentifier[] {
  const list = Array.isArray(payload) ? payload : [payload];
  if (list.length === 0 || payload === undefined || payload === null || payload === '') {
    throw invalidInput('msg.payload must name the devices: an MSISDN, {identifier, identifierType}, or an array of them.');
  }
  const devices = list.map((item, i) => parseDevice(item, Array.isArray(payload) ? i : undefined));
  const seen = new Set<string>();
  for (const d of devices) {
    const k = deviceKey(d);
    if (seen.has(k)) throw invalidInput(`${d.identifierType} ${d.identifier} is listed twice.`);
    seen.add(k);
  }
  return devices;
}

const HEADER_TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** The vendor's whitelist: Authorization, or a name starting with `x-` (any case). */
export function isAllowedCallbackHeader(name: string): boolean {
  return /^authorization$/i.test(name) || /^x-/i.test(name);
}

/** A header value that can travel in a request: printable, no CR/LF. */
export function isHeaderValue(v: string): boolean {
  // eslint-disable-next-line no-control-regex
  return !/[\u0000-\u0008\u000a-\u001f\u007f]/.test(v);
}

/** `{url, headers?}` for POST /configure/callback, checked before anything is sent. */
export function parseCallbackConfig(fields: Fields): CallbackConfig {
  const url = fields.url;
  if (url === undefined || url === null || url === '') throw invalidInput('url is required (the callback URL, http or https).');
  if (typeof url !== 'string') throw invalidInput('url must be a string.');
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    throw invalidInput(`url must be an absolute http(s) URL (got ${JSON.stringify(url)}).`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw invalidInput(`url must be http or https (got ${JSON.stringify(parsed.protocol)}).`);
  const out: CallbackConfig = { url: url.trim() };
  const headers = fields.headers;
  if (headers === undefined || headers === null || headers === '') return out;
  if (typeof headers !== 'object' || Array.isArray(headers)) throw invalidInput('headers must be an object {name: value}.');
  const h: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers as Record<string, unknown>)) {
    if (!HEADER_TOKEN.test(name)) throw invalidInput(`headers: ${JSON.stringify(name)} is not a valid header name.`);
    if (!isAllowedCallbackHeader(name)) {
      throw invalidInput(`headers: ${name} is not allowed; the M2M API only accepts Authorization and headers starting with x-.`);
    }
    if (typeof value !== 'string' && typeof value !== 'number') throw invalidInput(`headers: the value of ${name} must be a string.`);
    const v = String(value);
    if (!isHeaderValue(v)) throw invalidInput(`headers: the value of ${name} contains a line break or a control character.`);
    h[name] = v;
  }
  if (Object.keys(h).length) out.headers = h;
  return out;
}

/** The x-callback-token value (required for the four requests). */
export function checkCallbackToken(token: unknown): string {
  if (token === undefined || token === null || token === '') {
    throw invalidInput("x-callback-token is required: set the node's callback token or msg.callbackToken.");
  }
  if (typeof token !== 'string') throw invalidInput('msg.callbackToken must be a string.');
  if (token.length > 1024 || !isHeaderValue(token)) throw invalidInput('The callback token must be at most 1024 printable characters.');
  return token;
}

/** A status update as the callback node receives it: undefined when the body is not one. */
export function asStatusUpdate(body: unknown): StatusUpdate | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const b = body as Record<string, unknown>;
  if (typeof b.trackingNumber !== 'string' || b.trackingNumber === '') return undefined;
  if (typeof b.resultStatus !== 'string') return undefined;
  const d = b.device as Record<string, unknown> | undefined;
  if (!d || typeof d !== 'object' || Array.isArray(d)) return undefined;
  if (typeof d.identifier !== 'string' && typeof d.identifier !== 'number') return undefined;
  if (typeof d.identifierType !== 'string') return undefined;
  if (b.messages !== undefined && !Array.isArray(b.messages)) return undefined;
  return b as unknown as StatusUpdate;
}

/** The pure M2M client on an EnCo connection (bearer token + x-api-key). No Node-RED in here. */
export class M2mApi {
  constructor(private readonly conn: EncoConnection) {}

  /** NOT_CONFIGURED unless the account has the M2M API key and its bearer credentials. Sends nothing. */
  checkCredentials(): void {
    this.credentials();
  }

  /** Both credentials are checked (NOT_CONFIGURED) before anything is sent, token request included. */
  private credentials() {
    const apiKey = this.conn.m2mApiKey();
    const auth = this.conn.auth();
    return { headers: { 'x-api-key': apiKey }, auth };
  }

  getSim(msisdn: string): Promise<HttpResponse<SimProfile[]>> {
    const { headers, auth } = this.credentials();
    return this.conn.http.request<SimProfile[]>({ method: 'GET', path: `${M2M_BASE}/simcards`, query: { msisdn }, headers, auth });
  }

  request(op: RequestOperation, devices: DeviceIdentifier[], callbackToken: string): Promise<HttpResponse<TrackingResponse>> {
    const { headers, auth } = this.credentials();
    return this.conn.http.request<TrackingResponse>({
      method: 'POST',
      path: `${M2M_BASE}/requests/${REQUEST_PATHS[op]}`,
      body: devices,
      headers: { ...headers, 'x-callback-token': callbackToken },
      auth,
      secrets: [callbackToken],
    });
  }

  configureCallback(config: CallbackConfig): Promise<HttpResponse<unknown>> {
    const { headers, auth } = this.credentials();
    // the headers EnCo will send to the callback URL (e.g. an Authorization bearer) are secrets too
    const secrets = Object.values(config.headers ?? {}).map((h) => String(h).replace(/^Bearer\s+/i, ''));
    return this.conn.http.request({ method: 'POST', path: `${M2M_BASE}/configure/callback`, body: config, headers, auth, secrets });
  }
}
