(function () {
  const F = window.IotFleet as IotFleetApi;
  const FIELDS: Record<string, string[]> = {
    send: ['devEUI', 'fPort', 'ack', 'encrypted'],
    template: ['templateUid'],
    templates: [],
  };
  RED.nodes.registerType('mythings-downlink', {
    category: 'IoT fleet',
    color: '#C0A5E3',
    icon: 'mythings.svg',
    inputs: 1,
    outputs: 1,
    defaults: {
      name: { value: '' },
      account: { value: '', type: 'enco-account', required: true },
      operation: { value: 'send', required: true, validate: F.oneOf(['send', 'template', 'templates']) },
      devEUI: { value: '', validate: F.hex(16) },
      fPort: { value: '', validate: F.intRange(1, 255) },
      ack: { value: '', validate: F.oneOf(['0', '1']) },
      encrypted: { value: '', validate: F.oneOf(['0', '1']) },
      templateUid: { value: '' },
    },
    paletteLabel: function (this: EditorNode) {
      return this._('mythings-downlink.paletteLabel');
    },
    label: function (this: EditorNode) {
      return (this.name as string) || this._('mythings-downlink.nodeLabel', { operation: this._('mythings-downlink.operation.' + this.operation) });
    },
    inputLabels: function (this: EditorNode) {
      return this._('mythings-downlink.inputLabel');
    },
    outputLabels: function (this: EditorNode) {
      return this._('mythings-downlink.outputLabel');
    },
    oneditprepare: function () {
      F.operationFields('node-input-operation', FIELDS);
    },
  });
})();
