// Time zones, one check for the whole package: a zone is what this Node.js's Intl knows
// (formatters cached per zone), and wall-clock time in a zone -> epoch ms (offsets cached per
// quarter hour). Pure.

const zoneFormats = new Map<string, Intl.DateTimeFormat | null>();

function zoneFormat(zone: string): Intl.DateTimeFormat | null {
  let f = zoneFormats.get(zone);
  if (f !== undefined) return f;
  try {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch {
    f = null;
  }
  zoneFormats.set(zone, f);
  return f;
}

/** True for `UTC` and any IANA zone this Node.js knows (a stream's wall-clock stamps). */
export function isValidTimeZone(zone: unknown): boolean {
  return typeof zone === 'string' && zone.trim() !== '' && zoneFormat(zone.trim()) !== null;
}

/** A region zone (`Europe/Berlin`) or UTC/GMT that this Node.js knows: what a vendor that wants an IANA name accepts. */
export function isTimeZone(zone: string): boolean {
  return zoneFormat(zone) !== null && (zone.includes('/') || zone === 'UTC' || zone === 'Etc/UTC' || zone === 'GMT');
}

const UTC_NAMES = new Set(['', 'UTC', 'Etc/UTC', 'GMT', 'Etc/GMT', 'Z']);
const offsetCache = new Map<string, number>();
const QUARTER_HOUR = 15 * 60 * 1000;

/** The zone's offset from UTC (ms) at instant `utcMs`; zone changes happen on quarter hours, so cached per quarter. */
function zoneOffset(zone: string, utcMs: number): number {
  if (UTC_NAMES.has(zone)) return 0;
  const bucket = Math.floor(utcMs / QUARTER_HOUR);
  const key = zone + '|' + bucket;
  const hit = offsetCache.get(key);
  if (hit !== undefined) return hit;
  const f = zoneFormat(zone);
  let offset = 0;
  if (f) {
    const at = bucket * QUARTER_HOUR;
    const p: Record<string, number> = {};
    for (const part of f.formatToParts(new Date(at))) if (part.type !== 'literal') p[part.type] = Number(part.value);
    offset = Date.UTC(p.year, p.month - 1, p.day, p.hour % 24, p.minute, p.second) - at;
  }
  if (offsetCache.size > 2048) offsetCache.clear();
  offsetCache.set(key, offset);
  return offset;
}

/** Wall-clock fields in `zone` -> epoch ms (the later instant wins in a DST overlap's ambiguity as JS does). */
export function zonedEpoch(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number, zone: string): number | undefined {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return undefined;
  const local = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  const check = new Date(local);
  if (check.getUTCDate() !== d || check.getUTCMonth() !== mo - 1) return undefined; // 31/02
  let utc = local - zoneOffset(zone, local);
  const second = zoneOffset(zone, utc);
  if (second !== local - utc) utc = local - second;
  return utc;
}

