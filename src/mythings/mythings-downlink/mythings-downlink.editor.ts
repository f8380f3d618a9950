import { defineNode, fromMsg, rule } from '../../editor-common/spec';
import { DOWNLINK_FIELDS, FPORT } from '../types';

const FLAG = ['0', '1'];

export default defineNode({
  type: 'mythings-downlink',
  platform: 'mythings',
  account: 'enco-account',
  operations: { value: 'send', fields: DOWNLINK_FIELDS },
  props: {
    devEUI: { icon: 'microchip', rule: rule.hex(16), placeholder: fromMsg },
    fPort: { icon: 'sign-in', rule: rule.intRange(FPORT.min, FPORT.max), placeholder: fromMsg },
    ack: { icon: 'check', options: FLAG, blank: fromMsg.key },
    encrypted: { icon: 'lock', options: FLAG, blank: fromMsg.key },
    templateUid: { icon: 'file-o', placeholder: fromMsg },
  },
});
