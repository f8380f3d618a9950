import { defineNode, fromMsg, preferring, rule } from '../../editor-common/spec';
import { DEVICE_TYPES, PROTOCOLS, PROVISION_FIELDS } from '../types';

export default defineNode({
  type: 'enapter-provision',
  platform: 'enapter',
  account: 'enapter-account',
  operations: { value: 'ucm', fields: PROVISION_FIELDS },
  props: {
    site_id: { placeholder: fromMsg },
    protocol: { options: preferring(PROTOCOLS, 'MQTTS'), blank: 'enapter-provision.label.protocolDefault' },
    device_type: { options: DEVICE_TYPES, blank: fromMsg.key },
    master_device_id: { placeholder: fromMsg },
    runtime_id: { placeholder: fromMsg },
    blueprint_id: { placeholder: fromMsg },
    gateway_version: { placeholder: fromMsg },
    site_timezone: { rule: rule.timeZone(), placeholder: 'Europe/Berlin' },
  },
});
