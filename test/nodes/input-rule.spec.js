'use strict';
// The one input rule (README "How msg.payload is read", src/core/node.ts), per node type, in a
// real Node-RED against the simulators: a default inject (payload = Date.now()) is "no payload"
// (the node's own values are used, or INVALID_INPUT before any request when the node has none);
// a string is the identifier where the operation takes one, else INVALID_INPUT; an object's
// fields win over the node's properties.
const should = require('should');
const { load, run, actionFlow, useSim } = require('../lib/harness');
const { injectModule, defaultInject, clickInject, isInjectTimestamp } = require('../lib/input-rule');
const secrets = require('../lib/secrets');
const encoSim = require('../sim/enco-sim');
const encloudSim = require('../sim/encloud-sim');
const enapterSim = require('../sim/enapter-sim');

const M2M = '/m2m/1.0.0';
const MT = '/mythings/1.1.0';
const msisdn = (i) => '3247' + String(i).padStart(7, '0');
const OTAA_ID = '0004A30B001C0001'; // seeded by the EnCo simulator
const ABP_ID = '0004A30B001C0002';

/** The node under test `n1` behind a default inject `inj`, with the harness's out/catch helpers. */
function injectFlow(nodeDef, accountDef) {
  return actionFlow({ id: 'n1', account: 'acc', ...nodeDef }, accountDef, [defaultInject('inj', 'n1')]);
}

const ok = (r) => {
  should.not.exist(r.error, r.error && r.error.message);
  should.exist(r.msg, 'expected a msg');
  return r.msg;
};
const invalid = (r, re) => {
  should.exist(r.error, 'expected INVALID_INPUT');
  r.error.code.should.equal('INVALID_INPUT');
  r.error.message.should.match(re);
  return r.msg;
};

describe('the input rule, per node type (default inject, strings, objects over node properties)', function () {
  describe('EnCo: m2m-sim and the MyThings nodes', function () {
    let sim;
    let url;
    useSim(() => encoSim.create({ clients: { [secrets.encoClientId]: secrets.encoClientSecret }, m2mApiKeys: [secrets.m2mApiKey], pageSize: 10, logsPerThing: 25 }), {
      started: (s, u) => ([sim, url] = [s, u]),
    });
    const account = () => ({ id: 'acc', type: 'enco-account', url, authType: 'client', timeout: 3000, retries: 1, concurrency: 4 });
    const creds = { acc: { clientId: secrets.encoClientId, clientSecret: secrets.encoClientSecret, m2mApiKey: secrets.m2mApiKey }, n1: { callbackToken: secrets.m2mCallbackToken } };
    const types = (t) => [injectModule, 'enco-account', t];
    const m2m = (props) => injectFlow({ type: 'm2m-sim', operation: 'get', wait: false, waitTimeout: 300, wires: [['out'], []], ...props }, account());

    it('m2m-sim get, default inject: the request goes out for the SIM set in the node, never for the timestamp', async function () {
      await load(types('m2m-sim'), m2m({ msisdn: msisdn(5) }), creds);
      const m = ok(await clickInject('inj'));
      m.statusCode.should.equal(200);
      m.payload[0].Device.Identifier.should.equal('206010' + String(5).padStart(9, '0'));
      const reqs = sim.requests({ method: 'GET', path: `${M2M}/simcards` });
      reqs.should.have.length(1);
      reqs[0].query.should.eql({ msisdn: msisdn(5) });
    });

    it('m2m-sim get: a timestamp without a SIM in the node -> INVALID_INPUT, no request (not even a token)', async function () {
      await load(types('m2m-sim'), m2m(), creds);
      const msg = invalid(await clickInject('inj'), /msisdn is required/);
      isInjectTimestamp(msg.payload).should.be.true(); // msg.payload as it came in
      sim.requests().should.have.length(0);
    });

    it('m2m-sim get: a string is the MSISDN, an object field wins over the node', async function () {
      await load(types('m2m-sim'), m2m({ msisdn: msisdn(5) }), creds);
      ok(await run('n1', { payload: msisdn(3) }));
      ok(await run('n1', { payload: { msisdn: msisdn(4) } }));
      sim.requests({ method: 'GET', path: `${M2M}/simcards` }).map((r) => r.query.msisdn).should.eql([msisdn(3), msisdn(4)]);
    });

    it('m2m-sim deactivate, default inject: the device set in the node (its identifier type too)', async function () {
      await load(types('m2m-sim'), m2m({ operation: 'deactivate', identifier: '893201' + String(7).padStart(14, '0'), identifierType: 'ICCID' }), creds);
      const m = ok(await clickInject('inj'));
      m.payload.should.have.property('TrackingNumber');
      const reqs = sim.requests({ method: 'POST', path: `${M2M}/requests/deactivation` });
      reqs.should.have.length(1);
      reqs[0].body.should.eql([{ identifier: '893201' + String(7).padStart(14, '0'), identifierType: 'ICCID' }]);
      await sim.m2m.settled();
    });

    it('m2m-sim deactivate: a number is never an MSISDN; without a device in the node nothing is sent', async function () {
      await load(types('m2m-sim'), m2m({ operation: 'deactivate' }), creds);
      invalid(await run('n1', { payload: Number(msisdn(2)) }), /msg.payload must name the devices/);
      invalid(await clickInject('inj'), /msg.payload must name the devices/);
      sim.requests().should.have.length(0);
    });

    it('m2m-sim configureCallback, default inject: the URL set in the node', async function () {
      await load(types('m2m-sim'), m2m({ operation: 'configureCallback', callbackUrl: 'https://example.com/m2m/cb' }), creds);
      ok(await clickInject('inj'));
      const reqs = sim.requests({ method: 'POST', path: `${M2M}/configure/callback` });
      reqs.should.have.length(1);
      reqs[0].body.should.eql({ url: 'https://example.com/m2m/cb' });
    });

    it('mythings-thing get, default inject: the thing set in the node; list: a string is INVALID_INPUT', async function () {
      await load(types('mythings-thing'), injectFlow({ type: 'mythings-thing', operation: 'get', thingIdentifier: OTAA_ID }, account()), creds);
      ok(await clickInject('inj')).payload.thingIdentifier.should.equal(OTAA_ID);
      ok(await run('n1', { payload: ABP_ID })).payload.thingIdentifier.should.equal(ABP_ID);
      ok(await run('n1', { payload: { thingIdentifier: ABP_ID } })).payload.thingIdentifier.should.equal(ABP_ID);
      sim.requests({ method: 'GET' }).filter((r) => r.path.startsWith(`${MT}/things/`)).map((r) => r.path).should.eql([`${MT}/things/${OTAA_ID}`, `${MT}/things/${ABP_ID}`, `${MT}/things/${ABP_ID}`]);
      sim.clearLog();
      invalid(await run('n1', { operation: 'list', payload: 'all' }), /msg.payload must be an object with the request fields \(got a string\)/);
      invalid(await run('n1', { operation: 'create', payload: Date.now() }), /required/);
      // in a bulk array a number is an error of its item, never the node's thing
      const bulk = ok(await run('n1', { operation: 'delete', payload: [Date.now()] }));
      bulk.payload[0].ok.should.be.false();
      bulk.payload[0].error.code.should.equal('INVALID_INPUT');
      bulk.payload[0].error.message.should.match(/each item of msg.payload must be an object with the request fields or the thingIdentifier as a string \(got a number\)/);
      sim.requests().should.have.length(0);
    });

    it('mythings-downlink send, default inject: no data -> INVALID_INPUT, nothing sent; a hex string is the data', async function () {
      await load(types('mythings-downlink'), injectFlow({ type: 'mythings-downlink', operation: 'send', devEUI: OTAA_ID, fPort: '9', ack: '0', encrypted: '0' }, account()), creds);
      invalid(await clickInject('inj'), /payload is required/);
      sim.requests().should.have.length(0);
      ok(await run('n1', { payload: '04FD20D9' }));
      sim.requests({ method: 'POST', path: `${MT}/downlink` })[0].body.should.containEql({ devEUI: OTAA_ID, fPort: '9', payload: '04FD20D9' });
    });

    it('mythings-query decodedLogs, default inject: the thing set in the node; object fields win', async function () {
      await load(types('mythings-query'), injectFlow({ type: 'mythings-query', operation: 'decodedLogs', thingIdentifier: OTAA_ID, pages: 'one' }, account()), creds);
      ok(await clickInject('inj')).payload.content.should.have.length(10);
      ok(await run('n1', { payload: { thingIdentifier: ABP_ID } }));
      sim.requests({ method: 'GET' }).filter((r) => /\/logs\/decoded$/.test(r.path)).map((r) => r.path).should.eql([`${MT}/things/${OTAA_ID}/logs/decoded`, `${MT}/things/${ABP_ID}/logs/decoded`]);
    });

    it('mythings-admin deviceAddresses, default inject: the node values; a string (no identifier here) is INVALID_INPUT', async function () {
      await load(types('mythings-admin'), injectFlow({ type: 'mythings-admin', operation: 'deviceAddresses', companyId: '162', amount: '2' }, account()), creds);
      ok(await clickInject('inj'));
      sim.requests({ method: 'GET', path: `${MT}/deviceaddress` })[0].query.should.eql({ companyId: '162', amount: '2' });
      sim.clearLog();
      invalid(await run('n1', { payload: '162' }), /msg.payload must be an object with the request fields \(got a string\)/);
      sim.requests().should.have.length(0);
    });
  });

  describe('enCloud: encloud-devices, encloud-user, encloud-hotlink', function () {
    let sim;
    let url;
    useSim(() => encloudSim.create({ apiUsers: [{ email: secrets.encloudEmail, password: secrets.encloudPassword }], apiKeys: [secrets.encloudApiKey], devices: 12 }), {
      started: (s, u) => ([sim, url] = [s, u]),
    });
    const account = () => ({ id: 'acc', type: 'encloud-account', url, timeout: 3000, retries: 1, concurrency: 4 });
    const creds = { acc: { email: secrets.encloudEmail, password: secrets.encloudPassword, apiKey: secrets.encloudApiKey } };
    const types = (t) => [injectModule, 'encloud-account', t];

    it('encloud-devices, default inject: the query of the node; a string is INVALID_INPUT', async function () {
      await load(types('encloud-devices'), injectFlow({ type: 'encloud-devices', keys: 'cell.rssi', state: 'Registered', limit: '25', pages: 'one', output: 'single' }, account()), creds);
      ok(await clickInject('inj'));
      sim.requests({ path: '/integration/devices' })[0].query.should.containEql({ keys: 'cell.rssi', state: 'Registered', limit: '25', timestamp: '0' });
      ok(await run('n1', { payload: { state: 'Passive' } }));
      sim.requests({ path: '/integration/devices' })[1].query.should.containEql({ keys: 'cell.rssi', state: 'Passive' });
      sim.clearLog();
      invalid(await run('n1', { payload: 'go' }), /msg.payload must be an object with the request fields \(got a string\)/);
      sim.requests().should.have.length(0);
    });

    it('encloud-user delete, default inject: no e-mail in the node -> INVALID_INPUT, nothing sent', async function () {
      await load(types('encloud-user'), injectFlow({ type: 'encloud-user', operation: 'delete' }, account()), creds);
      invalid(await clickInject('inj'), /email is required/);
      sim.requests().should.have.length(0);
    });

    it('encloud-hotlink, default inject: no e-mail -> INVALID_INPUT; a string is the e-mail, customer from the node', async function () {
      await load(types('encloud-hotlink'), injectFlow({ type: 'encloud-hotlink', customer_id: 'SDK15' }, account()), creds);
      invalid(await clickInject('inj'), /email is required/);
      sim.requests().should.have.length(0);
      ok(await run('n1', { payload: 'viewer@example.com' })).payload.should.have.property('token');
      sim.requests({ path: '/integration/hotlink' })[0].query.should.containEql({ email: 'viewer@example.com', customer_id: 'SDK15' });
    });
  });

  describe('Enapter: enapter-provision', function () {
    let sim;
    let url;
    useSim(() => enapterSim.create({ tokens: [secrets.enapterToken] }), { started: (s, u) => ([sim, url] = [s, u]) });

    it('default inject: the node values (site only) -> INVALID_INPUT, nothing sent; object fields over the node', async function () {
      await load(
        [injectModule, 'enapter-account', 'enapter-provision'],
        injectFlow({ type: 'enapter-provision', operation: 'standalone', site_id: 'sitebba0-79f2-4e9e-a6f0-69a310ab110b' }, { id: 'acc', type: 'enapter-account', url, timeout: 3000, retries: 1, concurrency: 4 }),
        { acc: { token: secrets.enapterToken } },
      );
      invalid(await clickInject('inj'), /name is required/);
      sim.requests().should.have.length(0);
      const m = ok(await run('n1', { payload: { name: 'Water tank 1' } }));
      m.statusCode.should.equal(200);
      sim.requests({ method: 'POST', path: '/v3/provisioning/standalone' })[0].body.should.containEql({ site_id: 'sitebba0-79f2-4e9e-a6f0-69a310ab110b', name: 'Water tank 1' });
    });
  });
});
