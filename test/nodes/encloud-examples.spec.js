'use strict';
// The enCloud example flows, as shipped in examples/, run against the simulator (their account URL
// pointed at it, credentials from the simulator's sandbox settings).
const should = require('should');
const supertest = require('supertest');
const { helper, load, collect, useSim } = require('../lib/harness');
const { getStatus: get } = require('../lib/http-get');
const encloudSim = require('../sim/encloud-sim');
const { exampleAgainst } = require('../lib/examples');
const secrets = require('../lib/secrets');

const core = (p) => require('../lib/harness').coreNode(p);
const CORE = ['common/20-inject.js', 'common/21-debug.js', 'common/25-catch.js', 'common/90-comment.js', 'function/10-function.js', 'function/15-change.js', 'parsers/70-CSV.js', 'network/21-httpin.js'].map(core);
let httpNode;
function captureHttpNode(RED) {
  httpNode = RED.httpNode;
}
const TYPES = ['encloud-account', 'encloud-devices', 'encloud-user', 'encloud-hotlink', ...CORE, captureHttpNode];

function example(name, url) {
  return exampleAgainst(name, {
    accountType: 'encloud-account',
    vendorUrl: 'https://myenCloud.com',
    url,
    credentials: encloudSim.sandbox.credentials,
    edit: (n) => {
      if (n.type === 'inject') n.once = false; // the test triggers them
    },
  });
}

describe('enCloud example flows (examples/encloud-*.json)', function () {
  let sim;
  let url;
  useSim(() => encloudSim.create({ devices: 180 }), {
    started: (s, u) => ([sim, url] = [s, u]),
    reset: () => sim.users.clear(),
  });

  it('encloud-rssi: one msg per router with topic = UID and payload = cell.rssi', async function () {
    const { flow, creds } = example('encloud-rssi', url);
    await load(TYPES, flow, creds);
    const got = collect('encrssi.debug', 180, 15000);
    helper.getNode('encrssi.inject').receive({});
    const msgs = await got;
    msgs.map((m) => m.topic).should.eql(sim.devices.map((d) => d.uid));
    for (const m of msgs) m.payload.should.be.within(-113, -51);
    const reqs = sim.requests({ path: '/integration/devices' });
    reqs.should.have.length(2);
    reqs[0].query.should.containEql({ keys: 'cell.rssi', limit: '100', timestamp: '0' });
  });

  it('encloud-users-csv: creates the users of the CSV in bulk and reports the bad row; then removes them', async function () {
    const { flow, creds } = example('encloud-users-csv', url);
    await load(TYPES, flow, creds);
    let done = collect('encusr.debug', 1);
    helper.getNode('encusr.inject').receive({});
    let [m] = await done;
    m.payload.ok.should.equal(4);
    m.payload.failed.should.have.length(1);
    m.payload.failed[0].should.containEql({ email: 'not-an-email', code: 'INVALID_INPUT' });
    sim.users.size.should.equal(4);
    sim.users.get('alice.admin@example.com').should.containEql({ user_type: 'ADMIN', customer_id: 'SDK15', name: 'Alice Admin' });
    sim.requests({ method: 'POST', path: '/integration/users' }).should.have.length(4);

    done = collect('encusr.debug', 1);
    helper.getNode('encusr.inject').receive({});
    [m] = await done;
    m.payload.ok.should.equal(0);
    m.payload.failed.filter((f) => f.code === 'CONFLICT').should.have.length(4);

    done = collect('encusr.debug', 1);
    helper.getNode('encusr.inject.delete').receive({});
    [m] = await done;
    m.payload.should.eql({ ok: 4, failed: [] });
    sim.users.size.should.equal(0);
  });

  describe('encloud-hotlink: the endpoint is protected by a key (env ENCLOUD_HOTLINK_KEY)', function () {
    const KEY = secrets.hotlinkKey;
    afterEach(() => delete process.env.ENCLOUD_HOTLINK_KEY);
    const open = (q) => supertest(httpNode).get('/encloud/open').query({ email: 'portal.user@example.com', customer_id: 'SDK15', ...q });

    it('as shipped (no key in the environment): 503 for everyone, nothing asked of enCloud', async function () {
      const { flow, creds } = example('encloud-hotlink', url);
      await load(TYPES, flow, creds);
      const r = await open({ key: KEY });
      r.status.should.equal(503);
      r.text.should.equal('Hot link endpoint not configured');
      sim.requests().should.have.length(0);
    });

    it('no key, a wrong key, a key of another length: 401, nothing asked of enCloud (no user created)', async function () {
      process.env.ENCLOUD_HOTLINK_KEY = KEY;
      const { flow, creds } = example('encloud-hotlink', url);
      await load(TYPES, flow, creds);
      (await open({})).status.should.equal(401);
      (await open({}).set('X-Hotlink-Key', KEY.slice(0, -1) + 'x')).status.should.equal(401);
      (await open({ key: KEY + 'x' })).status.should.equal(401);
      (await open({ key: '' })).status.should.equal(401);
      sim.requests().should.have.length(0);
      sim.users.size.should.equal(0);
    });

    it('the key as X-Hotlink-Key header or ?key=: 302 to the hot link', async function () {
      process.env.ENCLOUD_HOTLINK_KEY = KEY;
      const { flow, creds } = example('encloud-hotlink', url);
      await load(TYPES, flow, creds);
      const byQuery = await open({ key: KEY, email: 'query.user@example.com' });
      byQuery.status.should.equal(302);
      byQuery.headers.location.should.match(new RegExp(`^${url}/redirect\\?token=[0-9a-f]{32}$`));
      const byHeader = await open({ email: 'header.user@example.com' }).set('X-Hotlink-Key', KEY);
      byHeader.status.should.equal(302);
      sim.requests({ path: '/integration/hotlink' }).map((r) => r.query.email).should.eql(['query.user@example.com', 'header.user@example.com']);
      // the key is not passed on to enCloud
      JSON.stringify(sim.requests()).should.not.containEql(KEY);
    });
  });

  it('encloud-hotlink: GET /encloud/open answers 302 to the hot link, which logs the user in', async function () {
    process.env.ENCLOUD_HOTLINK_KEY = secrets.hotlinkKey;
    const { flow, creds } = example('encloud-hotlink', url);
    await load(TYPES, flow, creds);
    const res = await supertest(httpNode).get('/encloud/open').set('X-Hotlink-Key', secrets.hotlinkKey).query({ email: 'portal.user@example.com', customer_id: 'SDK15', device_id: sim.devices[3].uid }).expect(302);
    res.headers.location.should.match(new RegExp(`^${url}/redirect\\?token=[0-9a-f]{32}$`));
    (await get(res.headers.location)).should.eql({ status: 302, location: `/devices/${sim.devices[3].uid}` });
    sim.users.has('portal.user@example.com').should.be.true();

    // the key in the query this time: the Catch msg (msg.req) must not carry it (secret audit)
    const bad = await supertest(httpNode).get('/encloud/open').query({ email: 'nope', customer_id: 'SDK15', key: secrets.hotlinkKey });
    bad.status.should.equal(400);
    bad.text.should.equal('Could not open enCloud: INVALID_INPUT');
    const unknown = await supertest(httpNode).get('/encloud/open').set('X-Hotlink-Key', secrets.hotlinkKey).query({ email: 'a@example.com', customer_id: 'NOPE' });
    unknown.status.should.equal(502);
    unknown.text.should.equal('Could not open enCloud: REJECTED');
    should(sim.requests({ path: '/integration/hotlink' }).length).equal(2);
    delete process.env.ENCLOUD_HOTLINK_KEY;
  });
});
