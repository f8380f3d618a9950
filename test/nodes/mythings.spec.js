'use strict';
// The four MyThings nodes against the EnCo simulator: every operation of SPEC 5.2-5.5 (success and
// one failure), every validation rule (INVALID_INPUT and no request at all, not even /token),
// paging, bulk.
const should = require('should');
const { failsWith, invalidInput } = require('../lib/assert');
const { helper, load, unload, run, collect, actionFlow, capture, dynamicSecrets } = require('../lib/harness');
const secrets = require('../lib/secrets');
const encoSim = require('../sim/enco-sim');
const { catalogNode } = require('../lib/i18n-catalog'); // status texts from the en-US catalogs

const TYPES = ['enco-account', 'mythings-thing', 'mythings-downlink', 'mythings-query', 'mythings-admin'].map((t) => catalogNode(t));
const BASE = '/mythings/1.1.0';
const OTAA_ID = '0004A30B001C0001'; // seeded by the simulator (type 10: temperature, humidity, battery)
const ABP_ID = '0004A30B001C0002'; // seeded (type 33: motion, battery)

let counter = 0;
/** A fresh 16-hex thing identifier. */
const newId = (prefix = 'AB') => (prefix + (Date.now() % 1e8).toString(16) + (++counter).toString(16)).toUpperCase().padEnd(16, '0').slice(0, 16);
const otaa = (id) => ({
  connectivityType: 'LORA.OTAA',
  thingIdentifier: id,
  companyId: 162,
  thingName: 'mythingname',
  description: 'mythingsdescription',
  isPublic: false,
  thingTypeId: 10,
  longitude: '4.35',
  latitude: '50.85',
  locationFN1: 'mythingsfn1',
  locationFN2: 'mythingsfn1',
  connectivityPlan: 'pxs-iot-cs/288-up-transactions-24-down',
  keys: { applicationKey: '12341234123412341234123412341234', applicationEUI: '1234123412341234' },
  motionIndicator: 'Random',
});
const abp = (id, addr) => ({
  connectivityType: 'LORA.ABP',
  thingIdentifier: id,
  companyId: 77,
  thingName: 'testmythingname',
  thingTypeId: 33,
  deviceAddress: addr,
  keys: { applicationSessionkeys: [{ applicationSessionKey: '11111234123412341234123412341243', port: '1' }], networkSessionKey: '44341234123412344444123412341241' },
  tags: ['tag1', 'tag2'],
  motionIndicator: 'Vehicle speed',
});
const ethernet = (serial) => ({ connectivityType: 'ETHERNET', companyId: 376, thingName: 'eth', thingTypeId: 24, serialNumber: serial });

describe('MyThings nodes (against the EnCo simulator)', function () {
  let sim;
  let url;

  before(async function () {
    sim = encoSim.create({ permanentTokens: [secrets.encoPermanentToken], pageSize: 10, logsPerThing: 25 });
    url = await sim.start();
  });
  after(async function () {
    for (const t of sim.issued) dynamicSecrets.add(t);
    await sim.stop();
  });

  /** All four nodes wired to "out", one account. */
  function flow(props = {}, accountProps = {}) {
    const extra = [
      { id: 'nd', z: 'f1', type: 'mythings-downlink', account: 'acc', operation: 'send', wires: [['out']], ...props.nd },
      { id: 'nq', z: 'f1', type: 'mythings-query', account: 'acc', operation: 'status', wires: [['out']], ...props.nq },
      { id: 'na', z: 'f1', type: 'mythings-admin', account: 'acc', operation: 'thingTypes', wires: [['out']], ...props.na },
    ];
    return actionFlow(
      { id: 'nt', type: 'mythings-thing', account: 'acc', operation: 'get', ...props.nt },
      { id: 'acc', type: 'enco-account', url, authType: 'client', timeout: 3000, retries: 3, concurrency: 4, ...accountProps },
      extra,
    );
  }
  const creds = { acc: { clientId: secrets.encoClientId, clientSecret: secrets.encoClientSecret } };
  const node = { thing: 'nt', downlink: 'nd', query: 'nq', admin: 'na' };

  /** Runs `operation` on node kind `kind` and returns {msg} or {error, msg}. */
  const call = (kind, operation, payload, extra = {}) => run(node[kind], { operation, payload, ...extra });
  const ok = (r) => {
    should.not.exist(r.error, r.error && r.error.message);
    should.exist(r.msg, 'expected an output msg');
    return r.msg;
  };
  const fails = failsWith;
  const apiRequests = (method, path) => sim.requests({ method, path: BASE + path });

  describe('operations (success and one failure each)', function () {
    before(async function () {
      await load(TYPES, flow(), creds);
    });
    after(() => unload());
    beforeEach(() => {
      sim.clearLog();
      sim.clearFaults();
    });

    // ---- mythings-thing (SPEC 5.2) ----
    it('thing list: GET /things with the query fields, one tags= per tag (multi); answer array', async function () {
      const m = ok(await call('thing', 'list', { tags: ['office', 'door'], results: 5, isPublic: false, modifiedSince: new Date(0) }, { topic: 'keep' }));
      m.topic.should.equal('keep');
      m.statusCode.should.equal(200);
      m.payload.should.be.an.Array();
      m.payload.map((t) => t.thingIdentifier).should.containEql(OTAA_ID);
      const req = apiRequests('GET', '/things')[0];
      req.queryAll.should.eql({ tags: ['office', 'door'], results: ['5'], isPublic: ['false'], modifiedSince: ['1970-01-01T00:00:00.000Z'] });
    });
    it('thing list failure: a 500 is not retried -> SERVER_ERROR with EnCo fault sentence', async function () {
      sim.inject({ match: { method: 'GET', path: BASE + '/things' }, status: 500 });
      const r = fails(await call('thing', 'list', {}), 'SERVER_ERROR', /Runtime Error/);
      r.msg.statusCode.should.equal(500);
      apiRequests('GET', '/things').should.have.length(1);
    });
    it('thing get: the identifier as a string; failure: unknown thing -> NOT_FOUND with the sentence', async function () {
      const m = ok(await call('thing', 'get', OTAA_ID));
      m.payload.thingIdentifier.should.equal(OTAA_ID);
      m.payload.connectivityType.should.equal('LORA.OTAA');
      const r = fails(await call('thing', 'get', { thingIdentifier: 'FFFF000000000000' }), 'NOT_FOUND', /Thing with identifier FFFF000000000000 not found/);
      r.msg.statusCode.should.equal(404);
    });
    it('thing create OTAA (seed example): POST /things, body as in the seed, bearer + json headers', async function () {
      const id = newId('C0');
      const m = ok(await call('thing', 'create', { ...otaa(id), notAVendorField: 'dropped' }));
      m.payload.thingIdentifier.should.equal(id);
      const req = apiRequests('POST', '/things')[0];
      req.body.should.eql(otaa(id));
      req.headers.authorization.should.match(/^Bearer [0-9a-f]{32}$/);
      req.headers.accept.should.equal('application/json');
      req.headers['content-type'].should.match(/application\/json/);
      sim.things.has(id).should.be.true();
    });
    it('thing create ABP and ETHERNET; flat CSV-style keys are nested into keys', async function () {
      const id = newId('AB');
      ok(await call('thing', 'create', abp(id, 'ABCD' + id.slice(-4))));
      sim.things.get(id).technologyDetails.activationType.should.equal('ABP');
      ok(await call('thing', 'create', ethernet('1234123412341234')));
      apiRequests('POST', '/things')[1].body.should.eql(ethernet('1234123412341234'));
      const flat = newId('F1');
      ok(await call('thing', 'create', { connectivityType: 'LORA.OTAA', thingIdentifier: flat, companyId: '162', thingTypeId: '10', applicationEUI: '1234123412341234', applicationKey: '12341234123412341234123412341234', tags: 'a, b' }));
      apiRequests('POST', '/things')[2].body.should.eql({
        connectivityType: 'LORA.OTAA',
        thingIdentifier: flat,
        companyId: 162,
        thingTypeId: 10,
        keys: { applicationEUI: '1234123412341234', applicationKey: '12341234123412341234123412341234' },
        tags: ['a', 'b'],
      });
    });
    it('thing create failure: the same thing twice -> CONFLICT; an unknown thing type -> REJECTED with the vendor sentence', async function () {
      const id = newId('D0');
      ok(await call('thing', 'create', otaa(id)));
      const r = fails(await call('thing', 'create', otaa(id)), 'CONFLICT', /already exists/);
      r.msg.payload.should.eql(otaa(id)); // left as it came
      fails(await call('thing', 'create', { ...otaa(newId('D1')), thingTypeId: 999 }), 'REJECTED', /ThingType with id 999 does not exist/);
    });
    it('thing update: PUT /things/{id}, thingIdentifier taken out of the body; failure: keys of the other type -> REJECTED', async function () {
      const m = ok(await call('thing', 'update', { thingIdentifier: OTAA_ID, thingName: 'updatedThingName', tags: ['t1'], keysLoRaOTAA: { applicationKey: '55551234123412341234123412341234', applicationEUI: '4444123412344444' } }));
      m.payload.thingName.should.equal('updatedThingName');
      const req = apiRequests('PUT', `/things/${OTAA_ID}`)[0];
      req.body.should.eql({ thingName: 'updatedThingName', tags: ['t1'], keysLoRaOTAA: { applicationKey: '55551234123412341234123412341234', applicationEUI: '4444123412344444' } });
      fails(await call('thing', 'update', { thingIdentifier: OTAA_ID, keysLoRaABP: { networkSessionKey: '44341234123412344444123412341241' } }), 'REJECTED', /Keys do not match/);
    });
    it('thing delete: DELETE /things/{id}; failure: unknown -> NOT_FOUND', async function () {
      const id = newId('E0');
      ok(await call('thing', 'create', otaa(id)));
      const m = ok(await call('thing', 'delete', id));
      m.statusCode.should.equal(200);
      sim.things.has(id).should.be.false();
      fails(await call('thing', 'delete', id), 'NOT_FOUND', /not found/);
    });
    it('thing provision / deprovision: StatusMessageDTO; failure: an Ethernet thing -> REJECTED', async function () {
      const p = ok(await call('thing', 'provision', { thingIdentifier: ABP_ID }));
      p.payload.status.should.equal('OK');
      apiRequests('POST', `/things/${ABP_ID}/provision`).should.have.length(1);
      const d = ok(await call('thing', 'deprovision', { thingIdentifier: ABP_ID }));
      d.payload.message.should.match(/removed from the network/);
      sim.things.get(ABP_ID).technologyDetails.provisioned.should.be.false();
      const eth = ok(await call('thing', 'create', ethernet('99'))).payload.thingIdentifier;
      fails(await call('thing', 'provision', eth), 'REJECTED', /only applies for LoRa things/);
      fails(await call('thing', 'deprovision', eth), 'REJECTED', /only applies for LoRa things/);
    });
    it('thing tags: PUT a plain array of tags; failure: unknown thing -> NOT_FOUND', async function () {
      const m = ok(await call('thing', 'tags', { thingIdentifier: ABP_ID, tags: 'dummyTag, other' }));
      m.payload.tags.should.containDeep(['door', 'dummyTag', 'other']);
      apiRequests('PUT', `/things/${ABP_ID}/tags`)[0].body.should.eql(['dummyTag', 'other']);
      fails(await call('thing', 'tags', { thingIdentifier: 'FFFF000000000001', tags: ['x'] }), 'NOT_FOUND');
    });
    it('thing type: ThingContainerResource; failure: unknown thing -> NOT_FOUND', async function () {
      const m = ok(await call('thing', 'type', ABP_ID));
      m.payload.containers.map((c) => c.container).should.eql(['motion', 'battery']);
      fails(await call('thing', 'type', 'FFFF000000000002'), 'NOT_FOUND');
    });
    it('thing deleteContainer: DELETE /things/{id}/{container}; failure: unknown container -> NOT_FOUND', async function () {
      const id = newId('CC');
      ok(await call('thing', 'create', otaa(id)));
      const m = ok(await call('thing', 'deleteContainer', { thingIdentifier: id, containerFriendlyName: 'humidity' }));
      m.payload.status.should.equal('OK');
      apiRequests('DELETE', `/things/${id}/humidity`).should.have.length(1);
      fails(await call('thing', 'deleteContainer', { thingIdentifier: id, containerFriendlyName: 'humidity' }), 'NOT_FOUND', /Container humidity not found/);
    });

    // ---- mythings-downlink (SPEC 5.3) ----
    it('downlink send: a Buffer payload is sent as hex, fPort as a string, ack/encrypted 0/1', async function () {
      const m = ok(await call('downlink', 'send', { devEUI: OTAA_ID, fPort: 9, payload: Buffer.from([0x04, 0xfd, 0x20, 0xd9]), encrypted: 0, ack: true }));
      m.payload.code.should.equal('200');
      apiRequests('POST', '/downlink')[0].body.should.eql({ devEUI: OTAA_ID, fPort: '9', payload: '04FD20D9', encrypted: 0, ack: 1 });
    });
    it('downlink send failure: unknown devEUI -> NOT_FOUND; a 503 is not retried (no duplicate downlink)', async function () {
      fails(await call('downlink', 'send', { devEUI: '9999888877776666', fPort: '9', payload: '04FD20D9' }), 'NOT_FOUND', /9999888877776666 not found/);
      sim.inject({ match: { method: 'POST', path: BASE + '/downlink' }, status: 503, times: 1 });
      fails(await call('downlink', 'send', { devEUI: OTAA_ID, fPort: 1, payload: '00' }), 'SERVER_ERROR');
      apiRequests('POST', '/downlink').should.have.length(2);
    });
    it('downlink template: POST /downlink/template/{uid} {thingIdentifiers}; failure: unknown template -> NOT_FOUND', async function () {
      const m = ok(await call('downlink', 'template', { templateUid: 'tpl-reboot-0001', thingIdentifiers: `${OTAA_ID},${ABP_ID}` }));
      m.payload.message.should.match(/sent to 2 things/);
      apiRequests('POST', '/downlink/template/tpl-reboot-0001')[0].body.should.eql({ thingIdentifiers: [OTAA_ID, ABP_ID] });
      fails(await call('downlink', 'template', { templateUid: 'tpl-nope', thingIdentifiers: [OTAA_ID] }), 'NOT_FOUND', /tpl-nope/);
    });
    it('downlink templates: GET /configurationtemplates; failure: 503 retried then SERVER_ERROR after 1 + retries', async function () {
      const m = ok(await call('downlink', 'templates'));
      m.payload.map((t) => t.uid).should.containEql('tpl-reboot-0001');
      sim.clearLog();
      sim.inject({ match: { path: BASE + '/configurationtemplates' }, status: 503 });
      fails(await call('downlink', 'templates'), 'SERVER_ERROR');
      apiRequests('GET', '/configurationtemplates').should.have.length(4);
    });

    // ---- mythings-query (SPEC 5.4) ----
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

    // ---- mythings-admin (SPEC 5.5) ----
    it('admin thingTypes / vendors / connectivityPlans; failures', async function () {
      ok(await call('admin', 'thingTypes')).payload.map((t) => t.name).should.containEql('Motion Sensor');
      ok(await call('admin', 'vendors')).payload.should.containEql({ name: 'Sensative' });
      ok(await call('admin', 'connectivityPlans')).payload[0].connectivityPlans.should.have.length(2);
      for (const [op, path] of [
        ['thingTypes', '/thingtypes'],
        ['vendors', '/vendors'],
        ['connectivityPlans', '/connectivityplans'],
      ]) {
        sim.inject({ match: { path: BASE + path }, status: 500 });
        fails(await call('admin', op), 'SERVER_ERROR');
      }
    });
    it('admin reserve / list / assign device addresses; failures with the vendor sentence', async function () {
      const reserved = ok(await call('admin', 'reserveDeviceAddresses', { companyId: 501, amount: 3 })).payload;
      reserved.devAddresses.should.have.length(3);
      apiRequests('GET', '/deviceaddress/reserve')[0].query.should.eql({ companyId: '501', amount: '3' });
      const listed = ok(await call('admin', 'deviceAddresses', { companyId: 501, amount: 2 })).payload;
      listed.devAddresses.should.eql(reserved.devAddresses.slice(0, 2));
      const assigned = ok(await call('admin', 'assignDeviceAddresses', { companyId: 501, devAddresses: reserved.devAddresses[0] })).payload;
      assigned.devAddresses.should.eql([reserved.devAddresses[0]]);
      apiRequests('PUT', '/deviceaddress/assign')[0].body.should.eql({ companyId: 501, devAddresses: [reserved.devAddresses[0]] });
      fails(await call('admin', 'reserveDeviceAddresses', { companyId: 501, amount: 10000 }), 'REJECTED', /device addresses are left/);
      fails(await call('admin', 'deviceAddresses', { companyId: 501, amount: 50 }), 'REJECTED', /reserved device addresses are available/);
      fails(await call('admin', 'assignDeviceAddresses', { companyId: 501, devAddresses: ['00000001'] }), 'REJECTED', /not reserved for company 501/);
    });
    it('admin updateBasestation: coordinates sent as strings; failure: another company -> REJECTED', async function () {
      const m = ok(await call('admin', 'updateBasestation', { basestationId: 'BS-0002', companyId: 162, latitude: 50.5, longitude: '4.4', locationName: 'Wall street' }));
      m.payload.location.name.should.equal('Wall street');
      apiRequests('PUT', '/basestations/BS-0002')[0].body.should.eql({ companyId: 162, latitude: '50.5', longitude: '4.4', locationName: 'Wall street' });
      fails(await call('admin', 'updateBasestation', { basestationId: 'BS-0002', companyId: 1, locationName: 'x' }), 'REJECTED', /does not belong/);
    });
    it('admin stream definitions: create (template object -> JSON text), get, update, delete; failures', async function () {
      const created = ok(
        await call('admin', 'createStreamDefinition', {
          companyId: 987,
          name: 'MyStream',
          url: 'https://my.streaming.url',
          type: 'DECODED',
          contentType: 'JSON',
          active: false,
          autoLink: true,
          basicAuth: true,
          userName: 'admin',
          password: secrets.streamPassword,
          template: { timestamp: '%timestamp[yyyy-MM-dd HH:mm:ss.SSS]%', value: '%value%' },
        }),
      ).payload;
      const id = created.id;
      should.exist(id);
      created.should.not.have.property('password');
      const sent = apiRequests('POST', '/streamdefinitions')[0].body;
      sent.template.should.equal('{"timestamp":"%timestamp[yyyy-MM-dd HH:mm:ss.SSS]%","value":"%value%"}');
      sent.password.should.equal(secrets.streamPassword);
      ok(await call('admin', 'getStreamDefinition', id)).payload.name.should.equal('MyStream');
      const listed = ok(await call('admin', 'listStreamDefinitions')).payload;
      listed.map((s) => s.id).should.containEql(id);
      listed.forEach((s) => s.should.not.have.property('password'));
      const loc = ok(await call('admin', 'createStreamDefinition', { companyId: 162, name: 'Where', url: 'https://my.streaming.url/loc', type: 'LOCATION', contentType: 'FREEFORM', template: '{"v":"%value%"}' })).payload;
      loc.should.containEql({ type: 'LOCATION', contentType: 'FREEFORM' });
      ok(await call('admin', 'deleteStreamDefinition', loc.id));
      const upd = ok(await call('admin', 'updateStreamDefinition', { streamDefinitionId: id, active: true, headers: { 'Content-Type': 'application/json' } }));
      upd.payload.active.should.be.true();
      apiRequests('PUT', `/streamdefinitions/${id}`)[0].body.should.eql({ active: true, headers: [{ key: 'Content-Type', value: 'application/json' }] });
      ok(await call('admin', 'deleteStreamDefinition', id)).statusCode.should.equal(200);
      fails(await call('admin', 'getStreamDefinition', id), 'NOT_FOUND', /Stream definition/);
      fails(await call('admin', 'updateStreamDefinition', { streamDefinitionId: id, active: false }), 'NOT_FOUND');
      fails(await call('admin', 'deleteStreamDefinition', id), 'NOT_FOUND');
      fails(await call('admin', 'createStreamDefinition', { companyId: 987, name: 'S', url: 'https://x.example', type: 'LBS', mutualAuth: true }), 'REJECTED', /Mutual authentication/);
      const seen = capture.statuses.concat(capture.logs, capture.errors).join('\n');
      seen.should.not.containEql(secrets.streamPassword);
    });
  });

  describe('node properties are defaults, the msg wins', function () {
    before(async function () {
      await load(
        TYPES,
        flow({
          nt: { operation: 'create', connectivityType: 'LORA.OTAA', companyId: '162', thingTypeId: '10', thingIdentifier: 'ABABABABABABABAB' },
          nd: { operation: 'send', devEUI: OTAA_ID, fPort: '12', ack: '1', encrypted: '0', templateUid: 'tpl-interval-0015' },
          nq: { operation: 'decodedLogs', thingIdentifier: OTAA_ID, pages: 'all' },
          na: { operation: 'deviceAddresses', companyId: '162', amount: '1' },
        }),
        creds,
      );
    });
    after(() => unload());
    beforeEach(() => sim.clearLog());

    it('create takes connectivityType/companyId/thingTypeId from the node, never a thingIdentifier default', async function () {
      const id = newId('DF');
      ok(await run('nt', { payload: { thingIdentifier: id, applicationEUI: '1234123412341234', applicationKey: '12341234123412341234123412341234', companyId: 163 } }));
      const body = apiRequests('POST', '/things')[0].body;
      body.companyId.should.equal(163);
      body.thingTypeId.should.equal(10);
      body.connectivityType.should.equal('LORA.OTAA');
      const r = await run('nt', { payload: { applicationEUI: '1234123412341234', applicationKey: '12341234123412341234123412341234' } });
      fails(r, 'INVALID_INPUT', /thingIdentifier is required/);
    });
    it('downlink send takes devEUI/fPort/ack/encrypted from the node; msg.payload may be the hex data or a Buffer', async function () {
      ok(await run('nd', { payload: 'a1b2' }));
      ok(await run('nd', { payload: Buffer.from('hi') }));
      const bodies = apiRequests('POST', '/downlink').map((r) => r.body);
      bodies[0].should.eql({ devEUI: OTAA_ID, fPort: '12', payload: 'A1B2', encrypted: 0, ack: 1 });
      bodies[1].payload.should.equal('6869');
      // template: the node's templateUid, msg.payload the array of things
      ok(await run('nd', { operation: 'template', payload: [OTAA_ID, ABP_ID] }));
      apiRequests('POST', '/downlink/template/tpl-interval-0015')[0].body.should.eql({ thingIdentifiers: [OTAA_ID, ABP_ID] });
    });
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
    it('admin deviceAddresses from the node properties with an empty msg', async function () {
      const m = ok(await run('na', { payload: '' }));
      m.payload.devAddresses.should.have.length(1);
      apiRequests('GET', '/deviceaddress')[0].query.should.eql({ companyId: '162', amount: '1' });
    });
  });

  describe('validation: INVALID_INPUT and no request at all (not even /token)', function () {
    before(async function () {
      await load(TYPES, flow(), creds);
    });
    after(() => unload());
    beforeEach(() => sim.clearLog());

    const hex = (n, c = 'A') => c.repeat(n);
    const cases = [
      // thing create (SPEC 5.2)
      ['thing', 'create', { ...otaa(hex(16)), connectivityType: undefined }, /connectivityType is required/],
      ['thing', 'create', { ...otaa(hex(16)), companyId: undefined }, /companyId is required/],
      ['thing', 'create', { ...otaa(hex(16)), thingTypeId: undefined }, /thingTypeId is required/],
      ['thing', 'create', { ...otaa(hex(16)), connectivityType: 'LORA' }, /connectivityType must be one of LORA.ABP, LORA.OTAA, ETHERNET/],
      ['thing', 'create', { ...otaa(hex(16)), companyId: 'abc' }, /companyId must be an integer/],
      ['thing', 'create', { ...otaa(hex(16)), thingTypeId: 1.5 }, /thingTypeId must be an integer/],
      ['thing', 'create', { ...otaa(hex(16)), keys: { applicationEUI: hex(15), applicationKey: hex(32) } }, /keys.applicationEUI must be 16 hexadecimal/],
      ['thing', 'create', { ...otaa(hex(16)), keys: { applicationEUI: hex(16), applicationKey: hex(32, 'G') } }, /keys.applicationKey must be 32 hexadecimal/],
      ['thing', 'create', { ...otaa(hex(16)), keys: undefined }, /applicationEUI is required/],
      ['thing', 'create', { ...abp(hex(16), '07FFF001'), keys: { networkSessionKey: hex(31) } }, /keys.networkSessionKey must be 32 hexadecimal/],
      ['thing', 'create', { ...abp(hex(16), '07FFF001'), keys: { networkSessionKey: hex(32), applicationSessionkeys: [{ applicationSessionKey: hex(30), port: '1' }] } }, /applicationSessionKey must be 32 hexadecimal/],
      ['thing', 'create', abp(hex(16), '07FFF0'), /deviceAddress must be 8 hexadecimal/],
      ['thing', 'create', { ...abp(hex(16), '07FFF001'), deviceAddress: undefined }, /deviceAddress is required/],
      ['thing', 'create', { ...otaa(hex(16)), motionIndicator: 'Running' }, /motionIndicator must be one of Near static, Walking speed, Vehicle speed, Random/],
      ['thing', 'create', otaa('XYZ'), /thingIdentifier must be 16 hexadecimal/],
      ['thing', 'create', { ...otaa(hex(16)), thingIdentifier: undefined }, /thingIdentifier is required/],
      ['thing', 'create', { ...otaa(hex(16)), isPublic: 'maybe' }, /isPublic must be true or false/],
      ['thing', 'create', 42, /connectivityType, companyId, thingTypeId are required/],
      ['thing', 'create', 'ABABABABABABABAB', /msg.payload must be an object with the request fields \(got a string\)/],
      ['thing', 'list', 'all', /msg.payload must be an object/],
      // thing, other operations
      ['thing', 'get', {}, /thingIdentifier is required/],
      ['thing', 'update', { thingIdentifier: OTAA_ID }, /at least one field/],
      ['thing', 'update', { thingName: 'x' }, /thingIdentifier is required/],
      ['thing', 'update', { thingIdentifier: OTAA_ID, keysLoRaOTAA: { applicationEUI: hex(16), applicationKey: hex(12) } }, /keysLoRaOTAA.applicationKey must be 32/],
      ['thing', 'update', { thingIdentifier: OTAA_ID, deviceAddress: '123' }, /deviceAddress must be 8 hexadecimal/],
      ['thing', 'update', { thingIdentifier: OTAA_ID, motionIndicator: 'Flying' }, /motionIndicator must be one of/],
      ['thing', 'delete', '', /thingIdentifier is required/],
      ['thing', 'provision', {}, /thingIdentifier is required/],
      ['thing', 'deprovision', {}, /thingIdentifier is required/],
      ['thing', 'tags', { thingIdentifier: OTAA_ID }, /tags must not be empty/],
      ['thing', 'type', {}, /thingIdentifier is required/],
      ['thing', 'deleteContainer', { thingIdentifier: OTAA_ID }, /containerFriendlyName is required/],
      ['thing', 'list', { results: 0 }, /results must be at least 1/],
      ['thing', 'list', { modifiedSince: 'not a date' }, /modifiedSince must be a Date, epoch milliseconds or an ISO-8601 string/],
      ['thing', 'toaster', {}, /operation must be one of list, get, create/],
      // downlink (SPEC 5.3)
      ['downlink', 'send', { devEUI: hex(15), fPort: 9, payload: '00' }, /devEUI must be 16 hexadecimal/],
      ['downlink', 'send', { fPort: 9, payload: '00' }, /devEUI is required/],
      ['downlink', 'send', { devEUI: OTAA_ID, fPort: 0, payload: '00' }, /fPort must be at least 1/],
      ['downlink', 'send', { devEUI: OTAA_ID, fPort: 256, payload: '00' }, /fPort must be at most 255/],
      ['downlink', 'send', { devEUI: OTAA_ID, fPort: 'x', payload: '00' }, /fPort must be an integer/],
      ['downlink', 'send', { devEUI: OTAA_ID, payload: '00' }, /fPort is required/],
      ['downlink', 'send', { devEUI: OTAA_ID, fPort: 9, payload: 'ABC' }, /payload must be hex of even length/],
      ['downlink', 'send', { devEUI: OTAA_ID, fPort: 9, payload: 'XYZW' }, /payload must be hexadecimal/],
      ['downlink', 'send', { devEUI: OTAA_ID, fPort: 9, payload: Buffer.alloc(51) }, /payload must be at most 50 bytes/],
      ['downlink', 'send', { devEUI: OTAA_ID, fPort: 9 }, /payload is required/],
      ['downlink', 'send', { devEUI: OTAA_ID, fPort: 9, payload: '00', encrypted: 2 }, /encrypted must be at most 1/],
      ['downlink', 'send', { devEUI: OTAA_ID, fPort: 9, payload: '00', ack: 'yes' }, /ack must be an integer/],
      ['downlink', 'template', { thingIdentifiers: [OTAA_ID] }, /templateUid is required/],
      ['downlink', 'template', { templateUid: 'tpl-reboot-0001', thingIdentifiers: [] }, /thingIdentifiers must not be empty/],
      ['downlink', 'template', { templateUid: 'tpl-reboot-0001', thingIdentifiers: ['nothex'] }, /thingIdentifiers\[0\] must be 16 hexadecimal/],
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
      // admin (SPEC 5.5)
      ['admin', 'deviceAddresses', { companyId: 162 }, /amount is required/],
      ['admin', 'reserveDeviceAddresses', { amount: 1 }, /companyId is required/],
      ['admin', 'reserveDeviceAddresses', { companyId: 162, amount: 0 }, /amount must be at least 1/],
      ['admin', 'deviceAddresses', { companyId: 'x', amount: 1 }, /companyId must be an integer/],
      ['admin', 'assignDeviceAddresses', { companyId: 162, devAddresses: ['07FFF0'] }, /devAddresses\[0\] must be 8 hexadecimal/],
      ['admin', 'assignDeviceAddresses', { companyId: 162 }, /devAddresses must not be empty/],
      ['admin', 'updateBasestation', { basestationId: 'BS-0001', latitude: 91 }, /latitude must be between -90 and 90/],
      ['admin', 'updateBasestation', { basestationId: 'BS-0001', longitude: 'east' }, /longitude must be a number/],
      ['admin', 'updateBasestation', { basestationId: 'BS-0001' }, /needs companyId, latitude, longitude or locationName/],
      ['admin', 'updateBasestation', { latitude: 1 }, /basestationId is required/],
      ['admin', 'getStreamDefinition', {}, /streamDefinitionId is required/],
      ['admin', 'createStreamDefinition', { companyId: 1, name: 'S', type: 'DECODED' }, /url is required/],
      ['admin', 'createStreamDefinition', { companyId: 1, name: 'S', type: 'DECODED', url: 'ftp://x' }, /url must be an http or https URL/],
      ['admin', 'createStreamDefinition', { companyId: 1, name: 'S', type: 'RAW', url: 'https://x' }, /type must be one of NETWORK, DECODED, LOCATION, LBS/],
      ['admin', 'createStreamDefinition', { companyId: 1, name: 'S', type: 'LBS', url: 'https://x', contentType: 'CSV' }, /contentType must be one of JSON, XML/],
      ['admin', 'updateStreamDefinition', { streamDefinitionId: '1' }, /at least one field/],
      ['admin', 'deleteStreamDefinition', '', /streamDefinitionId is required/],
    ];
    for (const [kind, op, payload, re] of cases) {
      it(`${kind} ${op}: ${re.source.replace(/\\/g, '')}`, async function () {
        invalidInput(await call(kind, op, payload), re, sim);
      });
    }
  });

  describe('bulk create / update / delete (SPEC 3.2)', function () {
    afterEach(() => unload());
    beforeEach(() => {
      sim.clearLog();
      sim.clearFaults();
    });

    it('500 things with 5% injected 503s: 500 entries in order, the simulator holds exactly the ok ones, no POST repeated', async function () {
      this.timeout(60000);
      await load(TYPES, flow({ nt: { operation: 'create', connectivityType: 'LORA.OTAA', companyId: '162', thingTypeId: '10' } }, { concurrency: 8 }), creds);
      const prefix = 'B5' + (Date.now() % 0xffffff).toString(16).toUpperCase().padStart(6, '0');
      const items = Array.from({ length: 500 }, (_, i) => ({
        thingIdentifier: prefix + i.toString(16).toUpperCase().padStart(8, '0'),
        thingName: `bulk ${i}`,
        applicationEUI: '70B3D57ED0000001',
        applicationKey: 'A1B2C3D4E5F60718293A4B5C6D7E8F90',
      }));
      sim.inject({ match: { method: 'POST', path: BASE + '/things' }, status: 503, probability: 0.05 });
      const before = sim.things.size;
      const r = await run('nt', { payload: items, topic: 'bulk' }, { ms: 50000 });
      const m = ok(r);
      m.topic.should.equal('bulk');
      m.payload.should.have.length(500);
      m.payload.forEach((e, i) => e.input.should.equal(items[i]));
      const okEntries = m.payload.filter((e) => e.ok);
      const failed = m.payload.filter((e) => !e.ok);
      failed.length.should.be.above(5); // the 5% did happen ...
      failed.length.should.be.below(60);
      failed.forEach((e) => {
        e.error.code.should.equal('SERVER_ERROR');
        e.statusCode.should.equal(503);
      });
      okEntries.forEach((e) => e.result.thingIdentifier.should.equal(e.input.thingIdentifier));
      (sim.things.size - before).should.equal(okEntries.length);
      for (const e of okEntries) sim.things.has(e.input.thingIdentifier).should.be.true();
      for (const e of failed) sim.things.has(e.input.thingIdentifier).should.be.false();
      apiRequests('POST', '/things').should.have.length(500); // one POST per item, none repeated
      sim.counts.tokenRequests.should.equal(1);
      capture.statuses.join('\n').should.match(new RegExp(`${okEntries.length} ok, ${failed.length} failed`));
    });

    it('bulk update and delete: one bad item is INVALID_INPUT in its entry, others done; strings are identifiers for delete', async function () {
      await load(TYPES, flow({ nt: { operation: 'create', connectivityType: 'LORA.OTAA', companyId: '162', thingTypeId: '10' } }), creds);
      const ids = [newId('BA'), newId('BB'), newId('BC')];
      const created = ok(await run('nt', { payload: ids.map((id) => ({ thingIdentifier: id, applicationEUI: '1234123412341234', applicationKey: '12341234123412341234123412341234' })) }));
      created.payload.every((e) => e.ok).should.be.true();
      const upd = ok(await run('nt', { operation: 'update', payload: [{ thingIdentifier: ids[0], thingName: 'one' }, { thingIdentifier: ids[1], deviceAddress: '12' }, { thingIdentifier: ids[2], thingName: 'three' }] }));
      upd.payload.map((e) => e.ok).should.eql([true, false, true]);
      upd.payload[1].error.code.should.equal('INVALID_INPUT');
      upd.payload[1].error.message.should.match(/deviceAddress/);
      apiRequests('PUT', `/things/${ids[1]}`).should.have.length(0);
      sim.things.get(ids[2]).thingName.should.equal('three');
      const del = ok(await run('nt', { operation: 'delete', payload: [ids[0], 'FFFF00000000BEEF', ids[2]] }));
      del.payload.map((e) => e.ok).should.eql([true, false, true]);
      del.payload[1].error.code.should.equal('NOT_FOUND');
      del.payload[1].statusCode.should.equal(404);
      sim.things.has(ids[0]).should.be.false();
      sim.things.has(ids[1]).should.be.true();
    });
  });

  it('NOT_CONFIGURED without an account or without the client secret; no request', async function () {
    sim.clearLog();
    await load(TYPES, flow({ nt: { account: '' } }), creds);
    fails(await run('nt', { payload: OTAA_ID }), 'NOT_CONFIGURED');
    await unload();
    await load(TYPES, flow(), { acc: { clientId: secrets.encoClientId } });
    fails(await run('nt', { payload: OTAA_ID }), 'NOT_CONFIGURED', /client ID or client secret/);
    fails(await run('nq', { payload: {} }), 'NOT_CONFIGURED');
    await unload();
    sim.requests().should.have.length(0);
  });

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

  it('a 503 on a GET is retried and succeeds (Retry-After honoured)', async function () {
    sim.clearLog();
    sim.clearFaults();
    sim.inject({ match: { method: 'GET', path: BASE + '/vendors' }, status: 503, retryAfter: 0, times: 2 });
    await load(TYPES, flow(), creds);
    ok(await run('na', { operation: 'vendors' }));
    apiRequests('GET', '/vendors').should.have.length(3);
    await unload();
  });
});
