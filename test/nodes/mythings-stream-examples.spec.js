'use strict';
// The MyThings stream examples as shipped (core function/debug nodes), fed by the stream emitter
// over real HTTP, and the sandbox hook of the emitter.
const fs = require('fs');
const path = require('path');
const should = require('should');
const { helper, load, unload, root, dynamicSecrets } = require('../lib/harness');
const encoSim = require('../sim/enco-sim');
const { useStreamHttp } = require('../lib/enco-stream-http');
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
  let base;
  const web = useStreamHttp((b) => (base = b));
  afterEach(() => unload());

  it('as shipped: Basic authentication without credentials answers 401 to everyone, no msg', async () => {
    for (const [file, id, p] of [['mythings-stream.json', 'mtst', '/mythings/uplinks'], ['mythings-stream-sandbox.json', 'mtsb', '/mythings/sandbox']]) {
      const flow = flowOf(file);
      flow.find((n) => n.type === 'mythings-stream').auth.should.equal('basic');
      // the live-stream example brings its own EnCo account (registration; never with a 127.0.0.1 public URL to a remote account)
      await load([web.mount(), 'enco-account', 'mythings-stream', ...CORE], flow);
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

  it('sandbox: the live-stream example registers itself and the EnCo simulator streams to it; the emitter feeds the other example', async () => {
    const enco = encoSim.create({});
    const apiUrl = await enco.start();
    try {
      const flow = [...flowOf('mythings-stream-sandbox.json'), ...flowOf('mythings-stream.json')];
      const creds = {};
      for (const n of flow) {
        if (n.type === 'enco-account') {
          n.url = apiUrl; // as the sandbox wires it
          creds[n.id] = { ...encoSim.sandbox.credentials };
        }
        if (n.type === 'mythings-stream') creds[n.id] = { ...encoSim.sandbox.nodeCredentials['mythings-stream'] };
      }
      await load([web.mount(), 'enco-account', 'mythings-stream', ...CORE], flow, creds);
      // the shipped public URL is the sandbox's http://127.0.0.1:1880: delivered to this test's server
      enco.streamRewrite = (u) => u.replace('http://127.0.0.1:1880', base);
      const until = Date.now() + 5000;
      while (![...enco.streamDefinitions.values()].some((d) => d.name === 'Node-RED sandbox') && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      const def = [...enco.streamDefinitions.values()].find((d) => d.name === 'Node-RED sandbox');
      def.should.containEql({ url: 'http://127.0.0.1:1880/mythings/sandbox', active: true, basicAuth: true, userName: 'mythings', companyId: 162 });
      const got = await collectAt('mtsb.debug', async () => {
        for (let i = 0; i < 6; i++) (await enco.streamOnce()).should.eql([{ id: def.id, url: base + '/mythings/sandbox', status: 200 }]);
      });
      got.should.have.length(6);
      new Set(got.map((m) => m.payload.type)).has('decoded').should.be.true();
      got.forEach((m) => should.exist(m.payload.raw));
      // the emitter's own hook streams into the other example (mythings-stream.json) until it stops
      const sim = streamSim.create({ seed: 8 });
      streamSim.sandbox.start(sim, { nodeRedUrl: base + '/' });
      const until2 = Date.now() + 5000;
      while (sim.running.size < 1 && Date.now() < until2) await new Promise((r) => setTimeout(r, 50));
      sim.running.size.should.equal(1);
      await sim.stop();
      sim.running.size.should.equal(0);
    } finally {
      for (const t of enco.issued) dynamicSecrets.add(t);
      await enco.stop();
    }
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

    it('live uplinks flow into the stream nodes of a real Node-RED (admin API at /), the live-stream one by registration alone', async function () {
      const enco = sandbox.sims.enco.sim;
      const sim = sandbox.sims['mythings-stream'].sim;
      // the live-stream example registered itself with the EnCo simulator, which streams to it
      let until = Date.now() + 30_000;
      while (enco.streamed.ok < 2 && Date.now() < until) await new Promise((r) => setTimeout(r, 250));
      const defs = [...enco.streamDefinitions.values()].filter((d) => d.name === 'Node-RED sandbox');
      defs.should.have.length(1);
      defs[0].should.containEql({ url: 'http://127.0.0.1:1880/mythings/sandbox', active: true, basicAuth: true });
      enco.streamed.ok.should.be.aboveOrEqual(2);
      enco.streamed.failed.should.equal(0);
      // a burst of every kind through the same path, with the example's Basic auth
      const { user, password } = require('../sim/enco-sim').sandbox.nodeCredentials['mythings-stream'];
      const headers = { Authorization: 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64') };
      for (const kind of streamSim.KINDS) {
        const r = await sim.post(sandbox.url + '/mythings/sandbox', sim.next(kind), { headers });
        r.should.containEql({ status: 200, statusText: 'OK', body: 'OK' });
      }
      const bad = await sim.post(sandbox.url + '/mythings/sandbox', { contentType: 'application/json', body: '{"DevEUI": ' }, { headers });
      bad.should.containEql({ status: 400, body: 'Bad Request' }); // the node's own answer, not the admin parser's
      (await sim.post(sandbox.url + '/mythings/sandbox', sim.next('decoded'))).status.should.equal(401);
      // and the emitter's hook streams into the other example (/mythings/uplinks), answered 200
      until = Date.now() + 15_000;
      while (sim.counts.ok < 2 && Date.now() < until) await new Promise((r) => setTimeout(r, 250));
      sim.counts.ok.should.be.aboveOrEqual(2);
      sim.counts.failed.should.equal(0);
    });
  });
});
