import type { Node, NodeAPI, NodeDef } from 'node-red';
import { text, translator } from '../../core/i18n';
import { handleInput, pickOperation, registerType } from '../../core/node';
import { defaultsFor, payloadFields } from '../../core/fields';
import { buildAdminRequest } from '../api';
import { answer, myThingsAccount } from '../action';
import { ADMIN_FIELDS, ADMIN_OPERATIONS, AdminOperation } from '../types';

interface AdminConfig extends NodeDef {
  account?: string;
  operation?: string;
  companyId?: string;
  amount?: string;
  basestationId?: string;
  streamDefinitionId?: string;
}

const ID_KEY: Partial<Record<AdminOperation, string>> = {
  updateBasestation: 'basestationId',
  getStreamDefinition: 'streamDefinitionId',
  updateStreamDefinition: 'streamDefinitionId',
  deleteStreamDefinition: 'streamDefinitionId',
};

export = function (RED: NodeAPI): void {
  const t = translator(RED, 'mythings-admin');
  function MyThingsAdmin(this: Node, config: AdminConfig): void {
    RED.nodes.createNode(this, config);
    const props = config as unknown as Record<string, unknown>;
    handleInput(this, async (msg, ctx) => {
      const { api } = myThingsAccount(RED, config.account);
      const op = pickOperation(msg, config.operation, ADMIN_OPERATIONS);
      const item = ADMIN_FIELDS[op].length || op === 'assignDeviceAddresses' ? msg.payload : undefined;
      const req = buildAdminRequest(op, payloadFields(item, defaultsFor(props, ADMIN_FIELDS[op]), ID_KEY[op]));
      return answer(msg, ctx, api, text(`operation.${op}`), req);
    }, t);
  }
  registerType(RED, 'mythings-admin', MyThingsAdmin);
};
