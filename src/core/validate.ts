import { invalidInput, isSecretKey } from './errors';
import type { Fields } from './fields';
import { isTimeZone } from './timezone';

export { isTimeZone };

/**
 * Pure validators. Each returns the value in the shape the vendor expects or throws
 * INVALID_INPUT with one sentence naming the field in the vendor's spelling.
 */

const present = (v: unknown): boolean => v !== undefined && v !== null && v !== '';

export function isPresent(fields: Fields, key: string): boolean {
  return present(fields[key]);
}

export function requireFields(fields: Fields, keys: readonly string[]): void {
  const missing = keys.filter((k) => !present(fields[k]));
  if (missing.length === 1) throw invalidInput(`${missing[0]} is required.`);
  if (missing.length > 1) throw invalidInput(`${missing.join(', ')} are required.`);
}

export function str(fields: Fields, key: string, opts: { required?: boolean; max?: number } = {}): string | undefined {
  const v = fields[key];
  if (!present(v)) {
    if (opts.required) throw invalidInput(`${key} is required.`);
    return undefined;
  }
  if (typeof v !== 'string' && typeof v !== 'number') throw invalidInput(`${key} must be a string.`);
  const s = String(v);
  if (opts.max !== undefined && s.length > opts.max) throw invalidInput(`${key} must be at most ${opts.max} characters.`);
  return s;
}

export function oneOf<T extends string>(fields: Fields, key: string, allowed: readonly T[], opts: { required?: boolean } = {}): T | undefined {
  const v = fields[key];
  if (!present(v)) {
    if (opts.required) throw invalidInput(`${key} is required (one of ${allowed.join(', ')}).`);
    return undefined;
  }
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    throw invalidInput(`${key} must be one of ${allowed.join(', ')} (got ${JSON.stringify(v)}).`);
  }
  return v as T;
}

/** A hex string of exactly `length` characters (any case); returned as given. */
export function hex(fields: Fields, key: string, length: number, opts: { required?: boolean } = {}): string | undefined {
  const s = str(fields, key, opts);
  if (s === undefined) return undefined;
  if (s.length !== length || !/^[0-9a-fA-F]+$/.test(s)) {
    // a key (applicationKey, session keys) is a secret: say its length, never its value
    const got = isSecretKey(key) ? `${s.length} characters` : JSON.stringify(s);
    throw invalidInput(`${key} must be ${length} hexadecimal characters (got ${got}).`);
  }
  return s;
}

export function int(fields: Fields, key: string, opts: { required?: boolean; min?: number; max?: number } = {}): number | undefined {
  const v = fields[key];
  if (!present(v)) {
    if (opts.required) throw invalidInput(`${key} is required.`);
    return undefined;
  }
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : NaN;
  if (!Number.isInteger(n)) throw invalidInput(`${key} must be an integer (got ${JSON.stringify(v)}).`);
  if (opts.min !== undefined && n < opts.min) throw invalidInput(`${key} must be at least ${opts.min} (got ${n}).`);
  if (opts.max !== undefined && n > opts.max) throw invalidInput(`${key} must be at most ${opts.max} (got ${n}).`);
  return n;
}

export function num(fields: Fields, key: string, opts: { required?: boolean; min?: number; max?: number } = {}): number | undefined {
  const v = fields[key];
  if (!present(v)) {
    if (opts.required) throw invalidInput(`${key} is required.`);
    return undefined;
  }
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  if (!Number.isFinite(n)) throw invalidInput(`${key} must be a number (got ${JSON.stringify(v)}).`);
  if (opts.min !== undefined && n < opts.min) throw invalidInput(`${key} must be between ${opts.min} and ${opts.max} (got ${n}).`);
  if (opts.max !== undefined && n > opts.max) throw invalidInput(`${key} must be between ${opts.min} and ${opts.max} (got ${n}).`);
  return n;
}

export function bool(fields: Fields, key: string): boolean | undefined {
  const v = fields[key];
  if (!present(v)) return undefined;
  if (v === true || v === 'true') return true;
  if (v === false || v === 'false') return false;
  throw invalidInput(`${key} must be true or false (got ${JSON.stringify(v)}).`);
}

/** A list field: an array or a comma-separated string; returned as a trimmed array. */
export function list(fields: Fields, key: string, opts: { required?: boolean } = {}): string[] | undefined {
  const v = fields[key];
  let items: string[];
  if (Array.isArray(v)) items = v.map((x) => String(x).trim());
  else if (typeof v === 'string') items = v.split(',').map((x) => x.trim());
  else if (!present(v)) items = [];
  else throw invalidInput(`${key} must be an array or a comma-separated string.`);
  items = items.filter((x) => x !== '');
  if (items.length === 0) {
    if (opts.required) throw invalidInput(`${key} must not be empty.`);
    return undefined;
  }
  return items;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function email(fields: Fields, key: string, opts: { required?: boolean } = {}): string | undefined {
  const s = str(fields, key, opts);
  if (s === undefined) return undefined;
  // The length first (RFC 5321: 254): the pattern backtracks on long strings (40 KB took a second)
  if (s.length > 254 || !EMAIL.test(s)) throw invalidInput(`${key} must be an e-mail address.`);
  return s;
}

/** A Date, epoch ms number, numeric string or ISO string -> epoch milliseconds. */
export function toEpochMs(value: unknown, key: string): number {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw invalidInput(`${key} is an invalid date.`);
    return value.getTime();
  }
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '') {
    const t = value.trim();
    if (/^-?\d+$/.test(t)) return Number(t);
    const ms = Date.parse(t);
    if (!Number.isNaN(ms)) return ms;
  }
  throw invalidInput(`${key} must be a Date, epoch milliseconds or an ISO-8601 string (got ${JSON.stringify(value)}).`);
}

/** Optional date field -> ISO-8601 string (what date-time query parameters expect). */
export function isoDate(fields: Fields, key: string): string | undefined {
  const v = fields[key];
  if (!present(v)) return undefined;
  return new Date(toEpochMs(v, key)).toISOString();
}
