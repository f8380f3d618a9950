// Parsing and normalization of the MyThings stream (seed 001 "Stream Definitions", SPEC 5.6).
// Pure and synchronous: no Node-RED import, no I/O. This is the hot path of most flows, so it
// avoids work it does not need (one case-folded key map per object, cached zone offsets).
// Its parts: the XML reader (stream-xml.ts), the time-zone arithmetic (core/timezone.ts), and
// here the content types, the documents, the timestamps and the normalization.
//
// Safety: see stream-xml.ts for XML. Objects are built so that `__proto__` / `constructor` keys
// stay plain data (JSON.parse makes own properties; the maps we build use defineProperty for such keys).
import { jsonTextShape, valueShape, xmlTextShape, type ShapeVerdict } from '../../core/depth';
import { isValidTimeZone, zonedEpoch } from '../../core/timezone';
import { DOCTYPE, libraryXml, plainXml } from './stream-xml';
import {
  StreamParseError,
  StreamTooLargeError,
  type ContainerValue,
  type NormalizeOptions,
  type NormalizedUplink,
  type ParsedStreamDocument,
  type StreamFormat,
  type StreamGateway,
  type StreamLocation,
  type StreamType,
} from './stream-types';

export * from './stream-types';
// The parts, re-exported: the XML reader and the time-zone check (one for the package).
export { decodeXmlText, libraryXml, plainXml } from './stream-xml';
export { isValidTimeZone };

/** Nested deeper than 32 levels -> 400; more than MAX_VALUES values -> 413; before anything is built. */
function checkShape(verdict: ShapeVerdict, format: string): void {
  if (verdict === 'deep') throw new StreamParseError(`${format} nested too deep`);
  if (verdict === 'large') throw new StreamTooLargeError(`${format} holds too many values`);
}

// ---------------------------------------------------------------------------------------------
// Content types

export type BodyKind = StreamFormat | 'sniff';
export interface ContentTypeInfo {
  kind: BodyKind;
  encoding: 'utf8' | 'latin1';
}

const ctCache = new Map<string, ContentTypeInfo | null>();

/**
 * What a Content-Type header allows: XML (`application/xml`, `text/xml`, `*+xml`), JSON
 * (`application/json`, `text/json`, `*+json`), or `text/plain` / no header (a FREEFORM template
 * may be sent as text: the first character decides). Anything else, or a charset other than
 * UTF-8 / ISO-8859-1, is `null` (answered 415).
 */
export function classifyContentType(header: string | undefined): ContentTypeInfo | null {
  const key = header ?? '';
  const hit = ctCache.get(key);
  if (hit !== undefined) return hit;
  const result = classifyUncached(key);
  if (ctCache.size > 64) ctCache.clear();
  ctCache.set(key, result);
  return result;
}

function classifyUncached(header: string): ContentTypeInfo | null {
  const parts = header.split(';');
  const media = parts[0].trim().toLowerCase();
  let encoding: ContentTypeInfo['encoding'] = 'utf8';
  for (let i = 1; i < parts.length; i++) {
    const eq = parts[i].indexOf('=');
    if (eq < 0) continue;
    if (parts[i].slice(0, eq).trim().toLowerCase() !== 'charset') continue;
    const cs = parts[i].slice(eq + 1).trim().replace(/^"|"$/g, '').toLowerCase();
    if (cs === 'utf-8' || cs === 'utf8' || cs === 'us-ascii') encoding = 'utf8';
    else if (cs === 'iso-8859-1' || cs === 'latin1' || cs === 'iso8859-1') encoding = 'latin1';
    else return null;
  }
  let kind: BodyKind | null = null;
  if (media === '' || media === 'text/plain') kind = 'sniff';
  else if (media === 'application/json' || media === 'text/json' || /^application\/[a-z0-9.+-]+\+json$/.test(media)) kind = 'json';
  else if (media === 'application/xml' || media === 'text/xml' || /^application\/[a-z0-9.+-]+\+xml$/.test(media)) kind = 'xml';
  return kind ? { kind, encoding } : null;
}

// ---------------------------------------------------------------------------------------------
// Parsing

/** Parses a body. `kind` from classifyContentType. Throws StreamParseError (-> 400). */
export function parseDocument(text: string, kind: BodyKind): ParsedStreamDocument {
  let start = 0;
  while (start < text.length && text.charCodeAt(start) <= 32) start++;
  if (start === text.length) throw new StreamParseError('empty body');
  let format: StreamFormat;
  if (kind === 'sniff') {
    const c = text.charCodeAt(start);
    if (c === 60 /* < */) format = 'xml';
    else if (c === 123 /* { */) format = 'json';
    else throw new StreamParseError('neither XML nor JSON');
  } else format = kind;
  return format === 'json' ? parseJsonText(text) : parseXmlText(text);
}

function parseJsonText(text: string): ParsedStreamDocument {
  checkShape(jsonTextShape(text), 'JSON');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new StreamParseError('JSON does not parse');
  }
  return fromJsonValue(doc);
}

/** A JSON body that something else (Node-RED's admin body parser) already parsed. */
export function fromJsonValue(doc: unknown): ParsedStreamDocument {
  if (!isObject(doc)) throw new StreamParseError('JSON body is not an object');
  checkShape(valueShape(doc), 'JSON');
  return { format: 'json', fields: doc, source: doc };
}

function parseXmlText(text: string): ParsedStreamDocument {
  if (DOCTYPE.test(text)) throw new StreamParseError('XML with a DOCTYPE');
  checkShape(xmlTextShape(text), 'XML');
  const doc: unknown = plainXml(text) ?? libraryXml(text);
  if (!isObject(doc)) throw new StreamParseError('XML without a root element');
  const keys = Object.keys(doc);
  if (keys.length !== 1) throw new StreamParseError('XML without a single root element');
  const root = keys[0];
  const content = doc[root];
  return { format: 'xml', root, fields: isObject(content) ? content : {}, source: doc };
}

// ---------------------------------------------------------------------------------------------
// Values

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A number from a number or a decimal string (`"-95.000000"` -> -95); hex and blanks are not numbers. */
export function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v !== 'string') return undefined;
  const s = v.trim();
  if (!s || !DECIMAL.test(s)) return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

function toText(v: unknown): string | undefined {
  if (typeof v === 'string') {
    const s = v.trim();
    return s ? s : undefined;
  }
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

const HEX = /^[0-9a-fA-F]+$/;

function toHex(v: unknown): string | undefined {
  const s = toText(v);
  return s && HEX.test(s) ? s : undefined;
}

/** A DevEUI: hex digits (separators `-` `:` dropped), upper case. */
function toDevEui(v: unknown): string | undefined {
  const s = toText(v);
  if (!s) return undefined;
  const hex = s.replace(/[-:]/g, '');
  return HEX.test(hex) ? hex.toUpperCase() : undefined;
}

/** Sets an own, enumerable property even for `__proto__` (plain data, never a prototype). */
function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** The object's own keys folded to lower case (the vendor's casing varies: `Fcntup`, `FCntUp`). */
function fold(o: Record<string, unknown>): Map<string, unknown> {
  const m = new Map<string, unknown>();
  const keys = Object.keys(o);
  for (let i = 0; i < keys.length; i++) {
    const lk = keys[i].toLowerCase();
    if (!m.has(lk)) m.set(lk, o[keys[i]]);
  }
  return m;
}

// ---------------------------------------------------------------------------------------------
// Timestamps (the zone arithmetic is core/timezone.ts)

const MAX_EPOCH_MS = 8.64e15;

function fromEpochNumber(n: number): number | undefined {
  if (!Number.isFinite(n) || n < 0) return undefined;
  // 10-digit stamps are seconds, 13-digit ones milliseconds (1e11 ms is in 1973)
  const ms = n < 1e11 ? n * 1000 : n;
  return ms <= MAX_EPOCH_MS ? Math.round(ms) : undefined;
}

const DMY = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

function fraction(s: string | undefined): number {
  return s ? Math.floor(Number((s + '00').slice(0, 3))) : 0;
}

/**
 * A stream timestamp -> epoch ms: epoch ms or s (number or digits), ISO-8601 with `Z` or an
 * offset (`2019-03-22T11:14:30.426+01:00`), or a wall-clock stamp without offset
 * (`19/09/2019 12:23:48`, `2019-09-19 12:23:48.123`) read in `zone`. Anything else: undefined.
 */
export function parseTimestamp(v: unknown, zone = 'UTC'): number | undefined {
  if (typeof v === 'number') return fromEpochNumber(v);
  if (typeof v !== 'string') return undefined;
  const s = v.trim();
  if (!s) return undefined;
  const c = s.charCodeAt(0);
  if (c >= 48 && c <= 57 && /^\d+(\.\d+)?$/.test(s)) return fromEpochNumber(Number(s));
  let m = DMY.exec(s);
  if (m) return zonedEpoch(+m[3], +m[2], +m[1], m[4] ? +m[4] : 0, m[5] ? +m[5] : 0, m[6] ? +m[6] : 0, fraction(m[7]), zone);
  m = ISO.exec(s);
  if (!m) return undefined;
  const [y, mo, d, h, mi, se, ms] = [+m[1], +m[2], +m[3], m[4] ? +m[4] : 0, m[5] ? +m[5] : 0, m[6] ? +m[6] : 0, fraction(m[7])];
  const tz = m[8];
  if (!tz) return zonedEpoch(y, mo, d, h, mi, se, ms, zone);
  const local = zonedEpoch(y, mo, d, h, mi, se, ms, 'UTC');
  if (local === undefined) return undefined;
  if (tz === 'Z' || tz === 'z') return local;
  const sign = tz[0] === '-' ? -1 : 1;
  const digits = tz.slice(1).replace(':', '');
  const offH = Number(digits.slice(0, 2));
  const offM = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
  if (offH > 14 || offM > 59) return undefined;
  return local - sign * (offH * 60 + offM) * 60000;
}

// ---------------------------------------------------------------------------------------------
// Normalization

const ROOT_TYPES: Record<string, StreamType> = {
  deveui_uplink: 'uplink',
  deveui_location: 'location',
  deveui_downlink_sent: 'downlinkSent',
};

function gatewaysOf(lrrs: unknown): StreamGateway[] | undefined {
  let list: unknown = lrrs;
  if (isObject(lrrs)) list = fold(lrrs).get('lrr');
  const items: unknown[] = Array.isArray(list) ? list : isObject(list) ? [list] : [];
  const out: StreamGateway[] = [];
  for (const item of items) {
    if (!isObject(item)) continue;
    const f = fold(item);
    const g: StreamGateway = {};
    const id = toText(f.get('lrrid'));
    const rssi = toNumber(f.get('lrrrssi'));
    const snr = toNumber(f.get('lrrsnr'));
    const esp = toNumber(f.get('lrresp'));
    if (id !== undefined) g.id = id;
    if (rssi !== undefined) g.rssi = rssi;
    if (snr !== undefined) g.snr = snr;
    if (esp !== undefined) g.esp = esp;
    if (id !== undefined || rssi !== undefined) out.push(g);
  }
  return out.length ? out : undefined;
}

/** The gateway with the best estimated signal power (ESP), else the best RSSI. */
function bestGateway(gws: StreamGateway[]): StreamGateway {
  let best = gws[0];
  for (const g of gws) {
    const a = g.esp ?? g.rssi ?? -Infinity;
    const b = best.esp ?? best.rssi ?? -Infinity;
    if (a > b) best = g;
  }
  return best;
}

function locationOf(lat: unknown, lon: unknown): StreamLocation | undefined {
  const latitude = toNumber(lat);
  const longitude = toNumber(lon);
  if (latitude === undefined || longitude === undefined) return undefined;
  if (latitude < -90 || latitude > 90 || longitude < -180 || longitude > 180) return undefined;
  return { latitude, longitude };
}

/**
 * CustomerData is parsed only while it holds at most this many values: with `split` each part
 * carries its own copy (up to maxParts copies), so it must stay small; larger stays its text.
 */
const CUSTOMER_DATA_MAX_VALUES = 100;

function customerDataOf(v: unknown): unknown {
  if (typeof v === 'string') {
    const s = v.trim();
    if (!s) return undefined;
    const c = s.charCodeAt(0);
    if (c === 123 || c === 91) {
      // Past the body's own limits: kept as the text (the msg must stay safe and cheap to clone)
      if (jsonTextShape(s, undefined, CUSTOMER_DATA_MAX_VALUES) !== 'ok') return s;
      try {
        return JSON.parse(s) as unknown;
      } catch {
        return s;
      }
    }
    return s;
  }
  return v === null || v === undefined || v === '' ? undefined : v;
}

function containerValue(v: unknown): ContainerValue | undefined {
  if (typeof v === 'boolean') return v;
  const n = toNumber(v);
  if (n !== undefined) return n;
  return toText(v);
}

/** Adds one container (`containerFriendlyName` or `container` -> `value`, `postfix`) to values/units. */
function addContainer(f: Map<string, unknown>, values: Record<string, ContainerValue>, units: Record<string, string>): boolean {
  const key = toText(f.get('containerfriendlyname')) ?? toText(f.get('container'));
  if (key === undefined) return false;
  const value = containerValue(f.get('value'));
  if (value === undefined) return false;
  setOwn(values, key, value);
  const unit = toText(f.get('postfix'));
  if (unit !== undefined) setOwn(units, key, unit);
  return true;
}

function containerList(v: unknown): unknown[] | undefined {
  if (Array.isArray(v)) return v;
  // XML form: <containers><container>..</container>...</containers>
  if (isObject(v)) {
    const inner = Object.keys(v).map((k) => v[k]);
    if (inner.length === 1) return Array.isArray(inner[0]) ? inner[0] : [inner[0]];
  }
  return undefined;
}

/**
 * The normalized msg.payload of a parsed stream document (SPEC 5.6). Keys are read in any
 * casing; fields the source lacks (or leaves empty) are absent.
 */
export function normalize(doc: ParsedStreamDocument, opts: NormalizeOptions = {}): NormalizedUplink {
  const zone = opts.timezone || 'UTC';
  const f = fold(doc.fields);
  const rootType = doc.root !== undefined ? ROOT_TYPES[doc.root.toLowerCase()] : undefined;
  const out: NormalizedUplink = { type: rootType ?? 'custom', raw: doc.source };

  const devEUI = toDevEui(f.get('deveui')) ?? toDevEui(f.get('thingidentifier'));
  if (devEUI !== undefined) out.devEUI = devEUI;

  const timestamp = parseTimestamp(f.get('time'), zone) ?? parseTimestamp(f.get('timestamp'), zone);
  if (timestamp !== undefined) {
    out.time = new Date(timestamp).toISOString();
    out.timestamp = timestamp;
  }

  const fPort = toNumber(f.get('fport'));
  if (fPort !== undefined) out.fPort = fPort;
  const fCntUp = toNumber(f.get('fcntup'));
  if (fCntUp !== undefined) out.fCntUp = fCntUp;
  const fCntDn = toNumber(f.get('fcntdn'));
  if (fCntDn !== undefined) out.fCntDn = fCntDn;
  const payloadHex = toHex(f.get('payload_hex')) ?? toHex(f.get('payload'));
  if (payloadHex !== undefined) out.payloadHex = payloadHex;
  const devAddr = toText(f.get('devaddr'));
  if (devAddr !== undefined) out.devAddr = devAddr;

  const gateways = gatewaysOf(f.get('lrrs'));
  let rssi = toNumber(f.get('lrrrssi'));
  let snr = toNumber(f.get('lrrsnr'));
  if (gateways) {
    out.gateways = gateways;
    if (rssi === undefined && snr === undefined) {
      const best = bestGateway(gateways);
      rssi = best.rssi;
      snr = best.snr;
    }
  }
  if (rssi !== undefined) out.rssi = rssi;
  if (snr !== undefined) out.snr = snr;
  const sf = toNumber(f.get('spfact'));
  if (sf !== undefined) out.sf = sf;

  const customerData = customerDataOf(f.get('customerdata'));
  if (customerData !== undefined) out.customerData = customerData;

  const cdLoc = isObject(customerData) && isObject(customerData.loc) ? customerData.loc : undefined;
  const location =
    locationOf(f.get('latitude'), f.get('longitude')) ??
    locationOf(f.get('devlat'), f.get('devlon')) ??
    (cdLoc ? locationOf(cdLoc.lat, cdLoc.lon) : undefined);
  if (location) out.location = location;

  const values: Record<string, ContainerValue> = {};
  const units: Record<string, string> = {};
  let containers = 0;
  const list = containerList(f.get('containers'));
  if (list) {
    for (const c of list) if (isObject(c) && addContainer(fold(c), values, units)) containers++;
  } else if (addContainer(f, values, units)) containers++;
  if (containers) {
    out.values = values;
    if (Object.keys(units).length) out.units = units;
  }

  const thingName = toText(f.get('thingname'));
  if (thingName !== undefined) out.thingName = thingName;
  const companyName = toText(f.get('companyname'));
  if (companyName !== undefined) out.companyName = companyName;

  if (!rootType) {
    // A decoded stream names the thing and its container(s); a LOCATION stream the thing and a position
    const hasContainer = list !== undefined || f.has('container') || f.has('containerfriendlyname');
    if (devEUI !== undefined && hasContainer) out.type = 'decoded';
    else if (devEUI !== undefined && location && f.has('latitude')) out.type = 'location';
  }
  return out;
}

/** How many msgs `splitByContainer` makes of `n` (without making them). */
export function partCount(n: NormalizedUplink): number {
  if (n.type !== 'decoded' || !n.values) return 1;
  let count = 0;
  for (const k in n.values) if (Object.prototype.hasOwnProperty.call(n.values, k)) count++;
  return count < 2 ? 1 : count;
}

/**
 * One payload per container of an aggregated decoded message (`split`); anything else as is.
 * Each part keeps the common fields; `raw` (the source document) is on the FIRST part only, so a
 * request never costs one copy of its document per container (SPEC 3.8).
 */
export function splitByContainer(n: NormalizedUplink): NormalizedUplink[] {
  if (n.type !== 'decoded' || !n.values) return [n];
  const keys = Object.keys(n.values);
  if (keys.length < 2) return [n];
  return keys.map((k, i) => {
    const part: NormalizedUplink = { ...n };
    if (i > 0) delete part.raw;
    const values: Record<string, ContainerValue> = {};
    setOwn(values, k, n.values![k]);
    part.values = values;
    if (n.units && Object.prototype.hasOwnProperty.call(n.units, k)) {
      const units: Record<string, string> = {};
      setOwn(units, k, n.units[k]);
      part.units = units;
    } else delete part.units;
    if (i > 0) {
      if (n.gateways) part.gateways = n.gateways.map((g) => ({ ...g }));
      if (n.location) part.location = { ...n.location };
      if (n.customerData !== undefined && typeof n.customerData === 'object') part.customerData = JSON.parse(JSON.stringify(n.customerData)) as unknown;
    }
    return part;
  });
}
