(function () {
  const F = window.IotFleet as IotFleetApi;
  RED.nodes.registerType('encloud-devices', {
    category: 'IoT fleet',
    color: '#87A9D6',
    icon: 'encloud.svg',
    inputs: 1,
    outputs: 1,
    defaults: {
      name: { value: '' },
      account: { value: '', type: 'encloud-account', required: true },
      keys: {
        value: 'cell.rssi',
        required: true,
        // Two parameters: Node-RED only takes a validator's reason string when it declares (value, opt).
        validate: function (v: string, opt?: unknown) {
          void opt;
          return /\S/.test(String(v || '').replace(/,/g, '')) || 'at least one key';
        },
      },
      devices: { value: '' },
      timestamp: { value: '0', validate: F.intRange(0, 99999999999) },
      customer_id: { value: '' },
      state: { value: '', validate: F.oneOf(['Registered', 'Waiting For Response', 'Passive', 'Expired']) },
      is_online: { value: '', validate: F.oneOf(['true', 'false']) },
      search: { value: '' },
      limit: { value: '100', required: true, validate: F.oneOf(['10', '25', '50', '100', '-1']) },
      pages: { value: 'all', required: true, validate: F.oneOf(['all', 'one']) },
      output: { value: 'single', required: true, validate: F.oneOf(['single', 'page', 'device']) },
    },
    paletteLabel: function (this: EditorNode) {
      return this._('encloud-devices.paletteLabel');
    },
    label: function (this: EditorNode) {
      return (this.name as string) || this._('encloud-devices.nodeLabel', { output: this._('encloud-devices.output.' + (this.output || 'single')) });
    },
    inputLabels: function (this: EditorNode) {
      return this._('encloud-devices.inputLabel');
    },
    outputLabels: function (this: EditorNode) {
      return this._('encloud-devices.outputLabel');
    },
  });
})();
