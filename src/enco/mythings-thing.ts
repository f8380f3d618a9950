import type { Node, NodeAPI, NodeDef } from 'node-red';
import { bulkSummary, runBulk } from '../core/bulk';
import { handleInput, pickOperation, registerType } from '../core/node';
import { buildThingRequest } from './mythings-api';
import { answer, defaultsFor, fieldsOf, myThingsAccount } from './mythings-node';
import { THING_BULK_OPERATIONS, THING_OPERATIONS, ThingOperation } from './mythings-types';

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

/** The node properties each operation takes as defaults (the editor shows the same rows). */
const THING_FIELDS: Record<ThingOperation, readonly string[]> = {
  list: ['thingName', 'results'],
  get: ['thingIdentifier'],
  create: ['connectivityType', 'companyId', 'thingTypeId', 'connectivityPlan', 'motionIndicator'],
  update: ['thingIdentifier', 'companyId', 'thingTypeId', 'connectivityPlan', 'motionIndicator'],
  delete: ['thingIdentifier'],
  provision: ['thingIdentifier'],
  deprovision: ['thingIdentifier'],
  tags: ['thingIdentifier'],
  type: ['thingIdentifier'],
  deleteContainer: ['thingIdentifier', 'containerFriendlyName'],
};

const DONE: Record<ThingOperation, string> = {
  list: 'things',
  get: 'thing',
  create: 'created',
  update: 'updated',
  delete: 'deleted',
  provision: 'provisioned',
  deprovision: 'deprovisioned',
  tags: 'tagged',
  type: 'thing type',
  deleteContainer: 'container deleted',
};

export = function (RED: NodeAPI): void {
  function MyThingsThing(this: Node, config: ThingConfig): void {
    RED.nodes.createNode(this, config);
    const props = config as unknown as Record<string, unknown>;
    handleInput(this, async (msg, ctx) => {
      const { api, concurrency } = myThingsAccount(RED, config.account);
      const op = pickOperation(msg, config.operation, THING_OPERATIONS);
      const defaults = defaultsFor(props, THING_FIELDS[op]);
      const idKey = op === 'create' || op === 'list' ? undefined : 'thingIdentifier';
      if (Array.isArray(msg.payload) && THING_BULK_OPERATIONS.includes(op)) {
        const entries = await runBulk(
          msg.payload,
          concurrency,
          async (item) => {
            const res = await api.send(buildThingRequest(op, fieldsOf(item, defaults, idKey, 'reject')));
            return { statusCode: res.status, result: res.body };
          },
          (n, total) => ctx.progress(`${n}/${total}`),
        );
        msg.payload = entries;
        ctx.send(msg);
        return { status: bulkSummary(entries) };
      }
      // list takes only an object (an inject's timestamp or a string means "no filter")
      const item = op === 'list' && (typeof msg.payload !== 'object' || Array.isArray(msg.payload)) ? undefined : msg.payload;
      const scalars = THING_BULK_OPERATIONS.includes(op) ? 'reject' : 'ignore';
      const req = buildThingRequest(op, fieldsOf(item, defaults, idKey, scalars));
      const result = await answer(msg, ctx, api, DONE[op], req);
      return result;
    });
  }
  registerType(RED, 'mythings-thing', MyThingsThing);
};
