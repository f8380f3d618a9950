import { defineNode, fromMsg, rule } from '../../editor-common/spec';
import { RELEVANCE_MAX_S } from '../types';

export default defineNode({
  type: 'enapter-telemetry',
  platform: 'enapter',
  account: 'enapter-account',
  props: {
    device_id: { placeholder: fromMsg },
    attributes: { label: true, placeholder: 'state, h2_flow_rate' },
    // the bounds of buildLatestRequest (enapter/api.ts)
    relevance: { rule: rule.intRange(1, RELEVANCE_MAX_S), icon: 'clock-o', label: true, width: '100px' },
    output: { value: 'object', options: ['object', 'split'], label: 'common.label.output', optionKeys: 'enapter-telemetry.label' },
  },
  label: function () {
    return (this.name as string) || this._('enapter-telemetry.nodeLabel');
  },
});
