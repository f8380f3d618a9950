(function () {
  const F = window.IotFleet as IotFleetApi;
  const FIELDS: Record<string, string[]> = {
    locations: ['thingIdentifier', 'pages', 'timeframe'],
    decodedLogs: ['thingIdentifier', 'pages', 'timeframe'],
    decodedLogCount: ['thingIdentifier', 'interval'],
    networkLogs: ['thingIdentifier', 'pages', 'timeframe'],
    networkLogCount: ['thingIdentifier', 'interval'],
    containerValues: ['thingIdentifier', 'containerName', 'results'],
    basestations: [],
    basestation: ['basestationId'],
    businessRules: [],
    triggeredRules: [],
    triggeredRule: ['businessRuleId'],
    containerDefinitions: ['thingTypeName'],
    status: [],
  };
  RED.nodes.registerType('mythings-query', {
    category: 'IoT fleet',
    color: '#C0A5E3',
    icon: 'mythings.svg',
    inputs: 1,
    outputs: 1,
    defaults: {
      name: { value: '' },
      account: { value: '', type: 'enco-account', required: true },
      operation: {
        value: 'decodedLogs',
        required: true,
        validate: F.oneOf([
          'locations',
          'decodedLogs',
          'decodedLogCount',
          'networkLogs',
          'networkLogCount',
          'containerValues',
          'basestations',
          'basestation',
          'businessRules',
          'triggeredRules',
          'triggeredRule',
          'containerDefinitions',
          'status',
        ]),
      },
      thingIdentifier: { value: '' },
      pages: { value: 'one', validate: F.oneOf(['one', 'all']) },
      timeframe: { value: '', validate: F.intRange(1, 100000) },
      interval: { value: '', validate: F.oneOf(['HOURLY', 'DAILY', 'WEEKLY', 'MONTHLY']) },
      containerName: { value: '' },
      results: { value: '', validate: F.intRange(1, 100000) },
      basestationId: { value: '' },
      businessRuleId: { value: '', validate: F.intRange(0, 2147483647) },
      thingTypeName: { value: '' },
    },
    paletteLabel: function (this: EditorNode) {
      return this._('mythings-query.paletteLabel');
    },
    label: function (this: EditorNode) {
      return (this.name as string) || this._('mythings-query.nodeLabel', { operation: this._('mythings-query.operation.' + this.operation) });
    },
    inputLabels: function (this: EditorNode) {
      return this._('mythings-query.inputLabel');
    },
    outputLabels: function (this: EditorNode) {
      return this._('mythings-query.outputLabel');
    },
    oneditprepare: function () {
      F.operationFields('node-input-operation', FIELDS);
    },
  });
})();
