'use strict';
// mythings-thing against the EnCo simulator: every operation of SPEC 5.2 (success and one failure),
// every validation rule (INVALID_INPUT and no request at all, not even /token), node properties as
// defaults, bulk create / update / delete (SPEC 3.2) and a missing account.
// The seeded things, thing bodies and the four-node flow: test/lib/mythings.js.
const { load, unload, run, capture } = require('../lib/harness');
const secrets = require('../lib/secrets');
const { TYPES, BASE, OTAA_ID, ABP_ID, NODE_DEFAULTS, newId, hex, otaa, abp, ethernet, useMyThings } = require('../lib/mythings');

describe('mythings-thing (against the EnCo simulator)', function () {
  let sim;
  const my = useMyThings((s) => (sim = s));
  const { flow, creds, call, ok, fails, apiRequests } = my;

  my.withFlow('operations (success and one failure each)', {}, () => {
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
  });

  my.withFlow('node properties are defaults, the msg wins', NODE_DEFAULTS, () => {
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
  });

  my.validation([
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
  ]);

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
});
