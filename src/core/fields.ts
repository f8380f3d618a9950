import { FleetError, invalidInput } from './errors';

/**
 * Pure field helpers: the input rule of every node and the node properties as defaults. No
 * Node-RED import: the vendor clients (api.ts) and validators use them too.
 */

export type Fields = Record<string, unknown>;

/*
 * The input rule, one for every node (SPEC 3.2; README "How msg.payload is read"; the same text
 * in every help, locales/<lang>/input-rule.html):
 *   - an object: its keys are the request fields; a node property fills a field the object lacks
 *     (missing, null or ""); a field in the object wins;
 *   - a string: the identifier, where the operation takes one (`idKey`), else INVALID_INPUT;
 *   - nothing, "", a number, a boolean or a Date (an inject node's timestamp): no payload, the
 *     node's own properties are used. A number is never read as an identifier;
 *   - an array: bulk items (each an object or an identifier string) or a list the node names.
 */

/** A msg.payload that carries no request fields: nothing, "", a number, a boolean, a Date (an inject's timestamp). */
export function isNoPayload(payload: unknown): boolean {
  return (
    payload === undefined ||
    payload === null ||
    payload === '' ||
    typeof payload === 'number' ||
    typeof payload === 'boolean' ||
    typeof payload === 'bigint' ||
    payload instanceof Date
  );
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (Buffer.isBuffer(v)) return 'a Buffer';
  if (v === '') return 'an empty string';
  return `a ${typeof v}`;
}

function mustBe(idKey: string | undefined, what: string, got: unknown): FleetError {
  const want = idKey ? `an object with the request fields or the ${idKey} as a string` : 'an object with the request fields';
  return invalidInput(`${what} must be ${want} (got ${kindOf(got)}).`);
}

/**
 * The request fields of msg.payload under the input rule, before the node's defaults: no payload
 * (an inject's timestamp included) -> `{}`; an object's own keys (a copy); `{[idKey]: string}` for
 * a string when the operation takes one identifier. Anything else is INVALID_INPUT.
 */
export function itemFields(item: unknown, idKey?: string, what = 'msg.payload'): Fields {
  if (isNoPayload(item)) return {};
  if (typeof item === 'string') {
    if (idKey) return { [idKey]: item };
    throw mustBe(idKey, what, item);
  }
  if (item && typeof item === 'object' && !Array.isArray(item) && !Buffer.isBuffer(item) && !(item instanceof Date)) return { ...(item as Fields) };
  throw mustBe(idKey, what, item);
}

/** The node properties that an operation uses, as defaults (others never leak in). */
export function defaultsFor(config: Record<string, unknown>, fields: readonly string[] | undefined): Fields {
  const out: Fields = {};
  for (const k of fields ?? []) out[k] = config[k];
  return out;
}

/** Node properties are defaults: a field present in the msg wins; empty properties are ignored. */
export function withDefaults(defaults: Fields, fields: Fields): Fields {
  const out: Fields = { ...fields };
  for (const [k, v] of Object.entries(defaults)) {
    if (v === undefined || v === null || v === '') continue;
    if (out[k] === undefined || out[k] === null || out[k] === '') out[k] = v;
  }
  return out;
}

/**
 * The input rule for msg.payload (see above): the request fields of `payload` over the node's
 * `defaults`. `idKey` names the field a bare string stands for, when the operation takes one.
 */
export function payloadFields(payload: unknown, defaults: Fields, idKey?: string): Fields {
  return withDefaults(defaults, itemFields(payload, idKey));
}

/**
 * One item of a bulk array (SPEC 3.2): an object or an identifier string over the node's
 * defaults. A number, boolean, null or "" item is INVALID_INPUT for that item: an array never comes
 * from an inject, and such an item must not silently become the node's own values.
 */
export function bulkItemFields(item: unknown, defaults: Fields, idKey?: string): Fields {
  const what = 'each item of msg.payload';
  if (isNoPayload(item)) throw mustBe(idKey, what, item);
  return withDefaults(defaults, itemFields(item, idKey, what));
}

/** A number property from the editor (strings there), with a default. */
export function numberProp(value: unknown, fallback: number): number {
  if (value === undefined || value === null || value === '') return fallback;
  const n = Number(value);
  return Number.isFinite(n) ? n : fallback;
}

