import type { NodeAPI } from 'node-red';
import { sendBulk } from '../../core/bulk';
import { text } from '../../core/i18n';
import { bulkItemFields, payloadFields } from '../../core/fields';
import { buildThingRequest } from '../api';
import { answer, registerMyThingsNode } from '../action';
import { THING_BULK_OPERATIONS, THING_FIELDS, THING_OPERATIONS } from '../types';

export = function (RED: NodeAPI): void {
  registerMyThingsNode(RED, 'mythings-thing', THING_OPERATIONS, THING_FIELDS, async ({ msg, ctx, op, defaults, api, concurrency }) => {
    const idKey = op === 'create' || op === 'list' ? undefined : 'thingIdentifier';
    if (Array.isArray(msg.payload) && THING_BULK_OPERATIONS.includes(op)) {
      return sendBulk(msg, ctx, msg.payload, concurrency, async (item) => {
        const res = await api.send(buildThingRequest(op, bulkItemFields(item, defaults, idKey)));
        return { statusCode: res.status, result: res.body };
      });
    }
    const req = buildThingRequest(op, payloadFields(msg.payload, defaults, idKey));
    return answer(msg, ctx, api, text(`status.done.${op}`), req);
  });
};
