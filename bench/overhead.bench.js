'use strict';
// Per-msg overhead of the package's nodes, measured side by side in ONE Node-RED process against
// the simulators (which run in this process):
//   node      msgs through the node (enapter-provision, enapter-telemetry, mythings-downlink, encloud-devices)
//   raw       the same HTTP requests from a plain axios loop (keep-alive agent) inside the same
//             Node-RED process, at the same concurrency: target node <= 1.25 x raw
//   core      the same job built from core `function` + `http request` nodes with hand-made
//             token handling (token in flow context, fetched when missing, dropped on 401): target
//             node faster than core
// and the token requests made by 1,000 cold concurrent msgs on one enco-account (target 1).
// Each figure is the median of ROUNDS rounds; the three variants alternate within a round.
// Run: `npm run bench` (all benches) or `npm run build && node --expose-gc bench/overhead.bench.js`.
// Env: BENCH_MSGS (default 1000), BENCH_CONCURRENCY (8), BENCH_ROUNDS (5); a profile of the Node-RED
// process: IOT_FLEET_NR_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof".
const path = require('path');
const crypto = require('crypto');
const { NodeRedProcess } = require('../test/chaos/lib/nodered');
const secrets = require('../test/lib/secrets');

process.env.IOT_FLEET_BACKOFF_BASE_MS = process.env.IOT_FLEET_BACKOFF_BASE_MS || '20';

const MSGS = Number(process.env.BENCH_MSGS || 1000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY || 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS || 5);
const COLD = 1000;
const SITE = 'sitebba0-79f2-4e9e-a6f0-69a310ab110b';
const THING = '0004A30B001C0001';
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** A core-node flow: prep (function, 2 outputs) -> http request -> check (function), with a token branch. */
function coreFlow(tab, { prep, tokenStore, check }) {
  const httpNode = (id, wires) => ({ id, z: tab, type: 'http request', name: id, method: 'use', ret: 'obj', paytoqs: 'ignore', url: '', tls: '', persist: true, proxy: '', insecureHTTPParser: false, authType: '', senderr: false, headers: [], x: 400, y: 100, wires });
  const fn = (id, func, outputs, wires) => ({ id, z: tab, type: 'function', name: id, func, outputs, timeout: 0, noerr: 0, initialize: '', finalize: '', libs: [], x: 200, y: 100, wires });
  return [
    fn(`${tab}-prep`, prep, 2, [[`${tab}-api`], [`${tab}-tok`]]),
    httpNode(`${tab}-api`, [[`${tab}-check`]]),
    fn(`${tab}-check`, check, 2, [[`${tab}-out`], [`${tab}-prep`]]),
    httpNode(`${tab}-tok`, [[`${tab}-store`]]),
    fn(`${tab}-store`, tokenStore, 1, [[`${tab}-prep`]]),
  ];
}

const CHECK = `
if (msg.statusCode === 401 && !msg._retried) {
  flow.set('tok', null);
  msg._retried = true;
  msg.payload = msg._job;
  return [null, msg];
}
if (msg.statusCode >= 300) { node.error('HTTP ' + msg.statusCode, msg); return null; }
return [msg, null];`;

/** The platforms measured: node under test + its raw request + its hand-made core flow. */
function platforms(sims) {
  const enapter = sims.enapter;
  const enco = sims.enco;
  const encloud = sims.encloud;
  const list = [];
  /** An Enapter platform: its account, token header and core flow (env BASE, TOKEN and `env`). */
  const enapterCase = (name, tab, { node, msg, raw, prep, env }) => ({
    name,
    types: ['enapter-account', node.type],
    tab,
    account: { id: `${tab}-acc`, type: 'enapter-account', url: enapter.url, timeout: 10000, retries: 3, concurrency: 8, credentials: { token: secrets.enapterToken } },
    node: { id: `${tab}-node`, type: node.type, account: `${tab}-acc`, ...node },
    msg,
    raw,
    rawHeaders: () => ({ 'X-Enapter-Auth-Token': secrets.enapterToken, 'X-Enapter-Allow-HTTP': 'true' }),
    baseURL: enapter.url,
    core: {
      prep,
      tokenStore: 'return msg;',
      check: CHECK,
      env: [{ name: 'BASE', value: enapter.url, type: 'str' }, { name: 'TOKEN', value: secrets.enapterToken, type: 'str' }, ...env],
    },
  });
  if (enapter) {
    const hw = (i) => 'BENCH' + String(i % 200).padStart(10, '0');
    list.push(
      enapterCase('enapter-provision', 'b-enapter', {
        node: { type: 'enapter-provision', operation: 'vucm', site_id: SITE },
        msg: (i) => ({ payload: { hardware_id: hw(i), name: 'bench' } }),
        raw: (i) => ({ method: 'POST', path: '/v3/provisioning/vucm', body: { site_id: SITE, hardware_id: hw(i), name: 'bench' } }),
        prep: `
msg._job = msg._job || msg.payload;
msg.method = 'POST';
msg.url = env.get('BASE') + '/v3/provisioning/vucm';
msg.headers = { 'X-Enapter-Auth-Token': env.get('TOKEN'), 'X-Enapter-Allow-HTTP': 'true', 'Content-Type': 'application/json' };
msg.payload = Object.assign({ site_id: env.get('SITE') }, msg._job);
return [msg, null];`,
        env: [{ name: 'SITE', value: SITE, type: 'str' }],
      }),
    );
    // a telemetry read: the latest values of the seeded electrolyser (3 attributes) and tank (1), one GET
    const { SEED } = require('../test/sim/enapter-sim');
    const EL = SEED.electrolyser.device_id;
    const TANK = SEED.tank.device_id;
    const query = `?devices%5B${EL}%5D=state%2Ch2_flow_rate%2Cstack_temperature&devices%5B${TANK}%5D=level`;
    list.push(
      enapterCase('enapter-telemetry', 'b-enapter-tel', {
        node: { type: 'enapter-telemetry', output: 'object' },
        msg: () => ({ payload: { [EL]: ['state', 'h2_flow_rate', 'stack_temperature'], [TANK]: ['level'] } }),
        raw: () => ({ method: 'GET', path: '/v3/telemetry/latest' + query }),
        prep: `
msg._job = msg._job || msg.payload;
msg.method = 'GET';
msg.url = env.get('BASE') + '/v3/telemetry/latest' + env.get('QUERY');
msg.headers = { 'X-Enapter-Auth-Token': env.get('TOKEN'), 'X-Enapter-Allow-HTTP': 'true' };
delete msg.payload;
return [msg, null];`,
        env: [{ name: 'QUERY', value: query, type: 'str' }],
      }),
    );
  }
  if (enco) {
    list.push({
      name: 'mythings-downlink',
      types: ['enco-account', 'mythings-downlink'],
      tab: 'b-enco',
      account: { id: 'b-enco-acc', type: 'enco-account', url: enco.url, authType: 'client', timeout: 10000, retries: 3, concurrency: 8, credentials: { clientId: secrets.encoClientId, clientSecret: secrets.encoClientSecret } },
      node: { id: 'b-enco-node', type: 'mythings-downlink', account: 'b-enco-acc', operation: 'send', fPort: '1' },
      msg: (i) => ({ payload: { devEUI: THING, fPort: 1 + (i % 200), payload: '0A0B0C' } }),
      raw: (i) => ({ method: 'POST', path: '/mythings/1.1.0/downlink', body: { devEUI: THING, fPort: String(1 + (i % 200)), payload: '0A0B0C' } }),
      rawHeaders: async () => ({ Authorization: 'Bearer ' + (await encoToken(enco)) }),
      baseURL: enco.url,
      core: {
        prep: `
msg._job = msg._job || msg.payload;
const tok = flow.get('tok');
if (!tok) {
  msg.method = 'POST';
  msg.url = env.get('BASE') + '/token?grant_type=client_credentials&scope=openid&client_id=' + encodeURIComponent(env.get('CID')) + '&client_secret=' + encodeURIComponent(env.get('CSECRET'));
  msg.headers = { 'Content-Type': 'application/x-www-form-urlencoded' };
  msg.payload = '';
  return [null, msg];
}
msg.method = 'POST';
msg.url = env.get('BASE') + '/mythings/1.1.0/downlink';
msg.headers = { Authorization: 'Bearer ' + tok, 'Content-Type': 'application/json' };
msg.payload = { devEUI: msg._job.devEUI, fPort: String(msg._job.fPort), payload: msg._job.payload };
return [msg, null];`,
        tokenStore: `
if (msg.statusCode === 200 && msg.payload && msg.payload.access_token) flow.set('tok', msg.payload.access_token);
msg.payload = msg._job;
return msg;`,
        check: CHECK,
        env: [
          { name: 'BASE', value: enco.url, type: 'str' },
          { name: 'CID', value: secrets.encoClientId, type: 'str' },
          { name: 'CSECRET', value: secrets.encoClientSecret, type: 'str' },
        ],
      },
    });
  }
  if (encloud) {
    const basic = 'Basic ' + Buffer.from(`${secrets.encloudEmail}:${crypto.createHash('md5').update(secrets.encloudPassword).digest('hex')}`).toString('base64');
    list.push({
      name: 'encloud-devices',
      types: ['encloud-account', 'encloud-devices'],
      tab: 'b-encloud',
      account: { id: 'b-encloud-acc', type: 'encloud-account', url: encloud.url, timeout: 10000, retries: 3, concurrency: 8, credentials: { email: secrets.encloudEmail, password: secrets.encloudPassword, apiKey: secrets.encloudApiKey } },
      node: { id: 'b-encloud-node', type: 'encloud-devices', account: 'b-encloud-acc', keys: 'cell.rssi', limit: '10', pages: 'one', output: 'single', timestamp: '0' },
      msg: (i) => ({ payload: { page: 1 + (i % 10) } }),
      raw: (i) => ({ method: 'GET', path: `/integration/devices?keys=cell.rssi&limit=10&timestamp=0&page=${1 + (i % 10)}` }),
      rawHeaders: async () => ({ Authorization: await encloudToken(encloud, basic), 'API-KEY': secrets.encloudApiKey }),
      baseURL: encloud.url,
      core: {
        prep: `
msg._job = msg._job || msg.payload;
const tok = flow.get('tok');
if (!tok) {
  msg.method = 'GET';
  msg.url = env.get('BASE') + '/integration/users/authorise';
  msg.headers = { Authorization: env.get('BASIC') };
  delete msg.payload;
  return [null, msg];
}
msg.method = 'GET';
msg.url = env.get('BASE') + '/integration/devices?keys=cell.rssi&limit=10&timestamp=0&page=' + msg._job.page;
msg.headers = { Authorization: tok, 'API-KEY': env.get('KEY') };
delete msg.payload;
return [msg, null];`,
        tokenStore: `
if (msg.statusCode === 200 && msg.payload && msg.payload.user) flow.set('tok', msg.payload.user.auth_token);
msg.payload = msg._job;
return msg;`,
        check: CHECK,
        env: [
          { name: 'BASE', value: encloud.url, type: 'str' },
          { name: 'BASIC', value: basic, type: 'str' },
          { name: 'KEY', value: secrets.encloudApiKey, type: 'str' },
        ],
      },
    });
  }
  return list;
}

async function encoToken(sim) {
  const { post } = require('../test/sim/framework');
  const r = await post(`${sim.url}/token?grant_type=client_credentials&scope=openid&client_id=${secrets.encoClientId}&client_secret=${secrets.encoClientSecret}`, '', { 'Content-Type': 'application/x-www-form-urlencoded' });
  return JSON.parse(r.body).access_token;
}

function encloudToken(sim, basic) {
  const http = require('http');
  return new Promise((resolve, reject) => {
    http
      .get(`${sim.url}/integration/users/authorise`, { headers: { Authorization: basic }, agent: false }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString()).user.auth_token));
      })
      .on('error', reject);
  });
}

function table(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  return rows.map((r, i) => r.map((cell, c) => String(cell).padEnd(widths[c])).join(' | ') + (i === 0 ? '\n' + widths.map((w) => '-'.repeat(w)).join('-|-') : '')).join('\n');
}

async function main() {
  const sims = {};
  const simModules = { enapter: 'enapter-sim', enco: 'enco-sim', encloud: 'encloud-sim' };
  const nr = await new NodeRedProcess({ logLevel: 'warn' }).start();
  try {
    for (const [k, m] of Object.entries(simModules)) {
      let mod;
      try {
        mod = require(path.join('..', 'test', 'sim', m));
      } catch {
        continue;
      }
      const opts =
        k === 'enapter'
          ? { tokens: [secrets.enapterToken] }
          : k === 'enco'
            ? { clients: { [secrets.encoClientId]: secrets.encoClientSecret } }
            : { apiUsers: [{ email: secrets.encloudEmail, password: secrets.encloudPassword }], apiKeys: [secrets.encloudApiKey], devices: 100 };
      sims[k] = mod.create(opts);
      await sims[k].start();
      sims[k].logging = false;
    }
    const all = platforms(sims);
    const list = all.filter((p) => p.types.every((t) => nr.types.has(t)));
    for (const p of all) if (!list.includes(p)) console.log(`(${p.name}: not measured, its node types are not built)`);
    const flows = [];
    for (const p of list) {
      flows.push(
        { id: p.tab, type: 'tab', label: p.name, env: p.core.env },
        p.account,
        { ...p.node, z: p.tab, x: 200, y: 50, wires: [[`${p.tab}-out`]] },
        ...coreFlow(p.tab, p.core),
        { id: `${p.tab}-out`, z: p.tab, type: 'iot-fleet-probe', role: 'out', x: 600, y: 100, wires: [] },
        { id: `${p.tab}-catch`, z: p.tab, type: 'catch', scope: null, uncaught: false, x: 100, y: 300, wires: [[`${p.tab}-caught`]] },
        { id: `${p.tab}-caught`, z: p.tab, type: 'iot-fleet-probe', role: 'caught', x: 600, y: 300, wires: [] },
      );
    }
    await nr.deploy(flows, 'full');
    const axiosPath = require.resolve('axios');
    const rows = [['operation', 'msgs x conc.', 'node ms', 'raw axios ms', 'core nodes ms', 'node/raw (<=1.25)', 'node/core (<1)', 'node us/msg over raw', 'CPU us/msg node / raw / core', 'CPU node/raw', 'errors']];
    const summary = [];
    for (const p of list) {
      const msgs = Array.from({ length: MSGS }, (_, i) => p.msg(i));
      const headers = await p.rawHeaders();
      const requests = Array.from({ length: MSGS }, (_, i) => p.raw(i));
      const t = { node: [], raw: [], core: [] };
      const cpu = { node: [], raw: [], core: [] };
      let errors = 0;
      const runNode = async () => {
        const r = await nr.drive(p.node.id, msgs, { concurrency: CONCURRENCY, settleMs: 0, light: true, poll: 50 });
        errors += r.entries.filter((e) => e.errors.length).length;
        cpu.node.push(r.cpuMs);
        return r.ms;
      };
      const runCore = async () => {
        const r = await nr.drive(`${p.tab}-prep`, msgs, { concurrency: CONCURRENCY, settleMs: 0, finishOn: 'output', light: true, poll: 50 });
        errors += r.entries.filter((e) => e.errors.length).length;
        cpu.core.push(r.cpuMs);
        return r.ms;
      };
      const runRaw = async () => {
        const r = await nr.admin('POST', '/iot-fleet-probe/raw', { axiosPath, baseURL: p.baseURL, headers, requests, concurrency: CONCURRENCY });
        if (r.status !== 200) throw new Error('raw loop: ' + r.text);
        errors += r.body.failed;
        cpu.raw.push(r.body.cpuMs);
        return r.body.ms;
      };
      // warm-up (JIT, keep-alive sockets, tokens)
      await runNode();
      await runCore();
      await runRaw();
      errors = 0;
      for (const k of Object.keys(cpu)) cpu[k].length = 0;
      // the order rotates every round, so that a burst of background load hits every variant alike
      const variants = [
        ['node', runNode],
        ['raw', runRaw],
        ['core', runCore],
      ];
      for (let round = 0; round < ROUNDS; round++) {
        for (let k = 0; k < variants.length; k++) {
          const [name, fn] = variants[(round + k) % variants.length];
          t[name].push(await fn());
        }
      }
      const node = median(t.node);
      const raw = median(t.raw);
      const core = median(t.core);
      const us = (k) => ((median(cpu[k]) * 1000) / MSGS).toFixed(0);
      rows.push([p.name, `${MSGS} x ${CONCURRENCY}`, node.toFixed(0), raw.toFixed(0), core.toFixed(0), (node / raw).toFixed(2), (node / core).toFixed(2), (((node - raw) * 1000) / MSGS).toFixed(0), `${us('node')} / ${us('raw')} / ${us('core')}`, (median(cpu.node) / median(cpu.raw)).toFixed(2), errors]);
      summary.push({ name: p.name, nodeVsRaw: node / raw, nodeVsCore: node / core, errors });
    }
    console.log(`\nPer-msg overhead (median of ${ROUNDS} rounds, Node-RED ${nr.version || ''} in one process, simulators in the bench process;`);
    console.log(`CPU = the Node-RED process's CPU time per msg, less sensitive than wall time to other load on the machine; load average ${require('os').loadavg()[0].toFixed(1)} on ${require('os').cpus().length} CPUs)\n`);
    console.log(table(rows));

    // token requests for 1,000 cold concurrent msgs on one enco-account
    let cold = null;
    if (sims.enco && nr.types.has('mythings-downlink')) {
      const sim = sims.enco;
      sim.expireTokens();
      const before = sim.counts.tokenRequests;
      const tab = 'b-cold';
      await nr.deploy(
        [
          ...flows,
          { id: tab, type: 'tab', label: 'cold' },
          { id: `${tab}-acc`, type: 'enco-account', url: sim.url, authType: 'client', timeout: 20000, retries: 3, concurrency: 8, credentials: { clientId: secrets.encoClientId, clientSecret: secrets.encoClientSecret } },
          { id: `${tab}-node`, z: tab, type: 'mythings-downlink', account: `${tab}-acc`, operation: 'send', x: 200, y: 50, wires: [[`${tab}-out`]] },
          { id: `${tab}-out`, z: tab, type: 'iot-fleet-probe', role: 'out', x: 600, y: 100, wires: [] },
        ],
        'full',
      );
      const msgs = Array.from({ length: COLD }, (_, i) => ({ payload: { devEUI: THING, fPort: 1 + (i % 200), payload: '01' } }));
      const r = await nr.drive(`${tab}-node`, msgs, { concurrency: COLD, settleMs: 0, light: true, poll: 50 });
      const ok = r.entries.filter((e) => e.outs.length === 1).length;
      cold = { tokenRequests: sim.counts.tokenRequests - before, ok, ms: r.ms };
      console.log(`\nToken requests for ${COLD} cold concurrent msgs on one enco-account: ${cold.tokenRequests} (target 1); ${ok}/${COLD} msgs ok in ${r.ms} ms`);
    }
    const fails = [];
    for (const s of summary) {
      if (s.nodeVsRaw > 1.25) fails.push(`${s.name}: node/raw ${s.nodeVsRaw.toFixed(2)} > 1.25`);
      if (s.nodeVsCore >= 1) fails.push(`${s.name}: node/core ${s.nodeVsCore.toFixed(2)} >= 1`);
      if (s.errors) fails.push(`${s.name}: ${s.errors} errors`);
    }
    if (cold && cold.tokenRequests !== 1) fails.push(`cold token requests ${cold.tokenRequests} != 1`);
    console.log(fails.length ? `\nTARGETS MISSED: ${fails.join('; ')}` : '\nAll targets met.');
    process.exitCode = fails.length && process.env.BENCH_STRICT ? 1 : 0;
  } finally {
    await nr.stop();
    for (const s of Object.values(sims)) await s.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
