(function () {
  const F = window.IotFleet as IotFleetApi;
  // The IANA zones the browser knows (the runtime checks the same way, with Node's Intl)
  const zone = (v: string): boolean | string => {
    const z = String(v || '').trim();
    if (!z) return true;
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: z });
      return true;
    } catch {
      return 'an IANA time zone (Europe/Brussels) or UTC';
    }
  };
  RED.nodes.registerType('mythings-stream', {
    category: 'IoT fleet',
    color: '#C0A5E3',
    icon: 'mythings.svg',
    inputs: 0,
    outputs: 1,
    defaults: {
      name: { value: '' },
      url: { value: '/mythings/stream', required: true, validate: F.path() },
      auth: { value: 'none', required: true, validate: F.oneOf(['none', 'basic', 'header']) },
      output: { value: 'normalized', required: true, validate: F.oneOf(['normalized', 'raw']) },
      split: { value: false },
      timezone: { value: 'UTC', validate: zone },
      maxBytes: { value: 1048576, required: true, validate: F.intRange(1, 104857600) },
      // not required: flows saved before they existed lack them; blank means the default (100, 10 s)
      maxParts: { value: 100, validate: F.intRange(1, 1000) },
      bodyTimeout: { value: 10, validate: F.intRange(1, 3600) },
      // registration with MyThings (SPEC 5.6): optional, on when account and publicUrl are set
      account: { value: '', type: 'enco-account', required: false },
      publicUrl: { value: '', validate: (v: string): boolean => !v || /^https?:\/\/[^\s/?#]+[^\s?#]*$/i.test(String(v).trim()) },
      streamName: { value: '' },
      streamType: { value: 'DECODED', validate: F.oneOf(['NETWORK', 'DECODED', 'LOCATION', 'LBS']) },
      contentType: { value: 'JSON', validate: F.oneOf(['JSON', 'XML', 'FREEFORM']) },
      companyId: { value: '', validate: F.intRange(0, 2147483647) },
      template: { value: '' },
    },
    credentials: {
      user: { type: 'text' },
      password: { type: 'password' },
      headerName: { type: 'text' },
      headerValue: { type: 'password' },
    },
    paletteLabel: function (this: EditorNode) {
      return this._('mythings-stream.paletteLabel');
    },
    label: function (this: EditorNode) {
      return (this.name as string) || this._('mythings-stream.nodeLabel', { url: String(this.url || '') });
    },
    outputLabels: function (this: EditorNode) {
      return this._('mythings-stream.outputLabel.' + (this.output === 'raw' ? 'raw' : 'normalized'));
    },
    oneditprepare: function () {
      const toggle = (): void => {
        const auth = $('#node-input-auth').val();
        $('.iotf-stream-basic').toggle(auth === 'basic');
        $('.iotf-stream-header').toggle(auth === 'header');
        $('.iotf-stream-split').toggle($('#node-input-output').val() !== 'raw');
        $('.iotf-stream-template').toggle($('#node-input-contentType').val() === 'FREEFORM');
      };
      $('#node-input-contentType').on('change', toggle);
      $('#node-input-auth').on('change', toggle);
      $('#node-input-output').on('change', toggle);
      toggle();
    },
  });
})();
