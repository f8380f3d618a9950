import type { Node, NodeAPI, NodeDef } from 'node-red';
import { sendBulk } from '../../core/bulk';
import { Text, text, translator } from '../../core/i18n';
import { InputContext, handleInput, pickOperation, registerType, requireAccount } from '../../core/node';
import { itemFields, withDefaults } from '../../core/fields';
import { fetchOffsetPages } from '../../core/paging';
import { DEVICE_ID_KEY, DeviceCall, EnapterAccountNode, PAGE_LIMIT, buildDeviceCall } from '../api';
import { DEVICE_OPERATIONS, DeviceOperation } from '../types';

interface DeviceConfig extends NodeDef {
  account?: string;
  operation?: string;
  device_id?: string;
  site_id?: string;
  expand?: string;
  blueprint_id?: string;
  protocol?: string;
}

/** update and delete change one device each: an array is a bulk (SPEC 3.2). */
const BULK: readonly DeviceOperation[] = ['update', 'delete'];

export = function (RED: NodeAPI): void {
  const t = translator(RED, 'enapter-device');
  function EnapterDevice(this: Node, config: DeviceConfig): void {
    RED.nodes.createNode(this, config);
    const defaults = { device_id: config.device_id, site_id: config.site_id, expand: config.expand, blueprint_id: config.blueprint_id, protocol: config.protocol };
    handleInput(this, async (msg, ctx) => {
      const account = requireAccount<EnapterAccountNode>(RED, config.account, 'Enapter account');
      const op = pickOperation(msg, config.operation, DEVICE_OPERATIONS);
      const callFor = (item: unknown): DeviceCall => buildDeviceCall(op, withDefaults(defaults, itemFields(item, DEVICE_ID_KEY[op])));
      if (Array.isArray(msg.payload) && BULK.includes(op)) {
        return sendBulk(msg, ctx, msg.payload, account.concurrency, async (item) => {
          const r = await run(account, callFor(item), ctx);
          return { statusCode: r.statusCode, result: r.result };
        });
      }
      const r = await run(account, callFor(msg.payload), ctx);
      msg.payload = r.result;
      msg.statusCode = r.statusCode;
      ctx.send(msg);
      return { status: r.status };
    }, t);
  }
  registerType(RED, 'enapter-device', EnapterDevice);
};

interface Outcome {
  statusCode: number;
  result: unknown;
  status: Text;
}

async function run(account: EnapterAccountNode, call: DeviceCall, ctx: InputContext): Promise<Outcome> {
  const api = account.api;
  const progress = (pages: number): void => ctx.progress(text('common.status.pageN', { page: pages + 1 }));
  switch (call.op) {
    case 'list': {
      const all = await fetchOffsetPages(
        async (offset, limit) => {
          const res = await api.devices(call.site_id, { expand: call.expand, limit, offset });
          return { status: res.status, items: res.body?.devices ?? [] };
        },
        { limit: PAGE_LIMIT, onProgress: progress },
      );
      return { statusCode: all.status, result: all.items, status: text('status.devices', { n: all.items.length }) };
    }
    case 'sites': {
      const all = await fetchOffsetPages(
        async (offset, limit) => {
          const res = await api.sites({ limit, offset });
          return { status: res.status, items: res.body?.sites ?? [] };
        },
        { limit: PAGE_LIMIT, onProgress: progress },
      );
      return { statusCode: all.status, result: all.items, status: text('status.sites', { n: all.items.length }) };
    }
    case 'get': {
      const res = await api.device(call.device_id, call.expand);
      return { statusCode: res.status, result: res.body?.device ?? res.body, status: text('status.device') };
    }
    case 'update': {
      const res = await api.updateDevice(call.device_id, call.body);
      return { statusCode: res.status, result: res.body?.device ?? res.body, status: text('status.updated') };
    }
    case 'delete': {
      const res = await api.deleteDevice(call.device_id);
      const body = res.body === '' || res.body === undefined ? null : res.body;
      return { statusCode: res.status, result: body ?? { device_id: call.device_id, deleted: true }, status: text('status.deleted') };
    }
    case 'assignBlueprint': {
      const res = await api.assignBlueprint(call.device_id, call.blueprint_id);
      return { statusCode: res.status, result: res.body?.device ?? res.body, status: text('status.blueprint') };
    }
    case 'generateConfig': {
      // the answer holds MQTT credentials: msg.payload only (the status names the protocol, nothing else)
      const res = await api.generateConfig(call.device_id, call.protocol);
      return { statusCode: res.status, result: res.body?.config ?? res.body, status: text('status.config', { protocol: call.protocol }) };
    }
    case 'site': {
      const res = await api.site(call.site_id);
      return { statusCode: res.status, result: res.body?.site ?? res.body, status: text('status.site') };
    }
  }
}
