import { defineNode, fromMsg, preferring } from '../../editor-common/spec';
import { DEVICE_FIELDS, EXPANDS, PROTOCOLS } from '../types';

export default defineNode({
  type: 'enapter-device',
  platform: 'enapter',
  account: 'enapter-account',
  operations: { value: 'list', fields: DEVICE_FIELDS },
  props: {
    device_id: { placeholder: fromMsg },
    site_id: { placeholder: fromMsg },
    expand: {
      placeholder: { key: 'enapter-device.label.expandHint' },
      // mirrors expandList of src/enapter/api.ts
      validate: (v: string) => String(v || '').split(',').map((s) => s.trim()).filter((s) => s !== '').every((p) => (EXPANDS as readonly string[]).indexOf(p) >= 0),
    },
    blueprint_id: { placeholder: fromMsg },
    protocol: { options: preferring(PROTOCOLS, 'MQTTS'), blank: 'enapter-device.label.protocolDefault' },
  },
});
