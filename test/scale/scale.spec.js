'use strict';
// `npm run test:scale` (issue 18, SPEC 11): several Node-RED instances behind a load balancer,
// measured with real processes only: two Node-RED processes with the same flows, Debian's nginx as
// the round-robin balancer in front of them, Debian's mosquitto as the MQTT broker that carries the
// M2M status updates between them, and the simulators behind (the M2M simulator calls back THROUGH
// the balancer). Every process is started and stopped here, also on failure; the whole suite is
// bounded (a watchdog ends it before 5 minutes). The table of figures is printed at the end.
const http = require('http');
require('should');
const { NodeRedProcess } = require('../chaos/lib/nodered');
const { requireBinaries, startNginx, startMosquitto, running } = require('./lib/services');
const { startTap } = require('./lib/tap');
const { scaleFlows, ENV, SITE, hw } = require('./lib/flows');
const secrets = require('../lib/secrets');
const encoSim = require('../sim/enco-sim');
const encloudSim = require('../sim/encloud-sim');
const enapterSim = require('../sim/enapter-sim');
const streamSim = require('../sim/mythings-stream-sim');
const { post } = require('../sim/framework');

const M2M_REQUESTS = 200; // deactivations with wait, half on each instance
const UPLINKS = 10_000;
const READS = 1000; // per platform, half on each instance
const NO_BRIDGE_TIMEOUT_S = 3;
const EXPIRE_EVERY_MS = 1500;
const SUITE_LIMIT_MS = 290_000;

const msisdn = (i) => '3247' + String(i).padStart(7, '0');
const NAMES = ['A', 'B'];

/** One JSON GET (keep-alive off). */
function getJson(url) {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false, timeout: 30_000 }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
          } catch (e) {
            reject(new Error(`GET ${url}: ${res.statusCode} ${Buffer.concat(chunks).toString('utf8').slice(0, 200)}`));
          }
        });
      })
      .on('error', reject);
  });
}

/** Per msg of an M2M wait run: the answer, the update(s), the error, done. */
function m2mTally(entries) {
  const t = { msgs: entries.length, completed: 0, callbackTimeout: 0, otherErrors: 0, updatesTwice: 0, noUpdate: 0, doneNotOnce: 0, wrongTracking: 0, codes: {} };
  for (const e of entries) {
    const answers = e.outs.filter((o) => o.payload && o.payload.TrackingNumber);
    const updates = e.outs.filter((o) => o.payload && o.payload.trackingNumber);
    if (updates.length > 1) t.updatesTwice++;
    if (updates.length === 0) t.noUpdate++;
    if (e.done !== 1) t.doneNotOnce++;
    for (const err of e.errors) {
      t.codes[err.code] = (t.codes[err.code] || 0) + 1;
      if (err.code === 'CALLBACK_TIMEOUT') t.callbackTimeout++;
      else t.otherErrors++;
    }
    if (answers.length === 1 && updates.length === 1 && e.errors.length === 0) {
      if (updates[0].payload.trackingNumber !== answers[0].payload.TrackingNumber || updates[0].payload.resultStatus !== 'Success') t.wrongTracking++;
      else t.completed++;
    }
  }
  return t;
}

/** Per msg of a read run: one output with a 2xx, no error, done once. */
function readTally(entries) {
  const t = { msgs: entries.length, ok: 0, failed: 0, doneNotOnce: 0, codes: {} };
  for (const e of entries) {
    if (e.done !== 1) t.doneNotOnce++;
    if (e.outs.length === 1 && e.errors.length === 0 && e.outs[0].statusCode >= 200 && e.outs[0].statusCode < 300) t.ok++;
    else t.failed++;
    for (const err of e.errors) {
      t.codes[err.code] = (t.codes[err.code] || 0) + 1;
      if (!t.firstError) t.firstError = err.message;
    }
  }
  return t;
}

function diff(after, before) {
  const out = {};
  for (const [k, v] of Object.entries(after)) if (v - (before[k] || 0)) out[k] = v - (before[k] || 0);
  return out;
}

describe('scale: two Node-RED instances behind nginx, updates bridged by mosquitto (real processes)', function () {
  this.timeout(SUITE_LIMIT_MS);
  const sims = {};
  const taps = [{}, {}];
  const nrs = [];
  let nginx;
  let broker;
  let flows;
  let watchdog;
  const t0 = Date.now();
  const fig = {};

  // A watchdog: whatever hangs, every process is ended before 5 minutes.
  const killAll = () => {
    for (const nr of nrs) if (nr.child && nr.child.exitCode === null) nr.child.kill('SIGKILL');
  };
  process.on('exit', killAll);

  const upstreamOf = (nr) => `127.0.0.1:${nr.port}`;
  const perInstance = (hits, status = '200') => nrs.map((nr) => hits[`${upstreamOf(nr)} ${status}`] || 0);

  before(async function () {
    requireBinaries();
    watchdog = setTimeout(() => {
      console.error(`test:scale: still running after ${SUITE_LIMIT_MS / 1000} s: every process is stopped`);
      killAll();
      process.exit(1);
    }, SUITE_LIMIT_MS);
    watchdog.unref();

    sims.enco = encoSim.create({ clients: { [secrets.encoClientId]: secrets.encoClientSecret }, m2mApiKeys: [secrets.m2mApiKey], m2mSimCount: 2 * M2M_REQUESTS, m2mDelayMs: 100 });
    sims.encloud = encloudSim.create({ apiUsers: [{ email: secrets.encloudEmail, password: secrets.encloudPassword, name: 'API User' }], apiKeys: [secrets.encloudApiKey], devices: 120 });
    sims.enapter = enapterSim.create({ tokens: [secrets.enapterToken] });
    for (const s of Object.values(sims)) {
      await s.start();
      s.logging = false;
    }
    // the targets of the Enapter re-provisions
    for (let i = 0; i < 100; i++) {
      const r = await post(
        sims.enapter.url + '/v3/provisioning/ucm',
        { site_id: SITE, hardware_id: hw(i), name: `pre ${i}`, protocol: 'MQTTS' },
        { 'Content-Type': 'application/json', 'X-Enapter-Auth-Token': secrets.enapterToken, 'X-Enapter-Allow-HTTP': 'true' },
      );
      if (r.status !== 200) throw new Error('Enapter setup failed: ' + r.body);
    }
    for (const i of [0, 1]) {
      taps[i].enco = await startTap(sims.enco, { tokenPath: '/token' });
      taps[i].encloud = await startTap(sims.encloud, { tokenPath: '/integration/users/authorise' });
      taps[i].enapter = await startTap(sims.enapter, {});
    }
    broker = await startMosquitto();
    for (const i of [0, 1]) {
      const env = { [ENV.enco]: taps[i].enco.url, [ENV.encloud]: taps[i].encloud.url, [ENV.enapter]: taps[i].enapter.url };
      const nr = new NodeRedProcess({ logLevel: 'warn', env });
      nrs.push(nr);
    }
    await Promise.all(nrs.map((nr) => nr.start()));
    nginx = await startNginx(nrs.map(upstreamOf));
    fig.startMs = Date.now() - t0;
  });

  after(async function () {
    if (watchdog) clearTimeout(watchdog);
    const stops = [];
    for (const nr of nrs) stops.push(nr.stop().catch(() => {}));
    if (nginx) stops.push(nginx.stop().catch(() => {}));
    if (broker) stops.push(broker.stop().catch(() => {}));
    await Promise.all(stops);
    for (const t of taps) for (const x of Object.values(t)) await x.stop();
    for (const s of Object.values(sims)) await s.stop();
    fig.totalMs = Date.now() - t0;
    fig.leftRunning = running().concat(nrs.filter((nr) => nr.child && nr.child.exitCode === null && nr.child.signalCode === null).map(() => 'node-red'));
    console.log('\n' + table(fig) + '\n');
    if (fig.leftRunning.length) throw new Error('processes left running: ' + fig.leftRunning.join(', '));
  });

  async function deploy(opts) {
    flows = scaleFlows({ brokerPort: broker.port, ...opts });
    await Promise.all(nrs.map((nr) => nr.deploy(flows.flows)));
  }

  it('deploys the same flows on both instances; both mqtt nodes of both instances connect to mosquitto', async function () {
    await deploy({ bridge: true, waitTimeout: 60 });
    const deadline = Date.now() + 20_000;
    let states;
    for (;;) {
      // (404 until the flows have started)
      states = await Promise.all(nrs.map((nr) => getJson(nr.url + '/scale/stats').then((s) => s.mqtt, () => ({}))));
      const connected = states.every((s) => flows.m2m.mqtt.every((id) => /\.connected$/.test(s[id] || '')));
      if (connected) break;
      if (Date.now() > deadline) throw new Error('mqtt nodes not connected: ' + JSON.stringify(states));
      await new Promise((r) => setTimeout(r, 200));
    }
    // the subscription follows the connection
    await new Promise((r) => setTimeout(r, 500));
  });

  it("the example's configure node points EnCo's callback URL at the BALANCER", async function () {
    const run = await nrs[0].drive(flows.m2m.configure, [{ payload: { url: nginx.url + flows.m2m.callbackPath } }], { concurrency: 1, settleMs: 50 });
    run.entries[0].outs.should.have.length(1);
    run.entries[0].outs[0].statusCode.should.equal(200);
    sims.enco.m2m.callbacks.get(secrets.m2mApiKey).url.should.equal(nginx.url + flows.m2m.callbackPath);
  });

  it(`M2M: ${M2M_REQUESTS} deactivations with wait on both instances, callbacks through nginx, bridged by mosquitto: every wait completes with its update, once`, async function () {
    const hits0 = await nginx.hits(flows.m2m.callbackPath);
    const half = M2M_REQUESTS / 2;
    const started = Date.now();
    const runs = await Promise.all(
      nrs.map((nr, k) =>
        nr.drive(
          flows.m2m.deactivate,
          Array.from({ length: half }, (_, i) => ({ topic: `d${k * half + i}`, payload: msisdn(k * half + i) })),
          { concurrency: 20, timeoutMs: 120_000, settleMs: 500, light: false },
        ),
      ),
    );
    const ms = Date.now() - started;
    const hits = diff(await nginx.hits(flows.m2m.callbackPath), hits0);
    const tallies = runs.map((r) => m2mTally(r.entries));
    fig.bridge = { ms, tallies, callbacks: perInstance(hits), hits };
    const all = m2mTally(runs.flatMap((r) => r.entries));
    fig.bridge.all = all;
    // the callbacks really landed on both instances (else this run would prove nothing)
    for (const n of perInstance(hits)) n.should.be.above(M2M_REQUESTS / 4, JSON.stringify(hits));
    perInstance(hits).reduce((a, b) => a + b, 0).should.equal(M2M_REQUESTS);
    all.callbackTimeout.should.equal(0, JSON.stringify(all));
    all.updatesTwice.should.equal(0);
    all.otherErrors.should.equal(0, JSON.stringify(all.codes));
    all.wrongTracking.should.equal(0);
    all.doneNotOnce.should.equal(0);
    all.completed.should.equal(M2M_REQUESTS);
    for (let i = 0; i < M2M_REQUESTS; i++) sims.enco.m2m.find('MSISDN', msisdn(i)).state.should.equal('Deactivated');
  });

  it(`stream: ${UPLINKS.toLocaleString('en-US')} uplinks through nginx: each comes out of exactly one instance, none lost`, async function () {
    const gen = streamSim.create({ seed: 18, sensors: 50 });
    const docs = Array.from({ length: UPLINKS }, () => gen.next('uplink'));
    const expected = docs.map((d) => `${d.devEUI.toUpperCase()}:${Number(/<FCntUp>(\d+)</.exec(d.body)[1])}`);
    new Set(expected).size.should.equal(UPLINKS);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
    const statuses = {};
    let next = 0;
    const started = Date.now();
    const send = (doc) =>
      new Promise((resolve) => {
        const data = Buffer.from(doc.body, 'utf8');
        const req = http.request(nginx.url + '/scale/stream', { method: 'POST', agent, timeout: 30_000, headers: { 'Content-Type': doc.contentType, 'Content-Length': data.length } }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode));
        });
        req.on('error', (e) => resolve(e.code || 'error'));
        req.on('timeout', () => req.destroy(new Error('timeout')));
        req.end(data);
      });
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        while (next < docs.length) {
          const s = await send(docs[next++]);
          statuses[s] = (statuses[s] || 0) + 1;
        }
      }),
    );
    agent.destroy();
    const postMs = Date.now() - started;
    let stats;
    for (let i = 0; i < 50; i++) {
      stats = await Promise.all(nrs.map((nr) => getJson(nr.url + '/scale/stats').then((s) => s.stream)));
      if (stats.reduce((a, s) => a + s.count, 0) >= UPLINKS) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const sets = stats.map((s) => new Set(s.keys));
    const both = [...sets[0]].filter((k) => sets[1].has(k)).length;
    const union = new Set([...sets[0], ...sets[1]]);
    const lost = expected.filter((k) => !union.has(k)).length;
    fig.stream = { postMs, statuses, counts: stats.map((s) => s.count), both, lost, rate: Math.round(UPLINKS / (postMs / 1000)) };
    statuses.should.eql({ 200: UPLINKS });
    lost.should.equal(0);
    both.should.equal(0);
    (stats[0].count + stats[1].count).should.equal(UPLINKS);
    sets[0].size.should.equal(stats[0].count, 'an uplink came out twice on instance A');
    sets[1].size.should.equal(stats[1].count, 'an uplink came out twice on instance B');
    for (const s of stats) s.count.should.be.above(UPLINKS / 4);
  });

  it(`tokens: ${READS} reads per platform on both instances with token expiry / rotation during the run: 100% succeed, token requests counted per instance`, async function () {
    for (const t of taps) for (const x of Object.values(t)) x.reset();
    let expiries = 0;
    const expire = () => {
      sims.enco.expireTokens();
      sims.encloud.rotateToken();
      expiries++;
    };
    const first = setTimeout(expire, 500);
    const every = setInterval(expire, EXPIRE_EVERY_MS);
    const half = READS / 2;
    const started = Date.now();
    let runs;
    try {
      runs = await Promise.all(
        nrs.flatMap((nr, k) =>
          Object.entries(flows.tokens.targets).map(([platform, target]) =>
            nr.drive(target, Array.from({ length: half }, (_, i) => flows.tokens.msgs[platform](k * half + i)), { concurrency: 8, timeoutMs: 180_000, light: false }).then((r) => ({ k, platform, r })),
          ),
        ),
      );
    } finally {
      clearTimeout(first);
      clearInterval(every);
    }
    const ms = Date.now() - started;
    fig.tokens = { ms, expiries, platforms: {} };
    for (const platform of Object.keys(flows.tokens.targets)) {
      const per = [0, 1].map((k) => readTally(runs.find((x) => x.k === k && x.platform === platform).r.entries));
      fig.tokens.platforms[platform] = { per, taps: [0, 1].map((k) => ({ ...taps[k][platform].counts })) };
    }
    expiries.should.be.above(0, 'no token expiry happened during the run');
    for (const [platform, p] of Object.entries(fig.tokens.platforms)) {
      for (const [k, t] of p.per.entries()) {
        t.ok.should.equal(half, `${platform} on ${NAMES[k]}: ${JSON.stringify(t.codes)} ${t.firstError || ''}`);
        t.doneNotOnce.should.equal(0);
        p.taps[k].requests.should.be.aboveOrEqual(half);
        if (platform !== 'enapter') {
          // one (re-)authentication per instance per expiry (+ the first, + one for an expiry that hits a token request in flight): never a storm
          p.taps[k].tokenRequests.should.be.within(1, expiries + 2, `${platform} on ${NAMES[k]}`);
        } else {
          p.taps[k].unauthorized.should.equal(0);
        }
      }
    }
  });

  it(`M2M without the bridge (the failure it removes): ${M2M_REQUESTS} deactivations, wait timeout ${NO_BRIDGE_TIMEOUT_S} s; every msg still ends once`, async function () {
    await deploy({ bridge: false, waitTimeout: NO_BRIDGE_TIMEOUT_S });
    const hits0 = await nginx.hits(flows.m2m.callbackPath);
    const half = M2M_REQUESTS / 2;
    const started = Date.now();
    const runs = await Promise.all(
      nrs.map((nr, k) =>
        nr.drive(
          flows.m2m.deactivate,
          Array.from({ length: half }, (_, i) => ({ topic: `n${k * half + i}`, payload: msisdn(M2M_REQUESTS + k * half + i) })),
          { concurrency: 50, timeoutMs: 120_000, settleMs: 300 },
        ),
      ),
    );
    const ms = Date.now() - started;
    const hits = diff(await nginx.hits(flows.m2m.callbackPath), hits0);
    const all = m2mTally(runs.flatMap((r) => r.entries));
    fig.noBridge = { ms, tallies: runs.map((r) => m2mTally(r.entries)), all, callbacks: perInstance(hits) };
    // reported, not asserted away: the count is in the table
    console.log(`      without the bridge: ${all.callbackTimeout} of ${M2M_REQUESTS} waits ended in CALLBACK_TIMEOUT although EnCo deactivated every SIM`);
    all.doneNotOnce.should.equal(0);
    all.updatesTwice.should.equal(0);
    (all.completed + all.callbackTimeout).should.equal(M2M_REQUESTS, JSON.stringify(all));
    for (let i = M2M_REQUESTS; i < 2 * M2M_REQUESTS; i++) sims.enco.m2m.find('MSISDN', msisdn(i)).state.should.equal('Deactivated');
  });
});

/** The figures as a Markdown table. */
function table(f) {
  const rows = [];
  const row = (...c) => rows.push('| ' + c.join(' | ') + ' |');
  row('part', 'measure', 'instance A', 'instance B', 'total');
  row('---', '---', '---:', '---:', '---:');
  const s = (x) => (x === undefined || x === null ? '–' : String(x));
  if (f.bridge) {
    const [a, b] = f.bridge.tallies;
    row('M2M, bridged by mosquitto', 'deactivations with wait sent', a.msgs, b.msgs, f.bridge.all.msgs);
    row('', 'callbacks landed (via nginx)', f.bridge.callbacks[0], f.bridge.callbacks[1], f.bridge.callbacks[0] + f.bridge.callbacks[1]);
    row('', 'waits completed with their update', a.completed, b.completed, f.bridge.all.completed);
    row('', '`CALLBACK_TIMEOUT`', a.callbackTimeout, b.callbackTimeout, f.bridge.all.callbackTimeout);
    row('', 'updates output twice', a.updatesTwice, b.updatesTwice, f.bridge.all.updatesTwice);
    row('', 'time', '', '', `${(f.bridge.ms / 1000).toFixed(1)} s`);
  }
  if (f.noBridge) {
    const [a, b] = f.noBridge.tallies;
    row(`M2M, no bridge (wait timeout ${NO_BRIDGE_TIMEOUT_S} s)`, 'deactivations with wait sent', a.msgs, b.msgs, f.noBridge.all.msgs);
    row('', 'callbacks landed (via nginx)', f.noBridge.callbacks[0], f.noBridge.callbacks[1], f.noBridge.callbacks[0] + f.noBridge.callbacks[1]);
    row('', 'waits completed with their update', a.completed, b.completed, f.noBridge.all.completed);
    row('', '**`CALLBACK_TIMEOUT`** (SIM was deactivated)', a.callbackTimeout, b.callbackTimeout, `**${f.noBridge.all.callbackTimeout}**`);
  }
  if (f.stream) {
    row('stream via nginx', 'uplinks out of the instance', f.stream.counts[0], f.stream.counts[1], f.stream.counts[0] + f.stream.counts[1]);
    row('', 'out of both / lost', '', '', `${f.stream.both} / ${f.stream.lost}`);
    row('', 'answers', '', '', Object.entries(f.stream.statuses).map(([k, v]) => `${v}× ${k}`).join(', '));
    row('', 'time (32 senders)', '', '', `${(f.stream.postMs / 1000).toFixed(1)} s (${f.stream.rate}/s)`);
  }
  if (f.tokens) {
    const label = { enco: 'EnCo M2M (get)', encloud: 'enCloud (devices)', enapter: 'Enapter (re-provision)' };
    const tokenLabel = { enco: 'token requests', encloud: 'authorise calls', enapter: 'token requests (static token)' };
    for (const [p, x] of Object.entries(f.tokens.platforms)) {
      row(`tokens: ${label[p]}`, 'reads OK', `${x.per[0].ok}/${x.per[0].msgs}`, `${x.per[1].ok}/${x.per[1].msgs}`, `${x.per[0].ok + x.per[1].ok}/${x.per[0].msgs + x.per[1].msgs}`);
      row('', tokenLabel[p], p === 'enapter' ? 0 : x.taps[0].tokenRequests, p === 'enapter' ? 0 : x.taps[1].tokenRequests, p === 'enapter' ? 0 : x.taps[0].tokenRequests + x.taps[1].tokenRequests);
      row('', '401 answers', x.taps[0].unauthorized, x.taps[1].unauthorized, x.taps[0].unauthorized + x.taps[1].unauthorized);
    }
    row('', `token expiries (EnCo) / rotations (enCloud), every ${EXPIRE_EVERY_MS / 1000} s`, '', '', f.tokens.expiries);
    row('', 'time (all three platforms at once)', '', '', `${(f.tokens.ms / 1000).toFixed(1)} s`);
  }
  row('suite', 'wall time (2 Node-RED, nginx, mosquitto, 3 simulators)', '', '', `${s(f.totalMs && (f.totalMs / 1000).toFixed(0))} s`);
  return rows.join('\n');
}
