'use strict';
// What the SPEC says each operation of a node uses, so the browser test can check that the edit
// dialog shows exactly those rows (rows marked data-iotf-field="<field> [<field>...]"). Only node
// types listed here get the exact check; every node type with an operation select gets the generic
// checks (each marked row is shown for some operation and hidden for another; switching back
// restores the same rows).
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
};

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
};

module.exports = { SPEC_FIELDS, INVALID_INPUTS };
