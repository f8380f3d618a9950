import type { Node, NodeAPI, NodeDef } from 'node-red';
import { text, translator } from '../../core/i18n';
import { handleInput, pickOperation, registerType } from '../../core/node';
import { defaultsFor, payloadFields } from '../../core/fields';
import { oneOf } from '../../core/validate';
import { buildQueryRequest, isPaged } from '../api';
import { answer, myThingsAccount } from '../action';
import { PAGES, QUERY_FIELDS, QUERY_OPERATIONS, QueryOperation } from '../types';

interface QueryConfig extends NodeDef {
  account?: string;
  operation?: string;
  thingIdentifier?: string;
  pages?: string;
  timeframe?: string;
  interval?: string;
  containerName?: string;
  basestationId?: string;
  businessRuleId?: string;
  thingTypeName?: string;
  results?: string;
}

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
  const t = translator(RED, 'mythings-query');
  function MyThingsQuery(this: Node, config: QueryConfig): void {
    RED.nodes.createNode(this, config);
    const props = config as unknown as Record<string, unknown>;
    handleInput(this, async (msg, ctx) => {
      const { api, concurrency } = myThingsAccount(RED, config.account);
      const op = pickOperation(msg, config.operation, QUERY_OPERATIONS);
      // operations without fields ignore msg.payload
      const item = QUERY_FIELDS[op].length ? msg.payload : undefined;
      const fields = payloadFields(item, defaultsFor(props, QUERY_FIELDS[op]), ID_KEY[op]);
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
    }, t);
  }
  registerType(RED, 'mythings-query', MyThingsQuery);
};
