/** The retry policy of SPEC 3.6, as pure functions so it can be tested as a table. */

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** What went wrong with one attempt: an HTTP status, or a transport failure. */
export type Outcome =
  | { kind: 'status'; status: number }
  | { kind: 'refused' } // connection refused: the request never reached the server
  | { kind: 'network' } // reset, DNS, socket hang up: it may have reached the server
  | { kind: 'timeout' };

const IDEMPOTENT_STATUSES = new Set([429, 502, 503, 504]);

/** Whether an attempt with this outcome may be repeated. */
export function isRetryable(method: Method, outcome: Outcome): boolean {
  const idempotent = method !== 'POST';
  switch (outcome.kind) {
    case 'refused':
      return true;
    case 'network':
    case 'timeout':
      return idempotent;
    case 'status':
      if (outcome.status === 429) return true;
      return idempotent && IDEMPOTENT_STATUSES.has(outcome.status);
  }
}

/** Parses Retry-After (delta seconds or an HTTP date) into milliseconds; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined | null, now = Date.now()): number | undefined {
  if (value === undefined || value === null) return undefined;
  const text = String(value).trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
  random?: () => number;
}

/**
 * Delay before retry number `attempt` (0 = the first retry): Retry-After when the server gave one
 * (capped at maxMs), else exponential backoff with "equal jitter" (half fixed, half random).
 */
export function backoffDelay(attempt: number, retryAfterMs: number | undefined, opts: BackoffOptions): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, opts.maxMs);
  const exp = Math.min(opts.maxMs, opts.baseMs * 2 ** attempt);
  const random = opts.random ?? Math.random;
  return Math.round(exp / 2 + random() * (exp / 2));
}
