(function () {
  const F = window.IotFleet as IotFleetApi;
  // Which fields each operation uses (SPEC 7.3); the rest are hidden in the dialog.
  const FIELDS: Record<string, string[]> = {
    list: ['site_id', 'expand'],
    get: ['device_id', 'expand'],
    update: ['device_id'],
    delete: ['device_id'],
    assignBlueprint: ['device_id', 'blueprint_id'],
    generateConfig: ['device_id', 'protocol'],
    sites: [],
    site: ['site_id'],
  };
  const EXPANDS = ['manifest', 'properties', 'connectivity', 'communication', 'raised_alert_names'];
  RED.nodes.registerType('enapter-device', {
    category: 'IoT fleet',
    color: '#7FD0B0',
    icon: 'enapter.svg',
    inputs: 1,
    outputs: 1,
    defaults: {
      name: { value: '' },
      account: { value: '', type: 'enapter-account', required: true },
      operation: { value: 'list', required: true, validate: F.oneOf(Object.keys(FIELDS)) },
      device_id: { value: '' },
      site_id: { value: '' },
      // mirrors expandList of src/enapter/api.ts
      expand: {
        value: '',
        validate: function (v: string) {
          const parts = String(v || '').split(',').map((s) => s.trim()).filter((s) => s !== '');
          return parts.every((p) => EXPANDS.indexOf(p) >= 0);
        },
      },
      blueprint_id: { value: '' },
      protocol: { value: '', validate: F.oneOf(['MQTT', 'MQTTS']) },
    },
    paletteLabel: function (this: EditorNode) {
      return this._('enapter-device.paletteLabel');
    },
    label: function (this: EditorNode) {
      return (this.name as string) || this._('enapter-device.nodeLabel', { operation: this._('enapter-device.operation.' + this.operation) });
    },
    inputLabels: function (this: EditorNode) {
      return this._('enapter-device.inputLabel');
    },
    outputLabels: function (this: EditorNode) {
      return this._('enapter-device.outputLabel');
    },
    oneditprepare: function () {
      F.operationFields('node-input-operation', FIELDS);
    },
  });
})();
