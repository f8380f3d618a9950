'use strict';
// mythings-admin against the EnCo simulator: every operation of SPEC 5.5 (success and one failure), every
// validation rule (INVALID_INPUT and no request at all, not even /token), node properties as
// defaults, and a 503 on a GET retried.
// The seeded things, thing bodies and the four-node flow: test/lib/mythings.js.
const should = require('should');
const { load, unload, run, capture } = require('../lib/harness');
const secrets = require('../lib/secrets');
const { TYPES, BASE, NODE_DEFAULTS, useMyThings } = require('../lib/mythings');

describe('mythings-admin (against the EnCo simulator)', function () {
  let sim;
  const my = useMyThings((s) => (sim = s));
  const { flow, creds, call, ok, fails, apiRequests } = my;

  my.withFlow('operations (success and one failure each)', {}, () => {
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

  my.withFlow('node properties are defaults, the msg wins', NODE_DEFAULTS, () => {
    it('admin deviceAddresses from the node properties with an empty msg', async function () {
      const m = ok(await run('na', { payload: '' }));
      m.payload.devAddresses.should.have.length(1);
      apiRequests('GET', '/deviceaddress')[0].query.should.eql({ companyId: '162', amount: '1' });
    });
  });

  my.validation([
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
  ]);

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
