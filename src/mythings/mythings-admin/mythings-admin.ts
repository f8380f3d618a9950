import type { NodeAPI } from 'node-red';
import { text } from '../../core/i18n';
import { payloadFields } from '../../core/fields';
import { buildAdminRequest } from '../api';
import { answer, registerMyThingsNode } from '../action';
import { ADMIN_FIELDS, ADMIN_OPERATIONS, AdminOperation } from '../types';

const ID_KEY: Partial<Record<AdminOperation, string>> = {
  updateBasestation: 'basestationId',
  getStreamDefinition: 'streamDefinitionId',
  updateStreamDefinition: 'streamDefinitionId',
  deleteStreamDefinition: 'streamDefinitionId',
};

export = function (RED: NodeAPI): void {
  registerMyThingsNode(RED, 'mythings-admin', ADMIN_OPERATIONS, ADMIN_FIELDS, async ({ msg, ctx, op, defaults, api }) => {
    const item = ADMIN_FIELDS[op].length || op === 'assignDeviceAddresses' ? msg.payload : undefined;
    const req = buildAdminRequest(op, payloadFields(item, defaults, ID_KEY[op]));
    return answer(msg, ctx, api, text(`operation.${op}`), req);
  });
};
