'use strict';
// Enapter beyond provisioning under chaos (issue 15): the reads are latest-telemetry requests (GET,
// retried: every read must succeed), the writes are commands executed and waited for (one POST
// each, never retried once it may have reached Enapter, then GET reads of the execution until it
// is final). Invariants: one outcome and one `done` per msg; every command that succeeded ran once
// at the simulator, none ran twice, and the only others that ran are those whose answer came after
// the client's timeout. (Provisioning keeps its own scenario, enapter.js.)
const secrets = require('../../lib/secrets');
const enapterSim = require('../../sim/enapter-sim');

const WRONG_TOKEN = 'enapter-WRONG-token-1b7e0c';
const { electrolyser: EL, tank: TANK } = enapterSim.SEED;

module.exports = {
  name: 'Enapter fleet',
  types: ['enapter-account', 'enapter-telemetry', 'enapter-command'],
  sim: enapterSim,
  simOptions: () => ({ tokens: [secrets.enapterToken], commandDelayMs: 100 }),
  staticToken: true,
  readsRetried: true,

  async setup() {
    return {};
  },

  flow(sim, tab, { timeout, retries, audit }) {
    const f = {
      account: { id: `${tab}-acc`, type: 'enapter-account', name: 'chaos', url: sim.url, timeout, retries, concurrency: 4, credentials: { token: secrets.enapterToken } },
      nodes: [
        { id: `${tab}-tel`, type: 'enapter-telemetry', name: 'telemetry', account: `${tab}-acc`, device_id: '', attributes: '', relevance: '', output: 'object' },
        { id: `${tab}-cmd`, type: 'enapter-command', name: 'command', account: `${tab}-acc`, operation: 'execute', device_id: EL.device_id, command: '', wait: true, pollInterval: 0.1, waitTimeout: 20 },
      ],
    };
    if (audit) {
      f.extraConfig = [{ id: `${tab}-badacc`, type: 'enapter-account', name: 'bad', url: sim.url, timeout, retries: 0, credentials: { token: WRONG_TOKEN } }];
      f.nodes.push({ id: `${tab}-bad`, type: 'enapter-telemetry', name: 'bad token', account: `${tab}-badacc`, device_id: TANK.device_id, attributes: 'level' });
    }
    return f;
  },

  /** Failure paths for the secret audit: wrong token, validation, an unknown device, a refused command. */
  auditMsgs: (ctx, tab) => [
    { target: `${tab}-bad`, msg: { payload: {} } },
    { target: `${tab}-tel`, msg: { payload: { [EL.device_id]: [] } } },
    { target: `${tab}-tel`, msg: { payload: { 'no-such-device': ['state'] } } },
    { target: `${tab}-cmd`, msg: { payload: { name: 'self_test' } } },
    { target: `${tab}-cmd`, msg: { payload: { name: 'set_production_rate', arguments: { value: 500 } } } },
  ],
  wrongSecrets: () => [WRONG_TOKEN],
  testConnection: (sim) => ({ type: 'enapter-account', props: { url: sim.url, timeout: 2000 }, good: { token: secrets.enapterToken }, bad: { token: WRONG_TOKEN } }),

  reads: {
    label: 'latest telemetry of the electrolyser and the tank (GET)',
    target: (tab) => `${tab}-tel`,
    msg: (i) => ({ topic: `r${i}`, payload: { [EL.device_id]: ['state', 'h2_flow_rate', 'stack_temperature'], [TANK.device_id]: ['level'] } }),
  },

  writes: {
    label: 'commands executed and waited for (POST + GET polls)',
    target: (tab) => `${tab}-cmd`,
    msg: (i) => ({ topic: `w${i}`, payload: { name: 'set_production_rate', arguments: { value: i % 101, chaos_key: `w${i}` } } }),
    key: (msg) => msg.payload.arguments.chaos_key,
  },

  /** Every request gets faults: telemetry reads, command POSTs and the execution reads. */
  chaosMatch: (req) => req.path.startsWith('/v3/'),

  /** Keys of the commands the simulator ran (a command run twice would show twice). */
  created(sim) {
    return [...sim.executions.values()].map((e) => e.request.arguments && e.request.arguments.chaos_key).filter(Boolean);
  },

  expireTokens: null,
  issuedTokens: () => [],
};
