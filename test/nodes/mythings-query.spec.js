'use strict';
// mythings-query against the EnCo simulator: every operation of SPEC 5.4 (success and one failure), paging
// (pages: all), every validation rule (INVALID_INPUT and no request at all, not even /token), node
// properties as defaults, the input rule for an inject's timestamp, and gateway throttling.
// The seeded things, thing bodies and the four-node flow: test/lib/mythings.js.
const { helper, load, unload, run, collect, capture } = require('../lib/harness');
const { TYPES, BASE, OTAA_ID, ABP_ID, NODE_DEFAULTS, useMyThings } = require('../lib/mythings');

describe('mythings-query (against the EnCo simulator)', function () {
  let sim;
  const my = useMyThings((s) => (sim = s));
  const { flow, creds, call, ok, fails, apiRequests } = my;

  my.withFlow('operations (success and one failure each)', {}, () => {
    it('query locations: one page (PageResource, 0-based number); failure: unknown thing', async function () {
      const m = ok(await call('query', 'locations', { thingIdentifier: OTAA_ID, page: 1, timeframe: 30 }));
      m.payload.number.should.equal(1);
      m.payload.totalPages.should.equal(3);
      m.payload.content.should.have.length(10);
      m.payload.content[0].data[0].type.should.equal('LBS');
      apiRequests('GET', `/things/${OTAA_ID}/locations`)[0].query.should.eql({ page: '1', timeframe: '30' });
      fails(await call('query', 'locations', 'FFFF000000000003'), 'NOT_FOUND');
    });
    it('query decodedLogs pages all: every page fetched, ONE msg with all content in order', async function () {
      const one = ok(await call('query', 'decodedLogs', OTAA_ID));
      one.payload.content.should.have.length(10);
      one.payload.last.should.be.false();
      sim.clearLog();
      const m = ok(await call('query', 'decodedLogs', { thingIdentifier: OTAA_ID, pages: 'all' }));
      m.payload.content.should.have.length(25);
      m.payload.numberOfElements.should.equal(25);
      m.payload.last.should.be.true();
      const dates = m.payload.content.map((l) => l.date);
      dates.should.eql([...dates].sort((a, b) => b - a)); // newest first, pages in order
      new Set(dates).size.should.equal(25);
      apiRequests('GET', `/things/${OTAA_ID}/logs/decoded`).map((r) => r.query.page).sort().should.eql(['0', '1', '2']);
    });
    it('query decodedLogs pages all failure: a page that keeps failing -> SERVER_ERROR, no partial msg', async function () {
      sim.inject({ match: (req) => req.path.endsWith('/logs/decoded') && req.query.page === '2', status: 503 });
      fails(await call('query', 'decodedLogs', { thingIdentifier: OTAA_ID, pages: 'all' }), 'SERVER_ERROR');
    });
    it('query decodedLogCount: interval; failure: unknown thing', async function () {
      const m = ok(await call('query', 'decodedLogCount', { thingIdentifier: OTAA_ID, interval: 'DAILY' }));
      m.payload.reduce((s, c) => s + c.count, 0).should.equal(25);
      apiRequests('GET', `/things/${OTAA_ID}/logs/decoded/count`)[0].query.should.eql({ interval: 'DAILY' });
      fails(await call('query', 'decodedLogCount', { thingIdentifier: 'FFFF000000000004', interval: 'DAILY' }), 'NOT_FOUND');
    });
    it('query networkLogs: startTime/endTime from a Date and epoch ms, sent as ISO; failure: unknown thing', async function () {
      const m = ok(await call('query', 'networkLogs', { thingIdentifier: ABP_ID, startTime: new Date('2026-01-01T00:00:00Z'), endTime: Date.UTC(2027, 0, 1), pages: 'all' }));
      m.payload.content.should.have.length(25);
      m.payload.content[0].devEUI.should.equal(ABP_ID);
      const q = apiRequests('GET', `/things/${ABP_ID}/logs/network`)[0].query;
      q.startTime.should.equal('2026-01-01T00:00:00.000Z');
      q.endTime.should.equal('2027-01-01T00:00:00.000Z');
      fails(await call('query', 'networkLogs', 'FFFF000000000005'), 'NOT_FOUND');
    });
    it('query networkLogCount: interval + range; failure: unknown thing', async function () {
      const m = ok(await call('query', 'networkLogCount', { thingIdentifier: ABP_ID, interval: 'HOURLY', startTime: '2020-01-01T00:00:00Z' }));
      m.payload.reduce((s, c) => s + c.count, 0).should.equal(25);
      fails(await call('query', 'networkLogCount', { thingIdentifier: 'FFFF000000000006', interval: 'HOURLY' }), 'NOT_FOUND');
    });
    it('query containerValues: results; failure: unknown container -> NOT_FOUND', async function () {
      const m = ok(await call('query', 'containerValues', { thingIdentifier: OTAA_ID, containerName: 'temperature', results: 3 }));
      m.payload.should.have.length(3);
      m.payload[0].container.should.equal('temperature');
      fails(await call('query', 'containerValues', { thingIdentifier: OTAA_ID, containerName: 'pressure' }), 'NOT_FOUND', /pressure/);
    });
    it('query basestations / basestation; failures: 500 and unknown id', async function () {
      ok(await call('query', 'basestations')).payload.should.have.length(3);
      ok(await call('query', 'basestation', 'BS-0001')).payload.basestationId.should.equal('BS-0001');
      fails(await call('query', 'basestation', { basestationId: 'BS-9999' }), 'NOT_FOUND', /BS-9999/);
      sim.inject({ match: { path: BASE + '/basestations' }, status: 500 });
      fails(await call('query', 'basestations'), 'SERVER_ERROR');
    });
    it('query businessRules / triggeredRules / triggeredRule; failures', async function () {
      ok(await call('query', 'businessRules')).payload.statusCodeValue.should.equal(200);
      ok(await call('query', 'triggeredRules')).payload.should.have.length(3);
      const m = ok(await call('query', 'triggeredRule', { businessRuleId: 1, containerName: 'temperature' }));
      m.payload.should.have.length(2);
      apiRequests('GET', '/businessrulestriggered/1')[0].query.should.eql({ containerName: 'temperature' });
      fails(await call('query', 'triggeredRule', '99'), 'NOT_FOUND', /Business rule 99/);
      sim.inject({ match: { path: BASE + '/businessrules' }, status: 500 });
      fails(await call('query', 'businessRules'), 'SERVER_ERROR');
      sim.inject({ match: { path: BASE + '/businessrulestriggered' }, status: 500 });
      fails(await call('query', 'triggeredRules'), 'SERVER_ERROR');
    });
    it('query containerDefinitions (thingTypeName) and status; failures', async function () {
      const m = ok(await call('query', 'containerDefinitions', { thingTypeName: 'Motion Sensor' }));
      m.payload.map((d) => d.container).should.eql(['motion', 'battery']);
      ok(await call('query', 'status')).payload.should.equal('UP');
      sim.inject({ match: { path: BASE + '/containerdefinitions' }, status: 500 });
      fails(await call('query', 'containerDefinitions'), 'SERVER_ERROR');
      sim.inject({ match: { path: BASE + '/status' }, status: 429, retryAfter: 0 });
      fails(await call('query', 'status'), 'RATE_LIMITED', /Message throttled out/);
      apiRequests('GET', '/status').should.have.length(5);
    });
  });

  my.withFlow('node properties are defaults, the msg wins', NODE_DEFAULTS, () => {
    it('query with pages all from the node: status shows the page progress, msg has 25 entries', async function () {
      const m = ok(await run('nq', { payload: {} }));
      m.payload.content.should.have.length(25);
      capture.statuses.join('\n').should.match(/page 3\/3/);
      const one = ok(await run('nq', { payload: { pages: 'one' } }));
      one.payload.content.should.have.length(10);
    });
    it("an inject's timestamp is no payload: the node's values are used; a number is never an identifier", async function () {
      const logs = ok(await run('nq', { payload: Date.now() }));
      logs.payload.content.should.have.length(25);
      apiRequests('GET', `/things/${OTAA_ID}/logs/decoded`).length.should.be.above(0);
      ok(await run('nt', { operation: 'list', payload: Date.now() })).payload.should.be.an.Array();
      apiRequests('GET', '/things')[0].query.should.eql({});
      ok(await run('na', { payload: Date.now() })).payload.devAddresses.should.have.length(1);
      sim.clearLog();
      // the node names no businessRuleId: a number is not one, nothing is sent; a string or a field is
      fails(await run('nq', { operation: 'triggeredRule', payload: 2 }), 'INVALID_INPUT', /businessRuleId is required/);
      fails(await run('nt', { payload: Date.now() }), 'INVALID_INPUT', /thingIdentifier is required/);
      fails(await run('nd', { payload: 1234 }), 'INVALID_INPUT', /payload is required/);
      sim.requests().should.have.length(0);
      ok(await run('nq', { operation: 'triggeredRule', payload: '2' })).payload.should.have.length(1);
      ok(await run('nq', { operation: 'triggeredRule', payload: { businessRuleId: 2 } })).payload.should.have.length(1);
    });
  });

  my.validation([
    // query (SPEC 5.4)
    ['query', 'locations', {}, /thingIdentifier is required/],
    ['query', 'decodedLogs', { thingIdentifier: OTAA_ID, page: -1 }, /page must be at least 0/],
    ['query', 'decodedLogs', { thingIdentifier: OTAA_ID, timeframe: 'week' }, /timeframe must be an integer/],
    ['query', 'decodedLogs', { thingIdentifier: OTAA_ID, pages: 'some' }, /pages must be one of one, all/],
    ['query', 'decodedLogCount', { thingIdentifier: OTAA_ID }, /interval is required/],
    ['query', 'networkLogCount', { thingIdentifier: OTAA_ID, interval: 'YEARLY' }, /interval must be one of HOURLY, DAILY, WEEKLY, MONTHLY/],
    ['query', 'networkLogs', { thingIdentifier: OTAA_ID, startTime: 'yesterday' }, /startTime must be a Date/],
    ['query', 'containerValues', { thingIdentifier: OTAA_ID }, /containerName is required/],
    ['query', 'containerValues', { thingIdentifier: OTAA_ID, containerName: 'temperature', results: 'many' }, /results must be an integer/],
    ['query', 'basestation', {}, /basestationId is required/],
    ['query', 'triggeredRule', { businessRuleId: 'abc' }, /businessRuleId must be an integer/],
    ['query', 'triggeredRule', {}, /businessRuleId is required/],
  ]);

  it('throttling (429 + Retry-After from the gateway): 12 concurrent msgs all succeed after waiting', async function () {
    this.timeout(15000);
    sim.clearLog();
    sim.clearFaults();
    await load(TYPES, flow(), creds);
    sim.throttle(5);
    try {
      const got = collect('out', 12, 12000);
      for (let i = 0; i < 12; i++) helper.getNode('nq').receive({ operation: 'status', payload: {}, i });
      const msgs = await got;
      new Set(msgs.map((m) => m.i)).size.should.equal(12);
      msgs.every((m) => m.payload === 'UP').should.be.true();
      sim.counts.throttled.should.be.above(0);
      apiRequests('GET', '/status').length.should.be.above(12);
    } finally {
      sim.throttle(0);
      await unload();
    }
  });
});
