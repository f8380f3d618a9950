import type { Node, NodeAPI, NodeDef, NodeMessage, NodeMessageInFlow } from 'node-red';
import { FleetError, isFleetError } from './errors';
import { invalidInput } from './errors';
import { Text, Translate, render, text } from './i18n';

/** A msg as the action nodes read it: any user properties, plus the ones the contract names. */
export interface FleetMsg extends NodeMessageInFlow {
  payload?: unknown;
  operation?: unknown;
  statusCode?: number;
  parts?: { id: string; index: number; count: number; [k: string]: unknown };
  [key: string]: unknown;
}

export interface InputContext {
  send(msg: NodeMessage | Array<NodeMessage | NodeMessage[] | null>): void;
  /** Blue-dot progress, a catalog text, e.g. `text('common.status.page', { page: 3, count: 12 })` ("page 3/12"). */
  progress(text: Text): void;
}

/** What a handler returns: the short green-dot text, as a catalog key + substitutions (src/core/i18n.ts). */
export interface InputResult {
  status?: Text;
}

export type InputHandler = (msg: FleetMsg, ctx: InputContext) => Promise<InputResult | void>;

/** Any thrown value as a FleetError; unexpected exceptions keep their message but no stack or object. */
export function toFleetError(e: unknown): FleetError {
  if (isFleetError(e)) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new FleetError('REJECTED', `Unexpected error: ${message}`);
}

/**
 * The input glue of every action node (core 21-httprequest pattern): blue dot while working,
 * green dot with a short result, red ring with the code on failure, `done` exactly once and
 * `done(err)` as the only error report (so one Catch node fires once). Status cleared on close.
 * Every status text comes from the catalogs through `t` (translator(RED, type)); the red ring
 * shows the error code itself (an identifier, not translated).
 */
export function handleInput(node: Node, handler: InputHandler, t: Translate): void {
  let active = 0;
  // A handler that outlives its node (an M2M wait ended by a redeploy) must not paint the status
  // of the node that replaced it (same id).
  let closed = false;
  const status = (s: { fill?: 'blue' | 'green' | 'red'; shape?: 'dot' | 'ring'; text?: string }): void => {
    if (!closed) node.status(s);
  };
  node.on('input', (raw: NodeMessageInFlow, send: (m: NodeMessage | Array<NodeMessage | NodeMessage[] | null>) => void, done: (err?: Error) => void) => {
    const msg = raw as FleetMsg;
    let finished = false;
    const finish = (err?: FleetError): void => {
      if (finished) return;
      finished = true;
      active--;
      if (err) done(err);
      else done();
    };
    active++;
    status({ fill: 'blue', shape: 'dot', text: t('common.status.requesting') });
    const ctx: InputContext = {
      send: (m) => send(m),
      progress: (p) => status({ fill: 'blue', shape: 'dot', text: render(t, p) }),
    };
    let running: Promise<InputResult | void>;
    try {
      running = handler(msg, ctx);
    } catch (e) {
      running = Promise.reject(e);
    }
    running.then(
      (result) => {
        status({ fill: 'green', shape: 'dot', text: render(t, (result && result.status) || text('common.status.ok')) });
        finish();
      },
      (e: unknown) => {
        const err = toFleetError(e);
        if (err.statusCode !== undefined) msg.statusCode = err.statusCode;
        status({ fill: 'red', shape: 'ring', text: err.code });
        finish(err);
      },
    );
  });
  node.on('close', () => {
    active = 0;
    node.status({});
    closed = true;
  });
}

/** The deployed config node for `id`, or NOT_CONFIGURED. */
export function requireAccount<T>(RED: NodeAPI, id: string | undefined, label: string): T {
  const account = id ? (RED.nodes.getNode(id) as unknown as T | null) : null;
  if (!account) throw new FleetError('NOT_CONFIGURED', `No ${label} is configured for this node (or it is not deployed).`);
  return account;
}

/** `msg.operation` when present, else the node's property; one of `allowed`. */
export function pickOperation<T extends string>(msg: FleetMsg, configured: string | undefined, allowed: readonly T[]): T {
  const op = msg.operation !== undefined && msg.operation !== null && msg.operation !== '' ? msg.operation : configured;
  if (typeof op !== 'string' || !(allowed as readonly string[]).includes(op)) {
    throw invalidInput(`operation must be one of ${allowed.join(', ')} (got ${JSON.stringify(op ?? null)}).`);
  }
  return op as T;
}

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

export interface CredentialSpec {
  [key: string]: { type: 'text' | 'password' };
}

/**
 * RED.nodes.registerType with the node's own `this` type. The typings of @types/node-red want
 * the constructor typed by them; this one cast keeps every node file free of casts.
 */
export function registerType<N, C extends NodeDef>(
  RED: NodeAPI,
  type: string,
  ctor: (this: N, config: C) => void,
  opts?: { credentials?: CredentialSpec; settings?: Record<string, unknown> },
): void {
  (RED.nodes.registerType as unknown as (t: string, c: unknown, o?: unknown) => void)(type, ctor, opts);
}
