import type { Node, NodeAPI, NodeDef } from 'node-red';
import { text, translator } from '../../core/i18n';
import { handleInput, registerType, requireAccount } from '../../core/node';
import { payloadFields } from '../../core/fields';
import { EncloudAccountNode, buildHotlinkQuery } from '../api';

interface HotlinkConfig extends NodeDef {
  account?: string;
  customer_id?: string;
  device_id?: string;
}

export = function (RED: NodeAPI): void {
  const t = translator(RED, 'encloud-hotlink');
  function EncloudHotlink(this: Node, config: HotlinkConfig): void {
    RED.nodes.createNode(this, config);
    const defaults = { customer_id: config.customer_id, device_id: config.device_id };
    handleInput(this, async (msg, ctx) => {
      const account = requireAccount<EncloudAccountNode>(RED, config.account, 'enCloud account');
      const query = buildHotlinkQuery(payloadFields(msg.payload, defaults, 'email'));
      const res = await account.api.hotlink(query);
      msg.payload = res.body;
      msg.statusCode = res.status;
      ctx.send(msg);
      return { status: text('status.ready') };
    }, t);
  }
  registerType(RED, 'encloud-hotlink', EncloudHotlink);
};
