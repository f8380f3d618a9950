(function () {
  const F = window.IotFleet as IotFleetApi;
  // The node properties each operation uses as defaults (SPEC 4.3); the rest are hidden.
  const FIELDS: Record<string, string[]> = {
    create: ['user_type', 'customer_id'],
    update: [],
    delete: [],
  };
  RED.nodes.registerType('encloud-user', {
    category: 'IoT fleet',
    color: '#87A9D6',
    icon: 'encloud.svg',
    inputs: 1,
    outputs: 1,
    defaults: {
      name: { value: '' },
      account: { value: '', type: 'encloud-account', required: true },
      operation: { value: 'create', required: true, validate: F.oneOf(['create', 'update', 'delete']) },
      user_type: { value: '', validate: F.oneOf(['ADMIN', 'VIEWER']) },
      customer_id: { value: '' },
    },
    paletteLabel: function (this: EditorNode) {
      return this._('encloud-user.paletteLabel');
    },
    label: function (this: EditorNode) {
      return (this.name as string) || this._('encloud-user.nodeLabel', { operation: this._('encloud-user.operation.' + this.operation) });
    },
    inputLabels: function (this: EditorNode) {
      return this._('encloud-user.inputLabel');
    },
    outputLabels: function (this: EditorNode) {
      return this._('encloud-user.outputLabel');
    },
    oneditprepare: function () {
      F.operationFields('node-input-operation', FIELDS);
    },
  });
})();
