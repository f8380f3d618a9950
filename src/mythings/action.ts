import type { NodeAPI } from 'node-red';
import { Text, text } from '../core/i18n';
import { FleetMsg, InputContext, InputResult, requireAccount } from '../core/node';
import { Fields, payloadFields } from '../core/fields';
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
