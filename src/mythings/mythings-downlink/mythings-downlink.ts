import type { NodeAPI } from 'node-red';
import type { Fields } from '../../core/fields';
import { text } from '../../core/i18n';
import { payloadFields } from '../../core/fields';
import { buildDownlinkRequest } from '../api';
import { answer, registerMyThingsNode } from '../action';
import { DOWNLINK_FIELDS, DOWNLINK_OPERATIONS } from '../types';

/** `send` also takes a bare hex string or Buffer in msg.payload: the downlink data itself. */
function sendFields(payload: unknown): unknown {
  if (Buffer.isBuffer(payload) || payload instanceof Uint8Array || typeof payload === 'string') return { payload } as Fields;
  return payload;
}

export = function (RED: NodeAPI): void {
  registerMyThingsNode(RED, 'mythings-downlink', DOWNLINK_OPERATIONS, DOWNLINK_FIELDS, async ({ msg, ctx, op, defaults, api }) => {
    // template: an array in msg.payload is the list of thingIdentifiers (templateUid from the node)
    const templateItem = Array.isArray(msg.payload) ? { thingIdentifiers: msg.payload } : msg.payload;
    const item = op === 'send' ? sendFields(msg.payload) : op === 'templates' ? undefined : templateItem;
    const req = buildDownlinkRequest(op, payloadFields(item, defaults, op === 'template' ? 'templateUid' : undefined));
    return answer(msg, ctx, api, text(`status.done.${op}`), req);
  });
};
