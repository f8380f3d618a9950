'use strict';
// Known secret values used by every test, the sandbox and the chaos suite. The secret audit
// searches everything captured during the tests for them (SPEC 3.6).
module.exports = {
  enapterToken: 'enapter-SECRET-token-5c1f9e27a4',
  encoClientId: 'enco-client-id-public-1',
  encoClientSecret: 'enco-SECRET-client-8d2b6f01',
  encoPermanentToken: 'enco-SECRET-permanent-3a7c55d9',
  m2mApiKey: 'm2m-SECRET-apikey-9e4d2c18',
  m2mCallbackToken: 'm2m-SECRET-callback-61b0f7aa',
  encloudEmail: 'api.user@example.com',
  encloudPassword: 'encloud-SECRET-pass-4f8e21',
  encloudApiKey: 'encloud-SECRET-apikey-77c3d0',
  streamPassword: 'stream-SECRET-pass-2d9a4b',
  streamHeaderValue: 'stream-SECRET-header-8c1e3f',
  hotlinkKey: 'hotlink-SECRET-key-5e7a91c2d3',
};
