'use strict';
const path = require('path');
const should = require('should');
const { helper, load, run, collect, actionFlow, useSim, dynamicSecrets, root } = require('../lib/harness');
const { invalidInput } = require('../lib/assert');
const secrets = require('../lib/secrets');
const encloudSim = require('../sim/encloud-sim');
const { catalogNode } = require('../lib/i18n-catalog'); // status texts from the en-US catalogs

const TYPES = ['encloud-account', 'encloud-devices'].map((t) => catalogNode(t));
const joinModule = require('../lib/harness').coreNode('sequence/17-split.js');
const creds = () => ({ acc: { email: secrets.encloudEmail, password: secrets.encloudPassword, apiKey: secrets.encloudApiKey } });
const uids = (devices) => devices.map((d) => d.device_uid);

describe('encloud-devices (device pull against the enCloud simulator)', function () {
  let sim;
  let url;
  useSim(() => encloudSim.create({ apiUsers: [{ email: secrets.encloudEmail, password: secrets.encloudPassword }], apiKeys: [secrets.encloudApiKey], devices: 250 }), {
    started: (s, u) => ([sim, url] = [s, u]),
    reset: () => Object.assign(sim, { pageDelayMs: 0, pageJitterMs: 0 }),
  });

  function flow(props = {}, accountProps = {}, extra = []) {
    return actionFlow(
      { id: 'n1', type: 'encloud-devices', account: 'acc', keys: 'cell.rssi', ...props },
      { id: 'acc', type: 'encloud-account', url, timeout: 5000, retries: 3, concurrency: 4, ...accountProps },
      extra,
    );
  }
  // what the simulator holds, in created_at order, filtered here independently of the simulator's code
  const expected = (pred = () => true) => sim.devices.filter(pred).map((d) => d.uid);
  const pagesAsked = () => sim.requests({ path: '/integration/devices' }).filter((r) => !r.fault).map((r) => Number(r.query.page));

  it('pages: all, output: single -> ONE msg {totalResults, totalFilteredResults, devices} in created_at order', async function () {
    await load(TYPES, flow({ limit: '100' }), creds());
    const r = await run('n1', { payload: 1700000000000, topic: 'routers', custom: { a: 1 } });
    should.not.exist(r.error);
    r.msg.topic.should.equal('routers');
    r.msg.custom.should.eql({ a: 1 });
    r.msg.statusCode.should.equal(200);
    Object.keys(r.msg.payload).should.eql(['totalResults', 'totalFilteredResults', 'devices']);
    r.msg.payload.totalResults.should.equal(250);
    r.msg.payload.totalFilteredResults.should.equal(250);
    uids(r.msg.payload.devices).should.eql(expected());
    const created = r.msg.payload.devices.map((d) => d.created_at);
    created.should.eql([...created].sort());
    r.msg.payload.devices[0].last_data.should.have.keys('cell.rssi');
    r.msg.payload.devices[0].last_data['cell.rssi'].should.be.within(-113, -51);
    pagesAsked().sort().should.eql([1, 2, 3]);
    const q = sim.requests({ path: '/integration/devices' })[0].query;
    q.should.containEql({ timestamp: '0', keys: 'cell.rssi', limit: '100' });
  });

  it('last_data carries exactly the requested keys (array or comma-separated)', async function () {
    await load(TYPES, flow({ pages: 'one', limit: '10' }), creds());
    const r = await run('n1', { payload: { keys: ['cell.rssi', 'cell.uptime', 'cell.rsrq'] } });
    should.not.exist(r.error);
    sim.requests({ path: '/integration/devices' })[0].query.keys.should.equal('cell.rssi,cell.uptime,cell.rsrq');
    for (const d of r.msg.payload.devices) d.last_data.should.have.only.keys('cell.rssi', 'cell.uptime', 'cell.rsrq');
    const r2 = await run('n1', { payload: { keys: 'system.uptime, cell2.status' } });
    for (const d of r2.msg.payload.devices) d.last_data.should.have.only.keys('system.uptime', 'cell2.status');
  });

  describe('every filter reaches enCloud and selects what it should', function () {
    const cases = [
      ['devices (array)', { devices: ['00A0EB800003', '00A0EB800007', '00A0EB8000F0'] }, (d) => ['00A0EB800003', '00A0EB800007', '00A0EB8000F0'].includes(d.uid), { devices: '00A0EB800003,00A0EB800007,00A0EB8000F0' }],
      ['devices (comma-separated)', { devices: '00A0EB800003, 00A0EB800007' }, (d) => ['00A0EB800003', '00A0EB800007'].includes(d.uid), { devices: '00A0EB800003,00A0EB800007' }],
      ['customer_id', { customer_id: 'YRK15' }, (d) => d.customer_id === 'YRK15', { customer_id: 'YRK15' }],
      ['state Registered', { state: 'Registered' }, (d) => d.state === 'Registered', { state: 'Registered' }],
      ['state Waiting For Response', { state: 'Waiting For Response' }, (d) => d.state === 'Waiting For Response', { state: 'Waiting For Response' }],
      ['state Passive', { state: 'Passive' }, (d) => d.state === 'Passive', { state: 'Passive' }],
      ['state Expired', { state: 'Expired' }, (d) => d.state === 'Expired', { state: 'Expired' }],
      ['is_online true', { is_online: true }, (d) => d.online, { is_online: 'true' }],
      ['is_online "false"', { is_online: 'false' }, (d) => !d.online, { is_online: 'false' }],
      ['search by name', { search: 'en-3000' }, (d) => d.name.toLowerCase().includes('en-3000'), { search: 'en-3000' }],
      ['search by UID', { search: '00A0EB80001' }, (d) => d.uid.includes('00A0EB80001'), { search: '00A0EB80001' }],
      ['timestamp (Unix seconds)', { timestamp: Date.UTC(2016, 0, 3) / 1000 }, (d) => d.created <= Date.UTC(2016, 0, 3), { timestamp: String(Date.UTC(2016, 0, 3) / 1000) }],
      ['timestamp (a Date)', { timestamp: new Date(Date.UTC(2016, 0, 2, 12)) }, (d) => d.created <= Date.UTC(2016, 0, 2, 12), { timestamp: String(Date.UTC(2016, 0, 2, 12) / 1000) }],
      ['timestamp (an ISO string)', { timestamp: '2016-01-02T06:30:00Z' }, (d) => d.created <= Date.UTC(2016, 0, 2, 6, 30), { timestamp: String(Date.UTC(2016, 0, 2, 6, 30) / 1000) }],
      ['customer_id + state + is_online together', { customer_id: 'SDK15', state: 'Registered', is_online: true }, (d) => d.customer_id === 'SDK15' && d.state === 'Registered' && d.online, { customer_id: 'SDK15', state: 'Registered', is_online: 'true' }],
    ];
    for (const [title, payload, pred, query] of cases) {
      it(title, async function () {
        await load(TYPES, flow({ limit: '25' }), creds());
        const r = await run('n1', { payload });
        should.not.exist(r.error);
        const want = expected(pred);
        want.length.should.be.above(0);
        want.length.should.be.below(250);
        uids(r.msg.payload.devices).should.eql(want);
        r.msg.payload.totalFilteredResults.should.equal(want.length);
        r.msg.payload.totalResults.should.equal(250);
        for (const req of sim.requests({ path: '/integration/devices' })) req.query.should.containEql(query);
        pagesAsked().length.should.equal(Math.max(1, Math.ceil(want.length / 25)));
      });
    }

    it('node properties are defaults; a field in msg.payload wins', async function () {
      await load(TYPES, flow({ customer_id: 'SDK15', state: 'Passive', limit: '50' }), creds());
      const r = await run('n1', { payload: { customer_id: 'SDT15' } });
      uids(r.msg.payload.devices).should.eql(expected((d) => d.customer_id === 'SDT15' && d.state === 'Passive'));
      sim.requests({ path: '/integration/devices' })[0].query.should.containEql({ customer_id: 'SDT15', state: 'Passive', limit: '50' });
    });
  });

  describe('limit and page', function () {
    for (const limit of [10, 25, 50, 100]) {
      it(`limit ${limit}: ${Math.ceil(250 / limit)} pages of at most ${limit}, every device once`, async function () {
        await load(TYPES, flow({ limit: String(limit) }), creds());
        const r = await run('n1', {});
        uids(r.msg.payload.devices).should.eql(expected());
        pagesAsked().sort((a, b) => a - b).should.eql(Array.from({ length: Math.ceil(250 / limit) }, (_, i) => i + 1));
        for (const req of sim.requests({ path: '/integration/devices' })) req.query.limit.should.equal(String(limit));
      });
    }

    it('limit -1: all records in one request', async function () {
      await load(TYPES, flow({ limit: '-1' }), creds());
      const r = await run('n1', { payload: {} });
      uids(r.msg.payload.devices).should.eql(expected());
      sim.requests({ path: '/integration/devices' }).should.have.length(1);
      sim.requests({ path: '/integration/devices' })[0].query.limit.should.equal('-1');
    });

    it('pages: one sends enCloud\'s page as it came; page is 1-based and comes from msg.payload', async function () {
      await load(TYPES, flow({ pages: 'one', limit: '25' }), creds());
      const r = await run('n1', { payload: { page: 3 } });
      should.not.exist(r.error);
      r.msg.payload.should.have.properties({ totalResults: 250, totalFilteredResults: 250, limit: 25, page: 3, sort: 'created_at', sort_type: 'ASC' });
      uids(r.msg.payload.devices).should.eql(expected().slice(50, 75));
      pagesAsked().should.eql([3]);
      const first = await run('n1', { payload: {} });
      uids(first.msg.payload.devices).should.eql(expected().slice(0, 25));
      const beyond = await run('n1', { payload: { page: 99 } });
      beyond.msg.payload.devices.should.eql([]);
    });

    it('pages: all from page 3 on (msg.payload.page) fetches pages 3..last', async function () {
      await load(TYPES, flow({ limit: '50' }), creds());
      const r = await run('n1', { payload: { page: 3 } });
      uids(r.msg.payload.devices).should.eql(expected().slice(100));
      pagesAsked().sort().should.eql([3, 4, 5]);
    });

    it('an empty result: one request, devices []', async function () {
      await load(TYPES, flow(), creds());
      const r = await run('n1', { payload: { search: 'no-such-router' } });
      r.msg.payload.should.eql({ totalResults: 250, totalFilteredResults: 0, devices: [] });
      sim.requests({ path: '/integration/devices' }).should.have.length(1);
    });
  });

  describe('validation: INVALID_INPUT and no request at all (not even authorise)', function () {
    const bad = [
      ['keys missing', { keys: '' }, {}, /keys/],
      ['keys empty array', {}, { keys: [] }, /keys/],
      ['keys only commas', {}, { keys: ' , ,' }, /keys/],
      ['limit 20', {}, { limit: 20 }, /limit must be one of 10, 25, 50, 100, -1/],
      ['limit "all"', {}, { limit: 'all' }, /limit/],
      ['limit 0', {}, { limit: 0 }, /limit/],
      ['state Active', {}, { state: 'Active' }, /state must be one of Registered, Waiting For Response, Passive, Expired/],
      ['state lower case', {}, { state: 'registered' }, /state/],
      ['is_online "yes"', {}, { is_online: 'yes' }, /is_online must be true or false/],
      ['is_online 1', {}, { is_online: 1 }, /is_online/],
      ['timestamp -1', {}, { timestamp: -1 }, /timestamp/],
      ['timestamp 1.5', {}, { timestamp: 1.5 }, /timestamp/],
      ['timestamp "yesterday"', {}, { timestamp: 'yesterday' }, /timestamp/],
      ['timestamp an invalid Date', {}, { timestamp: new Date('x') }, /timestamp/],
      ['timestamp before 1970', {}, { timestamp: '1969-12-31T00:00:00Z' }, /timestamp/],
      ['page 0', {}, { page: 0 }, /page must be at least 1/],
      ['page "two"', {}, { page: 'two' }, /page must be an integer/],
      ['devices a number', {}, { devices: 42 }, /devices must be an array or a comma-separated string/],
      ['customer_id an object', {}, { customer_id: { a: 1 } }, /customer_id must be a string/],
      ['search an array', {}, { search: ['a'] }, /search must be a string/],
      ['a bad node property (limit 30)', { limit: '30' }, {}, /limit/],
      ['msg.payload an array', {}, ['00A0EB800003'], /msg.payload must be an object/],
    ];
    for (const [title, props, payload, re] of bad) {
      it(title, async function () {
        await load(TYPES, flow(props), creds());
        const r = await run('n1', { payload });
        invalidInput(r, re);
        if (!(payload.timestamp instanceof Date)) r.msg.payload.should.eql(payload); // an Invalid Date never equals itself
        sim.requests().should.have.length(0);
      });
    }
  });

  describe('paging under concurrency', function () {
    let big;
    let bigUrl;
    before(async function () {
      big = encloudSim.create({ apiUsers: [{ email: secrets.encloudEmail, password: secrets.encloudPassword }], apiKeys: [secrets.encloudApiKey], devices: 1000, seed: 7 });
      bigUrl = await big.start();
    });
    after(async () => {
      for (const t of big.issued) dynamicSecrets.add(t);
      await big.stop();
    });
    beforeEach(() => {
      big.clearLog();
      big.clearFaults();
    });
    const bigFlow = (props = {}, acc = {}) => flow({ limit: '25', ...props }, { url: bigUrl, concurrency: 4, ...acc });
    const bigPages = () => big.requests({ path: '/integration/devices' }).map((r) => Number(r.query.page));

    it('40 pages, 4 at a time, finishing out of order: no device lost, none duplicated, in order', async function () {
      big.pageJitterMs = 25;
      await load(TYPES, bigFlow(), creds());
      const statuses = [];
      helper.getNode('n1').on('call:status', (c) => statuses.push(c.args[0].text));
      const r = await run('n1', {}, { ms: 20000 });
      should.not.exist(r.error);
      const got = uids(r.msg.payload.devices);
      got.should.have.length(1000);
      new Set(got).size.should.equal(1000);
      got.should.eql(big.devices.map((d) => d.uid));
      bigPages().sort((a, b) => a - b).should.eql(Array.from({ length: 40 }, (_, i) => i + 1));
      big.counts.maxInFlight.should.be.above(1);
      big.counts.maxInFlight.should.be.belowOrEqual(4);
      statuses[0].should.equal('requesting');
      statuses.should.containEql('page 2/40');
      statuses.should.containEql('page 40/40');
      statuses[statuses.length - 1].should.equal('1000 devices');
    });

    it('concurrency 1 asks one page at a time', async function () {
      big.pageJitterMs = 5;
      await load(TYPES, bigFlow({ limit: '100' }, { concurrency: 1 }), creds());
      const r = await run('n1', {}, { ms: 20000 });
      uids(r.msg.payload.devices).should.eql(big.devices.map((d) => d.uid));
      big.counts.maxInFlight.should.equal(1);
    });

    it('a token rotation in the middle of a pull re-authorises ONCE and loses no page', async function () {
      big.pageJitterMs = 20;
      let n = 0;
      // enCloud renews the token while the 9th page request arrives: it and those in flight answer 401
      big.inject({
        match: (req) => {
          if (req.path === '/integration/devices' && ++n === 9) big.rotateToken();
          return false;
        },
      });
      await load(TYPES, bigFlow(), creds());
      const r = await run('n1', {}, { ms: 20000 });
      should.not.exist(r.error);
      const got = uids(r.msg.payload.devices);
      got.should.eql(big.devices.map((d) => d.uid));
      big.counts.authorise.should.equal(2);
      const reqs = big.requests({ path: '/integration/devices' });
      new Set(reqs.map((q) => q.headers.authorization)).size.should.equal(2);
      // the pages answered 401 (the 9th and those in flight with it) were asked again with the new token
      big.denied.length.should.be.within(1, 4);
      big.denied.forEach((d) => d.status.should.equal(401));
      const answered = reqs.map((q) => Number(q.query.page));
      for (const d of big.denied) answered.splice(answered.indexOf(Number(d.query.page)), 1);
      answered.sort((a, b) => a - b).should.eql(Array.from({ length: 40 }, (_, i) => i + 1));
    });

    it('a 503 on one page is retried and the pull completes; a 500 stops it with SERVER_ERROR', async function () {
      big.inject({ match: (req) => req.path === '/integration/devices' && req.query.page === '7', status: 503, times: 1 });
      await load(TYPES, bigFlow(), creds());
      const r = await run('n1', {}, { ms: 20000 });
      should.not.exist(r.error);
      r.msg.payload.devices.should.have.length(1000);
      big.clearFaults();
      big.inject({ match: (req) => req.path === '/integration/devices' && req.query.page === '12', status: 500 });
      const r2 = await run('n1', { payload: {}, topic: 'x' }, { ms: 20000 });
      r2.error.code.should.equal('SERVER_ERROR');
      r2.error.message.should.match(/HTTP 500: Internal Server Error/);
      r2.msg.statusCode.should.equal(500);
      r2.msg.payload.should.eql({});
    });
  });

  describe('output page and output device', function () {
    it('output page: one msg per page with that page\'s body, in order', async function () {
      await load(TYPES, flow({ limit: '100', output: 'page' }), creds());
      const got = collect('out', 3);
      helper.getNode('n1').receive({ payload: {}, topic: 'p' });
      const msgs = await got;
      msgs.map((m) => m.payload.page).should.eql([1, 2, 3]);
      msgs.map((m) => m.payload.devices.length).should.eql([100, 100, 50]);
      msgs.forEach((m, i) => {
        m.topic.should.equal('p');
        m.statusCode.should.equal(200);
        m.parts.should.containEql({ index: i, count: 3 });
      });
      uids(msgs.flatMap((m) => m.payload.devices)).should.eql(expected());
    });

    it('output device: one msg per device with msg.parts {id, index, count}', async function () {
      await load(TYPES, flow({ limit: '50', output: 'device' }), creds());
      const got = collect('out', 250);
      helper.getNode('n1').receive({ payload: { customer_id: '' }, topic: 'd', keep: 'me' });
      const msgs = await got;
      uids(msgs.map((m) => m.payload)).should.eql(expected());
      const id = msgs[0].parts.id;
      msgs.forEach((m, i) => {
        m.parts.should.containEql({ id, index: i, count: 250, type: 'array' });
        m.keep.should.equal('me');
      });
    });

    it('output device through a core join node rebuilds exactly the array that output single gives', async function () {
      const f = flow({ limit: '25', output: 'device', wires: [['join1']] }, {}, [
        { id: 'join1', z: 'f1', type: 'join', mode: 'auto', build: 'array', property: 'payload', propertyType: 'msg', timeout: '', count: '', wires: [['joined']] },
        { id: 'joined', z: 'f1', type: 'helper' },
        { id: 'n2', z: 'f1', type: 'encloud-devices', account: 'acc', keys: 'cell.rssi,cell.uptime', limit: '100', output: 'single', wires: [['out']] },
      ]);
      await load([...TYPES, joinModule], f, creds());
      const joined = collect('joined', 1, 15000);
      helper.getNode('n1').receive({ payload: { keys: 'cell.rssi,cell.uptime', customer_id: 'SDK15' } });
      const single = await run('n2', { payload: { customer_id: 'SDK15' } });
      const [j] = await joined;
      Array.isArray(j.payload).should.be.true();
      j.payload.length.should.equal(single.msg.payload.devices.length);
      j.payload.length.should.be.above(25);
      j.payload.should.eql(single.msg.payload.devices);
    });

    it('output device: when devices disappear during the pull, the last msg carries complete so join still closes', async function () {
      const f = flow({ limit: '100', output: 'device', wires: [['join1']] }, { concurrency: 1 }, [
        { id: 'join1', z: 'f1', type: 'join', mode: 'auto', build: 'array', property: 'payload', propertyType: 'msg', timeout: '', count: '', wires: [['joined']] },
        { id: 'joined', z: 'f1', type: 'helper' },
      ]);
      await load([...TYPES, joinModule], f, creds());
      const removed = [];
      let n = 0;
      sim.inject({
        match: (req) => {
          // after the first page was answered, the last 5 routers leave the inventory
          if (req.path === '/integration/devices' && ++n === 2) {
            removed.push(...sim.devices.splice(245, 5));
            sim.version++;
          }
          return false;
        },
      });
      const joined = collect('joined', 1, 10000);
      helper.getNode('n1').receive({ payload: {} });
      try {
        const [j] = await joined;
        j.payload.should.have.length(245);
        uids(j.payload).should.eql(expected());
      } finally {
        sim.devices.push(...removed);
        sim.version++;
      }
    });

    it('output device with an upstream msg.parts nests it as parts.parts', async function () {
      await load(TYPES, flow({ pages: 'one', limit: '10', output: 'device' }), creds());
      const got = collect('out', 10);
      helper.getNode('n1').receive({ payload: {}, parts: { id: 'up', index: 2, count: 5 } });
      const msgs = await got;
      msgs[0].parts.parts.should.eql({ id: 'up', index: 2, count: 5 });
      msgs[9].parts.should.containEql({ index: 9, count: 10 });
    });
  });
});
