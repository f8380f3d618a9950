'use strict';
// enCloud chaos scenario: reads = encloud-devices (GET /integration/devices, one page of 10),
// writes = encloud-user create (POST /integration/users, new e-mails). The auth_token has no
// lifetime: the simulator rotates it every few seconds (`sim.rotateToken()`), after which the old
// token answers 401 and the client authorises again once. The authorise call itself is under
// chaos too (GET: retried).
const secrets = require('../../lib/secrets');

const WRONG_PASSWORD = 'encloud-WRONG-pass-a81c2e';
const email = (i) => `chaos.user.${i}@example.com`;

module.exports = {
  name: 'enCloud',
  types: ['encloud-account', 'encloud-devices', 'encloud-user'],
  sim: require('../../sim/encloud-sim'),
  simOptions: () => ({
    apiUsers: [{ email: secrets.encloudEmail, password: secrets.encloudPassword, name: 'API User' }],
    apiKeys: [secrets.encloudApiKey],
    devices: 120,
  }),

  async setup(sim) {
    return { before: sim.users.size };
  },

  flow(sim, tab, { timeout, retries, audit }) {
    const f = {
      account: {
        id: `${tab}-acc`,
        type: 'encloud-account',
        name: 'chaos',
        url: sim.url,
        hashedPassword: false,
        timeout,
        retries,
        concurrency: 4,
        credentials: { email: secrets.encloudEmail, password: secrets.encloudPassword, apiKey: secrets.encloudApiKey },
      },
      nodes: [
        { id: `${tab}-devices`, type: 'encloud-devices', name: 'devices', account: `${tab}-acc`, keys: 'cell.rssi,cell.status', limit: '10', pages: 'one', output: 'single', timestamp: '0' },
        { id: `${tab}-user`, type: 'encloud-user', name: 'create user', account: `${tab}-acc`, operation: 'create' },
      ],
    };
    if (audit) {
      f.extraConfig = [
        {
          id: `${tab}-badacc`,
          type: 'encloud-account',
          name: 'bad',
          url: sim.url,
          timeout,
          retries: 0,
          credentials: { email: secrets.encloudEmail, password: WRONG_PASSWORD, apiKey: secrets.encloudApiKey },
        },
      ];
      f.nodes.push({ id: `${tab}-bad`, type: 'encloud-devices', name: 'bad password', account: `${tab}-badacc`, keys: 'cell.rssi', limit: '10', pages: 'one' });
    }
    return f;
  },

  auditMsgs: (ctx, tab) => [
    { target: `${tab}-bad`, msg: { payload: {} } },
    { target: `${tab}-devices`, msg: { payload: { limit: 7 } } },
    { target: `${tab}-user`, msg: { payload: { email: 'not-an-email', user_type: 'ADMIN', name: 'x', customer_id: 'SDK15' } } },
    { target: `${tab}-user`, msg: { payload: { email: 'audit.user@example.com', user_type: 'ADMIN', name: 'Audit', customer_id: 'SDK15' } } },
    { target: `${tab}-user`, msg: { payload: { email: 'audit.user@example.com', user_type: 'ADMIN', name: 'Audit', customer_id: 'SDK15' } } },
    { target: `${tab}-user`, msg: { payload: { email: 'audit.user2@example.com', user_type: 'VIEWER', name: 'Audit', customer_id: 'NO-SUCH' } } },
  ],
  wrongSecrets: () => [WRONG_PASSWORD],
  testConnection: (sim) => ({
    type: 'encloud-account',
    props: { url: sim.url, timeout: 2000 },
    good: { email: secrets.encloudEmail, password: secrets.encloudPassword, apiKey: secrets.encloudApiKey },
    bad: { email: secrets.encloudEmail, password: WRONG_PASSWORD, apiKey: secrets.encloudApiKey },
  }),

  reads: {
    label: 'devices, one page (GET)',
    target: (tab) => `${tab}-devices`,
    msg: (i) => ({ topic: `r${i}`, payload: { page: (i % 12) + 1 } }),
  },

  writes: {
    label: 'user create (POST)',
    target: (tab) => `${tab}-user`,
    msg: (i) => ({ topic: `w${i}`, payload: { email: email(i), user_type: i % 2 ? 'VIEWER' : 'ADMIN', name: `Chaos User ${i}`, customer_id: 'SDK15' } }),
    key: (msg) => msg.payload.email.toLowerCase(),
  },

  bulk: {
    target: (tab) => `${tab}-user`,
    msg: (i) => ({
      topic: `b${i}`,
      payload: Array.from({ length: 10 }, (_, k) => ({ email: `chaos.bulk.${i * 10 + k}@example.com`, user_type: 'VIEWER', name: `Bulk ${i * 10 + k}`, customer_id: 'SDT15' })),
    }),
    key: (item) => item && String(item.email).toLowerCase(),
    isBulkKey: (k) => k.startsWith('chaos.bulk.'),
  },

  chaosMatch: (req) => req.path.startsWith('/integration/'),

  /** Keys of the create requests the simulator accepted, one per request (a repeat shows twice). */
  created(sim) {
    return sim.createdKeys('user').filter((k) => k.startsWith('chaos.user.') || k.startsWith('chaos.bulk.'));
  },
  createdCount: (sim, ctx) => sim.users.size - ctx.before,

  expireTokens: (sim) => sim.rotateToken(),
  issuedTokens: (sim) => sim.issued,
  tokenRequests: (sim) => sim.counts.authorise,
};
