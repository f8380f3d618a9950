(function () {
  const F = window.IotFleet as IotFleetApi;
  // Which fields each operation uses (SPEC 7.2); the rest are hidden in the dialog.
  const FIELDS: Record<string, string[]> = {
    ucm: ['site_id', 'protocol'],
    vucm: ['site_id'],
    embedded: ['site_id', 'protocol', 'device_type'],
    link_master: ['site_id'],
    link_slave: ['site_id', 'master_device_id'],
    standalone: ['site_id'],
    lua_device: ['runtime_id', 'blueprint_id'],
    gateway: ['site_id', 'gateway_version', 'site_timezone'],
  };
  RED.nodes.registerType('enapter-provision', {
    category: 'IoT fleet',
    color: '#7FD0B0',
    icon: 'enapter.svg',
    inputs: 1,
    outputs: 1,
    defaults: {
      name: { value: '' },
      account: { value: '', type: 'enapter-account', required: true },
      operation: { value: 'ucm', required: true, validate: F.oneOf(['ucm', 'vucm', 'embedded', 'link_master', 'link_slave', 'standalone', 'lua_device', 'gateway']) },
      site_id: { value: '' },
      protocol: { value: '', validate: F.oneOf(['MQTT', 'MQTTS']) },
      device_type: { value: '', validate: F.oneOf(['ELECTROLYSER', 'DRYER', 'WATER_TANK']) },
      master_device_id: { value: '' },
      runtime_id: { value: '' },
      blueprint_id: { value: '' },
      gateway_version: { value: '' },
      site_timezone: { value: '', validate: F.timeZone() },
    },
    paletteLabel: function (this: EditorNode) {
      return this._('enapter-provision.paletteLabel');
    },
    label: function (this: EditorNode) {
      return (this.name as string) || this._('enapter-provision.nodeLabel', { operation: this._('enapter-provision.operation.' + this.operation) });
    },
    inputLabels: function (this: EditorNode) {
      return this._('enapter-provision.inputLabel');
    },
    outputLabels: function (this: EditorNode) {
      return this._('enapter-provision.outputLabel');
    },
    oneditprepare: function () {
      F.operationFields('node-input-operation', FIELDS);
    },
  });
})();
