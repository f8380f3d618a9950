'use strict';
const should = require('should');
const {
  EncloudApi,
  basicAuthorization,
  buildDevicesQuery,
  buildHotlinkQuery,
  buildUserRequest,
  classifyEncloudError,
  describeEncloudError,
  md5hex,
  pageCount,
  parseLimit,
  unixSeconds,
} = require('../../nodes/encloud/api.js');
const encloudSim = require('../sim/encloud-sim');

const { throwsInvalid: invalid } = require('../lib/assert');

describe('encloud/api: pure request building', function () {
  it("md5hex and the Basic header: the seed's example (Pass1234 -> 823da422...)", function () {
    md5hex('Pass1234').should.equal('823da4223e46ec671a10ea13d7823534');
    basicAuthorization('u@example.com', 'Pass1234', false).should.equal('Basic ' + Buffer.from('u@example.com:823da4223e46ec671a10ea13d7823534').toString('base64'));
    basicAuthorization('u@example.com', '823da4223e46ec671a10ea13d7823534', true).should.equal(basicAuthorization('u@example.com', 'Pass1234', false));
  });

  it("describe: enCloud's description + ivenCode; classify: 'already exists' is a CONFLICT", function () {
    const table = [
      [{ status: 422, description: 'Bad credentials.', ivenCode: 9007 }, 'Bad credentials (ivenCode 9007)'],
      [{ status: 404, description: 'The user is not found.', ivenCode: 9002 }, 'The user is not found (ivenCode 9002)'],
      [{ status: 400, description: 'Customer is not present', ivenCode: 0 }, 'Customer is not present (ivenCode 0)'],
      [{ status: 400, description: 'no code' }, 'no code'],
      ['Internal Server Error', undefined],
      [{ other: 1 }, undefined],
    ];
    for (const [body, want] of table) should(describeEncloudError(400, body)).equal(want);
    classifyEncloudError(400, { description: 'User with this email already exists.' }).should.equal('CONFLICT');
    should(classifyEncloudError(400, { description: 'User Type is not present' })).be.undefined();
    should(classifyEncloudError(500, 'Internal Server Error')).be.undefined();
  });

  it('unixSeconds: 0 default, integers as given, Date and ISO converted; the rest rejected', function () {
    const ok = [
      [undefined, 0],
      ['', 0],
      [0, 0],
      [1496752350, 1496752350],
      ['1496752350', 1496752350],
      [new Date('2017-06-06T12:32:30Z'), 1496752350],
      ['2017-06-06T12:32:30Z', 1496752350],
      ['2017-06-06T14:32:30+02:00', 1496752350],
      ['2017-06-06T12:32:30.999Z', 1496752350],
    ];
    for (const [v, want] of ok) unixSeconds(v).should.equal(want);
    for (const v of [-1, 1.5, 'yesterday', new Date('x'), true, {}, '1969-01-01T00:00:00Z']) invalid(() => unixSeconds(v), /timestamp/);
  });

  it('parseLimit: 10, 25, 50, 100, -1 (numbers or strings); default 100', function () {
    parseLimit(undefined).should.equal(100);
    for (const l of [10, 25, 50, 100, -1]) {
      parseLimit(l).should.equal(l);
      parseLimit(String(l)).should.equal(l);
    }
    for (const l of [0, 1, 20, 99, 101, -2, '10.0', 'all', true]) invalid(() => parseLimit(l), /limit must be one of 10, 25, 50, 100, -1/);
  });

  it('buildDevicesQuery: only the seed\'s fields, lists as arrays, is_online as "true"/"false"', function () {
    buildDevicesQuery({ keys: 'cell.rssi, cell.uptime', other: 'dropped' }).should.eql({ timestamp: 0, keys: ['cell.rssi', 'cell.uptime'], limit: 100 });
    buildDevicesQuery({
      keys: ['cell.rssi'],
      devices: '00A0EB801B98,00A0EB8000F8',
      customer_id: 'SDK15',
      state: 'Waiting For Response',
      is_online: false,
      search: 'EN-2000',
      limit: '-1',
      page: '2',
      timestamp: '1496752350',
    }).should.eql({
      timestamp: 1496752350,
      keys: ['cell.rssi'],
      limit: -1,
      devices: ['00A0EB801B98', '00A0EB8000F8'],
      customer_id: 'SDK15',
      state: 'Waiting For Response',
      is_online: 'false',
      search: 'EN-2000',
      page: 2,
    });
    const bad = [
      [{}, /keys/],
      [{ keys: [] }, /keys/],
      [{ keys: 'a', state: 'Online' }, /state/],
      [{ keys: 'a', is_online: 'maybe' }, /is_online/],
      [{ keys: 'a', page: 0 }, /page/],
      [{ keys: 'a', page: 1.5 }, /page/],
      [{ keys: 'a', devices: 7 }, /devices/],
      [{ keys: 'a', limit: 5 }, /limit/],
      [{ keys: 'a', timestamp: 'soon' }, /timestamp/],
    ];
    for (const [f, re] of bad) invalid(() => buildDevicesQuery(f), re);
  });

  it('pageCount: ceil(total / limit), at least 1, limit -1 is one page', function () {
    const table = [
      [0, 100, 1],
      [1, 100, 1],
      [100, 100, 1],
      [101, 100, 2],
      [20000, 100, 200],
      [250, 25, 10],
      [251, 10, 26],
      [20000, -1, 1],
    ];
    for (const [total, limit, want] of table) pageCount(total, limit).should.equal(want, `${total}/${limit}`);
  });

  it('buildUserRequest: create / update / delete bodies and their rules', function () {
    buildUserRequest('create', { user_type: 'ADMIN', email: 'a@example.com', name: 'A', customer_id: 'SDK15', extra: 1 }).should.eql({
      operation: 'create',
      body: { user: { user_type: 'ADMIN', email: 'a@example.com', name: 'A', customer_id: 'SDK15' } },
    });
    buildUserRequest('update', { email: 'a@example.com', changed_email: 'b@example.com' }).should.eql({
      operation: 'update',
      email: 'a@example.com',
      body: { user: { changed_email: 'b@example.com' } },
    });
    buildUserRequest('delete', { email: 'a@example.com', name: 'ignored' }).should.eql({ operation: 'delete', email: 'a@example.com' });
    invalid(() => buildUserRequest('create', { user_type: 'ADMIN', email: 'a@example.com' }), /customer_id is required/);
    invalid(() => buildUserRequest('create', { email: 'a@example.com', customer_id: 'X' }), /user_type is required/);
    invalid(() => buildUserRequest('create', { user_type: 'OWNER', email: 'a@example.com', customer_id: 'X' }), /user_type must be one of ADMIN, VIEWER/);
    invalid(() => buildUserRequest('update', { email: 'a@example.com' }), /at least one/);
    invalid(() => buildUserRequest('update', { email: 'a@example.com', changed_email: 'x' }), /changed_email/);
    invalid(() => buildUserRequest('delete', { email: 'a example.com' }), /email must be an e-mail address/);
    invalid(() => buildUserRequest('delete', {}), /email is required/);
  });

  it('buildHotlinkQuery: email + customer_id required, device_id optional', function () {
    buildHotlinkQuery({ email: 'a@example.com', customer_id: 'YRK15' }).should.eql({ email: 'a@example.com', customer_id: 'YRK15' });
    buildHotlinkQuery({ email: 'a@example.com', customer_id: 'YRK15', device_id: '00A0EB802700' }).device_id.should.equal('00A0EB802700');
    invalid(() => buildHotlinkQuery({ email: 'a@example.com' }), /customer_id/);
    invalid(() => buildHotlinkQuery({ customer_id: 'Y' }), /email/);
  });
});

describe('encloud/api: EncloudApi against the simulator (no Node-RED)', function () {
  let sim;
  let api;
  const creds = { email: 'api.user@example.com', password: 'encloud-SECRET-pass-4f8e21', apiKey: 'encloud-SECRET-apikey-77c3d0' };
  before(async function () {
    sim = encloudSim.create({ devices: 120, pageJitterMs: 10 });
    const url = await sim.start();
    api = new EncloudApi({ baseURL: url, timeout: 3000, retries: 2, backoffBaseMs: 10 }, () => creds);
  });
  after(async () => {
    api.destroy();
    await sim.stop();
  });
  beforeEach(() => sim.clearLog());

  it('pullPages hands pages to onPage in order, with index and count', async function () {
    const seen = [];
    const count = await api.pullPages({ timestamp: 0, keys: ['cell.rssi'], limit: 25 }, 3, ({ response, index, count: c }) => {
      seen.push([index, c, response.body.page]);
    });
    count.should.equal(5);
    seen.should.eql([
      [0, 5, 1],
      [1, 5, 2],
      [2, 5, 3],
      [3, 5, 4],
      [4, 5, 5],
    ]);
  });

  it('a rotated token: every caller in flight waits for ONE new authorise', async function () {
    await api.tokens.get();
    sim.clearLog();
    sim.rotateToken();
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => api.devices({ timestamp: 0, keys: ['cell.rssi'], limit: 10, page: i + 1 })));
    results.map((r) => r.body.page).should.eql([1, 2, 3, 4, 5, 6]);
    sim.counts.authorise.should.equal(1);
    sim.denied.length.should.equal(6);
  });

  it('NOT_CONFIGURED (no request) when a credential is missing', async function () {
    const partial = new EncloudApi({ baseURL: sim.url, timeout: 1000, retries: 0 }, () => ({ email: 'a@example.com', password: 'x' }));
    await partial.devices({ timestamp: 0, keys: ['a'], limit: 10 }).should.be.rejectedWith({ code: 'NOT_CONFIGURED', message: /API-KEY/ });
    partial.destroy();
    sim.requests().should.have.length(0);
  });
});
