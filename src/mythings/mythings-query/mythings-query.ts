import type { NodeAPI } from 'node-red';
import { text } from '../../core/i18n';
import { payloadFields } from '../../core/fields';
import { oneOf } from '../../core/validate';
import { buildQueryRequest, isPaged } from '../api';
import { answer, registerMyThingsNode } from '../action';
import { PAGES, QUERY_FIELDS, QUERY_OPERATIONS, QueryOperation } from '../types';

/** The identifier a bare string msg.payload stands for (input rule, core/node.ts). */
const ID_KEY: Partial<Record<QueryOperation, string>> = {
  locations: 'thingIdentifier',
  decodedLogs: 'thingIdentifier',
  decodedLogCount: 'thingIdentifier',
  networkLogs: 'thingIdentifier',
  networkLogCount: 'thingIdentifier',
  containerValues: 'thingIdentifier',
  basestation: 'basestationId',
  triggeredRule: 'businessRuleId',
  containerDefinitions: 'thingTypeName',
};

export = function (RED: NodeAPI): void {
  registerMyThingsNode(RED, 'mythings-query', QUERY_OPERATIONS, QUERY_FIELDS, async ({ msg, ctx, op, defaults, api, concurrency }) => {
    // operations without fields ignore msg.payload
    const item = QUERY_FIELDS[op].length ? msg.payload : undefined;
    const fields = payloadFields(item, defaults, ID_KEY[op]);
    const pages = isPaged(op) ? (oneOf(fields, 'pages', PAGES) ?? 'one') : 'one';
    const req = buildQueryRequest(op, fields);
    if (pages === 'all') {
      const res = await api.sendAllPages(req, concurrency, (n, total) => ctx.progress(total === undefined ? text('common.status.pageN', { page: n }) : text('common.status.page', { page: n, pages: total })));
      msg.payload = res.body;
      msg.statusCode = res.status;
      ctx.send(msg);
      return { status: text('status.allPages', { label: text(`operation.${op}`), n: res.body.content?.length ?? 0, pages: res.pages }) };
    }
    return answer(msg, ctx, api, text(`operation.${op}`), req);
  });
};
