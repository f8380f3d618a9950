(function () {
  const F = window.IotFleet as IotFleetApi;
  RED.nodes.registerType('encloud-account', {
    category: 'config',
    defaults: {
      name: { value: '' },
      url: { value: 'https://myenCloud.com', required: true, validate: RED.validators.regex(/^https?:\/\/\S+$/) },
      hashedPassword: { value: false },
      timeout: { value: 30000, required: true, validate: F.intRange(1, 600000) },
      retries: { value: 3, required: true, validate: F.intRange(0, 10) },
      concurrency: { value: 4, required: true, validate: F.intRange(1, 64) },
      tls: { value: '', type: 'tls-config', required: false },
      proxy: { value: '', type: 'http proxy', required: false },
    },
    credentials: {
      email: { type: 'text' },
      password: { type: 'password' },
      apiKey: { type: 'password' },
    },
    paletteLabel: function (this: EditorNode) {
      return this._('encloud-account.paletteLabel');
    },
    label: function (this: EditorNode) {
      return (this.name as string) || 'enCloud ' + String(this.url || '').replace(/^https?:\/\//, '');
    },
    oneditprepare: function (this: EditorNode) {
      F.testConnection(this, ['url', 'hashedPassword', 'timeout', 'retries', 'concurrency', 'tls', 'proxy'], ['email', 'password', 'apiKey']);
    },
  });
})();
