'use strict';
// enapter-command (SPEC 7.5) against the Enapter simulator: execute and wait, start, get, list,
// COMMAND_FAILED for ERROR / TIMEOUT / UNSYNC, TIMEOUT after waitTimeout, never a command twice.
const should = require('should');
const { load, unload, run, useSim, simFlow, capture } = require('../lib/harness');
const secrets = require('../lib/secrets');
const enapterSim = require('../sim/enapter-sim');

const SITE = 'sitebba0-79f2-4e9e-a6f0-69a310ab110b';
const { electrolyser: EL, tank: TANK } = enapterSim.SEED;
const TYPES = ['enapter-account', 'enapter-command'];

describe('enapter-command (against the Enapter simulator)', function () {
  let sim;
  const env = useSim(() => enapterSim.create({ tokens: [secrets.enapterToken] }), {
    started: (s) => (sim = s),
    reset: () => Object.assign(sim, { commandDelayMs: 300, executeWaitMs: 0, commandOutcome: null }),
  });

  const flow = simFlow(
    env,
    { type: 'enapter-command', operation: 'execute', device_id: EL.device_id, pollInterval: 0.1, waitTimeout: 5 },
    { type: 'enapter-account', timeout: 3000, retries: 3, concurrency: 4 },
  );
  const creds = () => ({ acc: { token: secrets.enapterToken } });
  const posts = () => sim.requests({ method: 'POST' });
  const polls = () => sim.requests({ method: 'GET', path: /\/command_executions\// });

  describe('execute', function () {
    it('waits: one POST, then reads the execution until SUCCESS; msg.payload = the execution', async function () {
      await load(TYPES, flow({ command: 'start' }), creds());
      const r = await run('n1', { payload: {}, topic: 'go' });
      should.not.exist(r.error);
      r.msg.topic.should.equal('go');
      r.msg.statusCode.should.equal(200);
      r.msg.payload.state.should.equal('SUCCESS');
      r.msg.payload.request.should.eql({ name: 'start', arguments: {} });
      r.msg.payload.response.state.should.equal('SUCCEEDED');
      r.msg.payload.log.length.should.be.aboveOrEqual(2);
      posts().should.have.length(1);
      posts()[0].path.should.equal(`/v3/devices/${EL.device_id}/execute_command`);
      posts()[0].query.expand.should.equal('log');
      polls().length.should.be.aboveOrEqual(1);
      polls().every((q) => q.query.expand === 'log').should.be.true();
      capture.statuses.join('\n').should.match(/start: SUCCESS/);
      await run('n1', { payload: { name: 'stop' } });
    });

    it('an answer that is already final needs no read (server-side wait)', async function () {
      sim.executeWaitMs = 2000;
      await load(TYPES, flow(), creds());
      const r = await run('n1', { payload: { name: 'set_production_rate', arguments: { value: 70 } } });
      should.not.exist(r.error);
      r.msg.payload.state.should.equal('SUCCESS');
      r.msg.payload.response.payload.should.eql({ production_rate: 70 });
      polls().should.have.length(0);
    });

    it('the device answers ERROR -> COMMAND_FAILED with its response payload in err.cause.body', async function () {
      await load(TYPES, flow(), creds());
      const r = await run('n1', { payload: { name: 'self_test' } });
      should.exist(r.error);
      r.error.code.should.equal('COMMAND_FAILED');
      r.error.message.should.match(/self_test/);
      r.error.message.should.match(/Self test failed: stack voltage out of range/);
      r.error.cause.body.should.eql({ message: 'Self test failed: stack voltage out of range.', code: 'E_STACK_VOLTAGE' });
      r.msg.statusCode.should.equal(200);
      r.msg.payload.should.eql({ name: 'self_test' });
      posts().should.have.length(1);
    });

    it('arguments the device rejects -> COMMAND_FAILED', async function () {
      await load(TYPES, flow(), creds());
      const r = await run('n1', { payload: { name: 'set_production_rate', arguments: { value: 180 } } });
      r.error.code.should.equal('COMMAND_FAILED');
      r.error.cause.body.message.should.match(/between 0 and 100/);
    });

    for (const outcome of ['TIMEOUT', 'UNSYNC']) {
      it(`an execution that ends ${outcome} -> COMMAND_FAILED`, async function () {
        sim.commandOutcome = outcome;
        await load(TYPES, flow(), creds());
        const r = await run('n1', { payload: { name: 'start' } });
        r.error.code.should.equal('COMMAND_FAILED');
        r.error.message.should.match(new RegExp(`ended ${outcome}`));
        posts().should.have.length(1);
      });
    }

    it('never final within waitTimeout -> TIMEOUT naming the execution; the command was sent once', async function () {
      sim.commandOutcome = 'hang';
      await load(TYPES, flow({ waitTimeout: 0.8 }), creds());
      const t0 = Date.now();
      const r = await run('n1', { payload: { name: 'start' } });
      r.error.code.should.equal('TIMEOUT');
      r.error.message.should.match(/was not final within 0.8 s \(state IN_PROGRESS\)/);
      (Date.now() - t0).should.be.within(700, 3000);
      posts().should.have.length(1);
      const id = [...sim.executions.values()].pop().id;
      r.error.message.should.containEql(id);
    });

    it('a redeploy during a wait stops the reads', async function () {
      sim.commandOutcome = 'hang';
      await load(TYPES, flow({ waitTimeout: 30 }), creds());
      require('../lib/harness').helper.getNode('n1').receive({ payload: { name: 'start' } });
      for (let i = 0; i < 50 && polls().length < 2; i++) await new Promise((res) => setTimeout(res, 50));
      polls().length.should.be.aboveOrEqual(2);
      await unload();
      const after = polls().length;
      await new Promise((res) => setTimeout(res, 500));
      polls().length.should.be.belowOrEqual(after + 1); // at most the read already in flight
      posts().should.have.length(1);
    });

    it('wait off: the first answer as it is (NEW), no read', async function () {
      await load(TYPES, flow({ wait: false }), creds());
      const r = await run('n1', { payload: { name: 'start' } });
      should.not.exist(r.error);
      r.msg.payload.state.should.equal('NEW');
      polls().should.have.length(0);
      await new Promise((res) => setTimeout(res, 400));
      await run('n1', { payload: { name: 'stop' } });
    });

    it('a passing 503 while reading does not end the wait', async function () {
      sim.inject({ match: (req) => req.method === 'GET' && /command_executions\//.test(req.path), status: 503, times: 2 });
      await load(TYPES, flow({}, { retries: 0 }), creds());
      const r = await run('n1', { payload: { name: 'stop' } });
      should.not.exist(r.error);
      r.msg.payload.state.should.equal('SUCCESS');
      posts().should.have.length(1);
    });

    it('a 503 or a reset on the command POST is not retried: one command at the device', async function () {
      sim.inject({ match: { method: 'POST' }, status: 503, times: 1 });
      await load(TYPES, flow(), creds());
      const before = sim.commandsReceived;
      const r = await run('n1', { payload: { name: 'start' } });
      r.error.code.should.equal('SERVER_ERROR');
      posts().should.have.length(1);
      sim.clearLog();
      sim.inject({ match: { method: 'POST' }, reset: true, times: 1 });
      const r2 = await run('n1', { payload: { name: 'start' } });
      r2.error.code.should.equal('NETWORK');
      posts().should.have.length(1);
      sim.commandsReceived.should.equal(before);
    });

    it('a 429 on the POST is retried (the command never ran) and runs once', async function () {
      sim.inject({ match: { method: 'POST' }, status: 429, retryAfter: 0, times: 1 });
      await load(TYPES, flow(), creds());
      const before = sim.commandsReceived;
      const r = await run('n1', { payload: { name: 'stop' } });
      should.not.exist(r.error);
      posts().should.have.length(2);
      sim.commandsReceived.should.equal(before + 1);
    });

    it('an unknown device -> NOT_FOUND', async function () {
      await load(TYPES, flow({ device_id: '' }), creds());
      const r = await run('n1', { payload: { device_id: 'no-such', name: 'start' } });
      r.error.code.should.equal('NOT_FOUND');
      r.error.message.should.match(/Device not found/);
    });
  });

  describe('start, get, list', function () {
    it('start: POST command_executions -> {execution_id}; get reads it (string payload = execution id)', async function () {
      await load(TYPES, flow({ operation: 'start', command: 'stop' }), creds());
      const r = await run('n1', { payload: {} });
      should.not.exist(r.error);
      r.msg.payload.should.have.property('execution_id');
      posts()[0].path.should.equal(`/v3/devices/${EL.device_id}/command_executions`);
      posts()[0].body.should.eql({ name: 'stop', arguments: {} });
      const g = await run('n1', { operation: 'get', payload: r.msg.payload.execution_id });
      should.not.exist(g.error);
      g.msg.payload.id.should.equal(r.msg.payload.execution_id);
      g.msg.payload.state.should.be.oneOf('NEW', 'IN_PROGRESS', 'SUCCESS');
      g.msg.payload.should.have.property('log');
    });

    it('start on an unknown device -> NOT_FOUND; get of an unknown execution -> NOT_FOUND', async function () {
      await load(TYPES, flow({ operation: 'start' }), creds());
      (await run('n1', { payload: { device_id: 'nope', name: 'stop' } })).error.code.should.equal('NOT_FOUND');
      (await run('n1', { operation: 'get', payload: { execution_id: 'nope' } })).error.code.should.equal('NOT_FOUND');
    });

    it('list: a device\'s executions with filters, every page (offset paging), in order', async function () {
      sim.commandDelayMs = 0;
      await load(TYPES, flow({ operation: 'start', device_id: TANK.device_id }), creds());
      const t0 = new Date(Date.now() - 1000).toISOString();
      for (let i = 0; i < 53; i++) await run('n1', { payload: { name: i % 2 ? 'self_test' : 'ping' } });
      sim.clearLog();
      const r = await run('n1', { operation: 'list', payload: { order: 'CREATED_AT_ASC', 'state.in': ['ERROR'], 'name.in': 'self_test,ping', 'created_at.gte': t0 } });
      should.not.exist(r.error);
      r.msg.payload.length.should.equal(53);
      r.msg.payload.every((e) => e.device_id === TANK.device_id && e.state === 'ERROR').should.be.true();
      const created = r.msg.payload.map((e) => Date.parse(e.created_at));
      created.should.eql([...created].sort((a, b) => a - b));
      const reqs = sim.requests({ path: `/v3/devices/${TANK.device_id}/command_executions` });
      reqs.map((q) => q.query.offset).should.eql(['0', '50', '53']);
      reqs[0].query.should.containEql({ order: 'CREATED_AT_ASC', 'state.in': 'ERROR', 'name.in': 'self_test,ping', 'created_at.gte': t0 });
      const only = await run('n1', { operation: 'list', payload: { 'name.in': ['ping'], 'created_at.lt': new Date(Date.now() + 1000).toISOString() } });
      only.msg.payload.every((e) => e.request.name === 'ping').should.be.true();
    });

    it('list by site: GET /v3/sites/{site_id}/commands/executions with device_id.in; unknown site -> NOT_FOUND', async function () {
      await load(TYPES, flow({ operation: 'list', device_id: '' }), creds());
      const r = await run('n1', { payload: { site_id: SITE, 'device_id.in': [TANK.device_id], order: 'CREATED_AT_DESC' } });
      should.not.exist(r.error);
      r.msg.payload.length.should.be.above(0);
      r.msg.payload.every((e) => e.device_id === TANK.device_id).should.be.true();
      sim.requests({ path: `/v3/sites/${SITE}/commands/executions` })[0].query['device_id.in'].should.equal(TANK.device_id);
      const bad = await run('n1', { payload: { site_id: 'nope' } });
      bad.error.code.should.equal('NOT_FOUND');
    });
  });

  describe('validation: INVALID_INPUT and no request at all', function () {
    const bad = [
      ['an unknown operation', { operation: 'reboot', payload: { name: 'x' } }, /operation must be one of/],
      ['execute without a command name', { payload: {} }, /name is required/],
      ['execute with arguments that are a list', { payload: { name: 'start', arguments: [1] } }, /arguments must be an object/],
      ['start without device_id', { operation: 'start', payload: { device_id: '', name: 'x' } }, null],
      ['get without execution_id', { operation: 'get', payload: {} }, /execution_id is required/],
      ['list without device_id or site_id', { operation: 'list', payload: { device_id: '' } }, null],
      ['list with an unknown state', { operation: 'list', payload: { 'state.in': 'DONE' } }, /state.in must list some of/],
      ['list with an unknown order', { operation: 'list', payload: { order: 'NEWEST' } }, /order must be one of/],
      ['list with a date that is not a date', { operation: 'list', payload: { 'created_at.gte': 'yesterday' } }, /created_at.gte must be/],
      ['list with gte after lt', { operation: 'list', payload: { 'created_at.gte': '2026-02-01T00:00:00Z', 'created_at.lt': '2026-01-01T00:00:00Z' } }, /before created_at.lt/],
    ];
    for (const [title, msg, re] of bad) {
      it(title, async function () {
        const props = /without device_id/.test(title) ? { device_id: '' } : {};
        await load(TYPES, flow(props), creds());
        const r = await run('n1', msg);
        should.exist(r.error, 'expected an error');
        r.error.code.should.equal('INVALID_INPUT');
        if (re) r.error.message.should.match(re);
        else r.error.message.should.match(/device_id/);
        sim.requests().should.have.length(0);
        const ok = await run('n1', { operation: 'list', payload: { device_id: TANK.device_id, 'state.in': 'SUCCESS' } });
        ok.msg.payload.should.be.an.Array();
      });
    }
  });
});
