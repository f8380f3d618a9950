import type { Node, NodeAPI, NodeDef } from 'node-red';
import type { Fields } from '../../core/fields';
import { text, translator } from '../../core/i18n';
import { handleInput, pickOperation, registerType } from '../../core/node';
import { defaultsFor, payloadFields } from '../../core/fields';
import { buildDownlinkRequest } from '../api';
import { answer, myThingsAccount } from '../action';
import { DOWNLINK_FIELDS, DOWNLINK_OPERATIONS } from '../types';

interface DownlinkConfig extends NodeDef {
  account?: string;
  operation?: string;
  devEUI?: string;
  fPort?: string;
  ack?: string;
  encrypted?: string;
  templateUid?: string;
}

/** `send` also takes a bare hex string or Buffer in msg.payload: the downlink data itself. */
function sendFields(payload: unknown): unknown {
  if (Buffer.isBuffer(payload) || payload instanceof Uint8Array || typeof payload === 'string') return { payload } as Fields;
  return payload;
}

export = function (RED: NodeAPI): void {
  const t = translator(RED, 'mythings-downlink');
  function MyThingsDownlink(this: Node, config: DownlinkConfig): void {
    RED.nodes.createNode(this, config);
    const props = config as unknown as Record<string, unknown>;
    handleInput(this, async (msg, ctx) => {
      const { api } = myThingsAccount(RED, config.account);
      const op = pickOperation(msg, config.operation, DOWNLINK_OPERATIONS);
      const defaults = defaultsFor(props, DOWNLINK_FIELDS[op]);
      // template: an array in msg.payload is the list of thingIdentifiers (templateUid from the node)
      const templateItem = Array.isArray(msg.payload) ? { thingIdentifiers: msg.payload } : msg.payload;
      const item = op === 'send' ? sendFields(msg.payload) : op === 'templates' ? undefined : templateItem;
      const req = buildDownlinkRequest(op, payloadFields(item, defaults, op === 'template' ? 'templateUid' : undefined));
      return answer(msg, ctx, api, text(`status.done.${op}`), req);
    }, t);
  }
  registerType(RED, 'mythings-downlink', MyThingsDownlink);
};
