'use strict';
// Enapter chaos scenario: enapter-provision only writes (POST), so the "reads" are 1,000
// re-provisions of hardware that already exists (the vendor answers them with the same device_id
// and creates nothing) and the writes are 500 provisions of new hardware. POST is retried only on
// 429 and refused connections (SPEC 3.6), so a re-provision may fail; the invariants are: one
// outcome and one `done` per msg, nothing created by a re-provision, every success created once.
const secrets = require('../../lib/secrets');
const { post } = require('../../sim/framework');

const WRONG_TOKEN = 'enapter-WRONG-token-1b7e0c';
const SITE = 'sitebba0-79f2-4e9e-a6f0-69a310ab110b';
const hw = (prefix, i) => `${prefix}${String(i).padStart(24, '0')}`.slice(0, 32);

module.exports = {
  name: 'Enapter',
  types: ['enapter-account', 'enapter-provision'],
  sim: require('../../sim/enapter-sim'),
  simOptions: () => ({ tokens: [secrets.enapterToken] }),
  staticToken: true,
  readsRetried: false,

  async setup(sim) {
    // 100 devices provisioned before the chaos starts: the targets of the re-provisions
    for (let i = 0; i < 100; i++) {
      const r = await post(
        sim.url + '/v3/provisioning/ucm',
        { site_id: SITE, hardware_id: hw('PRE', i), name: `pre ${i}`, protocol: 'MQTTS' },
        { 'Content-Type': 'application/json', 'X-Enapter-Auth-Token': secrets.enapterToken, 'X-Enapter-Allow-HTTP': 'true' },
      );
      if (r.status !== 200) throw new Error('setup provision failed: ' + r.body);
    }
    return { createdBefore: sim.created };
  },

  flow(sim, tab, { timeout, retries, audit }) {
    const f = {
      account: { id: `${tab}-acc`, type: 'enapter-account', name: 'chaos', url: sim.url, timeout, retries, concurrency: 4, credentials: { token: secrets.enapterToken } },
      nodes: [{ id: `${tab}-prov`, type: 'enapter-provision', name: 'provision', account: `${tab}-acc`, operation: 'ucm', site_id: SITE, protocol: 'MQTTS' }],
    };
    if (audit) {
      // an account with a token the API rejects (403): its error must not carry the token
      f.extraConfig = [{ id: `${tab}-badacc`, type: 'enapter-account', name: 'bad', url: sim.url, timeout, retries: 0, credentials: { token: WRONG_TOKEN } }];
      f.nodes.push({ id: `${tab}-bad`, type: 'enapter-provision', name: 'bad token', account: `${tab}-badacc`, operation: 'vucm', site_id: SITE });
    }
    return f;
  },

  /** Failure paths for the secret audit: wrong token, validation, unknown site, bulk, gateway (MQTT keys). */
  auditMsgs: (ctx, tab) => [
    { target: `${tab}-bad`, msg: { payload: { hardware_id: 'AUDIT0001', name: 'audit' } } },
    { target: `${tab}-prov`, msg: { payload: { hardware_id: 'AUDIT0002' } } },
    { target: `${tab}-prov`, msg: { payload: { site_id: 'no-such-site', hardware_id: 'AUDIT0003', name: 'audit' } } },
    { target: `${tab}-prov`, msg: { operation: 'ucm', payload: [{ hardware_id: 'AUDIT0004', name: 'a', protocol: 'MQTT' }, { hardware_id: 'AUDIT0005' }] } },
    {
      target: `${tab}-prov`,
      msg: { operation: 'gateway', payload: { hardware_id: 'AUDITGW01', gateway_version: '2.0', site_name: 'Audit', site_timezone: 'Europe/Brussels', site_location: { latitude: 50.8, longitude: 4.3 } } },
    },
  ],
  wrongSecrets: () => [WRONG_TOKEN],
  testConnection: (sim) => ({ type: 'enapter-account', props: { url: sim.url, timeout: 2000 }, good: { token: secrets.enapterToken }, bad: { token: WRONG_TOKEN } }),

  reads: {
    label: 're-provisions (POST, idempotent)',
    target: (tab) => `${tab}-prov`,
    msg: (i) => ({ topic: `r${i}`, payload: { hardware_id: hw('PRE', i % 100), name: `pre ${i % 100}` } }),
  },

  writes: {
    label: 'provisions (POST, create)',
    target: (tab) => `${tab}-prov`,
    msg: (i) => ({ topic: `w${i}`, payload: { site_id: SITE, hardware_id: hw('NEW', i), name: `chaos device ${i}` } }),
    key: (msg) => msg.payload.hardware_id,
  },

  bulk: {
    target: (tab) => `${tab}-prov`,
    msg: (i) => ({ topic: `b${i}`, payload: Array.from({ length: 10 }, (_, k) => ({ hardware_id: hw('BLK', i * 10 + k), name: `bulk ${i * 10 + k}` })) }),
    key: (item) => item && item.hardware_id,
    isBulkKey: (k) => k.startsWith('BLK'),
  },

  /** Requests that get faults: the provisioning API. */
  chaosMatch: (req) => req.path.startsWith('/v3/provisioning/'),

  /** Keys of the create requests the simulator accepted for new hardware, one per request (a repeat shows twice). */
  created(sim) {
    return sim.createdKeys().filter((k) => /^(NEW|BLK)/.test(k));
  },
  createdCount: (sim, ctx) => sim.created - ctx.createdBefore,

  expireTokens: null,
  issuedTokens: () => [],
};
