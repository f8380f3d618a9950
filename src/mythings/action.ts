import type { Node, NodeAPI, NodeDef } from 'node-red';
import { Text, text, translator } from '../core/i18n';
import { FleetMsg, InputContext, InputResult, handleInput, pickOperation, registerType, requireAccount } from '../core/node';
import { Fields, defaultsFor, payloadFields } from '../core/fields';
import type { EncoAccountNode } from '../enco/auth';
import type { MyThingsApi } from './api';
import type { ApiRequest, Page } from './types';

/** Glue shared by the four MyThings action nodes (the client is pure; this maps msg <-> client). */

/** The MyThings client of the deployed enco-account (NOT_CONFIGURED when missing). */
export function myThingsAccount(RED: NodeAPI, id: string | undefined): { api: MyThingsApi; concurrency: number } {
  const account = requireAccount<EncoAccountNode>(RED, id, 'EnCo account');
  return { api: account.mythings, concurrency: account.concurrency };
}

/** Kept for callers written before the input rule (issue 12): the same as core `payloadFields`. */
export function fieldsOf(item: unknown, defaults: Fields, idKey?: string, _scalars?: string): Fields {
  return payloadFields(item, defaults, idKey);
}

/**
 * The status of an answer: `label` (a catalog text of the node type: the operation's label or
 * what was done) with the number of items when the answer is a list or a page ("decoded logs: 12").
 */
export function describeResult(label: Text, body: unknown): Text {
  if (Array.isArray(body)) return text('common.status.labelCount', { label, n: body.length });
  const page = body as Page | undefined;
  if (page && typeof page === 'object' && Array.isArray(page.content)) return text('common.status.labelCount', { label, n: page.content.length });
  return label;
}

/** Sends one request and puts the answer into msg (payload + statusCode). */
export async function answer(msg: FleetMsg, ctx: InputContext, api: MyThingsApi, label: Text, req: ApiRequest): Promise<InputResult> {
  const res = await api.send(req);
  msg.payload = res.body;
  msg.statusCode = res.status;
  ctx.send(msg);
  return { status: describeResult(label, res.body) };
}

/** One msg of a MyThings action node, as its operation handler sees it. */
export interface MyThingsCall<Op extends string> {
  msg: FleetMsg;
  ctx: InputContext;
  /** msg.operation, else the node's (one of the node's operations: INVALID_INPUT otherwise). */
  op: Op;
  /** The node properties this operation uses (its row of the operation table), as defaults. */
  defaults: Fields;
  api: MyThingsApi;
  concurrency: number;
}

/**
 * Registers a MyThings action node (mythings-thing, -downlink, -query, -admin): for each msg the
 * account's client (NOT_CONFIGURED first), the operation, the defaults of its row in the operation
 * table (`<NODE>_FIELDS` of types.ts, the same table the editor shows), then `handle`.
 */
export function registerMyThingsNode<Op extends string>(
  RED: NodeAPI,
  type: string,
  operations: readonly Op[],
  fields: Readonly<Record<Op, readonly string[]>>,
  handle: (call: MyThingsCall<Op>) => Promise<InputResult>,
): void {
  const t = translator(RED, type);
  function MyThingsNode(this: Node, config: NodeDef & { account?: string; operation?: string }): void {
    RED.nodes.createNode(this, config);
    const props = config as unknown as Record<string, unknown>;
    handleInput(this, async (msg, ctx) => {
      const { api, concurrency } = myThingsAccount(RED, config.account);
      const op = pickOperation(msg, config.operation, operations);
      return handle({ msg, ctx, op, defaults: defaultsFor(props, fields[op]), api, concurrency });
    }, t);
  }
  registerType(RED, type, MyThingsNode);
}
