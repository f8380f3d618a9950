// Parsing and normalization of the MyThings stream (seed 001 "Stream Definitions", SPEC 5.6).
// Pure and synchronous: no Node-RED import, no I/O. This is the hot path of most flows, so it
// avoids work it does not need (one case-folded key map per object, cached zone offsets).
//
// Safety: XML is parsed by fast-xml-parser with entity processing off and any DOCTYPE refused
// (no billion laughs, no external entities); only the five predefined XML entities and numeric
// character references are decoded, which can never grow the text. Objects are built so that
// `__proto__` / `constructor` keys stay plain data (JSON.parse makes own properties; the maps we
// build use defineProperty for such keys; fast-xml-parser refuses those element names).
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { jsonTextShape, valueShape, xmlTextShape, type ShapeVerdict } from '../core/depth';
import type {
  ContainerValue,
  NormalizeOptions,
  NormalizedUplink,
  ParsedStreamDocument,
  StreamFormat,
  StreamGateway,
  StreamLocation,
  StreamType,
} from './stream-types';

export * from './stream-types';

/** A body that is not a stream document (answered 400). The message never quotes the body. */
export class StreamParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StreamParseError';
  }
}

/** A body that holds more values than one request may cost (SPEC 3.8; answered 413). */
export class StreamTooLargeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StreamTooLargeError';
  }
}

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

const XML_ENTITY = /&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|lt|gt|amp|quot|apos);/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decodes the predefined XML entities and character references; anything else stays as written. */
export function decodeXmlText(s: string): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(XML_ENTITY, (whole, ref: string) => {
    if (ref.charCodeAt(0) !== 35 /* # */) return NAMED[ref];
    const cp = ref.charCodeAt(1) === 120 /* x */ ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    if (!(cp > 0 && cp <= 0x10ffff) || (cp >= 0xd800 && cp <= 0xdfff)) return whole;
    return String.fromCodePoint(cp);
  });
}

const xmlParser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  trimValues: true,
  jPath: false,
  maxNestedTags: 32,
  tagValueProcessor: (_name: string, value: string) => decodeXmlText(value),
});

const DOCTYPE = /<!(DOCTYPE|ENTITY)/i;

// The fast path for plain documents. Network-stream documents are flat, attribute-free (but for
// xmlns) element trees with short text values; fast-xml-parser plus its validator spend ~0.2 ms on
// one, most of the cost of an uplink. `plainXml` reads exactly that subset, strictly (matched and
// nested tags, one root, nothing after it), into the same object fast-xml-parser builds with our
// options, and returns undefined for ANYTHING else (comments, CDATA, processing instructions,
// DOCTYPE, entity or character references, mixed content, \r in a value, names outside
// [A-Za-z_][\w.-]* with one optional prefix, names that exist on Object.prototype, depth > 32), so
// that such a document goes to fast-xml-parser and its validator, which decide. The unit tests
// check that both give the same object for every document the fast path takes.
const MAX_DEPTH = 32;

function isNameStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}
function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57) || c === 45 || c === 46;
}
function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13;
}

class PlainXmlReader {
  i = 0;
  constructor(readonly s: string) {}

  skipSpace(): void {
    const s = this.s;
    while (this.i < s.length && isSpace(s.charCodeAt(this.i))) this.i++;
  }

  /** A (possibly prefixed) name at i; returns [full name, local name] or undefined. */
  name(): [string, string] | undefined {
    const s = this.s;
    const start = this.i;
    if (!isNameStart(s.charCodeAt(this.i))) return undefined;
    this.i++;
    while (isNameChar(s.charCodeAt(this.i))) this.i++;
    let local = start;
    if (s.charCodeAt(this.i) === 58 /* : */) {
      this.i++;
      local = this.i;
      if (!isNameStart(s.charCodeAt(this.i))) return undefined;
      this.i++;
      while (isNameChar(s.charCodeAt(this.i))) this.i++;
    }
    return [s.slice(start, this.i), s.slice(local, this.i)];
  }

  /** An element at `<`: [local name, value]; value '' (empty), text, or an object of children. */
  element(depth: number): [string, unknown] | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const s = this.s;
    this.i++; // <
    const names = this.name();
    if (!names) return undefined;
    const [full, local] = names;
    if (local in Object.prototype || local === 'prototype') return undefined;
    // attributes (ignored, as fast-xml-parser is configured): name="value" / name='value'
    for (;;) {
      const before = this.i;
      this.skipSpace();
      const c = s.charCodeAt(this.i);
      if (c === 62 /* > */) {
        this.i++;
        break;
      }
      if (c === 47 /* / */) {
        if (s.charCodeAt(this.i + 1) !== 62) return undefined;
        this.i += 2;
        return [local, ''];
      }
      if (this.i === before || !this.name()) return undefined;
      this.skipSpace();
      if (s.charCodeAt(this.i) !== 61 /* = */) return undefined;
      this.i++;
      this.skipSpace();
      const q = s.charCodeAt(this.i);
      if (q !== 34 && q !== 39) return undefined;
      const end = s.indexOf(q === 34 ? '"' : "'", this.i + 1);
      if (end < 0) return undefined;
      const value = s.slice(this.i + 1, end);
      if (value.indexOf('<') >= 0 || value.indexOf('&') >= 0) return undefined;
      this.i = end + 1;
    }
    let children: Record<string, unknown> | undefined;
    let text: string | undefined;
    for (;;) {
      const lt = s.indexOf('<', this.i);
      if (lt < 0) return undefined;
      if (lt > this.i) {
        const segment = s.slice(this.i, lt);
        if (segment.trim() !== '') {
          if (text !== undefined || children || segment.indexOf('&') >= 0 || segment.indexOf('\r') >= 0 || segment.indexOf('>') >= 0) return undefined;
          text = segment;
        }
      }
      this.i = lt;
      const next = s.charCodeAt(lt + 1);
      if (next === 47 /* / */) {
        this.i = lt + 2;
        const closing = this.name();
        if (!closing || closing[0] !== full) return undefined;
        this.skipSpace();
        if (s.charCodeAt(this.i) !== 62) return undefined;
        this.i++;
        if (children) return [local, children];
        return [local, text === undefined ? '' : text.trim()];
      }
      if (!isNameStart(next) || text !== undefined) return undefined; // <! <? or mixed content
      const child = this.element(depth + 1);
      if (!child) return undefined;
      const [k, v] = child;
      if (!children) children = {};
      if (!Object.prototype.hasOwnProperty.call(children, k)) children[k] = v;
      else {
        const existing = children[k];
        if (Array.isArray(existing)) existing.push(v);
        else children[k] = [existing, v];
      }
    }
  }
}

/** A plain document as fast-xml-parser would build it, or undefined (then fast-xml-parser decides). */
export function plainXml(text: string): Record<string, unknown> | undefined {
  const r = new PlainXmlReader(text);
  r.skipSpace();
  if (text.startsWith('<?xml', r.i) && isSpace(text.charCodeAt(r.i + 5))) {
    const end = text.indexOf('?>', r.i);
    if (end < 0) return undefined;
    const decl = text.slice(r.i, end);
    if (decl.indexOf('<', 1) >= 0) return undefined;
    r.i = end + 2;
    r.skipSpace();
  }
  if (text.charCodeAt(r.i) !== 60) return undefined;
  const root = r.element(0);
  if (!root) return undefined;
  r.skipSpace();
  if (r.i !== text.length) return undefined;
  const doc: Record<string, unknown> = {};
  doc[root[0]] = root[1];
  return doc;
}

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

/** fast-xml-parser with its validator (every document the fast path does not take). */
export function libraryXml(text: string): unknown {
  if (DOCTYPE.test(text)) throw new StreamParseError('XML with a DOCTYPE');
  if (XMLValidator.validate(text) !== true) throw new StreamParseError('XML is not well-formed');
  try {
    return xmlParser.parse(text) as unknown;
  } catch {
    throw new StreamParseError('XML does not parse');
  }
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
// Time

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

/** True for `UTC` and any IANA zone this Node.js knows. */
export function isValidTimeZone(zone: unknown): boolean {
  return typeof zone === 'string' && zone.trim() !== '' && zoneFormat(zone.trim()) !== null;
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
function zonedEpoch(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number, zone: string): number | undefined {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return undefined;
  const local = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  const check = new Date(local);
  if (check.getUTCDate() !== d || check.getUTCMonth() !== mo - 1) return undefined; // 31/02
  let utc = local - zoneOffset(zone, local);
  const second = zoneOffset(zone, utc);
  if (second !== local - utc) utc = local - second;
  return utc;
}

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
