import type { Node, NodeAPI, NodeDef, NodeMessage, NodeMessageInFlow } from 'node-red';
import { FleetError, invalidInput, toFleetError } from './errors';
import { Text, Translate, render, text } from './i18n';

// The pure field helpers (the input rule) and toFleetError live in fields.ts / errors.ts, which
// the vendor clients import without this Node-RED glue; re-exported for the callers of before.
export type { Fields } from './fields';
export { bulkItemFields, defaultsFor, isNoPayload, itemFields, numberProp, payloadFields, withDefaults } from './fields';
export { toFleetError };

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
