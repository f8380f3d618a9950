import type { Node, NodeAPI, NodeDef } from 'node-red';
import { invalidInput } from './errors';
import type { Auth, Headers, HttpClient, HttpResponse, Query, QueryValue } from './http';
import { text, translator } from './i18n';
import { FleetMsg, handleInput, registerType, requireAccount } from './node';
import type { Method } from './retry';

/**
 * The request nodes (SPEC 10): any endpoint of an account's server, with the account's
 * authentication, retries, TLS, proxy and errors. This module is the one mechanism the three
 * nodes (encloud-request, enco-request, enapter-request) share: the path guard, the method, query,
 * body and header rules (pure functions, tested as tables), and the node glue. A platform only
 * says how its account authenticates a path (`RequestTarget`).
 */

export const REQUEST_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type RequestMethod = (typeof REQUEST_METHODS)[number] & Method;

/** Header names a msg can never set: every platform's authentication headers (SPEC 10). */
export const AUTH_HEADERS: readonly string[] = ['authorization', 'api-key', 'x-enapter-auth-token', 'x-enapter-allow-http', 'x-api-key', 'proxy-authorization'];
/** Header names the HTTP client owns (message framing and the connection). */
const FRAMING_HEADERS: readonly string[] = ['host', 'content-length', 'transfer-encoding', 'connection', 'keep-alive', 'upgrade', 'te', 'trailer', 'expect'];

const MAX_PATH = 2048;
/** Characters a path may hold as written (RFC 3986 pchar and `/`): no `\`, `?`, `#`, space, control or non-ASCII. */
const PATH_CHARS = /^[A-Za-z0-9\-._~!$&'()*+,;=:@/%]*$/;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** `msg.method` over the node's `method` (default GET), upper-cased; INVALID_INPUT for any other verb. */
export function requestMethod(fromMsg: unknown, configured: unknown): RequestMethod {
  const given = fromMsg !== undefined && fromMsg !== null && fromMsg !== '' ? fromMsg : configured;
  const m = given === undefined || given === null || given === '' ? 'GET' : typeof given === 'string' ? given.trim().toUpperCase() : '';
  if (!(REQUEST_METHODS as readonly string[]).includes(m)) throw invalidInput(`method must be one of ${REQUEST_METHODS.join(', ')}.`);
  return m as RequestMethod;
}

/** One level of percent-decoding, byte-wise; undefined when a `%` does not start `%XX`. */
function percentDecode(s: string): Buffer | undefined {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x25) {
      const hex = s.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return undefined;
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else if (c < 0x80) bytes.push(c);
    else return undefined;
  }
  return Buffer.from(bytes);
}

/**
 * The path guard (SPEC 10): credentials only ever go to the account's own server, under its URL.
 * A path is relative to the account's URL and starts with one `/`; it is refused (INVALID_INPUT,
 * no request) when it, or any percent-decoded form of it (decoded again and again, as a lenient
 * server or proxy might), holds a scheme or host (`//`, `\`), a `..` or `.` segment, an encoded
 * `/`, `\`, `?` or `#`, a control character, or anything that is not valid ASCII (overlong UTF-8
 * `%c0%ae`, full-width dots). Query parameters go in `msg.query`. The message never echoes the path.
 */
export function checkPath(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw invalidInput('path is required (a path starting with /, relative to the account URL).');
  const path = value.trim();
  const refuse = (why: string): never => {
    throw invalidInput(`path ${why}: it must be a path relative to the account URL, starting with a single /, without "..", "\\", "//", "?", "#" or an encoded form of them.`);
  };
  if (path.length > MAX_PATH) refuse(`is longer than ${MAX_PATH} characters`);
  if (path.charAt(0) !== '/') refuse('does not start with /');
  if (!PATH_CHARS.test(path)) refuse('holds a character that is not allowed there');
  const slashes = path.split('/').length;
  let level = path;
  for (let depth = 0; depth < 8; depth++) {
    if (level.startsWith('//')) refuse('names a host');
    if (/[\\?#]/.test(level)) refuse('holds a \\, ? or #');
    if (/[\x00-\x1f\x7f]/.test(level)) refuse('holds a control character');
    if (level.includes('..')) refuse('holds ".."');
    if (level.split('/').some((seg) => seg === '.')) refuse('holds a "." segment');
    if (level.split('/').length !== slashes) refuse('holds an encoded /');
    if (!level.includes('%')) return path;
    const bytes = percentDecode(level);
    if (!bytes) refuse('holds a malformed percent-encoding');
    const decoded = (bytes as Buffer).toString('utf8');
    // overlong or invalid UTF-8 (%c0%ae for "."): what a lenient decoder makes of it is unknown
    if (!Buffer.from(decoded, 'utf8').equals(bytes as Buffer) || /[^\x00-\x7f]/.test(decoded)) refuse('holds an encoded character that is not ASCII');
    level = decoded;
  }
  return refuse('is encoded too many times');
}

/** `msg.query` (an object of scalars or lists of scalars) as the client's Query. */
export function requestQuery(value: unknown): Query | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value) || Buffer.isBuffer(value)) throw invalidInput('msg.query must be an object of query parameters.');
  const out: Query = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === undefined || v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v as QueryValue;
    else if (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number')) out[k] = v as ReadonlyArray<string | number>;
    else throw invalidInput(`msg.query.${k} must be a string, number, boolean or a list of them.`);
  }
  return out;
}

/**
 * `msg.headers` as extra request headers: the authentication headers (SPEC 10) and the framing
 * ones are dropped whatever their case, so the account's own are always the ones sent. A header
 * that is not a valid name or value (CR, LF: header injection) is INVALID_INPUT. The content type
 * comes back apart (it decides how a body is sent).
 */
export function requestHeaders(value: unknown): { headers: Headers; contentType?: string } {
  const headers: Headers = {};
  let contentType: string | undefined;
  if (value === undefined || value === null) return { headers };
  if (typeof value !== 'object' || Array.isArray(value) || Buffer.isBuffer(value)) throw invalidInput('msg.headers must be an object of header names and values.');
  for (const [name, raw] of Object.entries(value as Record<string, unknown>)) {
    if (raw === undefined || raw === null) continue;
    if (!HEADER_NAME.test(name)) throw invalidInput('msg.headers holds a header name that is not valid.');
    const v = Array.isArray(raw) ? raw.map(String).join(', ') : typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : undefined;
    if (v === undefined) throw invalidInput(`msg.headers.${name} must be a string.`);
    // the name only: a header value may be a secret of the user's
    if (/[\r\n\0]/.test(v)) throw invalidInput(`msg.headers.${name} holds a line break or NUL.`);
    const lower = name.toLowerCase();
    if (AUTH_HEADERS.includes(lower) || FRAMING_HEADERS.includes(lower)) continue;
    if (lower === 'content-type') contentType = v;
    else headers[name] = v;
  }
  return { headers, contentType };
}

/** What one msg asks for, validated (every rule above), before any request. */
export interface PreparedRequest {
  method: RequestMethod;
  path: string;
  query?: Query;
  headers: Headers;
  /** JSON body. */
  body?: unknown;
  /** Body sent as is (Buffer, string, or a form built from an object). */
  rawBody?: Buffer | string;
  hasPayload: boolean;
}

const isForm = (ct: string | undefined): boolean => !!ct && /^application\/x-www-form-urlencoded\b/i.test(ct.trim());

/** The request of one msg: method, path, query, headers and body (JSON for POST, PUT, PATCH; Buffer or text as is). */
export function prepareRequest(msg: FleetMsg, config: { method?: unknown; path?: unknown }): PreparedRequest {
  const method = requestMethod(msg.method, config.method);
  const fromMsg = msg.path;
  const path = checkPath(fromMsg !== undefined && fromMsg !== null && fromMsg !== '' ? fromMsg : config.path);
  const query = requestQuery(msg.query);
  const { headers, contentType } = requestHeaders(msg.headers);
  const payload = msg.payload;
  const hasPayload = payload !== undefined && payload !== null;
  const out: PreparedRequest = { method, path, query, headers, hasPayload };
  if (contentType !== undefined) headers['Content-Type'] = contentType;
  if (method === 'GET' || method === 'DELETE' || !hasPayload) return out;
  if (Buffer.isBuffer(payload)) {
    out.rawBody = payload;
    if (contentType === undefined) headers['Content-Type'] = 'application/octet-stream';
  } else if (typeof payload === 'string') {
    out.rawBody = payload;
    if (contentType === undefined) headers['Content-Type'] = 'text/plain; charset=utf-8';
  } else if (isForm(contentType) && typeof payload === 'object' && !Array.isArray(payload)) {
    const form = new URLSearchParams();
    for (const [k, v] of Object.entries(payload as Record<string, unknown>)) if (v !== undefined && v !== null) form.append(k, typeof v === 'object' ? JSON.stringify(v) : String(v));
    out.rawBody = form.toString();
  } else {
    out.body = payload;
  }
  return out;
}

/** The canonical form of a checked path for comparing it with an endpoint the account owns. */
export function canonicalPath(path: string): string {
  let p = path;
  for (let i = 0; i < 8 && p.includes('%'); i++) p = decodeURIComponent(p);
  return p.toLowerCase().replace(/\/+$/, '') || '/';
}

/** How an account serves the request nodes. */
export interface RequestTarget {
  http: HttpClient;
  /** The authentication of a request to `path` (NOT_CONFIGURED, before any request, when the account lacks it). */
  auth(path: string): Auth;
  /** Headers the account adds for this path (EnCo: the M2M key under /m2m/). */
  headers?(path: string): Headers;
  /**
   * An endpoint the account owns: a handler for it (EnCo POST /revoke), or an INVALID_INPUT throw
   * (the token endpoints: the account asks for its tokens itself), or undefined for any other path.
   */
  special?(req: PreparedRequest): (() => Promise<HttpResponse>) | undefined;
}

/** The answer headers for msg.headers: everything but set-cookie (a session of the node's, not the flow's). */
export function answerHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() !== 'set-cookie') out[k] = v;
  return out;
}

/** Sends one prepared request over the target (pure of Node-RED: the tests and the node use it). */
export async function sendPrepared(target: RequestTarget, req: PreparedRequest): Promise<HttpResponse> {
  const special = target.special?.(req);
  if (special) return special();
  const auth = target.auth(req.path);
  const extra = target.headers?.(req.path) ?? {};
  return target.http.request({
    method: req.method,
    path: req.path,
    query: req.query,
    headers: { ...req.headers, ...extra },
    body: req.body,
    rawBody: req.rawBody,
    auth,
  });
}

interface RequestConfig extends NodeDef {
  account?: string;
  method?: string;
  path?: string;
}

/**
 * Registers a request node type: `RED.nodes.registerType(type)` with the shared input handling.
 * `targetOf` turns the deployed account node into its RequestTarget.
 */
export function registerRequestNode<A>(RED: NodeAPI, type: string, accountLabel: string, targetOf: (account: A) => RequestTarget): void {
  const t = translator(RED, type);
  function RequestNode(this: Node, config: RequestConfig): void {
    RED.nodes.createNode(this, config);
    handleInput(this, async (msg, ctx) => {
      const account = requireAccount<A>(RED, config.account, accountLabel);
      const req = prepareRequest(msg, config);
      const target = targetOf(account);
      const res = await sendPrepared(target, req);
      msg.payload = res.body;
      msg.statusCode = res.status;
      msg.headers = answerHeaders(res.headers);
      ctx.send(msg);
      return { status: text('common.status.answered', { method: req.method, statusCode: res.status }) };
    }, t);
  }
  registerType(RED, type, RequestNode);
}
