import { defineNode, fromMsg, preferring, rule } from '../../editor-common/spec';
import { CONNECTIVITY_TYPES, MOTION_INDICATORS, THING_FIELDS } from '../types';

const INT32 = rule.intRange(0, 2147483647);

export default defineNode({
  type: 'mythings-thing',
  platform: 'mythings',
  account: 'enco-account',
  operations: { value: 'get', fields: THING_FIELDS },
  props: {
    thingIdentifier: { icon: 'microchip', placeholder: fromMsg },
    connectivityType: { icon: 'wifi', options: preferring(CONNECTIVITY_TYPES, 'LORA.OTAA'), blank: fromMsg.key },
    companyId: { icon: 'building', rule: INT32, placeholder: fromMsg },
    thingTypeId: { icon: 'cube', rule: INT32, placeholder: fromMsg },
    connectivityPlan: { icon: 'signal', placeholder: fromMsg },
    motionIndicator: { icon: 'car', options: MOTION_INDICATORS, blank: fromMsg.key },
    containerFriendlyName: { icon: 'archive', placeholder: fromMsg },
    thingName: { icon: 'search', placeholder: fromMsg },
    results: { icon: 'list-ol', rule: rule.intRange(1, 100000), placeholder: fromMsg },
  },
});
