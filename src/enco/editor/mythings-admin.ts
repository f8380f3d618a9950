(function () {
  const F = window.IotFleet as IotFleetApi;
  const FIELDS: Record<string, string[]> = {
    thingTypes: [],
    vendors: [],
    connectivityPlans: [],
    deviceAddresses: ['companyId', 'amount'],
    reserveDeviceAddresses: ['companyId', 'amount'],
    assignDeviceAddresses: ['companyId'],
    updateBasestation: ['basestationId', 'companyId'],
    listStreamDefinitions: [],
    getStreamDefinition: ['streamDefinitionId'],
    createStreamDefinition: ['companyId'],
    updateStreamDefinition: ['streamDefinitionId'],
    deleteStreamDefinition: ['streamDefinitionId'],
  };
  RED.nodes.registerType('mythings-admin', {
    category: 'IoT fleet',
    color: '#C0A5E3',
    icon: 'mythings.svg',
    inputs: 1,
    outputs: 1,
    defaults: {
      name: { value: '' },
      account: { value: '', type: 'enco-account', required: true },
      operation: {
        value: 'thingTypes',
        required: true,
        validate: F.oneOf([
          'thingTypes',
          'vendors',
          'connectivityPlans',
          'deviceAddresses',
          'reserveDeviceAddresses',
          'assignDeviceAddresses',
          'updateBasestation',
          'listStreamDefinitions',
          'getStreamDefinition',
          'createStreamDefinition',
          'updateStreamDefinition',
          'deleteStreamDefinition',
        ]),
      },
      companyId: { value: '', validate: F.intRange(0, 2147483647) },
      amount: { value: '', validate: F.intRange(1, 100000) },
      basestationId: { value: '' },
      streamDefinitionId: { value: '' },
    },
    paletteLabel: function (this: EditorNode) {
      return this._('mythings-admin.paletteLabel');
    },
    label: function (this: EditorNode) {
      return (this.name as string) || this._('mythings-admin.nodeLabel', { operation: this._('mythings-admin.operation.' + this.operation) });
    },
    inputLabels: function (this: EditorNode) {
      return this._('mythings-admin.inputLabel');
    },
    outputLabels: function (this: EditorNode) {
      return this._('mythings-admin.outputLabel');
    },
    oneditprepare: function () {
      F.operationFields('node-input-operation', FIELDS);
    },
  });
})();
