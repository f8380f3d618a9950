import type { Node, NodeAPI, NodeDef } from 'node-red';
import { sendBulk } from '../../core/bulk';
import { text, translator } from '../../core/i18n';
import { handleInput, pickOperation, registerType, requireAccount } from '../../core/node';
import { Fields, bulkItemFields, payloadFields } from '../../core/fields';
import { EnapterAccountNode, buildProvisionRequest } from '../api';
import { OPERATIONS } from '../types';

interface ProvisionConfig extends NodeDef {
  account?: string;
  operation?: string;
  site_id?: string;
  protocol?: string;
  device_type?: string;
  master_device_id?: string;
  runtime_id?: string;
  blueprint_id?: string;
  gateway_version?: string;
  site_timezone?: string;
}

export = function (RED: NodeAPI): void {
  const t = translator(RED, 'enapter-provision');
  function EnapterProvision(this: Node, config: ProvisionConfig): void {
    RED.nodes.createNode(this, config);
    const defaults = {
      site_id: config.site_id,
      protocol: config.protocol,
      device_type: config.device_type,
      master_device_id: config.master_device_id,
      runtime_id: config.runtime_id,
      blueprint_id: config.blueprint_id,
      gateway_version: config.gateway_version,
      site_timezone: config.site_timezone,
    };
    handleInput(this, async (msg, ctx) => {
      const account = requireAccount<EnapterAccountNode>(RED, config.account, 'Enapter account');
      const op = pickOperation(msg, config.operation, OPERATIONS);
      const provisionOne = async (fields: Fields) => {
        const request = buildProvisionRequest(op, fields);
        const res = await account.api.provision(op, request);
        return { statusCode: res.status, result: res.body };
      };
      if (Array.isArray(msg.payload)) {
        return sendBulk(msg, ctx, msg.payload, account.concurrency, (item) => provisionOne(bulkItemFields(item, defaults)));
      }
      const { statusCode, result } = await provisionOne(payloadFields(msg.payload, defaults));
      msg.payload = result;
      msg.statusCode = statusCode;
      ctx.send(msg);
      return { status: text('status.provisioned', { operation: text(`operation.${op}`) }) };
    }, t);
  }
  registerType(RED, 'enapter-provision', EnapterProvision);
};
