(function () {
  const F = window.IotFleet as IotFleetApi;
  // The node properties each operation uses (SPEC 5.2); the other rows are hidden.
  const FIELDS: Record<string, string[]> = {
    list: ['thingName', 'results'],
    get: ['thingIdentifier'],
    create: ['connectivityType', 'companyId', 'thingTypeId', 'connectivityPlan', 'motionIndicator'],
    update: ['thingIdentifier', 'companyId', 'thingTypeId', 'connectivityPlan', 'motionIndicator'],
    delete: ['thingIdentifier'],
    provision: ['thingIdentifier'],
    deprovision: ['thingIdentifier'],
    tags: ['thingIdentifier'],
    type: ['thingIdentifier'],
    deleteContainer: ['thingIdentifier', 'containerFriendlyName'],
  };
  RED.nodes.registerType('mythings-thing', {
    category: 'IoT fleet',
    color: '#C0A5E3',
    icon: 'mythings.svg',
    inputs: 1,
    outputs: 1,
    defaults: {
      name: { value: '' },
      account: { value: '', type: 'enco-account', required: true },
      operation: {
        value: 'get',
        required: true,
        validate: F.oneOf(['list', 'get', 'create', 'update', 'delete', 'provision', 'deprovision', 'tags', 'type', 'deleteContainer']),
      },
      thingIdentifier: { value: '' },
      connectivityType: { value: '', validate: F.oneOf(['LORA.OTAA', 'LORA.ABP', 'ETHERNET']) },
      companyId: { value: '', validate: F.intRange(0, 2147483647) },
      thingTypeId: { value: '', validate: F.intRange(0, 2147483647) },
      connectivityPlan: { value: '' },
      motionIndicator: { value: '', validate: F.oneOf(['Near static', 'Walking speed', 'Vehicle speed', 'Random']) },
      containerFriendlyName: { value: '' },
      thingName: { value: '' },
      results: { value: '', validate: F.intRange(1, 100000) },
    },
    paletteLabel: function (this: EditorNode) {
      return this._('mythings-thing.paletteLabel');
    },
    label: function (this: EditorNode) {
      return (this.name as string) || this._('mythings-thing.nodeLabel', { operation: this._('mythings-thing.operation.' + this.operation) });
    },
    inputLabels: function (this: EditorNode) {
      return this._('mythings-thing.inputLabel');
    },
    outputLabels: function (this: EditorNode) {
      return this._('mythings-thing.outputLabel');
    },
    oneditprepare: function () {
      F.operationFields('node-input-operation', FIELDS);
    },
  });
})();
