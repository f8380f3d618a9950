(function () {
  const F = window.IotFleet as IotFleetApi;
  RED.nodes.registerType('m2m-callback', {
    category: 'IoT fleet',
    color: '#E6B0D0',
    icon: 'm2m.svg',
    inputs: 0,
    outputs: 1,
    defaults: {
      name: { value: '' },
      url: { value: '/m2m/callback', required: true, validate: F.path() },
      account: { value: '', type: 'enco-account', required: false },
      // not required: flows saved before it existed lack it; blank means the default (10 s)
      bodyTimeout: { value: 10, validate: F.intRange(1, 3600) },
    },
    credentials: {
      callbackToken: { type: 'password' },
    },
    paletteLabel: function (this: EditorNode) {
      return this._('m2m-callback.paletteLabel');
    },
    label: function (this: EditorNode) {
      return (this.name as string) || this._('m2m-callback.nodeLabel', { url: this.url });
    },
    outputLabels: function (this: EditorNode) {
      return this._('m2m-callback.outputLabel');
    },
  });
})();
