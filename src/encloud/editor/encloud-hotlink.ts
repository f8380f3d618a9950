(function () {
  RED.nodes.registerType('encloud-hotlink', {
    category: 'IoT fleet',
    color: '#87A9D6',
    icon: 'encloud.svg',
    inputs: 1,
    outputs: 1,
    defaults: {
      name: { value: '' },
      account: { value: '', type: 'encloud-account', required: true },
      customer_id: { value: '' },
      device_id: { value: '' },
    },
    paletteLabel: function (this: EditorNode) {
      return this._('encloud-hotlink.paletteLabel');
    },
    label: function (this: EditorNode) {
      return (this.name as string) || this._('encloud-hotlink.nodeLabel');
    },
    inputLabels: function (this: EditorNode) {
      return this._('encloud-hotlink.inputLabel');
    },
    outputLabels: function (this: EditorNode) {
      return this._('encloud-hotlink.outputLabel');
    },
  });
})();
