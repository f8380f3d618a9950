'use strict';
// mythings-stream registration with MyThings (SPEC 5.6 "Registration") against the EnCo simulator,
// with the node's endpoint served over real HTTP: one definition created on the first deploy,
// updated (never duplicated) on a redeploy, a failing vendor shown in the status while the endpoint
// keeps serving, the simulator streaming to the URL the definition names, and a loopback public
// URL never registered in a remote account.
const should = require('should');
const { helper, load, unload, capture, dynamicSecrets } = require('../lib/harness');
const secrets = require('../lib/secrets');
const encoSim = require('../sim/enco-sim');
const streamSim = require('../sim/mythings-stream-sim');
const { createStreamHttp } = require('../lib/enco-stream-http');

const DEFS = '/mythings/1.1.0/streamdefinitions';

describe('mythings-stream registration with MyThings', function () {
  const web = createStreamHttp();
  let base;
  let sim;
  let apiUrl;
  before(async () => {
    base = await web.start();
    sim = encoSim.create({});
    apiUrl = await sim.start();
  });
  after(async () => {
    for (const t of sim.issued) dynamicSecrets.add(t);
    await sim.stop();
    await web.stop();
  });
  beforeEach(() => {
    sim.clearLog();
    sim.clearFaults();
    sim.streamDefinitions.clear();
  });
  afterEach(() => unload());

  const flow = (props = {}, accountProps = {}) => [
    { id: 'f1', type: 'tab', label: 'registration' },
    { id: 'acc', type: 'enco-account', url: apiUrl, authType: 'client', timeout: 3000, retries: 0, concurrency: 4, ...accountProps },
    {
      id: 'stream',
      z: 'f1',
      type: 'mythings-stream',
      url: '/mythings/registered',
      auth: 'basic',
      output: 'normalized',
      timezone: 'UTC',
      maxBytes: 1048576,
      account: 'acc',
      publicUrl: base,
      streamName: 'Node-RED test stream',
      streamType: 'DECODED',
      contentType: 'JSON',
      companyId: '162',
      x: 100,
      y: 100,
      wires: [['out']],
      ...props,
    },
    { id: 'out', z: 'f1', type: 'helper', x: 300, y: 100 },
  ];
  const accountCreds = { clientId: secrets.encoClientId, clientSecret: secrets.encoClientSecret };
  const basic = { acc: accountCreds, stream: { user: 'mythings', password: secrets.streamPassword } };
  const header = { acc: accountCreds, stream: { headerName: 'X-Stream-Token', headerValue: secrets.streamHeaderValue } };

  /** Waits until the stream node's status text matches `re`. */
  async function statusOf(re, ms = 5000) {
    const until = Date.now() + ms;
    const node = helper.getNode('stream');
    let last;
    const seen = [];
    const on = (call) => seen.push(call.args[0] && call.args[0].text);
    node.on('call:status', on);
    try {
      while (Date.now() < until) {
        last = seen.find((s) => re.test(String(s)));
        if (last) return last;
        await new Promise((r) => setTimeout(r, 20));
      }
    } finally {
      node.removeListener('call:status', on);
    }
    throw new Error(`no status matching ${re}; saw ${JSON.stringify(seen)}`);
  }
  const named = () => [...sim.streamDefinitions.values()].filter((d) => d.name === 'Node-RED test stream');

  it('creates ONE active definition pointing at publicUrl + path with the Basic auth, and the status says so', async function () {
    await load([web.mount(), 'enco-account', 'mythings-stream'], flow(), basic);
    (await statusOf(/registered/)).should.equal('registered (created)');
    const defs = named();
    defs.should.have.length(1);
    defs[0].should.containEql({ url: `${base}/mythings/registered`, active: true, type: 'DECODED', contentType: 'JSON', companyId: 162, basicAuth: true, userName: 'mythings', password: secrets.streamPassword });
    sim.requests({ method: 'GET', path: DEFS }).should.have.length(1);
    sim.requests({ method: 'POST', path: DEFS }).should.have.length(1);
  });

  it('a redeploy updates the same definition (PUT), never a second one; switching to header auth replaces Basic', async function () {
    const createsBefore = sim.createdKeys('streamDefinition').length;
    await load([web.mount(), 'enco-account', 'mythings-stream'], flow(), basic);
    await statusOf(/registered/);
    const id = named()[0].id;
    await unload();
    await load([web.mount(), 'enco-account', 'mythings-stream'], flow({ auth: 'header', url: '/mythings/moved' }), header);
    (await statusOf(/registered/)).should.equal('registered (updated)');
    const defs = named();
    defs.should.have.length(1);
    defs[0].id.should.equal(id);
    defs[0].should.containEql({ url: `${base}/mythings/moved`, active: true, basicAuth: false, headers: [{ key: 'X-Stream-Token', value: secrets.streamHeaderValue }] });
    sim.requests({ method: 'POST', path: DEFS }).should.have.length(1);
    sim.requests({ method: 'PUT', path: `${DEFS}/${id}` }).should.have.length(1);
    // an inactive definition of that name (switched off in the portal) is switched on again
    sim.streamDefinitions.get(id).active = false;
    await unload();
    await load([web.mount(), 'enco-account', 'mythings-stream'], flow({ auth: 'header', url: '/mythings/moved' }), header);
    await statusOf(/registered/);
    named().should.have.length(1);
    sim.streamDefinitions.get(id).active.should.be.true();
    // three deploys, one create request (as the simulator counts creates: sim.accepted)
    sim.createdKeys('streamDefinition').slice(createsBefore).should.eql(['Node-RED test stream']);
  });

  it('the simulator streams uplinks to the registered URL, with the definition auth; the node emits them', async function () {
    await load([web.mount(), 'enco-account', 'mythings-stream'], flow(), basic);
    await statusOf(/registered/);
    const got = [];
    helper.getNode('out').on('input', (m) => got.push(m));
    for (let i = 0; i < 3; i++) {
      const sent = await sim.streamOnce();
      sent.should.have.length(1);
      sent[0].status.should.equal(200);
    }
    got.should.have.length(3);
    got.forEach((m) => m.payload.type.should.equal('decoded'));
    // a definition that is not active gets nothing
    named()[0].active = false;
    (await sim.streamOnce()).should.have.length(0);
  });

  it('a failing vendor: red ring with the code and a warning without the password; the endpoint still serves', async function () {
    sim.inject({ match: { method: 'GET', path: DEFS }, status: 503 });
    await load([web.mount(), 'enco-account', 'mythings-stream'], flow(), basic);
    (await statusOf(/registration failed/)).should.equal('registration failed: SERVER_ERROR');
    named().should.have.length(0);
    const warn = capture.logs.filter((l) => l.includes('Registration with MyThings failed'));
    warn.length.should.be.above(0);
    warn.join('\n').should.not.containEql(secrets.streamPassword);
    const doc = streamSim.create({ seed: 3 }).next('perContainer');
    const emitted = new Promise((resolve) => helper.getNode('out').once('input', resolve));
    const auth = 'Basic ' + Buffer.from(`mythings:${secrets.streamPassword}`).toString('base64');
    const r = await streamSim.create({ seed: 3 }).post(`${base}/mythings/registered`, doc, { headers: { Authorization: auth } });
    r.status.should.equal(200);
    (await emitted).payload.type.should.equal('decoded');
  });

  it('no definition of that name yet and no companyId: red ring INVALID_INPUT, nothing created', async function () {
    await load([web.mount(), 'enco-account', 'mythings-stream'], flow({ companyId: '' }), basic);
    (await statusOf(/registration failed/)).should.equal('registration failed: INVALID_INPUT');
    sim.requests({ method: 'POST', path: DEFS }).should.have.length(0);
  });

  it('a loopback public URL is never registered in a remote account (nothing sent); no account or no publicUrl: no registration', async function () {
    await load([web.mount(), 'enco-account', 'mythings-stream'], flow({}, { url: 'https://api.enco.io' }), basic);
    (await statusOf(/registration failed/)).should.equal('registration failed: INVALID_INPUT');
    capture.logs.some((l) => l.includes('MyThings can not reach it')).should.be.true();
    await unload();
    await load([web.mount(), 'enco-account', 'mythings-stream'], flow({ publicUrl: '' }), basic);
    await new Promise((r) => setTimeout(r, 200));
    sim.requests().should.have.length(0);
  });
});
