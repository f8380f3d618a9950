(function () {
  const F = window.IotFleet as IotFleetApi;
  // Which fields each operation uses (SPEC 6.1); the rest are hidden in the dialog.
  const REQUEST = ['identifier', 'callbackToken', 'wait'];
  const FIELDS: Record<string, string[]> = {
    get: ['msisdn'],
    activate: REQUEST,
    deactivate: REQUEST,
    reactivate: REQUEST,
    terminate: REQUEST,
    configureCallback: ['callbackUrl'],
  };
  const DIGITS: Record<string, [number, number]> = { MSISDN: [8, 15], ICCID: [18, 22], IMSI: [15, 15] };
  // Two parameters: Node-RED only takes a validator's reason string when it declares (value, opt).
  const digits = (type: string, v: string): boolean | string => {
    const s = String(v || '').trim();
    if (!s) return true;
    const r = DIGITS[type] || DIGITS.MSISDN;
    return (/^\d+$/.test(s) && s.length >= r[0] && s.length <= r[1]) || type + ': ' + (r[0] === r[1] ? r[0] : r[0] + '-' + r[1]) + ' digits';
  };
  RED.nodes.registerType('m2m-sim', {
    category: 'IoT fleet',
    color: '#E6B0D0',
    icon: 'm2m.svg',
    inputs: 1,
    outputs: 2,
    defaults: {
      name: { value: '' },
      account: { value: '', type: 'enco-account', required: true },
      operation: { value: 'get', required: true, validate: F.oneOf(['get', 'activate', 'deactivate', 'reactivate', 'terminate', 'configureCallback']) },
      msisdn: {
        value: '',
        validate: function (v: string, opt?: unknown) {
          void opt;
          return digits('MSISDN', v);
        },
      },
      identifier: {
        value: '',
        validate: function (this: EditorNode, v: string, opt?: unknown) {
          void opt;
          const t = $('#node-input-identifierType').length ? $('#node-input-identifierType').val() : (this.identifierType as string);
          return digits(t || 'MSISDN', v);
        },
      },
      identifierType: { value: 'MSISDN', validate: F.oneOf(['MSISDN', 'ICCID', 'IMSI']) },
      callbackUrl: {
        value: '',
        validate: function (v: string, opt?: unknown) {
          void opt;
          return !v || /^https?:\/\/\S+$/.test(v) || 'an http(s) URL';
        },
      },
      wait: { value: false },
      waitTimeout: { value: 300, validate: F.intRange(1, 86400) },
    },
    credentials: {
      callbackToken: { type: 'password' },
    },
    paletteLabel: function (this: EditorNode) {
      return this._('m2m-sim.paletteLabel');
    },
    label: function (this: EditorNode) {
      return (this.name as string) || this._('m2m-sim.nodeLabel', { operation: this._('m2m-sim.operation.' + this.operation) });
    },
    inputLabels: function (this: EditorNode) {
      return this._('m2m-sim.inputLabel');
    },
    outputLabels: function (this: EditorNode, index: number) {
      return this._(index === 0 ? 'm2m-sim.outputLabel.answer' : 'm2m-sim.outputLabel.updates');
    },
    oneditprepare: function () {
      F.operationFields('node-input-operation', FIELDS);
      const toggleTimeout = (): void => {
        const op = $('#node-input-operation').val();
        $('.iotf-m2m-timeout').toggle(FIELDS[op] === REQUEST && $('#node-input-wait').is(':checked'));
      };
      $('#node-input-wait').on('change', toggleTimeout);
      $('#node-input-operation').on('change', toggleTimeout);
      toggleTimeout();
    },
  });
})();
