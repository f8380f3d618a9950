(function () {
  const F = window.IotFleet as IotFleetApi;
  RED.nodes.registerType('enco-account', {
    category: 'config',
    defaults: {
      name: { value: '' },
      url: { value: 'https://api.enco.io', required: true, validate: RED.validators.regex(/^https?:\/\/\S+$/) },
      authType: { value: 'client', required: true, validate: F.oneOf(['client', 'token']) },
      timeout: { value: 30000, required: true, validate: F.intRange(1, 600000) },
      retries: { value: 3, required: true, validate: F.intRange(0, 10) },
      concurrency: { value: 4, required: true, validate: F.intRange(1, 64) },
      tls: { value: '', type: 'tls-config', required: false },
      proxy: { value: '', type: 'http proxy', required: false },
    },
    credentials: {
      clientId: { type: 'text' },
      clientSecret: { type: 'password' },
      token: { type: 'password' },
      m2mApiKey: { type: 'password' },
    },
    paletteLabel: function (this: EditorNode) {
      return this._('enco-account.paletteLabel');
    },
    label: function (this: EditorNode) {
      return (this.name as string) || 'EnCo ' + String(this.url || '').replace(/^https?:\/\//, '');
    },
    oneditprepare: function (this: EditorNode) {
      const toggle = (): void => {
        const client = $('#node-config-input-authType').val() !== 'token';
        $('.iotf-enco-client').toggle(client);
        $('.iotf-enco-token').toggle(!client);
      };
      $('#node-config-input-authType').on('change', toggle);
      toggle();
      F.testConnection(this, ['url', 'authType', 'timeout', 'retries', 'concurrency', 'tls', 'proxy'], ['clientId', 'clientSecret', 'token', 'm2mApiKey']);
    },
  });
})();
