'use strict';
// The pure MyThings request builders (src/mythings/api.ts): table-driven, no I/O.
const should = require('should');
const api = require('../../nodes/mythings/api.js');
const { describeEncoError } = require('../../nodes/enco/auth.js');

const { throwsInvalid: rejects } = require('../lib/assert');

const K32 = '12341234123412341234123412341234';
const E16 = '1234123412341234';

describe('mythings/api request builders', function () {
  describe('buildThingRequest', function () {
    const table = [
      ['list with nothing', 'list', {}, { method: 'GET', path: '/things' }],
      ['get by id (encoded)', 'get', { thingIdentifier: 'a/b' }, { method: 'GET', path: '/things/a%2Fb' }],
      ['delete', 'delete', { thingIdentifier: 'ABCD' }, { method: 'DELETE', path: '/things/ABCD' }],
      ['provision', 'provision', { thingIdentifier: 'ABCD' }, { method: 'POST', path: '/things/ABCD/provision' }],
      ['deprovision', 'deprovision', { thingIdentifier: 'ABCD' }, { method: 'DELETE', path: '/things/ABCD/deprovision' }],
      ['tags', 'tags', { thingIdentifier: 'ABCD', tags: 'a,b' }, { method: 'PUT', path: '/things/ABCD/tags', body: ['a', 'b'] }],
      ['type', 'type', { thingIdentifier: 'ABCD' }, { method: 'GET', path: '/things/ABCD/type' }],
      ['deleteContainer', 'deleteContainer', { thingIdentifier: 'ABCD', containerFriendlyName: 'temp' }, { method: 'DELETE', path: '/things/ABCD/temp' }],
      ['update drops thingIdentifier', 'update', { thingIdentifier: 'ABCD', thingName: 'n', isPublic: 'true' }, { method: 'PUT', path: '/things/ABCD', body: { thingName: 'n', isPublic: true } }],
    ];
    for (const [title, op, fields, expected] of table) {
      it(title, function () {
        const req = api.buildThingRequest(op, fields);
        req.method.should.equal(expected.method);
        req.path.should.equal(expected.path);
        if (expected.body !== undefined) should(req.body).eql(expected.body);
      });
    }

    it('create OTAA / ABP / ETHERNET: the seed shapes, numbers from text, unknown keys dropped', function () {
      api.buildThingCreate({ connectivityType: 'LORA.OTAA', thingIdentifier: 'ABCDAB22ABCDABC2', companyId: '162', thingTypeId: 10, keys: { applicationKey: K32, applicationEUI: E16 }, junk: 1 }).should.eql({
        connectivityType: 'LORA.OTAA',
        thingIdentifier: 'ABCDAB22ABCDABC2',
        companyId: 162,
        thingTypeId: 10,
        keys: { applicationEUI: E16, applicationKey: K32 },
      });
      api
        .buildThingCreate({ connectivityType: 'LORA.ABP', thingIdentifier: '1234ABCDABCD3333', companyId: 77, thingTypeId: 33, deviceAddress: 'ABCd12AA', networkSessionKey: K32, applicationSessionKey: K32, port: '2' })
        .should.eql({
          connectivityType: 'LORA.ABP',
          thingIdentifier: '1234ABCDABCD3333',
          companyId: 77,
          thingTypeId: 33,
          deviceAddress: 'ABCd12AA',
          keys: { networkSessionKey: K32, applicationSessionkeys: [{ applicationSessionKey: K32, port: '2' }] },
        });
      api.buildThingCreate({ connectivityType: 'ETHERNET', companyId: 376, thingTypeId: 24, serialNumber: '1', motionIndicator: 'Random' }).should.eql({
        connectivityType: 'ETHERNET',
        companyId: 376,
        thingTypeId: 24,
        serialNumber: '1',
      });
    });

    it("update ABP 'remove applicationSessionKeys' example of the seed passes as is", function () {
      api.buildThingUpdate({ keysLoRaABP: { applicationSessionkeys: [{}] } }).should.eql({ keysLoRaABP: { applicationSessionkeys: [{}] } });
    });

    const bad = [
      ['create without fields', 'create', {}, /connectivityType, companyId, thingTypeId are required/],
      ['OTAA key 31 chars', 'create', { connectivityType: 'LORA.OTAA', thingIdentifier: E16, companyId: 1, thingTypeId: 1, keys: { applicationEUI: E16, applicationKey: K32.slice(1) } }, /keys.applicationKey must be 32/],
      ['ABP without deviceAddress', 'create', { connectivityType: 'LORA.ABP', thingIdentifier: E16, companyId: 1, thingTypeId: 1, networkSessionKey: K32 }, /deviceAddress is required/],
      ['ABP keys.applicationSessionkeys not an array', 'create', { connectivityType: 'LORA.ABP', thingIdentifier: E16, companyId: 1, thingTypeId: 1, deviceAddress: '07FFF001', keys: { networkSessionKey: K32, applicationSessionkeys: 'x' } }, /applicationSessionkeys must be an array/],
      ['keys not an object', 'create', { connectivityType: 'LORA.OTAA', thingIdentifier: E16, companyId: 1, thingTypeId: 1, keys: 'k' }, /keys must be an object/],
      ['update empty', 'update', { thingIdentifier: 'A' }, /at least one field/],
      ['tags empty string', 'tags', { thingIdentifier: 'A', tags: ' , ' }, /tags must not be empty/],
    ];
    for (const [title, op, fields, re] of bad) it(`rejects ${title}`, () => rejects(() => api.buildThingRequest(op, fields), re));
  });

  describe('downlinkPayload / buildDownlinkRequest', function () {
    const good = [
      ['hex lower case', '04fd20d9', '04FD20D9'],
      ['0x prefix', '0x0A0B', '0A0B'],
      ['Buffer', Buffer.from([1, 2, 255]), '0102FF'],
      ['Uint8Array', new Uint8Array([16]), '10'],
      ['50 bytes', 'AB'.repeat(50), 'AB'.repeat(50)],
    ];
    for (const [title, input, out] of good) it(`payload: ${title}`, () => api.downlinkPayload(input).should.equal(out));
    const bad = [
      ['odd', 'ABC', /even length/],
      ['51 bytes', Buffer.alloc(51), /at most 50 bytes/],
      ['not hex', 'zz', /hexadecimal/],
      ['empty Buffer', Buffer.alloc(0), /must not be empty/],
      ['a number', 42, /hex string or a Buffer/],
    ];
    for (const [title, input, re] of bad) it(`payload rejects ${title}`, () => rejects(() => api.downlinkPayload(input), re));

    it('send: fPort as a string, encrypted/ack as 0/1', function () {
      api.buildDownlinkRequest('send', { devEUI: '9999888877776666', fPort: 9, payload: '04FD20D9', encrypted: false, ack: '1' }).should.eql({
        method: 'POST',
        path: '/downlink',
        body: { devEUI: '9999888877776666', fPort: '9', payload: '04FD20D9', encrypted: 0, ack: 1 },
      });
    });
    it('template and templates', function () {
      api.buildDownlinkRequest('template', { templateUid: 'u 1', thingIdentifiers: 'BACBADBADADBADAD, AAAAAAAAAAAAAAAA' }).should.eql({
        method: 'POST',
        path: '/downlink/template/u%201',
        body: { thingIdentifiers: ['BACBADBADADBADAD', 'AAAAAAAAAAAAAAAA'] },
      });
      api.buildDownlinkRequest('templates', {}).should.eql({ method: 'GET', path: '/configurationtemplates' });
    });
  });

  describe('buildQueryRequest', function () {
    const T = { thingIdentifier: 'ABCD' };
    const table = [
      ['locations', { ...T, page: '2', timeframe: 7 }, '/things/ABCD/locations', { page: 2, timeframe: 7 }],
      ['decodedLogs', T, '/things/ABCD/logs/decoded', {}],
      ['decodedLogCount', { ...T, interval: 'WEEKLY' }, '/things/ABCD/logs/decoded/count', { interval: 'WEEKLY' }],
      ['networkLogs', { ...T, startTime: 0 }, '/things/ABCD/logs/network', { startTime: '1970-01-01T00:00:00.000Z' }],
      ['networkLogCount', { ...T, interval: 'MONTHLY', endTime: '2026-01-01' }, '/things/ABCD/logs/network/count', { interval: 'MONTHLY', endTime: '2026-01-01T00:00:00.000Z' }],
      ['containerValues', { ...T, containerName: 'temp', results: 5 }, '/things/ABCD/type/temp/values', { results: 5 }],
      ['basestations', {}, '/basestations', {}],
      ['basestation', { basestationId: 'BS 1' }, '/basestations/BS%201', {}],
      ['businessRules', {}, '/businessrules', {}],
      ['triggeredRules', {}, '/businessrulestriggered', {}],
      ['triggeredRule', { businessRuleId: '7', action: 'EMAIL' }, '/businessrulestriggered/7', { action: 'EMAIL' }],
      ['containerDefinitions', { thingTypeName: 'X' }, '/containerdefinitions', { thingTypeName: 'X' }],
      ['status', {}, '/status', {}],
    ];
    for (const [op, fields, path, query] of table) {
      it(op, function () {
        const req = api.buildQueryRequest(op, fields);
        req.method.should.equal('GET');
        req.path.should.equal(path);
        const q = Object.fromEntries(Object.entries(req.query || {}).filter(([, v]) => v !== undefined));
        q.should.eql(query);
      });
    }
    it('only locations, decodedLogs and networkLogs are paged', function () {
      ['locations', 'decodedLogs', 'networkLogs'].every(api.isPaged).should.be.true();
      ['decodedLogCount', 'status', 'basestations'].some(api.isPaged).should.be.false();
    });
  });

  describe('buildAdminRequest', function () {
    const table = [
      ['thingTypes', {}, 'GET', '/thingtypes'],
      ['vendors', {}, 'GET', '/vendors'],
      ['connectivityPlans', {}, 'GET', '/connectivityplans'],
      ['deviceAddresses', { companyId: '1', amount: '2' }, 'GET', '/deviceaddress', { companyId: 1, amount: 2 }],
      ['reserveDeviceAddresses', { companyId: 1, amount: 2 }, 'GET', '/deviceaddress/reserve', { companyId: 1, amount: 2 }],
      ['assignDeviceAddresses', { companyId: 987, devAddresses: '07FFF001' }, 'PUT', '/deviceaddress/assign', undefined, { companyId: 987, devAddresses: ['07FFF001'] }],
      ['updateBasestation', { basestationId: 'b', companyId: 987, latitude: 50, longitude: '2', locationName: 'Wall street' }, 'PUT', '/basestations/b', undefined, { companyId: 987, latitude: '50', longitude: '2', locationName: 'Wall street' }],
      ['listStreamDefinitions', {}, 'GET', '/streamdefinitions'],
      ['getStreamDefinition', { streamDefinitionId: '5' }, 'GET', '/streamdefinitions/5'],
      ['createStreamDefinition', { companyId: 987, name: 'Loc', url: 'https://x.example', type: 'LOCATION', contentType: 'FREEFORM', template: '{"v":"%value%"}' }, 'POST', '/streamdefinitions', undefined, { companyId: 987, name: 'Loc', url: 'https://x.example', type: 'LOCATION', contentType: 'FREEFORM', template: '{"v":"%value%"}' }],
      ['createStreamDefinition', { companyId: 987, name: 'MyStream', url: 'https://my.streaming.url', type: 'DECODED', active: 'false' }, 'POST', '/streamdefinitions', undefined, { active: false, companyId: 987, name: 'MyStream', type: 'DECODED', url: 'https://my.streaming.url' }],
      ['updateStreamDefinition', { streamDefinitionId: '5', active: true, password: 'admin', userName: 'admin' }, 'PUT', '/streamdefinitions/5', undefined, { active: true, userName: 'admin', password: 'admin' }],
      ['deleteStreamDefinition', { streamDefinitionId: '5' }, 'DELETE', '/streamdefinitions/5'],
    ];
    it('stream definitions: the seed types and content types only', function () {
      for (const [k, v] of [['type', 'STREAM'], ['contentType', 'CSV']]) {
        (() => api.buildAdminRequest('createStreamDefinition', { companyId: 1, name: 'n', url: 'https://x.example', type: 'DECODED', [k]: v })).should.throw({ code: 'INVALID_INPUT' });
      }
    });
    for (const [op, fields, method, path, query, body] of table) {
      it(op, function () {
        const req = api.buildAdminRequest(op, fields);
        req.method.should.equal(method);
        req.path.should.equal(path);
        if (query) req.query.should.eql(query);
        if (body) req.body.should.eql(body);
      });
    }
  });

  describe('describeEncoError', function () {
    const table = [
      ['gateway fault', { fault: { code: 900901, message: 'Invalid Credentials', description: 'Access failure' } }, 'Invalid Credentials (Access failure)'],
      ['OAuth error', { error: 'invalid_client', error_description: 'Client Authentication failed.' }, 'invalid_client: Client Authentication failed.'],
      ['MyThings validation', { code: '400', message: 'Validation failed', errors: [{ field: 'keys.applicationKey', message: 'ApplicationKey must be 32 characters' }] }, 'Validation failed (keys.applicationKey: ApplicationKey must be 32 characters)'],
      ['MyThings message only', { code: '404', message: 'Thing with identifier X not found', errors: [] }, 'Thing with identifier X not found'],
      ['nothing readable', { foo: 1 }, undefined],
      ['a string', 'UP', undefined],
    ];
    for (const [title, body, out] of table) it(title, () => should(describeEncoError(400, body)).equal(out));
  });
});
