(function () {
  const F = window.IotFleet as IotFleetApi;
  RED.nodes.registerType('enapter-request', {
    category: 'IoT fleet',
    color: '#7FD0B0',
    icon: 'enapter.svg',
    inputs: 1,
    outputs: 1,
    defaults: {
      name: { value: '' },
      account: { value: '', type: 'enapter-account', required: true },
      method: { value: 'GET', required: true, validate: F.oneOf(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) },
      path: { value: '', validate: F.requestPath() },
    },
    paletteLabel: function (this: EditorNode) {
      return this._('enapter-request.paletteLabel');
    },
    label: function (this: EditorNode) {
      return (this.name as string) || (this.method as string) + ' ' + ((this.path as string) || this._('enapter-request.nodeLabel'));
    },
    inputLabels: function (this: EditorNode) {
      return this._('enapter-request.inputLabel');
    },
    outputLabels: function (this: EditorNode) {
      return this._('enapter-request.outputLabel');
    },
  });
})();
