'use strict';
// enapter-telemetry (SPEC 7.4) against the Enapter simulator's plant.
const should = require('should');
const { load, unload, run, collect, useSim, simFlow, helper } = require('../lib/harness');
const { invalidInput } = require('../lib/assert');
const secrets = require('../lib/secrets');
const enapterSim = require('../sim/enapter-sim');

const { electrolyser: EL, tank: TANK } = enapterSim.SEED;
const TYPES = ['enapter-account', 'enapter-telemetry'];

describe('enapter-telemetry (against the Enapter simulator)', function () {
  let sim;
  let url;
  const env = useSim(() => enapterSim.create({ tokens: [secrets.enapterToken], commandDelayMs: 0 }), {
    started: (s, u) => ([sim, url] = [s, u]),
    reset: () => sim.offline.clear(),
  });

  const flow = simFlow(env, { type: 'enapter-telemetry' }, { type: 'enapter-account', timeout: 3000, retries: 2, concurrency: 4 });
  const creds = () => ({ acc: { token: secrets.enapterToken } });

  it('reads many attributes of many devices in ONE request; epoch ms + ISO; null for an unknown attribute', async function () {
    await load(TYPES, flow(), creds());
    const before = Date.now();
    const r = await run('n1', { topic: 'plant', payload: { [EL.device_id]: ['state', 'h2_flow_rate', 'stack_temperature', 'no_such'], [TANK.device_id]: 'level' } });
    should.not.exist(r.error);
    r.msg.topic.should.equal('plant');
    r.msg.statusCode.should.equal(200);
    const reqs = sim.requests({ path: '/v3/telemetry/latest' });
    reqs.should.have.length(1);
    reqs[0].query[`devices[${EL.device_id}]`].should.equal('state,h2_flow_rate,stack_temperature,no_such');
    reqs[0].query[`devices[${TANK.device_id}]`].should.equal('level');
    const el = r.msg.payload[EL.device_id];
    el.state.value.should.be.oneOf('idle', 'steady');
    el.stack_temperature.value.should.be.a.Number();
    el.state.timestamp.should.be.within(Math.floor(before / 1000) * 1000 - 1000, Date.now());
    (el.state.timestamp % 1000).should.equal(0);
    el.state.time.should.equal(new Date(el.state.timestamp).toISOString());
    should(el.no_such).be.null();
    r.msg.payload[TANK.device_id].level.value.should.be.within(0, 100);
  });

  it('node properties are the defaults ({device_id, attributes}); relevance_interval sent in seconds', async function () {
    await load(TYPES, flow({ device_id: TANK.device_id, attributes: 'level', relevance: '120' }), creds());
    const r = await run('n1', { payload: {} });
    should.not.exist(r.error);
    Object.keys(r.msg.payload).should.eql([TANK.device_id]);
    const q = sim.requests({ path: '/v3/telemetry/latest' })[0].query;
    q.relevance_interval.should.equal('120s');
    const r2 = await run('n1', { payload: { device_id: EL.device_id, attributes: ['state'] } });
    Object.keys(r2.msg.payload).should.eql([EL.device_id]);
  });

  it('a device whose values are older than the relevance interval -> null', async function () {
    // the tank went offline a while ago: its last values are stale
    const m = sim.plant.get(TANK.device_id);
    sim.offline.add(TANK.device_id);
    m.updatedAt = Date.now() - 300_000;
    await load(TYPES, flow({ relevance: 60 }), creds());
    const r = await run('n1', { payload: { [TANK.device_id]: ['level'], [EL.device_id]: ['state'] } });
    should.not.exist(r.error);
    should(r.msg.payload[TANK.device_id].level).be.null();
    r.msg.payload[EL.device_id].state.should.have.property('value');
    // without a relevance interval the last value is given, with its old timestamp
    await unload();
    await load(TYPES, flow(), creds());
    const r2 = await run('n1', { payload: { [TANK.device_id]: ['level'] } });
    r2.msg.payload[TANK.device_id].level.timestamp.should.be.below(Date.now() - 290_000);
    sim.offline.delete(TANK.device_id);
    m.updatedAt = Date.now();
  });

  it('split: one msg per value, topic <device>/<attribute>, msg.timestamp; null values too', async function () {
    await load(TYPES, flow({ output: 'split' }), creds());
    const got = collect('out', 3);
    helper.getNode('n1').receive({ payload: { [EL.device_id]: ['state', 'nope'], [TANK.device_id]: ['level'] }, keep: 1 });
    const msgs = await got;
    msgs.map((m) => m.topic).should.eql([`${EL.device_id}/state`, `${EL.device_id}/nope`, `${TANK.device_id}/level`]);
    msgs[0].payload.should.be.oneOf('idle', 'steady');
    msgs[0].timestamp.should.be.a.Number();
    msgs[0].keep.should.equal(1);
    should(msgs[1].payload).be.null();
    should.not.exist(msgs[1].timestamp);
    msgs[2].payload.should.be.a.Number();
    sim.requests({ path: '/v3/telemetry/latest' }).should.have.length(1);
  });

  it('values change over time and with commands: start raises the H2 flow and lowers the tank', async function () {
    await load(TYPES, flow(), creds());
    const ask = { [EL.device_id]: ['state', 'h2_flow_rate'], [TANK.device_id]: ['level'] };
    const a = await run('n1', { payload: ask });
    const h = { 'Content-Type': 'application/json', 'X-Enapter-Auth-Token': secrets.enapterToken, 'X-Enapter-Allow-HTTP': 'true' };
    await require('../sim/framework').post(`${url}/v3/devices/${EL.device_id}/execute_command`, { name: 'start', arguments: {} }, h);
    await new Promise((r) => setTimeout(r, 1100));
    const b = await run('n1', { payload: ask });
    b.msg.payload[EL.device_id].state.value.should.equal('steady');
    b.msg.payload[EL.device_id].h2_flow_rate.value.should.be.above(400);
    b.msg.payload[TANK.device_id].level.value.should.be.below(a.msg.payload[TANK.device_id].level.value);
    await require('../sim/framework').post(`${url}/v3/devices/${EL.device_id}/execute_command`, { name: 'stop', arguments: {} }, h);
  });

  it('an unknown device -> NOT_FOUND with the vendor sentence; a 503 is retried and succeeds', async function () {
    await load(TYPES, flow(), creds());
    const r = await run('n1', { payload: { 'no-such-device': ['state'] } });
    r.error.code.should.equal('NOT_FOUND');
    r.error.message.should.match(/Device no-such-device not found/);
    sim.clearLog();
    sim.inject({ match: { path: '/v3/telemetry/latest' }, status: 503, times: 1 });
    const ok = await run('n1', { payload: { [TANK.device_id]: ['level'] } });
    should.not.exist(ok.error);
    ok.msg.payload[TANK.device_id].level.value.should.be.a.Number();
    sim.requests().should.have.length(2);
  });

  describe('validation: INVALID_INPUT and no request at all', function () {
    const bad = [
      ['no device and no default', {}, {}, /device_id, attributes are required/],
      ['attributes missing', {}, { device_id: EL.device_id }, /attributes is required/],
      ['an empty attribute list', {}, { [EL.device_id]: [] }, /must not be empty/],
      ['attributes that are a number', {}, { [EL.device_id]: 5 }, /must be an array or a comma-separated string/],
      ['relevance 0', {}, { device_id: EL.device_id, attributes: ['state'], relevance: 0 }, /relevance must be at least 1/],
      ['relevance not a number', {}, { device_id: EL.device_id, attributes: 'state', relevance: 'soon' }, /relevance must be an integer/],
      ['a string payload', {}, 'state', /msg.payload must be an object/],
    ];
    for (const [title, props, payload, re] of bad) {
      it(title, async function () {
        await load(TYPES, flow(props), creds());
        const r = await run('n1', { payload });
        invalidInput(r, re, sim);
        const ok = await run('n1', { payload: { [TANK.device_id]: ['level'] } });
        ok.msg.payload[TANK.device_id].should.have.property('level');
      });
    }
    it('NOT_CONFIGURED without an account; no request', async function () {
      await load(TYPES, flow({ account: '' }), creds());
      (await run('n1', { payload: { [TANK.device_id]: ['level'] } })).error.code.should.equal('NOT_CONFIGURED');
      sim.requests().should.have.length(0);
    });
  });
});
