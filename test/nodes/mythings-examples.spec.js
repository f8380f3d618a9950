'use strict';
// The MyThings example flows run as shipped (with core inject/csv/function/change/debug/catch/comment
// nodes), their account pointed at the EnCo simulator the way the sandbox does it.
const should = require('should');
const { helper, load, unload, dynamicSecrets, nextMsg } = require('../lib/harness');
const encoSim = require('../sim/enco-sim');
const { checkShippedExamples, exampleAgainst } = require('../lib/examples');

const core = (p) => require('../lib/harness').coreNode(p);
const CORE = ['common/20-inject.js', 'common/21-debug.js', 'common/25-catch.js', 'common/90-comment.js', 'parsers/70-CSV.js', 'function/10-function.js', 'function/15-change.js'].map(core);
const TYPES = ['enco-account', 'mythings-thing', 'mythings-downlink', 'mythings-query', 'mythings-admin', ...CORE];

function example(name, url) {
  return exampleAgainst(name, { accountType: 'enco-account', vendorUrl: 'https://api.enco.io', url, credentials: encoSim.sandbox.credentials });
}
/** The next msg that reaches node `id` (a debug node). */
const next = (id, ms = 8000) => nextMsg(id, ms);

describe('MyThings example flows', function () {
  let sim;
  let url;
  before(async function () {
    sim = encoSim.create({});
    url = await sim.start();
  });
  after(async function () {
    for (const t of sim.issued) dynamicSecrets.add(t);
    await sim.stop();
  });
  afterEach(() => unload());

  it('every MyThings example is a tab with unique, prefixed ids, positioned nodes and no credentials', function () {
    checkShippedExamples('mythings-', { min: 4 });
  });

  it('provision: creates the OTAA and the ABP thing, then reads one back', async function () {
    const { flow, creds } = example('mythings-provision.json', url);
    await load(TYPES, flow, creds);
    let got = next('mtprov.debug.created');
    helper.getNode('mtprov.inject.otaa').receive({});
    (await got).payload.thingIdentifier.should.equal('70B3D57ED0001001');
    got = next('mtprov.debug.created');
    helper.getNode('mtprov.inject.abp').receive({});
    (await got).payload.technologyDetails.activationType.should.equal('ABP');
    got = next('mtprov.debug.get');
    helper.getNode('mtprov.inject.get').receive({});
    (await got).payload.thingName.should.equal('Warehouse climate 1');
    // a second click: the thing exists -> the Catch node gets CONFLICT
    got = next('mtprov.debug.error');
    helper.getNode('mtprov.inject.otaa').receive({});
    (await got).error.code.should.equal('CONFLICT');
  });

  it('bulk CSV: 5 rows -> one msg with 5 entries; the report names the 2 failures and why', async function () {
    const { flow, creds } = example('mythings-bulk-csv.json', url);
    await load(TYPES, flow, creds);
    const before = sim.things.size;
    const report = next('mtcsv.debug.report');
    const entries = next('mtcsv.debug.entries');
    helper.getNode('mtcsv.inject').receive({});
    const r = (await report).payload;
    (await entries).payload.should.have.length(5);
    r.total.should.equal(5);
    r.ok.should.equal(3);
    r.failed.map((f) => f.code).should.eql(['INVALID_INPUT', 'CONFLICT']);
    r.failed[0].message.should.match(/applicationKey must be 32 hexadecimal/);
    (sim.things.size - before).should.equal(3);
    sim.things.get('70B3D57ED0003004').tags.should.eql(['freezer']);
  });

  it('downlink: the inject sends 04FD20D9 to the thing of the node; template and templates answer', async function () {
    const { flow, creds } = example('mythings-downlink.json', url);
    await load(TYPES, flow, creds);
    let got = next('mtdl.debug');
    helper.getNode('mtdl.inject.hex').receive({});
    (await got).payload.code.should.equal('200');
    sim.downlinks[sim.downlinks.length - 1].should.containEql({ devEUI: '0004A30B001C0001', fPort: '9', payload: '04FD20D9', ack: 1, encrypted: 0 });
    got = next('mtdl.debug');
    helper.getNode('mtdl.inject.tpl').receive({});
    (await got).payload.message.should.match(/sent to 2 things/);
    got = next('mtdl.debug');
    helper.getNode('mtdl.inject.list').receive({});
    (await got).payload.should.be.an.Array();
  });

  it('history: all decoded logs of the thing in one array', async function () {
    const { flow, creds } = example('mythings-history.json', url);
    await load(TYPES, flow, creds);
    sim.clearLog();
    const got = next('mthist.debug');
    helper.getNode('mthist.inject').receive({});
    const logs = (await got).payload;
    logs.should.be.an.Array();
    logs.should.have.length(25);
    logs.every((l) => l.sensor.mac === '0004A30B001C0001').should.be.true();
    sim.requests({ path: '/mythings/1.1.0/things/0004A30B001C0001/logs/decoded' }).should.have.length(3);
  });

  it('admin: thing types and vendors; reserve 2 addresses for company 162, list the next 4 reserved; a stream definition created and read back', async function () {
    const { flow, creds } = example('mythings-admin.json', url);
    await load(TYPES, flow, creds);
    sim.clearLog();
    let got = next('mtadm.debug.catalog');
    helper.getNode('mtadm.inject.types').receive({ payload: Date.now() });
    (await got).payload.map((t) => t.name).should.eql([...sim.thingTypes.values()].map((t) => t.name));
    got = next('mtadm.debug.catalog');
    helper.getNode('mtadm.inject.vendors').receive({ payload: Date.now() });
    (await got).payload.should.eql([{ name: 'Adeunis' }, { name: 'Proximus' }, { name: 'Sensative' }]);

    const freeBefore = sim.deviceAddresses.free.slice(0, 2);
    got = next('mtadm.debug.addresses');
    helper.getNode('mtadm.inject.reserve').receive({ payload: Date.now() });
    const reserved = (await got).payload;
    reserved.should.eql({ amount: 2, companyId: 162, devAddresses: freeBefore });
    sim.deviceAddresses.reserved.get(162).should.containDeep(freeBefore);
    sim.deviceAddresses.free.should.not.containDeep([freeBefore[0]]);
    got = next('mtadm.debug.addresses');
    helper.getNode('mtadm.inject.list').receive({ payload: Date.now() });
    const listed = (await got).payload;
    listed.amount.should.equal(4);
    listed.devAddresses.should.eql(sim.deviceAddresses.reserved.get(162).slice(0, 4));
    listed.devAddresses.every((a) => /^[0-9A-F]{8}$/.test(a)).should.be.true();
    sim.requests({ path: '/mythings/1.1.0/deviceaddress/reserve' }).map((r) => r.query).should.eql([{ companyId: '162', amount: '2' }]);
    sim.requests({ path: '/mythings/1.1.0/deviceaddress' }).map((r) => r.query).should.eql([{ companyId: '162', amount: '4' }]);

    const streamsBefore = sim.streamDefinitions.size;
    got = next('mtadm.debug.stream');
    helper.getNode('mtadm.inject.stream').receive({});
    const def = (await got).payload;
    def.should.containEql({ companyId: 162, name: 'Node-RED decoded uplinks', type: 'DECODED', contentType: 'JSON', active: true, url: 'https://node-red.example.com/mythings/uplinks' });
    sim.streamDefinitions.size.should.equal(streamsBefore + 1);
    sim.streamDefinitions.get(def.id).name.should.equal('Node-RED decoded uplinks');
    sim.requests({ method: 'GET', path: `/mythings/1.1.0/streamdefinitions/${def.id}` }).should.have.length(1);

    // the pool runs dry -> MyThings' sentence at the Catch node
    const free = sim.deviceAddresses.free.splice(0);
    try {
      got = next('mtadm.debug.error');
      helper.getNode('mtadm.inject.reserve').receive({ payload: Date.now() });
      (await got).error.message.should.match(/Only 0 device addresses are left to reserve/);
    } finally {
      sim.deviceAddresses.free.push(...free);
    }
  });
});
