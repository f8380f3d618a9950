'use strict';
// Pure parts of Enapter beyond provisioning: request building, the telemetry answer, the command
// outcome, and the core offset paging and polling helpers (compiled code in nodes/).
const should = require('should');
const api = require('../../nodes/enapter/api.js');
const { fetchOffsetPages } = require('../../nodes/core/paging.js');
const { pollUntil } = require('../../nodes/core/poll.js');
const { FleetError } = require('../../nodes/core/errors.js');

describe('Enapter fleet client (pure)', function () {
  it('latest telemetry: map or single form, defaults, query, answer with ms + ISO and null', function () {
    const r = api.buildLatestRequest({ d1: 'a, b,a', d2: ['c'] }, { relevance: '30' });
    r.should.eql({ devices: [['d1', ['a', 'b']], ['d2', ['c']]], relevance: 30 });
    api.latestQuery(r).should.eql({ 'devices[d1]': 'a,b', 'devices[d2]': 'c', relevance_interval: '30s' });
    api.buildLatestRequest({}, { device_id: 'x', attributes: 'level' }).should.eql({ devices: [['x', ['level']]], relevance: undefined });
    api.buildLatestRequest({ attributes: ['s'], relevance: 5 }, { device_id: 'x', relevance: 60 }).should.eql({ devices: [['x', ['s']]], relevance: 5 });
    const out = api.latestValues(r, { telemetry: { d1: { a: { timestamp: 1700000000, value: 1.5 }, b: {} } } });
    out.should.eql({ d1: { a: { value: 1.5, timestamp: 1700000000000, time: '2023-11-14T22:13:20.000Z' }, b: null }, d2: { c: null } });
    should(api.latestValues(r, undefined).d1.a).be.null();
  });

  it('commands: list query in the vendor names, validation, outcome', function () {
    const c = api.buildCommandCall('list', { site_id: 's', 'state.in': 'ERROR,TIMEOUT', 'name.in': ['a'], 'device_id.in': 'd1,d2', order: 'CREATED_AT_DESC', 'created_at.gte': 0 });
    c.should.eql({
      op: 'list',
      scope: { site_id: 's' },
      query: { order: 'CREATED_AT_DESC', 'state.in': ['ERROR', 'TIMEOUT'], 'name.in': ['a'], 'created_at.gte': '1970-01-01T00:00:00.000Z', 'created_at.lt': undefined, 'device_id.in': ['d1', 'd2'] },
    });
    api.buildCommandCall('execute', { device_id: 'd', name: 'start' }).should.eql({ op: 'execute', device_id: 'd', request: { name: 'start', arguments: {} } });
    (() => api.buildCommandCall('execute', { device_id: 'd', name: 'x', arguments: 'on' })).should.throw(/arguments must be an object/);
    const ok = { id: 'e', device_id: 'd', state: 'SUCCESS', request: { name: 'start' } };
    api.checkExecution(ok, 200).should.equal(ok);
    api.isFinal({ state: 'IN_PROGRESS' }).should.be.false();
    api.isFinal({ state: 'UNSYNC' }).should.be.true();
    try {
      api.checkExecution({ ...ok, state: 'ERROR', response: { state: 'ERROR', payload: { message: 'no water', password: 'p4ssw0rd-x' } } }, 200);
      should.fail('no error');
    } catch (e) {
      e.code.should.equal('COMMAND_FAILED');
      e.message.should.match(/device answered ERROR: no water/);
      e.cause.should.eql({ statusCode: 200, body: { message: 'no water', password: '[redacted]' } });
    }
  });

  it('device calls: expand list, update needs a change, generateConfig defaults to MQTTS', function () {
    api.buildDeviceCall('list', { expand: 'manifest, connectivity' }).should.eql({ op: 'list', site_id: undefined, expand: ['manifest', 'connectivity'] });
    (() => api.buildDeviceCall('get', { device_id: 'd', expand: 'x' })).should.throw(/expand must list some of/);
    (() => api.buildDeviceCall('update', { device_id: 'd' })).should.throw(/name or slug/);
    api.buildDeviceCall('generateConfig', { device_id: 'd' }).should.eql({ op: 'generateConfig', device_id: 'd', protocol: 'MQTTS' });
  });

  it('fetchOffsetPages: limit/offset until an empty page, in order; without limit by what came', async function () {
    const data = Array.from({ length: 7 }, (_, i) => i);
    const asked = [];
    const r = await fetchOffsetPages(async (offset, limit) => {
      asked.push([offset, limit]);
      return { status: 200, items: data.slice(offset, offset + (limit || 2)) };
    }, { limit: 3 });
    r.items.should.eql(data);
    asked.should.eql([[0, 3], [3, 3], [6, 3], [9, 3]]);
    asked.length = 0;
    const r2 = await fetchOffsetPages(async (offset) => {
      asked.push(offset);
      return { status: 200, items: data.slice(offset, offset + 2) };
    });
    r2.items.should.eql(data);
    asked.should.eql([0, 2, 4, 6, 7]);
    await fetchOffsetPages(async () => { throw new FleetError('SERVER_ERROR', 'x'); }).should.be.rejectedWith({ code: 'SERVER_ERROR' });
  });

  it('pollUntil: reads until final, tolerates passing failures, times out with the last value', async function () {
    let n = 0;
    const v = await pollUntil(async () => {
      n++;
      if (n === 2) throw new FleetError('SERVER_ERROR', 'x');
      return n;
    }, { intervalMs: 5, timeoutMs: 1000, isFinal: (x) => x >= 4, tolerate: (e) => e.code === 'SERVER_ERROR', onTimeout: () => new FleetError('TIMEOUT', 't') });
    v.should.equal(4);
    await pollUntil(async () => { throw new FleetError('NOT_FOUND', 'gone'); }, { intervalMs: 5, timeoutMs: 1000, isFinal: () => true, tolerate: (e) => e.code === 'SERVER_ERROR', onTimeout: () => new FleetError('TIMEOUT', 't') }).should.be.rejectedWith({ code: 'NOT_FOUND' });
    const t0 = Date.now();
    await pollUntil(async () => 'NEW', { intervalMs: 20, timeoutMs: 100, isFinal: () => false, onTimeout: (last) => new FleetError('TIMEOUT', `still ${last}`) }).should.be.rejectedWith({ code: 'TIMEOUT', message: 'still NEW' });
    (Date.now() - t0).should.be.within(90, 400);
  });
});
