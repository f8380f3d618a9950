(function () {
  const F = window.IotFleet as IotFleetApi;
  RED.nodes.registerType('enapter-telemetry', {
    category: 'IoT fleet',
    color: '#7FD0B0',
    icon: 'enapter.svg',
    inputs: 1,
    outputs: 1,
    defaults: {
      name: { value: '' },
      account: { value: '', type: 'enapter-account', required: true },
      device_id: { value: '' },
      attributes: { value: '' },
      // mirrors buildLatestRequest of src/enapter/api.ts: whole seconds, 1 s .. 31 days
      relevance: { value: '', validate: F.intRange(1, 31 * 24 * 3600) },
      output: { value: 'object', validate: F.oneOf(['object', 'split']) },
    },
    paletteLabel: function (this: EditorNode) {
      return this._('enapter-telemetry.paletteLabel');
    },
    label: function (this: EditorNode) {
      return (this.name as string) || this._('enapter-telemetry.nodeLabel');
    },
    inputLabels: function (this: EditorNode) {
      return this._('enapter-telemetry.inputLabel');
    },
    outputLabels: function (this: EditorNode) {
      return this._('enapter-telemetry.outputLabel');
    },
  });
})();
