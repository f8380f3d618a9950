(function () {
  const F = window.IotFleet as IotFleetApi;
  RED.nodes.registerType('encloud-request', {
    category: 'IoT fleet',
    color: '#87A9D6',
    icon: 'encloud.svg',
    inputs: 1,
    outputs: 1,
    defaults: {
      name: { value: '' },
      account: { value: '', type: 'encloud-account', required: true },
      method: { value: 'GET', required: true, validate: F.oneOf(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) },
      path: { value: '', validate: F.requestPath() },
    },
    paletteLabel: function (this: EditorNode) {
      return this._('encloud-request.paletteLabel');
    },
    label: function (this: EditorNode) {
      return (this.name as string) || (this.method as string) + ' ' + ((this.path as string) || this._('encloud-request.nodeLabel'));
    },
    inputLabels: function (this: EditorNode) {
      return this._('encloud-request.inputLabel');
    },
    outputLabels: function (this: EditorNode) {
      return this._('encloud-request.outputLabel');
    },
  });
})();
