import type { Node, NodeAPI, NodeDef, NodeMessage } from 'node-red';
import { text, translator } from '../../core/i18n';
import { FleetMsg, handleInput, registerType, requireAccount } from '../../core/node';
import { Fields, payloadFields } from '../../core/fields';
import { EncloudAccountNode, PageEvent, buildDevicesQuery } from '../api';
import { DEVICE_OUTPUTS, DEVICE_PAGES, DeviceOutput, DevicesPull, EncloudDevice } from '../types';

interface DevicesConfig extends NodeDef {
  account?: string;
  devices?: string;
  keys?: string;
  timestamp?: string | number;
  customer_id?: string;
  state?: string;
  is_online?: string;
  search?: string;
  limit?: string | number;
  pages?: string;
  output?: string;
}


/** Lets Node-RED deliver what was sent before more is produced (bounded memory in output device/page). */
const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export = function (RED: NodeAPI): void {
  const t = translator(RED, 'encloud-devices');
  function EncloudDevices(this: Node, config: DevicesConfig): void {
    RED.nodes.createNode(this, config);
    const defaults: Fields = {
      devices: config.devices,
      keys: config.keys,
      timestamp: config.timestamp,
      customer_id: config.customer_id,
      state: config.state,
      is_online: config.is_online,
      search: config.search,
      limit: config.limit,
    };
    const pages = (DEVICE_PAGES as readonly string[]).includes(config.pages ?? '') ? config.pages : 'all';
    const output: DeviceOutput = (DEVICE_OUTPUTS as readonly string[]).includes(config.output ?? '') ? (config.output as DeviceOutput) : 'single';

    handleInput(this, async (msg, ctx) => {
      const account = requireAccount<EncloudAccountNode>(RED, config.account, 'enCloud account');
      const query = buildDevicesQuery(payloadFields(msg.payload, defaults));
      const partsId = RED.util.generateId();
      const parentParts = msg.parts;
      // each msg sent is the incoming msg (its user properties cloned) with a new payload
      const template: FleetMsg = { ...msg, payload: undefined };
      const copy = (payload: unknown, index: number, count: number, last: boolean): NodeMessage => {
        const m = RED.util.cloneMessage(template) as FleetMsg;
        m.payload = payload;
        m.parts = { id: partsId, type: 'array', index, count, len: 1, ...(parentParts ? { parts: parentParts } : {}) };
        if (last && index + 1 !== count) m.complete = true; // the inventory changed during the pull
        return m as NodeMessage;
      };

      let statusCode = 200;
      let totalResults = 0;
      let totalFilteredResults = 0;
      const all: EncloudDevice[] = [];
      let sentDevices = 0;
      let deviceCount = 0;
      let pageCount = 1;

      const onPage = async ({ response, index, count }: PageEvent): Promise<void> => {
        pageCount = count;
        statusCode = response.status;
        const body = response.body;
        if (index === 0) {
          totalResults = body.totalResults;
          totalFilteredResults = body.totalFilteredResults;
          // the number of devices this pull will send (one page: that page's devices)
          deviceCount = pages === 'one' ? body.devices.length : Math.max(totalFilteredResults - (query.limit === -1 ? 0 : ((query.page ?? 1) - 1) * query.limit), 0);
        }
        if (count > 1) ctx.progress(text('common.status.page', { page: index + 1, pages: count }));
        if (output === 'single') {
          if (pages === 'all') for (const d of body.devices) all.push(d);
        } else if (output === 'page') {
          const m = copy(body, index, count, false);
          (m as FleetMsg).statusCode = response.status;
          ctx.send(m);
          await yieldToLoop();
        } else {
          const lastPage = index === count - 1;
          body.devices.forEach((d, i) => {
            const at = sentDevices++;
            // count as announced by the first page; never below index + 1 (the inventory grew meanwhile)
            const m = copy(d, at, Math.max(deviceCount, at + 1), lastPage && i === body.devices.length - 1);
            (m as FleetMsg).statusCode = response.status;
            ctx.send(m);
          });
          await yieldToLoop();
        }
      };

      if (pages === 'one') {
        const response = await account.api.devices(query);
        await onPage({ response, index: 0, count: 1 });
        if (output === 'single') {
          msg.payload = response.body;
          msg.statusCode = response.status;
          ctx.send(msg);
        }
        return { status: output === 'page' ? text('status.onePage') : text('status.devices', { n: response.body.devices.length }) };
      }

      await account.api.pullPages(query, account.concurrency, onPage);
      if (output === 'single') {
        const result: DevicesPull = { totalResults, totalFilteredResults, devices: all };
        msg.payload = result;
        msg.statusCode = statusCode;
        ctx.send(msg);
        return { status: text('status.devices', { n: all.length }) };
      }
      return { status: output === 'page' ? text('status.pages', { n: pageCount }) : text('status.devices', { n: sentDevices }) };
    }, t);
  }
  registerType(RED, 'encloud-devices', EncloudDevices);
};
