'use strict';
// `npm run test:lifecycle` (issue 7.3): in a real Node-RED process, 50 cycles of deploy, redeploy
// (full, modified nodes, modified flows, via POST /flows with Node-RED-Deployment-Type) and stop /
// start (POST /flows/state), while every platform's read node is under continuous load. Then:
// every msg done exactly once with one outcome, no socket left open to any simulator, no timer or
// socket left in the process (process.getActiveResourcesInfo through the probe's health
// endpoint), every HTTP route registered once (and gone after stop), no unhandled rejection, the
// heap flat. Mocha runs without --exit: a handle left in this process would hang the suite.
require('should');
const { NodeRedProcess, request } = require('../chaos/lib/nodered');
const { loadScenarios, scenarioFlow, tally } = require('../chaos/lib/scenarios');
const secrets = require('../lib/secrets');

const CYCLES = 50; // the suite's own number (an inherited environment never changes it: test/lib/setup.js)
const HEAP_TOLERANCE = 12 * 1024 * 1024;
const ROUTES = { 'mythings-stream': '/lifecycle/stream', 'm2m-callback': '/lifecycle/m2m-callback' };

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

describe(`lifecycle: ${CYCLES} deploy / redeploy / stop cycles under load (real Node-RED process)`, function () {
  this.timeout(600_000);
  // a scenario or node type that did not load FAILS the suite (first test), no silent drop-out
  const allScenarios = loadScenarios();
  const scenarios = allScenarios.filter((s) => s.available);
  const sims = [];
  const loads = [];
  const checks = { routes: [], adminRoutes: [], routeAnswers: [], stoppedRoutes: [] };
  let nr;
  let flows;
  let baseline;
  let final;
  let finalSimSockets;
  let stoppedLoads = [];

  function withRouteNodes(list) {
    const out = [...list];
    const tab = 'lifecycle-routes';
    const present = Object.keys(ROUTES).filter((t) => nr.types.has(t));
    if (!present.length) return out;
    out.push({ id: tab, type: 'tab', label: 'routes' });
    const encoAcc = list.find((n) => n.type === 'enco-account');
    if (present.includes('mythings-stream')) {
      out.push({ id: `${tab}-stream`, z: tab, type: 'mythings-stream', name: 'stream', url: ROUTES['mythings-stream'], auth: 'none', output: 'normalized', timezone: 'UTC', maxBytes: 1048576, x: 100, y: 100, wires: [[]] });
    }
    if (present.includes('m2m-callback')) {
      out.push({
        id: `${tab}-m2m`,
        z: tab,
        type: 'm2m-callback',
        name: 'callback',
        url: ROUTES['m2m-callback'],
        account: encoAcc ? encoAcc.id : '',
        credentials: { callbackToken: secrets.m2mCallbackToken },
        x: 100,
        y: 200,
        wires: [[]],
      });
    }
    return out;
  }

  async function checkRoutes(label) {
    // POST /flows answers before the new nodes have started (Node-RED starts them asynchronously):
    // wait up to 3 s for every route; a route registered twice would stay twice and fail below
    const present = Object.entries(ROUTES).filter(([type]) => nr.types.has(type));
    let h;
    let max = 0;
    for (let k = 0; k < 30; k++) {
      h = await nr.health(false);
      const counts = present.map(([, p]) => h.nodeRoutes.filter((r) => r.path === p).length);
      max = Math.max(max, ...counts, 0);
      if (counts.every((n) => n === 1)) break;
      await sleep(100);
    }
    for (const [type, p] of present) {
      const n = h.nodeRoutes.filter((r) => r.path === p).length;
      checks.routes.push({ label, type, n, max });
      // the route answers (not Node-RED's 404 for an unknown path)
      const r = await request(nr.url, 'POST', p, {}, { 'x-callback-token': secrets.m2mCallbackToken });
      checks.routeAnswers.push({ label, type, status: r.status });
    }
    const test = h.adminRoutes.filter((r) => r.path.startsWith('/iot-fleet/test/'));
    const perPath = {};
    for (const r of test) perPath[r.path] = (perPath[r.path] || 0) + 1;
    checks.adminRoutes.push({ label, perPath });
  }

  function modified(i, what) {
    return flows.map((n) => {
      if (what === 'node' && n.id === loads[0].target) return { ...n, name: `read ${i}` };
      if (what === 'account' && n.id === loads[0].account) return { ...n, name: `account ${i}` };
      return n;
    });
  }

  before(async function () {
    nr = await new NodeRedProcess({ logLevel: 'info' }).start();
    flows = [];
    for (const s of scenarios) {
      const sim = s.sim.create({ seed: 3, ...(s.simOptions ? s.simOptions() : {}) });
      await sim.start();
      sim.logging = false;
      sims.push(sim);
      const ctx = (await s.setup?.(sim)) || {};
      const tab = `life-${s.file.replace(/\.js$/, '')}`;
      // a longer timeout than the chaos suite: no faults here, only the deploys
      flows.push(...scenarioFlow(s, sim, tab, { timeout: 5000, retries: 2 }));
      const target = s.reads.target(tab);
      loads.push({ s, target, account: `${tab}-acc`, msgs: Array.from({ length: 50 }, (_, i) => s.reads.msg(i, ctx)) });
    }
    flows = withRouteNodes(flows);
    // warm-up: one deploy, some load, one stop; the baseline is taken stopped
    await nr.deploy(flows, 'full');
    for (const l of loads) l.run = await nr.startLoad(l.target, l.msgs, 4);
    await sleep(1500);
    for (const l of loads) stoppedLoads.push(await nr.stopLoad(l.run));
    await nr.setState('stop');
    await sleep(500);
    baseline = await nr.health();
    await nr.setState('start');

    for (const l of loads) l.run = await nr.startLoad(l.target, l.msgs, 4);
    const kinds = ['full', 'nodes', 'flows', 'stop'];
    for (let i = 0; i < CYCLES; i++) {
      const kind = kinds[i % kinds.length];
      if (kind === 'full') await nr.deploy(flows, 'full');
      else if (kind === 'nodes') await nr.deploy(modified(i, 'node'), 'nodes');
      else if (kind === 'flows') await nr.deploy(modified(i, 'account'), 'flows');
      else {
        await nr.setState('stop');
        const h = await nr.health(false);
        for (const [type, p] of Object.entries(ROUTES)) if (nr.types.has(type)) checks.stoppedRoutes.push({ type, n: h.nodeRoutes.filter((r) => r.path === p).length });
        await sleep(100);
        await nr.setState('start');
      }
      await sleep(150);
      await checkRoutes(`${i} ${kind}`);
    }
    for (const l of loads) stoppedLoads.push(await nr.stopLoad(l.run));
    await nr.setState('stop');
    // idle keep-alive sockets are closed by the accounts on close; give the FINs a moment
    await sleep(1000);
    final = await nr.health();
    finalSimSockets = sims.map((s) => s.sockets.size);
  });

  after(async function () {
    if (nr) await nr.stop();
    for (const s of sims) await s.stop();
  });

  it('every chaos scenario loaded, and Node-RED loaded every node type they need and the route nodes', function () {
    allScenarios.filter((s) => !s.available).map((s) => `${s.name}: ${s.why}`).should.eql([]);
    const needed = [...new Set([...allScenarios.flatMap((s) => s.types || []), ...Object.keys(ROUTES)])];
    needed.filter((t) => !nr.types.has(t)).should.eql([], 'node types Node-RED did not load');
  });

  it('ran the cycles under load on every platform', function () {
    scenarios.length.should.be.above(0);
    const sent = stoppedLoads.reduce((a, r) => a + r.sent, 0);
    sent.should.be.above(CYCLES * 2);
    console.log(`      msgs under load: ${sent}; platforms: ${scenarios.map((s) => s.name).join(', ')}; route nodes: ${Object.keys(ROUTES).filter((t) => nr.types.has(t)).join(', ') || 'none yet'}`);
  });

  it('every msg sent during the deploys: done exactly once, exactly one outcome (one send or one done(err) by the node)', function () {
    let lostToClose = 0;
    for (const r of stoppedLoads) {
      const entries = r.entries.filter(Boolean);
      const t = tally(entries);
      t.doneTwice.should.equal(0);
      t.noDone.should.equal(0);
      t.twoOutcomes.should.equal(0);
      t.doneMismatch.should.equal(0);
      // a msg whose node closed while it was being processed still calls done, but its output
      // or error goes to the wires of a stopped flow: Node-RED delivers it nowhere
      lostToClose += t.noOutcome;
      // every msg ends in exactly one outcome, counted at the node under test (no tolerance)
      t.sourceNoOutcome.should.equal(0, 'msgs without a send or a done(err)');
      t.sourceTwoOutcomes.should.equal(0, 'msgs with two outcomes at the source');
      // a request cut by its account closing may fail; nothing else
      Object.keys(t.byCode).forEach((c) => ['NETWORK', 'TIMEOUT', 'NOT_CONFIGURED'].should.containEql(c));
    }
    console.log(`      outputs sent while their flow was stopping (delivered nowhere by the stopped wires, done called): ${lostToClose}`);
  });

  it('HTTP routes: exactly one per path after every deploy, none while stopped; they answer', function () {
    for (const c of checks.routes) {
      c.n.should.equal(1, `${c.type} after ${c.label}`);
      c.max.should.be.belowOrEqual(1, `a route registered twice after ${c.label}`);
    }
    for (const c of checks.stoppedRoutes) c.n.should.equal(0, `${c.type} while stopped`);
    for (const a of checks.routeAnswers) a.status.should.not.equal(404, `${a.type} after ${a.label}`);
    for (const c of checks.adminRoutes) {
      Object.keys(c.perPath).length.should.be.above(0);
      for (const [p, n] of Object.entries(c.perPath)) n.should.equal(1, `${p} after ${c.label}`);
    }
    const final404 = final.nodeRoutes.filter((r) => Object.values(ROUTES).includes(r.path));
    final404.should.eql([]);
  });

  it('no socket left open to a simulator, none in the process', function () {
    finalSimSockets.should.eql(sims.map(() => 0));
    Object.keys(final.remotePorts).length.should.equal(0, JSON.stringify(final.remotePorts));
    final.sockets.should.be.belowOrEqual(baseline.sockets);
  });

  it('no timer left behind (active Timeout / TCP resources back to the stopped baseline)', function () {
    const b = baseline.resources;
    const f = final.resources;
    (f.Timeout || 0).should.be.belowOrEqual((b.Timeout || 0) + 1, `baseline ${JSON.stringify(b)} final ${JSON.stringify(f)}`);
    (f.TCPSocketWrap || 0).should.be.belowOrEqual(b.TCPSocketWrap || 0, `baseline ${JSON.stringify(b)} final ${JSON.stringify(f)}`);
  });

  it('no unhandled rejection', function () {
    final.unhandled.should.eql([]);
  });

  it(`memory flat: heap after ${CYCLES} cycles within ${HEAP_TOLERANCE / 1048576} MB of the baseline`, function () {
    const grow = final.heapUsed - baseline.heapUsed;
    console.log(`      heap: baseline ${(baseline.heapUsed / 1048576).toFixed(1)} MB, after ${(final.heapUsed / 1048576).toFixed(1)} MB (${grow >= 0 ? '+' : ''}${(grow / 1048576).toFixed(1)} MB)`);
    grow.should.be.below(HEAP_TOLERANCE);
  });
});
