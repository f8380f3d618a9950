(function () {
  const F = window.IotFleet as IotFleetApi;
  RED.nodes.registerType('enco-request', {
    category: 'IoT fleet',
    color: '#C0A5E3',
    icon: 'mythings.svg',
    inputs: 1,
    outputs: 1,
    defaults: {
      name: { value: '' },
      account: { value: '', type: 'enco-account', required: true },
      method: { value: 'GET', required: true, validate: F.oneOf(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) },
      path: { value: '', validate: F.requestPath() },
    },
    paletteLabel: function (this: EditorNode) {
      return this._('enco-request.paletteLabel');
    },
    label: function (this: EditorNode) {
      return (this.name as string) || (this.method as string) + ' ' + ((this.path as string) || this._('enco-request.nodeLabel'));
    },
    inputLabels: function (this: EditorNode) {
      return this._('enco-request.inputLabel');
    },
    outputLabels: function (this: EditorNode) {
      return this._('enco-request.outputLabel');
    },
  });
})();
