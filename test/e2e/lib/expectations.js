'use strict';
// What the SPEC says each operation of a node uses (its request fields and path parameters), so the
// browser test can check that the edit dialog shows only those rows (rows marked
// data-iotf-field="<field> [<field>...]"): a row shown for an operation must name a field of that
// operation. For the types in EXACT, every marked row of a field the operation uses must be shown too.
// Every node type with an operation select also gets the generic checks (each marked row is shown
// for some operation and hidden for another; switching back restores the same rows).
const SPEC_FIELDS = {
  // SPEC 7.2 (required fields, plus the optional site_id of gateway; protocol defaults to MQTTS).
  'enapter-provision': {
    ucm: ['site_id', 'hardware_id', 'name', 'protocol'],
    vucm: ['site_id', 'hardware_id', 'name'],
    embedded: ['device_type', 'site_id', 'hardware_id', 'name', 'protocol'],
    link_master: ['site_id', 'hardware_id', 'name'],
    link_slave: ['site_id', 'hardware_id', 'name', 'master_device_id'],
    standalone: ['site_id', 'name'],
    lua_device: ['runtime_id', 'blueprint_id', 'name', 'slug'],
    gateway: ['hardware_id', 'gateway_version', 'site_name', 'site_timezone', 'site_location', 'site_id'],
  },
  // SPEC 5.2 (and the seed's ThingCreateRequest / ThingUpdateRequest).
  'mythings-thing': {
    list: ['isPublic', 'lastActivity', 'modifiedSince', 'results', 'tags', 'thingName'],
    get: ['thingIdentifier'],
    create: ['connectivityType', 'companyId', 'thingTypeId', 'thingIdentifier', 'thingName', 'description', 'isPublic', 'tags', 'latitude', 'longitude', 'connectivityPlan', 'deviceAddress', 'motionIndicator', 'keys'],
    update: ['thingIdentifier', 'thingName', 'description', 'isPublic', 'tags', 'latitude', 'longitude', 'locationFN1', 'locationFN2', 'companyId', 'thingTypeId', 'connectivityPlan', 'deviceAddress', 'motionIndicator', 'keysLoRaOTAA', 'keysLoRaABP'],
    delete: ['thingIdentifier'],
    provision: ['thingIdentifier'],
    deprovision: ['thingIdentifier'],
    tags: ['thingIdentifier', 'tags'],
    type: ['thingIdentifier'],
    deleteContainer: ['thingIdentifier', 'containerFriendlyName'],
  },
  // SPEC 5.3
  'mythings-downlink': {
    send: ['devEUI', 'fPort', 'payload', 'encrypted', 'ack'],
    template: ['templateUid', 'thingIdentifiers'],
    templates: [],
  },
  // SPEC 5.4 (`pages` for the paged operations: PageResource answers).
  'mythings-query': {
    locations: ['thingIdentifier', 'page', 'timeframe', 'pages'],
    decodedLogs: ['thingIdentifier', 'page', 'timeframe', 'pages'],
    decodedLogCount: ['thingIdentifier', 'interval'],
    networkLogs: ['thingIdentifier', 'page', 'timeframe', 'startTime', 'endTime', 'pages'],
    networkLogCount: ['thingIdentifier', 'interval', 'startTime', 'endTime'],
    containerValues: ['thingIdentifier', 'containerName', 'startTime', 'endTime', 'results'],
    basestations: [],
    basestation: ['basestationId'],
    businessRules: [],
    triggeredRules: [],
    triggeredRule: ['businessRuleId', 'action', 'containerName'],
    containerDefinitions: ['thingTypeName'],
    status: [],
  },
  // SPEC 5.5 (query, path and body fields of each request).
  'mythings-admin': {
    thingTypes: [],
    vendors: [],
    connectivityPlans: [],
    deviceAddresses: ['companyId', 'amount'],
    reserveDeviceAddresses: ['companyId', 'amount'],
    assignDeviceAddresses: ['companyId', 'devAddresses'],
    updateBasestation: ['basestationId', 'companyId', 'latitude', 'longitude', 'locationName'],
    listStreamDefinitions: [],
    getStreamDefinition: ['streamDefinitionId'],
    createStreamDefinition: ['companyId', 'name', 'url', 'type', 'active', 'autoLink', 'contentType', 'basicAuth', 'mutualAuth', 'template', 'headers', 'userName', 'password'],
    updateStreamDefinition: ['streamDefinitionId', 'companyId', 'name', 'url', 'type', 'active', 'autoLink', 'contentType', 'basicAuth', 'mutualAuth', 'template', 'headers', 'userName', 'password'],
    deleteStreamDefinition: ['streamDefinitionId'],
  },
  // SPEC 6.1 / 6.2: the four requests take the devices, the callback token and the wait settings;
  // configureCallback's `url` is the dialog's callbackUrl.
  'm2m-sim': {
    get: ['msisdn'],
    activate: ['identifier', 'identifierType', 'callbackToken', 'wait', 'waitTimeout'],
    deactivate: ['identifier', 'identifierType', 'callbackToken', 'wait', 'waitTimeout'],
    reactivate: ['identifier', 'identifierType', 'callbackToken', 'wait', 'waitTimeout'],
    terminate: ['identifier', 'identifierType', 'callbackToken', 'wait', 'waitTimeout'],
    configureCallback: ['callbackUrl', 'headers'],
  },
  // SPEC 4.3
  'encloud-user': {
    create: ['user_type', 'email', 'name', 'customer_id'],
    update: ['email', 'user_type', 'name', 'changed_email'],
    delete: ['email'],
  },
};
const EXACT = new Set(['enapter-provision']);

// Values the editor must flag (Node-RED's input-error class, node invalid) before deploy, as the
// runtime would reject them with INVALID_INPUT. `field` is matched against the input ids
// (node-input-<field>), case-insensitively, as a regular expression.
const INVALID_INPUTS = {
  'enapter-provision': [
    { operation: 'gateway', field: '^site_timezone$', value: 'Mars/Base' },
    { operation: 'gateway', field: '^site_timezone$', value: 'Berlin' },
  ],
  'mythings-downlink': [{ field: 'deveui', value: '00112233445566ZZ' }],
  'm2m-sim': [
    { operation: 'get', field: '^msisdn$', value: 'not-a-number' },
    { operation: 'configureCallback', field: '^callbackUrl$', value: 'ftp://example.com/cb' },
  ],
  'encloud-devices': [{ field: '^keys$', value: ' , ' }],
  // SPEC 10: the path guard, mirrored in the dialog
  'encloud-request': [{ field: '^path$', value: '/integration/../admin' }],
  'enco-request': [{ field: '^path$', value: '/%2e%2e/token' }],
  'enapter-request': [{ field: '^path$', value: 'https://evil.example/v3/sites' }],
};

module.exports = { SPEC_FIELDS, EXACT, INVALID_INPUTS };
