import type { Node, NodeAPI, NodeDef } from 'node-red';
import { sendBulk } from '../../core/bulk';
import { text, translator } from '../../core/i18n';
import { handleInput, pickOperation, registerType, requireAccount } from '../../core/node';
import { Fields, bulkItemFields, payloadFields } from '../../core/fields';
import { EncloudAccountNode, buildUserRequest } from '../api';
import { USER_OPERATIONS } from '../types';

interface UserConfig extends NodeDef {
  account?: string;
  operation?: string;
  user_type?: string;
  customer_id?: string;
}

export = function (RED: NodeAPI): void {
  const t = translator(RED, 'encloud-user');
  function EncloudUser(this: Node, config: UserConfig): void {
    RED.nodes.createNode(this, config);
    handleInput(this, async (msg, ctx) => {
      const account = requireAccount<EncloudAccountNode>(RED, config.account, 'enCloud account');
      const op = pickOperation(msg, config.operation, USER_OPERATIONS);
      // node properties are defaults of create (user_type also of update when the msg names it)
      const defaults = op === 'create' ? { user_type: config.user_type, customer_id: config.customer_id } : {};
      const one = async (fields: Fields) => {
        const request = buildUserRequest(op, fields);
        const res = await account.api.user(request);
        return { statusCode: res.status, result: res.body };
      };
      if (Array.isArray(msg.payload)) {
        return sendBulk(msg, ctx, msg.payload, account.concurrency, (item) => one(bulkItemFields(item, defaults, 'email')));
      }
      const { statusCode, result } = await one(payloadFields(msg.payload, defaults, 'email'));
      msg.payload = result;
      msg.statusCode = statusCode;
      ctx.send(msg);
      return { status: text(`status.done.${op}`) };
    }, t);
  }
  registerType(RED, 'encloud-user', EncloudUser);
};
