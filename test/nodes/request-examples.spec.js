'use strict';
// The request node examples run as shipped (core inject/function/debug/catch/comment nodes), their
// account pointed at the simulator the way the sandbox does it: EnCo revoke then a new token,
// Enapter site then a gateway in it, an enCloud raw devices page. Nothing runs on deploy.
const fs = require('fs');
const path = require('path');
const should = require('should');
const { helper, load, unload, root, dynamicSecrets, nextMsg } = require('../lib/harness');
const secrets = require('../lib/secrets');
const encoSim = require('../sim/enco-sim');
const enapterSim = require('../sim/enapter-sim');
const encloudSim = require('../sim/encloud-sim');

const core = (p) => require('../lib/harness').coreNode(p);
const CORE = ['common/20-inject.js', 'common/21-debug.js', 'common/25-catch.js', 'common/90-comment.js', 'function/10-function.js'].map(core);
const VENDOR_URL = { 'enco-account': 'https://api.enco.io', 'enapter-account': 'https://api.enapter.com', 'encloud-account': 'https://myenCloud.com' };

function example(name, url, credentials) {
  const flow = JSON.parse(fs.readFileSync(path.join(root, 'examples', name), 'utf8'));
  const creds = {};
  for (const n of flow) {
    if (VENDOR_URL[n.type]) {
      n.url.should.equal(VENDOR_URL[n.type]); // shipped with the vendor's URL, no credentials
      n.url = url;
      creds[n.id] = { ...credentials };
    }
  }
  return { flow, creds };
}

describe('request node examples', function () {
  const sims = [];
  after(async () => {
    for (const s of sims) {
      for (const t of s.issued || []) dynamicSecrets.add(t);
      await s.stop();
    }
  });
  afterEach(() => unload());
  async function start(mod, opts) {
    const sim = mod.create(opts);
    const url = await sim.start();
    sims.push(sim);
    return { sim, url };
  }

  it('each is a tab with prefixed ids, positioned nodes, no credentials, and nothing that runs on deploy', function () {
    for (const f of ['enco-request.json', 'enapter-request.json', 'encloud-request.json', 'mythings-stream-sandbox.json']) {
      const flow = JSON.parse(fs.readFileSync(path.join(root, 'examples', f), 'utf8'));
      const tab = flow.find((n) => n.type === 'tab');
      should.exist(tab, f);
      const prefix = tab.id.split('.')[0];
      for (const n of flow) {
        n.id.startsWith(prefix + '.').should.be.true(`${f}: ${n.id}`);
        if (n.z) (typeof n.x === 'number' && typeof n.y === 'number').should.be.true(`${f}: ${n.id}`);
        n.should.not.have.property('credentials');
        if (n.type === 'inject') n.once.should.be.false(`${f}: ${n.id} runs on deploy`);
      }
      flow.some((n) => n.type === 'comment').should.be.true(`${f} has a comment node`);
    }
  });

  it('EnCo: revoke the current token, then a call that gets a NEW one', async function () {
    const { sim, url } = await start(encoSim, {});
    const { flow, creds } = example('enco-request.json', url, encoSim.sandbox.credentials);
    await load(['enco-account', 'enco-request', ...CORE], flow, creds);
    sim.requests().should.have.length(0); // nothing on deploy
    let got = nextMsg('encreq.debug');
    helper.getNode('encreq.inject.things').receive({ payload: Date.now(), query: { results: 5 } });
    const first = await got;
    first.statusCode.should.equal(200);
    const tokenBefore = sim.requests({ path: '/mythings/1.1.0/things' })[0].headers.authorization;
    got = nextMsg('encreq.debug');
    helper.getNode('encreq.inject.revoke').receive({ payload: Date.now() });
    (await got).payload.should.eql({ revoked: true });
    got = nextMsg('encreq.debug');
    helper.getNode('encreq.inject.things').receive({ payload: Date.now(), query: { results: 5 } });
    (await got).statusCode.should.equal(200);
    const calls = sim.requests({ path: '/mythings/1.1.0/things' });
    calls[1].headers.authorization.should.not.equal(tokenBefore);
    sim.requests({ path: '/token' }).should.have.length(2);
  });

  it('Enapter: create a site, then provision a gateway into it', async function () {
    const { sim, url } = await start(enapterSim, { tokens: [secrets.enapterToken] });
    const { flow, creds } = example('enapter-request.json', url, { token: secrets.enapterToken });
    await load(['enapter-account', 'enapter-request', 'enapter-provision', ...CORE], flow, creds);
    sim.requests().should.have.length(0);
    const site = nextMsg('enreq.debug.site');
    const gateway = nextMsg('enreq.debug.gateway');
    const inject = flow.find((n) => n.id === 'enreq.inject');
    helper.getNode('enreq.inject').receive({ payload: JSON.parse(inject.payload) });
    const s = (await site).payload.site;
    s.name.should.equal('Sandbox plant');
    const g = (await gateway).payload;
    should.exist(g.gateway_device_id);
    sim.devices.get(g.gateway_device_id).site_id.should.equal(s.id);
  });

  it('enCloud: a raw devices page', async function () {
    const { sim, url } = await start(encloudSim, { apiUsers: [{ email: secrets.encloudEmail, password: secrets.encloudPassword }], apiKeys: [secrets.encloudApiKey], devices: 25 });
    const { flow, creds } = example('encloud-request.json', url, { email: secrets.encloudEmail, password: secrets.encloudPassword, apiKey: secrets.encloudApiKey });
    await load(['encloud-account', 'encloud-request', ...CORE], flow, creds);
    sim.requests().should.have.length(0);
    const got = nextMsg('ecreq.debug');
    const inject = flow.find((n) => n.id === 'ecreq.inject');
    helper.getNode('ecreq.inject').receive({ payload: Date.now(), query: JSON.parse(inject.props.find((p) => p.p === 'query').v) });
    const page = (await got).payload;
    page.page.should.equal(2);
    page.devices.should.have.length(10);
    page.totalResults.should.equal(25);
  });
});
