import type { Node, NodeAPI, NodeDef, NodeMessage } from 'node-red';
import { text, translator } from '../../core/i18n';
import { handleInput, registerType, requireAccount } from '../../core/node';
import { itemFields } from '../../core/fields';
import { EnapterAccountNode, buildLatestRequest, latestValues } from '../api';

interface TelemetryConfig extends NodeDef {
  account?: string;
  device_id?: string;
  attributes?: string;
  relevance?: string | number;
  output?: string;
}

export = function (RED: NodeAPI): void {
  const t = translator(RED, 'enapter-telemetry');
  function EnapterTelemetry(this: Node, config: TelemetryConfig): void {
    RED.nodes.createNode(this, config);
    const split = config.output === 'split';
    const defaults = { device_id: config.device_id, attributes: config.attributes, relevance: config.relevance };
    handleInput(this, async (msg, ctx) => {
      const account = requireAccount<EnapterAccountNode>(RED, config.account, 'Enapter account');
      const request = buildLatestRequest(itemFields(msg.payload), defaults);
      const res = await account.api.latestTelemetry(request);
      const values = latestValues(request, res.body);
      let n = 0;
      let missing = 0;
      for (const attrs of Object.values(values)) for (const v of Object.values(attrs)) v === null ? missing++ : n++;
      const status = missing ? text('status.valuesMissing', { n, missing }) : text('status.values', { n });
      if (!split) {
        msg.payload = values;
        msg.statusCode = res.status;
        ctx.send(msg);
        return { status };
      }
      // one msg per asked attribute, ready for a chart or a database node; payload null = no value
      const out: NodeMessage[] = [];
      for (const [device, attrs] of Object.entries(values)) {
        for (const [attribute, v] of Object.entries(attrs)) {
          const m = RED.util.cloneMessage(msg) as NodeMessage & Record<string, unknown>;
          m.topic = `${device}/${attribute}`;
          m.payload = v ? v.value : null;
          if (v) {
            m.timestamp = v.timestamp;
            m.time = v.time;
          } else {
            delete m.timestamp;
            delete m.time;
          }
          m.statusCode = res.status;
          out.push(m);
        }
      }
      ctx.send([out]);
      return { status };
    }, t);
  }
  registerType(RED, 'enapter-telemetry', EnapterTelemetry);
};
