'use strict';
// EnCo MyThings chaos scenario: reads = mythings-thing `get` (GET /things/{id}, retried), writes =
// mythings-thing `create` (POST /things, new LoRa OTAA things), client-credentials tokens that
// the simulator expires every few seconds (every request then needs the one re-authentication).
const secrets = require('../../lib/secrets');

const WRONG_SECRET = 'enco-WRONG-client-secret-4410';
const BASE = '/mythings/1.1.0';
const thingId = (i) => 'C4A05' + i.toString(16).toUpperCase().padStart(11, '0');

module.exports = {
  name: 'EnCo MyThings',
  types: ['enco-account', 'mythings-thing'],
  sim: require('../../sim/enco-sim'),
  simOptions: () => ({ clients: { [secrets.encoClientId]: secrets.encoClientSecret } }),

  async setup(sim) {
    const before = sim.things.size;
    const readIds = [...sim.things.keys()];
    return { before, readIds };
  },

  flow(sim, tab, { timeout, retries, audit }) {
    const f = {
      account: {
        id: `${tab}-acc`,
        type: 'enco-account',
        name: 'chaos',
        url: sim.url,
        authType: 'client',
        timeout,
        retries,
        concurrency: 4,
        credentials: { clientId: secrets.encoClientId, clientSecret: secrets.encoClientSecret, m2mApiKey: secrets.m2mApiKey },
      },
      nodes: [
        { id: `${tab}-get`, type: 'mythings-thing', name: 'get', account: `${tab}-acc`, operation: 'get' },
        { id: `${tab}-create`, type: 'mythings-thing', name: 'create', account: `${tab}-acc`, operation: 'create' },
      ],
    };
    if (audit) {
      f.extraConfig = [
        { id: `${tab}-badacc`, type: 'enco-account', name: 'bad', url: sim.url, authType: 'client', timeout, retries: 0, credentials: { clientId: secrets.encoClientId, clientSecret: WRONG_SECRET } },
        { id: `${tab}-permacc`, type: 'enco-account', name: 'permanent', url: sim.url, authType: 'token', timeout, retries: 0, credentials: { token: secrets.encoPermanentToken } },
      ];
      f.nodes.push(
        { id: `${tab}-bad`, type: 'mythings-thing', name: 'bad secret', account: `${tab}-badacc`, operation: 'get' },
        { id: `${tab}-perm`, type: 'mythings-thing', name: 'permanent token', account: `${tab}-permacc`, operation: 'get' },
      );
    }
    return f;
  },

  /** Failure paths for the secret audit: wrong client secret, revoked permanent token, validation, 404, 409. */
  auditMsgs: (ctx, tab) => [
    { target: `${tab}-bad`, msg: { payload: ctx.readIds[0] } },
    { target: `${tab}-perm`, msg: { payload: ctx.readIds[0] } },
    { target: `${tab}-create`, msg: { payload: { thingName: 'no company', connectivityType: 'LORA.OTAA', thingIdentifier: 'XYZ' } } },
    { target: `${tab}-get`, msg: { payload: 'FFFFFFFFFFFFFFFF' } },
    { target: `${tab}-create`, msg: { payload: { companyId: 162, thingTypeId: 10, connectivityType: 'LORA.OTAA', thingIdentifier: ctx.readIds[0], keys: { applicationEUI: '70B3D57ED0000001', applicationKey: 'A1B2C3D4E5F60718293A4B5C6D7E8F90' } } } },
  ],
  wrongSecrets: () => [WRONG_SECRET],
  testConnection: (sim) => ({
    type: 'enco-account',
    props: { url: sim.url, timeout: 2000, authType: 'client' },
    good: { clientId: secrets.encoClientId, clientSecret: secrets.encoClientSecret },
    bad: { clientId: secrets.encoClientId, clientSecret: WRONG_SECRET },
  }),

  reads: {
    label: 'thing get (GET)',
    target: (tab) => `${tab}-get`,
    msg: (i, ctx) => ({ topic: `r${i}`, payload: ctx.readIds[i % ctx.readIds.length] }),
  },

  writes: {
    label: 'thing create (POST)',
    target: (tab) => `${tab}-create`,
    msg: (i) => ({
      topic: `w${i}`,
      payload: {
        companyId: 162,
        thingTypeId: 10,
        connectivityType: 'LORA.OTAA',
        thingIdentifier: thingId(i),
        thingName: `chaos thing ${i}`,
        keys: { applicationEUI: '70B3D57ED0000001', applicationKey: 'A1B2C3D4E5F60718293A4B5C6D7E8F90' },
      },
    }),
    key: (msg) => msg.payload.thingIdentifier,
  },

  bulk: {
    target: (tab) => `${tab}-create`,
    msg: (i) => ({
      topic: `b${i}`,
      payload: Array.from({ length: 10 }, (_, k) => ({
        companyId: 162,
        thingTypeId: 10,
        connectivityType: 'LORA.OTAA',
        thingIdentifier: 'C4A06' + (i * 10 + k).toString(16).toUpperCase().padStart(11, '0'),
        keys: { applicationEUI: '70B3D57ED0000001', applicationKey: 'A1B2C3D4E5F60718293A4B5C6D7E8F90' },
      })),
    }),
    key: (item) => item && item.thingIdentifier,
    isBulkKey: (k) => k.startsWith('C4A06'),
  },

  // the token endpoint too: a failed token request must cost a retry, not the msg
  chaosMatch: (req) => req.path.startsWith(BASE + '/') || req.path === '/token',

  /** Keys of the create requests the simulator accepted, one per request (a repeat shows twice). */
  created(sim) {
    return sim.createdKeys('thing').filter((k) => /^C4A0[56]/.test(k));
  },
  createdCount: (sim, ctx) => sim.things.size - ctx.before,

  expireTokens: (sim) => sim.expireTokens(),
  issuedTokens: (sim) => sim.issued,
  tokenRequests: (sim) => sim.counts.tokenRequests,
};
