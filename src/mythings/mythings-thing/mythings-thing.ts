import type { Node, NodeAPI, NodeDef } from 'node-red';
import { sendBulk } from '../../core/bulk';
import { text, translator } from '../../core/i18n';
import { handleInput, pickOperation, registerType } from '../../core/node';
import { bulkItemFields, defaultsFor, payloadFields } from '../../core/fields';
import { buildThingRequest } from '../api';
import { answer, myThingsAccount } from '../action';
import { THING_BULK_OPERATIONS, THING_FIELDS, THING_OPERATIONS } from '../types';

interface ThingConfig extends NodeDef {
  account?: string;
  operation?: string;
  thingIdentifier?: string;
  connectivityType?: string;
  companyId?: string;
  thingTypeId?: string;
  connectivityPlan?: string;
  motionIndicator?: string;
  containerFriendlyName?: string;
  thingName?: string;
  results?: string;
}

export = function (RED: NodeAPI): void {
  const t = translator(RED, 'mythings-thing');
  function MyThingsThing(this: Node, config: ThingConfig): void {
    RED.nodes.createNode(this, config);
    const props = config as unknown as Record<string, unknown>;
    handleInput(this, async (msg, ctx) => {
      const { api, concurrency } = myThingsAccount(RED, config.account);
      const op = pickOperation(msg, config.operation, THING_OPERATIONS);
      const defaults = defaultsFor(props, THING_FIELDS[op]);
      const idKey = op === 'create' || op === 'list' ? undefined : 'thingIdentifier';
      if (Array.isArray(msg.payload) && THING_BULK_OPERATIONS.includes(op)) {
        return sendBulk(msg, ctx, msg.payload, concurrency, async (item) => {
          const res = await api.send(buildThingRequest(op, bulkItemFields(item, defaults, idKey)));
          return { statusCode: res.status, result: res.body };
        });
      }
      const req = buildThingRequest(op, payloadFields(msg.payload, defaults, idKey));
      return answer(msg, ctx, api, text(`status.done.${op}`), req);
    }, t);
  }
  registerType(RED, 'mythings-thing', MyThingsThing);
};
