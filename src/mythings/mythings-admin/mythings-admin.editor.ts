import { defineNode, fromMsg, rule } from '../../editor-common/spec';
import { ADMIN_FIELDS } from '../types';

export default defineNode({
  type: 'mythings-admin',
  platform: 'mythings',
  account: 'enco-account',
  operations: { value: 'thingTypes', fields: ADMIN_FIELDS },
  props: {
    companyId: { icon: 'building', rule: rule.intRange(0, 2147483647), placeholder: fromMsg },
    amount: { icon: 'hashtag', rule: rule.intRange(1, 100000), placeholder: fromMsg },
    basestationId: { icon: 'rss', placeholder: fromMsg },
    streamDefinitionId: { icon: 'random', placeholder: fromMsg },
  },
});
