// The XML reader of the MyThings stream (seed 001, SPEC 5.6): a strict fast path for the plain
// documents of the network streams, and fast-xml-parser with its validator for everything else.
//
// Safety: XML is parsed by fast-xml-parser with entity processing off and any DOCTYPE refused
// (no billion laughs, no external entities); only the five predefined XML entities and numeric
// character references are decoded, which can never grow the text. fast-xml-parser refuses
// `__proto__` / `constructor` element names; the fast path refuses every name on Object.prototype.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { StreamParseError } from './stream-types';

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

/** A DOCTYPE or ENTITY declaration: refused before any parser sees the text. */
export const DOCTYPE = /<!(DOCTYPE|ENTITY)/i;

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

