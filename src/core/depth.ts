// Nesting limits for what the HTTP endpoints accept (SPEC 3.8). Pure, iterative (no recursion, so
// a 100,000-level document cannot exhaust the stack here), and run BEFORE anything is built from
// the text: a document that passes is safe for Node-RED's recursive msg cloning.

/** The deepest nesting an endpoint accepts (objects/arrays in JSON, elements in XML; the root is 1). */
export const MAX_DEPTH = 32;

/**
 * True when the JSON text nests objects/arrays at most `max` deep. Brackets inside strings do not
 * count; the text need not be valid JSON (the parser decides that afterwards).
 */
export function jsonTextDepthOk(text: string, max = MAX_DEPTH): boolean {
  return jsonTextShape(text, max, Infinity) !== 'deep';
}

/**
 * True when the XML text nests elements at most `max` deep. Comments, CDATA, processing
 * instructions and declarations are skipped; quoted attribute values may contain `>`. Like
 * `jsonTextDepthOk` it judges only depth: well-formedness is the parser's job.
 */
export function xmlTextDepthOk(text: string, max = MAX_DEPTH): boolean {
  let depth = 0;
  let i = text.indexOf('<');
  while (i >= 0 && i < text.length) {
    const next = text.charCodeAt(i + 1);
    if (next === 33 /* ! */) {
      let close: string;
      let from: number;
      if (text.startsWith('<!--', i)) [close, from] = ['-->', i + 4];
      else if (text.startsWith('<![CDATA[', i)) [close, from] = [']]>', i + 9];
      else [close, from] = ['>', i + 2];
      const at = text.indexOf(close, from);
      if (at < 0) return true; // unterminated: the parser refuses it
      i = text.indexOf('<', at + close.length);
      continue;
    }
    if (next === 63 /* ? */) {
      const end = text.indexOf('?>', i + 2);
      if (end < 0) return true;
      i = text.indexOf('<', end + 2);
      continue;
    }
    if (next === 47 /* / */) {
      if (depth > 0) depth--;
      const end = text.indexOf('>', i + 2);
      if (end < 0) return true;
      i = text.indexOf('<', end + 1);
      continue;
    }
    // a start tag: find its end outside quoted attribute values
    let j = i + 1;
    let quote = 0;
    for (; j < text.length; j++) {
      const c = text.charCodeAt(j);
      if (quote) {
        if (c === quote) quote = 0;
      } else if (c === 34 || c === 39) quote = c;
      else if (c === 62 /* > */) break;
      else if (c === 60 /* < */) break; // malformed; count it and go on
    }
    const selfClosing = j < text.length && text.charCodeAt(j) === 62 && text.charCodeAt(j - 1) === 47;
    if (!selfClosing && ++depth > max) return false;
    i = text.indexOf('<', text.charCodeAt(j) === 60 ? j : j + 1);
  }
  return true;
}

/**
 * True when a value (e.g. a body a body parser already built) nests objects/arrays at most `max`
 * deep. Iterative; stops at the first container past the limit.
 */
export function valueDepthOk(value: unknown, max = MAX_DEPTH): boolean {
  return valueShape(value, max, Infinity) !== 'deep';
}

/** The most values (object members + array elements, or XML elements) one document may hold (SPEC 3.8: the work of one request is bounded). */
export const MAX_VALUES = 10_000;

export type ShapeVerdict = 'ok' | 'deep' | 'large';

/**
 * Depth and size of a JSON text in one pass: 'deep' past `maxDepth`, 'large' past `maxValues`
 * (counted as separators `:` and `,` outside strings, two per value), else 'ok'.
 */
export function jsonTextShape(text: string, maxDepth = MAX_DEPTH, maxValues = MAX_VALUES): ShapeVerdict {
  let depth = 0;
  let separators = 0;
  const limit = 2 * maxValues;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      for (i++; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d === 92 /* \ */) i++;
        else if (d === 34) break;
      }
    } else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > maxDepth) return 'deep';
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      if (depth > 0) depth--;
    } else if (c === 44 /* , */ || c === 58 /* : */) {
      if (++separators > limit) return 'large';
    }
  }
  return 'ok';
}

/** Depth and element count of an XML text: 'deep', 'large' (more than `maxValues` elements) or 'ok'. */
export function xmlTextShape(text: string, maxDepth = MAX_DEPTH, maxValues = MAX_VALUES): ShapeVerdict {
  if (!xmlTextDepthOk(text, maxDepth)) return 'deep';
  let elements = 0;
  for (let i = text.indexOf('<'); i >= 0; i = text.indexOf('<', i + 1)) {
    const c = text.charCodeAt(i + 1);
    if (c !== 47 && c !== 33 && c !== 63 && ++elements > maxValues) return 'large';
  }
  return 'ok';
}

/** Depth and size of a parsed value (iterative): 'deep', 'large' (more than `maxValues` members/elements) or 'ok'. */
export function valueShape(value: unknown, maxDepth = MAX_DEPTH, maxValues = MAX_VALUES): ShapeVerdict {
  if (typeof value !== 'object' || value === null || ArrayBuffer.isView(value)) return 'ok';
  const stack: Array<[object, number]> = [[value, 1]];
  let count = 0;
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (d > maxDepth) return 'deep';
    const items: unknown[] = Array.isArray(v) ? v : [];
    if (!Array.isArray(v)) for (const k in v) if (Object.prototype.hasOwnProperty.call(v, k)) items.push((v as Record<string, unknown>)[k]);
    count += items.length;
    if (count > maxValues) return 'large';
    for (const x of items) if (typeof x === 'object' && x !== null && !ArrayBuffer.isView(x)) stack.push([x, d + 1]);
  }
  return 'ok';
}
