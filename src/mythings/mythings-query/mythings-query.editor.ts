import { defineNode, fromMsg, rule } from '../../editor-common/spec';
import { INTERVALS, PAGES, QUERY_FIELDS } from '../types';

export default defineNode({
  type: 'mythings-query',
  platform: 'mythings',
  account: 'enco-account',
  operations: { value: 'decodedLogs', fields: QUERY_FIELDS },
  props: {
    thingIdentifier: { icon: 'microchip', placeholder: fromMsg },
    pages: { value: 'one', icon: 'files-o', options: PAGES, optionKeys: true },
    timeframe: { icon: 'clock-o', rule: rule.intRange(1, 100000), placeholder: fromMsg },
    interval: { icon: 'calendar', options: INTERVALS, blank: fromMsg.key },
    containerName: { icon: 'archive', placeholder: fromMsg },
    results: { icon: 'list-ol', rule: rule.intRange(1, 100000), placeholder: fromMsg },
    basestationId: { icon: 'rss', placeholder: fromMsg },
    businessRuleId: { icon: 'gavel', rule: rule.intRange(0, 2147483647), placeholder: fromMsg },
    thingTypeName: { icon: 'cube', placeholder: fromMsg },
  },
});
