import { defineNode, fromMsg, rule } from '../../editor-common/spec';
import { COMMAND_FIELDS } from '../types';

export default defineNode({
  type: 'enapter-command',
  platform: 'enapter',
  account: 'enapter-account',
  operations: { value: 'execute', fields: COMMAND_FIELDS },
  props: {
    // every operation takes a device_id: its row is always shown
    device_id: { placeholder: fromMsg },
    command: { icon: 'terminal', label: true, placeholder: fromMsg },
    wait: { value: true, icon: 'hourglass-half', label: true, hint: 'enapter-command.label.waitHint' },
    pollInterval: { value: 1, rule: rule.numRange(0.1, 3600), icon: 'refresh', label: true, width: '100px', show: 'wait' },
    waitTimeout: { value: 60, rule: rule.numRange(0.1, 86400), icon: 'clock-o', label: true, width: '100px', show: 'wait' },
  },
  label: function () {
    return (this.name as string) || (this.command as string) || this._('enapter-command.nodeLabel', { operation: this._('enapter-command.operation.' + this.operation) });
  },
});
