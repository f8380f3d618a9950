/** The error codes of SPEC 3.4. Public interface: flows switch on them. */
export type ErrorCode =
  | 'INVALID_INPUT'
  | 'NOT_CONFIGURED'
  | 'AUTH_FAILED'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'REJECTED'
  | 'SERVER_ERROR'
  | 'TIMEOUT'
  | 'NETWORK'
  | 'CALLBACK_TIMEOUT'
  | 'COMMAND_FAILED';

export interface ErrorCause {
  statusCode: number;
  body: unknown;
}

/**
 * The only error type the nodes hand to Node-RED. It never wraps an axios error (whose
 * config.headers carry the token): only a code, one sentence and the redacted answer.
 */
export class FleetError extends Error {
  readonly code: ErrorCode;
  override readonly cause?: ErrorCause;
  readonly statusCode?: number;
  /** The server's Retry-After, when it gave one with the failure (a retrying caller honours it). */
  retryAfterMs?: number;

  constructor(code: ErrorCode, message: string, cause?: ErrorCause) {
    super(message);
    this.name = 'FleetError';
    this.code = code;
    if (cause) {
      this.cause = { statusCode: cause.statusCode, body: redact(cause.body) };
      this.statusCode = cause.statusCode;
    }
  }

  /** Node-RED puts `toString()` into msg.error.message and the log: the sentence alone. */
  override toString(): string {
    return this.message;
  }

  /** Node-RED copies own enumerable fields of the error object; keep them small and safe. */
  toJSON(): { code: ErrorCode; message: string; statusCode?: number } {
    return { code: this.code, message: this.message, statusCode: this.statusCode };
  }
}

export function isFleetError(e: unknown): e is FleetError {
  return e instanceof FleetError || (typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'FleetError');
}

export function invalidInput(message: string): FleetError {
  return new FleetError('INVALID_INPUT', message);
}

/** Keys whose values are secrets wherever they appear in a vendor body. */
const SECRET_KEY = /^(access_token|refresh_token|id_token|auth_token|token|password|client_secret|clientsecret|secret|api[-_]?key|x-api-key|authorization|private_key|privatekey|certificate|ca_chain|x-callback-token|callbacktoken|networksessionkey|applicationsessionkey|applicationkey|appkey|nwkskey|appskey)$/i;

export const REDACTED = '[redacted]';

/** Whether a field of this name holds a secret (its value is never shown). */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** A deep copy of `body` in which every occurrence of a secret value inside a string is replaced. */
export function scrubDeep(body: unknown, secrets: ReadonlyArray<string | undefined>, depth = 0): unknown {
  const live = secrets.filter((s): s is string => typeof s === 'string' && s.length >= 4);
  if (live.length === 0 || depth > 20) return body;
  if (typeof body === 'string') return scrub(body, live);
  if (body === null || typeof body !== 'object' || Buffer.isBuffer(body)) return body;
  if (Array.isArray(body)) return body.map((v) => scrubDeep(v, live, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) out[scrub(k, live)] = scrubDeep(v, live, depth + 1);
  return out;
}

/** A deep copy of `body` with every secret-named field replaced. Cycles and depth are bounded. */
export function redact(body: unknown, depth = 0): unknown {
  if (depth > 20 || body === null || typeof body !== 'object') return body;
  if (Buffer.isBuffer(body)) return body;
  if (Array.isArray(body)) return body.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
    out[k] = SECRET_KEY.test(k) && v !== null && v !== undefined && v !== '' ? REDACTED : redact(v, depth + 1);
  }
  return out;
}

/** Maps an HTTP status to the SPEC 3.4 code. `conflictHint` lets a vendor say "already exists" with a 4xx/2xx. */
export function codeForStatus(status: number): ErrorCode {
  if (status === 401 || status === 403) return 'AUTH_FAILED';
  if (status === 404) return 'NOT_FOUND';
  if (status === 409) return 'CONFLICT';
  if (status === 429) return 'RATE_LIMITED';
  if (status >= 500) return 'SERVER_ERROR';
  return 'REJECTED';
}

/** Removes every occurrence of the given secret values from a text (defence in depth for messages). */
export function scrub(text: string, secrets: ReadonlyArray<string | undefined>): string {
  let out = text;
  for (const s of secrets) {
    if (!s || s.length < 4) continue;
    for (const form of secretForms(s)) if (out.includes(form)) out = out.split(form).join(REDACTED);
  }
  return out;
}

const formsCache = new Map<string, string[]>();

/**
 * A secret as it may appear in a text (SPEC 3.6): as is, URL-encoded (upper and lower case hex,
 * form style with `+`), and base64 / base64url, also inside a longer encoded string (e.g. a Basic
 * `user:password`): for each of the three byte alignments, the characters that encode the secret's
 * bytes alone. Longest first, so a longer form is replaced before a shorter one inside it.
 */
export function secretForms(secret: string): string[] {
  const hit = formsCache.get(secret);
  if (hit) return hit;
  const forms = new Set<string>([secret]);
  const url = encodeURIComponent(secret);
  forms.add(url);
  forms.add(url.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()));
  forms.add(new URLSearchParams({ s: secret }).toString().slice(2));
  const bytes = Buffer.from(secret, 'utf8');
  for (let k = 0; k < 3; k++) {
    const b64 = Buffer.concat([Buffer.alloc(k), bytes]).toString('base64');
    const core = b64.slice(Math.ceil((8 * k) / 6), Math.floor((8 * (k + bytes.length)) / 6));
    if (core.length >= 6) {
      forms.add(core);
      forms.add(core.replace(/\+/g, '-').replace(/\//g, '_'));
    }
  }
  const list = [...forms].filter((f) => f.length >= 4).sort((a, b) => b.length - a.length);
  if (formsCache.size > 256) formsCache.clear();
  formsCache.set(secret, list);
  return list;
}

/** Any thrown value as a FleetError; unexpected exceptions keep their message but no stack or object. */
export function toFleetError(e: unknown): FleetError {
  if (isFleetError(e)) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new FleetError('REJECTED', `Unexpected error: ${message}`);
}
