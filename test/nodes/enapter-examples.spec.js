'use strict';
// The Enapter fleet example flows, as shipped in examples/, run against the simulator's seeded plant
// (their account URL pointed at it, credentials from the simulator's sandbox settings).
const path = require('path');
const should = require('should');
const { helper, load, nextMsg, useSim, root, coreNode } = require('../lib/harness');
const enapterSim = require('../sim/enapter-sim');
const { exampleAgainst } = require('../lib/examples');

const CORE = ['common/20-inject.js', 'common/21-debug.js', 'common/25-catch.js', 'common/90-comment.js', 'function/10-function.js', 'function/15-change.js', 'function/10-switch.js'].map(coreNode);
const TYPES = ['enapter-account', 'enapter-device', 'enapter-telemetry', 'enapter-command', ...CORE];
const { electrolyser: EL, tank: TANK } = enapterSim.SEED;

function example(name, url) {
  return exampleAgainst(name, {
    accountType: 'enapter-account',
    vendorUrl: 'https://api.enapter.com',
    url,
    credentials: enapterSim.sandbox.credentials,
    edit: (n) => {
      if (n.type !== 'inject') return;
      // nothing fires on deploy; the test clicks them
      n.once.should.be.false();
      n.repeat = '';
    },
  });
}

/** The next msg a (debug) node receives. */
const next = (id, ms = 8000) => nextMsg(id, ms);
const click = (id) => helper.getNode(id).receive({});

describe('Enapter fleet example flows (examples/enapter-telemetry.json, enapter-electrolyser-control.json)', function () {
  let sim;
  let url;
  useSim(() => enapterSim.create({ commandDelayMs: 100 }), { started: (s, u) => ([sim, url] = [s, u]) });

  it('enapter-telemetry: lists the devices and reads every attribute of their manifests in one request', async function () {
    const { flow, creds } = example('enapter-telemetry', url);
    await load(TYPES, flow, creds);
    const devices = next('enapinv.debug.devices');
    const latest = next('enapinv.debug');
    click('enapinv.inject');
    JSON.parse(JSON.stringify((await devices).payload)).should.eql([
      { id: EL.device_id, name: EL.name, type: 'NATIVE', online: true },
      { id: TANK.device_id, name: TANK.name, type: 'NATIVE', online: true },
    ]);
    const values = (await latest).payload;
    values[EL.name].state.should.be.oneOf('idle', 'steady');
    values[EL.name].stack_temperature.should.be.a.Number();
    values[TANK.name].level.should.be.within(0, 100);
    sim.requests({ path: '/v3/telemetry/latest' }).should.have.length(1);
    sim.requests({ method: 'POST' }).should.have.length(0);
  });

  it('enapter-electrolyser-control: reads only while control is off; starts and stops by the rule; COMMAND_FAILED at the Catch node', async function () {
    this.timeout(20000);
    const { flow, creds } = example('enapter-electrolyser-control', url);
    await load(TYPES, flow, creds);
    const tank = sim.plant.get(TANK.device_id);
    const el = sim.plant.get(EL.device_id);
    el.running = false;
    tank.level = 70;

    // control is off after deploy: the 10 s tick reads telemetry and sends nothing
    const rule = helper.getNode('enapctl.rule');
    const read = new Promise((resolve) => rule.once('input', resolve));
    click('enapctl.tick');
    (await read).payload[TANK.device_id].level.value.should.be.above(50);
    await new Promise((r) => setTimeout(r, 200));
    sim.requests({ method: 'POST' }).should.have.length(0);

    // control on: tank full enough and the electrolyser idle -> start, outcome reported
    click('enapctl.on');
    let outcome = next('enapctl.debug.outcome');
    click('enapctl.tick');
    (await outcome).payload.should.containEql({ command: 'start', why: 'tank refilled', state: 'SUCCESS' });
    el.running.should.be.true();

    // the tank runs low -> stop
    tank.level = 10;
    outcome = next('enapctl.debug.outcome');
    click('enapctl.tick');
    (await outcome).payload.should.containEql({ command: 'stop', why: 'tank low', state: 'SUCCESS' });
    el.running.should.be.false();
    sim.requests({ method: 'POST' }).map((q) => q.body.name).should.eql(['start', 'stop']);

    // a command the device refuses: COMMAND_FAILED with the device's own answer
    const failed = next('enapctl.debug.failed');
    click('enapctl.selftest');
    const f = (await failed).payload;
    f.code.should.equal('COMMAND_FAILED');
    f['device said'].should.containEql({ code: 'E_STACK_VOLTAGE' });
    f.message.should.match(/Self test failed/);
    tank.level = 62;
  });

  it('the control example ships with control off and only reads on its timer', function () {
    const flow = require(path.join(root, 'examples', 'enapter-electrolyser-control.json'));
    const timers = flow.filter((n) => n.type === 'inject' && n.repeat);
    timers.map((n) => n.id).should.eql(['enapctl.tick']);
    flow.filter((n) => n.type === 'inject').every((n) => n.once === false).should.be.true();
    // the only way from the timer to the command node is through the rule, which needs flow.control,
    // and the gate, which passes a msg only while flow.control is true
    flow.find((n) => n.id === 'enapctl.rule').func.should.match(/if \(!flow.get\('control'\)/);
    flow.find((n) => n.id === 'enapctl.rule').wires.should.eql([['enapctl.gate']]);
    flow.find((n) => n.id === 'enapctl.gate').should.containEql({ type: 'switch', property: 'control', propertyType: 'flow', rules: [{ t: 'true' }] });
    should(flow.find((n) => n.type === 'enapter-command').device_id).equal(EL.device_id);
    flow.find((n) => n.type === 'enapter-command').name.should.match(/simulator id: replace/);
  });
});
