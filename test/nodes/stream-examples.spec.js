'use strict';
// The MyThings stream examples as shipped (core function/debug nodes), fed by the stream emitter
// over real HTTP, and the sandbox hook of the emitter.
const fs = require('fs');
const path = require('path');
const should = require('should');
const { helper, load, unload, root } = require('../lib/harness');
const { createStreamHttp } = require('../lib/enco-stream-http');
const streamSim = require('../sim/mythings-stream-sim');

const core = (p) => require('../lib/harness').coreNode(p);
const CORE = ['common/21-debug.js', 'common/90-comment.js', 'function/10-function.js'].map(core);
const flowOf = (name) => JSON.parse(fs.readFileSync(path.join(root, 'examples', name), 'utf8'));
// The examples ship with Basic authentication and no credentials; these are the sandbox's.
const auth = streamSim.sandboxHeaders();
const creds = { mtst: { 'mtst.stream': { ...streamSim.sandbox.nodeCredentials['mythings-stream'] } }, mtsb: { 'mtsb.stream': { ...streamSim.sandbox.nodeCredentials['mythings-stream'] } } };

/** Collects what reaches node `id` while `fn` runs. */
async function collectAt(id, fn, settleMs = 150) {
  const got = [];
  const n = helper.getNode(id);
  const on = (m) => got.push(m);
  n.on('input', on);
  try {
    await fn();
    await new Promise((r) => setTimeout(r, settleMs));
  } finally {
    n.removeListener('input', on);
  }
  return got;
}

describe('MyThings stream examples', function () {
  const web = createStreamHttp();
  let base;
  before(async () => {
    base = await web.start();
  });
  after(() => web.stop());
  afterEach(() => unload());

  it('as shipped: Basic authentication without credentials answers 401 to everyone, no msg', async () => {
    for (const [file, id, p] of [['mythings-stream.json', 'mtst', '/mythings/uplinks'], ['mythings-stream-sandbox.json', 'mtsb', '/mythings/sandbox']]) {
      const flow = flowOf(file);
      flow.find((n) => n.type === 'mythings-stream').auth.should.equal('basic');
      await load([web.mount(), 'mythings-stream', ...CORE], flow);
      const sim = streamSim.create({ seed: 5 });
      const got = await collectAt(`${id}.debug`, async () => {
        (await sim.post(base + p, sim.next('decoded'))).status.should.equal(401);
        (await sim.post(base + p, sim.next('decoded'), { headers: auth })).status.should.equal(401);
      });
      got.should.have.length(0);
      await unload();
    }
  });

  it('with user and password set: a request without them is 401, with them 200', async () => {
    await load([web.mount(), 'mythings-stream', ...CORE], flowOf('mythings-stream.json'), creds.mtst);
    const sim = streamSim.create({ seed: 5 });
    (await sim.post(base + '/mythings/uplinks', sim.next('decoded'))).status.should.equal(401);
    (await sim.post(base + '/mythings/uplinks', sim.next('decoded'), { headers: auth })).status.should.equal(200);
  });

  it('stream -> chart-ready msgs: one msg per numeric value, topic "<thing> <value>", payload a number', async () => {
    await load([web.mount(), 'mythings-stream', ...CORE], flowOf('mythings-stream.json'), creds.mtst);
    const sim = streamSim.create({ seed: 5, sensors: 3 });
    const got = await collectAt('mtst.debug', async () => {
      for (const kind of ['decoded', 'aggregated', 'uplink']) {
        const doc = sim.next(kind);
        const r = await sim.post(base + '/mythings/uplinks', doc, { headers: auth });
        r.status.should.equal(200);
      }
    });
    // decoded: 1 value; aggregated: every container of the thing; uplink: rssi + snr
    got.length.should.be.aboveOrEqual(1 + 2 + 2);
    for (const m of got) {
      m.payload.should.be.a.Number();
      m.topic.should.match(/^(Sensor \d|[0-9A-F]{16}) \S+$/);
      m.timestamp.should.be.a.Number();
    }
    got.some((m) => / rssi$/.test(m.topic)).should.be.true();
    got.some((m) => / temperature$/.test(m.topic)).should.be.true();
  });

  it('sandbox: the emitter streams a few sensors into the live-stream example, normalized', async () => {
    await load([web.mount(), 'mythings-stream', ...CORE], [...flowOf('mythings-stream-sandbox.json'), ...flowOf('mythings-stream.json')], { ...creds.mtsb, ...creds.mtst });
    const sim = streamSim.create({ seed: 8 });
    const sandboxFast = { ...streamSim.sandbox };
    const got = await collectAt('mtsb.debug', async () => {
      // the hook as the sandbox runs it, at a test rate
      const runs = sandboxFast.paths.map((p) => sim.stream({ url: base + p, rate: 40, count: 12, headers: auth }));
      const tallies = await Promise.all(runs);
      tallies.forEach((t) => t.should.containEql({ sent: 12, ok: 12, failed: 0 }));
    });
    got.should.have.length(12);
    new Set(got.map((m) => m.payload.type)).size.should.be.above(1);
    got.forEach((m) => should.exist(m.payload.raw));
    // the real hook: once the routes answer, streams into both paths until the emitter stops
    streamSim.sandbox.start(sim, { nodeRedUrl: base + '/' });
    const until = Date.now() + 5000;
    while (sim.running.size < 2 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    sim.running.size.should.equal(2);
    await sim.stop();
    sim.running.size.should.equal(0);
  });

  describe('in the real sandbox (npm start)', function () {
    this.timeout(90_000);
    const os = require('os');
    const net = require('net');
    let sandbox;
    let userDir;
    before(async function () {
      const { start } = require('../../scripts/sandbox');
      const port = await new Promise((resolve) => {
        const s = net.createServer().listen(0, '127.0.0.1', () => {
          const p = s.address().port;
          s.close(() => resolve(p));
        });
      });
      userDir = fs.mkdtempSync(path.join(os.tmpdir(), 'iotf-stream-sandbox-'));
      sandbox = await start({ port, userDir, reset: true, fixedPorts: false, quiet: true });
    });
    after(async function () {
      if (sandbox) await sandbox.stop();
      if (userDir) fs.rmSync(userDir, { recursive: true, force: true });
    });

    it('live uplinks flow into the stream nodes of a real Node-RED (admin API at /)', async function () {
      const sim = sandbox.sims['mythings-stream'].sim;
      // Node-RED listens before its flows have started
      (await sim.waitReady(sandbox.url + '/mythings/sandbox', undefined, auth)).should.be.true();
      // the hook streams slowly; add a burst of every kind through the same path
      for (const kind of streamSim.KINDS) {
        const r = await sim.post(sandbox.url + '/mythings/sandbox', sim.next(kind), { headers: auth });
        r.should.containEql({ status: 200, statusText: 'OK', body: 'OK' });
      }
      (await sim.post(sandbox.url + '/mythings/sandbox', sim.next('decoded'))).status.should.equal(401); // Basic auth, as shipped
      const bad = await sim.post(sandbox.url + '/mythings/sandbox', { contentType: 'application/json', body: '{"DevEUI": ' }, { headers: auth });
      bad.should.containEql({ status: 400, body: 'Bad Request' }); // the node's own answer, not the admin parser's
      // and the hook's own stream (both example paths) is answered 200
      const until = Date.now() + 15_000;
      while (sim.counts.ok < 2 && Date.now() < until) await new Promise((r) => setTimeout(r, 250));
      sim.counts.ok.should.be.aboveOrEqual(2);
      sim.counts.failed.should.equal(0);
    });
  });
});
