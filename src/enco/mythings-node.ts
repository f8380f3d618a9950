import type { NodeAPI } from 'node-red';
import { Text, text } from '../core/i18n';
import { FleetMsg, Fields, InputContext, InputResult, itemFields, requireAccount, withDefaults } from '../core/node';
import type { EncoAccountNode, EncoConnection } from './auth';
import { MyThingsApi } from './mythings-api';
import type { ApiRequest, Page } from './mythings-types';

/** Glue shared by the four MyThings action nodes (the client is pure; this maps msg <-> client). */

const clients = new WeakMap<EncoConnection, MyThingsApi>();

/** The MyThings client of the deployed enco-account (NOT_CONFIGURED when missing). */
export function myThingsAccount(RED: NodeAPI, id: string | undefined): { api: MyThingsApi; concurrency: number } {
  const account = requireAccount<EncoAccountNode>(RED, id, 'EnCo account');
  let api = clients.get(account.enco);
  if (!api) {
    api = new MyThingsApi(account.enco);
    clients.set(account.enco, api);
  }
  return { api, concurrency: account.concurrency };
}

/** Node properties that the chosen operation uses (others never leak in as defaults). */
export function defaultsFor(config: Record<string, unknown>, fields: readonly string[] | undefined): Fields {
  const out: Fields = {};
  for (const k of fields ?? []) out[k] = config[k];
  return out;
}

/**
 * What a scalar msg.payload (number, boolean) means: `id` = the identifier (businessRuleId,
 * streamDefinitionId), `ignore` = nothing (an inject's timestamp into a node whose fields are
 * set in the editor), `reject` = INVALID_INPUT (create/update/delete need an object).
 */
export type Scalars = 'id' | 'ignore' | 'reject';

/** The request fields of one item: msg.payload object (or identifier string) over the node defaults. */
export function fieldsOf(item: unknown, defaults: Fields, idKey?: string, scalars: Scalars = 'ignore'): Fields {
  const scalar = typeof item === 'number' || typeof item === 'boolean';
  const given = scalar && (scalars === 'ignore' || (scalars === 'id' && typeof item === 'boolean')) ? undefined : item;
  return withDefaults(defaults, itemFields(given, idKey));
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
