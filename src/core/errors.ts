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
    if (s && s.length >= 4) out = out.split(s).join(REDACTED);
  }
  return out;
}
