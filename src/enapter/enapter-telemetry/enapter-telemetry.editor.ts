import { defineNode, rule } from '../../editor-common/spec';

export default defineNode({
  type: 'enapter-telemetry',
  platform: 'enapter',
  account: 'enapter-account',
  props: {
    device_id: { placeholder: { key: 'common.placeholder.fromMsg' } },
    attributes: { label: true, placeholder: 'state, h2_flow_rate' },
    // mirrors buildLatestRequest of src/enapter/api.ts: whole seconds, 1 s .. 31 days
    relevance: { rule: rule.intRange(1, 31 * 24 * 3600), icon: 'clock-o', label: true, width: '100px' },
    output: { value: 'object', options: ['object', 'split'], label: 'common.label.output', optionKeys: 'enapter-telemetry.label' },
  },
  label: function () {
    return (this.name as string) || this._('enapter-telemetry.nodeLabel');
  },
});
