import { defineNode, rule } from '../../editor-common/spec';
import { DEVICE_OUTPUTS, DEVICE_PAGES, DEVICE_STATES, LIMITS } from '../types';

const any = 'encloud-devices.placeholder.any';

export default defineNode({
  type: 'encloud-devices',
  platform: 'encloud',
  account: 'encloud-account',
  props: {
    keys: {
      value: 'cell.rssi',
      required: true,
      icon: 'list',
      placeholder: 'cell.rssi,cell.uptime,cell.rsrq',
      // Two parameters: Node-RED only takes a validator's reason string when it declares (value, opt).
      validate: function (v: string, opt?: unknown) {
        void opt;
        return /\S/.test(String(v || '').replace(/,/g, '')) || 'at least one key';
      },
    },
    devices: { icon: 'hdd-o', placeholder: { key: 'encloud-devices.placeholder.devices' } },
    timestamp: { value: '0', rule: rule.intRange(0, 99999999999), icon: 'clock-o', placeholder: { key: 'encloud-devices.placeholder.timestamp' } },
    customer_id: { icon: 'building', placeholder: { key: any } },
    state: { options: DEVICE_STATES, blank: any, icon: 'flag' },
    is_online: { options: ['true', 'false'], blank: any, icon: 'signal' },
    search: { icon: 'search', placeholder: { key: 'encloud-devices.placeholder.search' } },
    limit: { value: '100', required: true, options: LIMITS.map(String), optionLabels: { '-1': 'encloud-devices.limit.all' }, icon: 'th-list' },
    pages: { value: 'all', required: true, options: DEVICE_PAGES, icon: 'files-o', label: 'common.label.pages', optionKeys: true },
    output: { value: 'single', required: true, options: DEVICE_OUTPUTS, icon: 'sign-out', label: 'common.label.output', optionKeys: true },
  },
  label: function () {
    return (this.name as string) || this._('encloud-devices.nodeLabel', { output: this._('encloud-devices.output.' + (this.output || 'single')) });
  },
});
