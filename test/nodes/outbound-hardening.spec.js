'use strict';
// Issue 11, outbound side in a real Node-RED runtime: an account without credentials answers
// NOT_CONFIGURED (never a TypeError), and nothing is sent.
require('should');
const { load, unload, run, actionFlow } = require('../lib/harness');
const enapterSim = require('../sim/enapter-sim');
const secrets = require('../lib/secrets');

describe('outbound hardening (issue 11)', function () {
  let sim;
  let url;
  before(async () => {
    sim = enapterSim.create({ tokens: [secrets.enapterToken] });
    url = await sim.start();
  });
  after(() => sim.stop());
  afterEach(() => unload());

  it('enapter-account without any credentials: NOT_CONFIGURED, nothing sent, the node keeps working', async () => {
    const flow = actionFlow(
      { id: 'n1', type: 'enapter-provision', account: 'acc', operation: 'ucm' },
      { id: 'acc', type: 'enapter-account', url, timeout: 3000, retries: 0, concurrency: 4 },
    );
    await load(['enapter-account', 'enapter-provision'], flow);
    sim.clearLog();
    const payload = { site_id: '3ab3d3b0-0a3c-4f5a-8d2e-6c9a8a7b1e01', hardware_id: 'C8795CBA5375484E829105E959663C8B', name: 'My UCM', protocol: 'MQTTS' };
    for (let i = 0; i < 2; i++) {
      const r = await run('n1', { payload });
      r.error.code.should.equal('NOT_CONFIGURED');
      r.error.message.should.match(/no API token/);
    }
    sim.requests().should.have.length(0);
  });
});

describe('enapter-account constructed without a credentials object (issue 11)', function () {
  it('its client answers NOT_CONFIGURED, never a TypeError', async () => {
    const { EventEmitter } = require('events');
    let ctor;
    const RED = {
      nodes: { createNode() {}, registerType: (t, c) => (ctor = c), getNode: () => null, getCredentials: () => undefined },
      httpAdmin: { post() {} },
      auth: { needsPermission: () => (req, res, next) => next() },
      settings: {},
      _: (k) => k,
    };
    require('../../nodes/enapter-account.js')(RED);
    const node = new EventEmitter();
    ctor.call(node, { id: 'a', url: 'http://127.0.0.1:9', timeout: 1000, retries: 0, concurrency: 1 });
    const err = await Promise.resolve()
      .then(() => node.api.sites())
      .catch((e) => e);
    err.code.should.equal('NOT_CONFIGURED');
  });
});

describe('encloud-user delete whose retry finds the user gone (issue 11, SPEC 3.6)', function () {
  const encloudSim = require('../sim/encloud-sim');
  const { dynamicSecrets } = require('../lib/harness');
  let sim;
  let url;
  before(async () => {
    sim = encloudSim.create({ apiUsers: [{ email: secrets.encloudEmail, password: secrets.encloudPassword }], apiKeys: [secrets.encloudApiKey], devices: 1 });
    url = await sim.start();
  });
  after(() => sim.stop());
  afterEach(async () => {
    for (const t of sim.issued) dynamicSecrets.add(t);
    sim.clearFaults();
    await unload();
  });
  const creds = { acc: { email: secrets.encloudEmail, password: secrets.encloudPassword, apiKey: secrets.encloudApiKey } };
  const flow = () => actionFlow({ id: 'n1', type: 'encloud-user', account: 'acc', operation: 'delete' }, { id: 'acc', type: 'encloud-account', url, timeout: 2000, retries: 2, concurrency: 1 });

  it('the first DELETE deletes but its connection is reset; the retry answers 404: success, msg.statusCode 404', async () => {
    await load(['encloud-account', 'encloud-user'], flow(), creds);
    sim.users.set('gone@example.com', { email: 'gone@example.com' });
    sim.inject({
      match: (req) => req.method === 'DELETE' && sim.users.delete('gone@example.com'),
      reset: true,
      times: 1,
    });
    const r = await run('n1', { payload: 'gone@example.com' });
    (r.error === undefined).should.be.true(r.error && r.error.message);
    r.msg.statusCode.should.equal(404);
    sim.requests({ method: 'DELETE' }).should.have.length(2);
  });

  it('a DELETE answered 404 at the first attempt stays NOT_FOUND', async () => {
    await load(['encloud-account', 'encloud-user'], flow(), creds);
    const r = await run('n1', { payload: 'never@example.com' });
    r.error.code.should.equal('NOT_FOUND');
  });
});
