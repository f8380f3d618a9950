'use strict';
// EnCo M2M chaos scenario: reads = m2m-sim `get` (GET /simcards?msisdn=, retried), writes =
// m2m-sim `deactivate` of 500 different SIMs (POST /requests/deactivation: each accepted request
// creates one TrackingNumber in the simulator), client-credentials tokens expired every few
// seconds. The asynchronous status updates are not awaited here (`wait` off); the m2m-callback
// route is exercised by the lifecycle suite.
const secrets = require('../../lib/secrets');

const msisdn = (i) => '3247' + String(i).padStart(7, '0');
const WRONG_KEY = 'm2m-WRONG-apikey-50d1e3';

module.exports = {
  name: 'EnCo M2M',
  types: ['enco-account', 'm2m-sim'],
  sim: require('../../sim/enco-sim'),
  simOptions: () => ({ clients: { [secrets.encoClientId]: secrets.encoClientSecret }, m2mApiKeys: [secrets.m2mApiKey], m2mSimCount: 1200, m2mDelayMs: 50 }),

  async setup(sim) {
    return { before: sim.m2m.tracking.size };
  },

  flow(sim, tab, { timeout, retries, audit }) {
    const creds = { clientId: secrets.encoClientId, clientSecret: secrets.encoClientSecret, m2mApiKey: secrets.m2mApiKey };
    const f = {
      account: { id: `${tab}-acc`, type: 'enco-account', name: 'chaos', url: sim.url, authType: 'client', timeout, retries, concurrency: 4, credentials: creds },
      nodes: [
        { id: `${tab}-get`, type: 'm2m-sim', name: 'get', account: `${tab}-acc`, operation: 'get', wait: false },
        { id: `${tab}-deact`, type: 'm2m-sim', name: 'deactivate', account: `${tab}-acc`, operation: 'deactivate', identifierType: 'MSISDN', wait: false, credentials: { callbackToken: secrets.m2mCallbackToken } },
      ],
    };
    if (audit) {
      f.extraConfig = [{ id: `${tab}-badacc`, type: 'enco-account', name: 'bad key', url: sim.url, authType: 'client', timeout, retries: 0, credentials: { ...creds, m2mApiKey: WRONG_KEY } }];
      f.nodes.push({ id: `${tab}-bad`, type: 'm2m-sim', name: 'bad key', account: `${tab}-badacc`, operation: 'get', wait: false });
    }
    return f;
  },

  auditMsgs: (ctx, tab) => [
    { target: `${tab}-bad`, msg: { payload: msisdn(1) } },
    { target: `${tab}-get`, msg: { payload: '12ab' } },
    { target: `${tab}-get`, msg: { payload: '32999999999' } },
    // a callback token given in the msg is a secret too: removed from the msg that goes on
    { target: `${tab}-deact`, msg: { payload: msisdn(1100), callbackToken: secrets.m2mCallbackToken } },
    { target: `${tab}-deact`, msg: { payload: 'not-a-number' } },
  ],
  wrongSecrets: () => [WRONG_KEY],

  reads: {
    label: 'SIM get (GET)',
    target: (tab) => `${tab}-get`,
    msg: (i) => ({ topic: `r${i}`, payload: msisdn(i % 100) }),
  },

  writes: {
    label: 'deactivation requests (POST)',
    target: (tab) => `${tab}-deact`,
    msg: (i) => ({ topic: `w${i}`, payload: msisdn(100 + i) }),
    key: (msg) => msg.payload,
  },

  // the token endpoint too: a failed token request must cost a retry, not the msg
  chaosMatch: (req) => req.path.startsWith('/m2m/') || req.path === '/token',

  /** One identifier per accepted deactivation request of the chaos range (a duplicate request shows twice). */
  created(sim) {
    const inRange = (id) => id >= msisdn(100) && id < msisdn(1100);
    return sim.createdKeys('deactivation').filter(inRange);
  },

  expireTokens: (sim) => sim.expireTokens(),
  issuedTokens: (sim) => sim.issued,
  tokenRequests: (sim) => sim.counts.tokenRequests,
};
