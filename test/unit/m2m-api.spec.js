'use strict';
const should = require('should');
const {
  checkIdentifier,
  parseDevices,
  parseMsisdn,
  parseCallbackConfig,
  checkCallbackToken,
  asStatusUpdate,
  isAllowedCallbackHeader,
  deviceKey,
  M2mApi,
} = require('../../nodes/m2m/api.js');
const { EncoConnection } = require('../../nodes/enco/auth.js');
const encoSim = require('../sim/enco-sim');
const secrets = require('../lib/secrets');

const { throwsInvalid: invalid } = require('../lib/assert');

describe('m2m-api: identifiers', function () {
  const table = [
    // type, value, ok
    ['MSISDN', '1234567', false],
    ['MSISDN', '12345678', true],
    ['MSISDN', '123456789012345', true],
    ['MSISDN', '1234567890123456', false],
    ['MSISDN', ' 32470000001 ', true],
    ['MSISDN', '+32470000001', false],
    ['MSISDN', '32 470 000 001', false],
    ['MSISDN', 32470000001, true],
    ['MSISDN', 3.2e10 + 0.5, false],
    ['MSISDN', -32470000001, false],
    ['MSISDN', '', false],
    ['MSISDN', null, false],
    ['MSISDN', { a: 1 }, false],
    ['ICCID', '12345678901234567', false],
    ['ICCID', '123456789012345678', true],
    ['ICCID', '1234567890123456789012', true],
    ['ICCID', '12345678901234567890123', false],
    ['ICCID', '8932010000000000000F', false],
    ['IMSI', '12345678901234', false],
    ['IMSI', '123456789012345', true],
    ['IMSI', '1234567890123456', false],
  ];
  for (const [type, value, ok] of table) {
    it(`${type} ${JSON.stringify(value)} -> ${ok ? 'valid' : 'INVALID_INPUT'}`, function () {
      if (ok) checkIdentifier(type, value).should.equal(String(value).trim());
      else invalid(() => checkIdentifier(type, value), new RegExp(type));
    });
  }

  it('parseMsisdn reads {msisdn}', function () {
    parseMsisdn({ msisdn: '32470000001' }).should.equal('32470000001');
    invalid(() => parseMsisdn({}), /msisdn is required/);
  });

  it('parseDevices: a string, an object, an array of either; identifierType defaults to MSISDN, any case', function () {
    parseDevices('32470000001').should.eql([{ identifier: '32470000001', identifierType: 'MSISDN' }]);
    parseDevices({ identifier: '32470000001' }).should.eql([{ identifier: '32470000001', identifierType: 'MSISDN' }]);
    parseDevices([{ identifier: '206010000000001', identifierType: 'imsi' }, '32470000002']).should.eql([
      { identifier: '206010000000001', identifierType: 'IMSI' },
      { identifier: '32470000002', identifierType: 'MSISDN' },
    ]);
  });

  const badDevices = [
    [undefined, /must name the devices/],
    ['', /must name the devices/],
    [[], /must name the devices/],
    [[null], /device 1/],
    [[['32470000001']], /device 1/],
    [{ identifier: '32470000001', identifierType: 'EID' }, /identifierType must be one of MSISDN, ICCID, IMSI/],
    [{ identifier: '32470000001', identifierType: 7 }, /identifierType/],
    [['32470000001', '32470000001'], /listed twice/],
    [['32470000001', { identifier: '1', identifierType: 'ICCID' }], /device 2.*ICCID of 18 to 22 digits|ICCID of 18 to 22 digits.*device 2/],
    [true, /MSISDN string or/],
  ];
  for (const [payload, re] of badDevices) {
    it(`parseDevices(${JSON.stringify(payload)}) -> INVALID_INPUT`, function () {
      invalid(() => parseDevices(payload), re);
    });
  }

  it('deviceKey is case-insensitive on the type', function () {
    deviceKey({ identifier: '1', identifierType: 'iccid' }).should.equal(deviceKey({ identifier: '1', identifierType: 'ICCID' }));
  });
});

describe('m2m-api: callback configuration', function () {
  const headerTable = [
    ['Authorization', true],
    ['authorization', true],
    ['x-test', true],
    ['X-Custom-Header', true],
    ['x-', true],
    ['Content-Type', false],
    ['Host', false],
    ['xtest', false],
    ['Proxy-Authorization', false],
  ];
  for (const [name, ok] of headerTable) {
    it(`header ${name}: ${ok ? 'allowed' : 'refused'}`, function () {
      isAllowedCallbackHeader(name).should.equal(ok);
      const run = () => parseCallbackConfig({ url: 'https://example.com/cb', headers: { [name]: 'v' } });
      if (ok) run().headers.should.eql({ [name]: 'v' });
      else invalid(run, /only accepts Authorization and headers starting with x-/);
    });
  }

  it('keeps url (trimmed) and leaves headers out when there are none', function () {
    parseCallbackConfig({ url: ' http://127.0.0.1:1880/m2m/callback ' }).should.eql({ url: 'http://127.0.0.1:1880/m2m/callback' });
    parseCallbackConfig({ url: 'https://a.example', headers: {} }).should.eql({ url: 'https://a.example' });
    parseCallbackConfig({ url: 'https://a.example', headers: { 'x-n': 5 } }).should.eql({ url: 'https://a.example', headers: { 'x-n': '5' } });
  });

  const bad = [
    [{}, /url is required/],
    [{ url: 42 }, /url must be a string/],
    [{ url: 'example.com/cb' }, /absolute http\(s\) URL/],
    [{ url: 'ftp://example.com' }, /http or https/],
    [{ url: 'javascript:alert(1)' }, /http or https/],
    [{ url: 'https://a.example', headers: 'x-a: 1' }, /headers must be an object/],
    [{ url: 'https://a.example', headers: { 'x a': '1' } }, /not a valid header name/],
    [{ url: 'https://a.example', headers: { 'x-a': { v: 1 } } }, /must be a string/],
    [{ url: 'https://a.example', headers: { 'x-a': 'a\nb' } }, /line break/],
  ];
  for (const [fields, re] of bad) {
    it(`parseCallbackConfig(${JSON.stringify(fields)}) -> INVALID_INPUT`, function () {
      invalid(() => parseCallbackConfig(fields), re);
    });
  }

  it('checkCallbackToken: required, a string, printable, at most 1024', function () {
    checkCallbackToken('encotest').should.equal('encotest');
    invalid(() => checkCallbackToken(undefined), /x-callback-token is required/);
    invalid(() => checkCallbackToken(''), /x-callback-token is required/);
    invalid(() => checkCallbackToken(5), /must be a string/);
    invalid(() => checkCallbackToken('a\r\nb'), /printable/);
    invalid(() => checkCallbackToken('a'.repeat(1025)), /1024/);
  });
});

describe('m2m-api: status updates and the token compare', function () {
  const seedSample = {
    trackingNumber: '717ccaa0-1234-5678-1234-9444e657ca96',
    device: { identifier: '0123456789012345678', identifierType: 'ICCID' },
    resultStatus: 'Success',
    messages: [],
  };
  it("accepts the seed's sample update", function () {
    asStatusUpdate(seedSample).should.equal(seedSample);
    asStatusUpdate({ ...seedSample, messages: undefined }).should.be.ok();
  });
  const notUpdates = [null, 'text', [seedSample], {}, { ...seedSample, trackingNumber: '' }, { ...seedSample, device: null }, { ...seedSample, device: { identifier: '1' } }, { ...seedSample, resultStatus: 1 }, { ...seedSample, messages: 'x' }];
  notUpdates.forEach((b, i) => {
    it(`refuses non-update #${i}`, function () {
      should(asStatusUpdate(b)).be.undefined();
    });
  });
  it('the callback token check (core secretMatcher) compares exactly, for any length', function () {
    const { secretMatcher } = require('../../nodes/core/raw-route.js');
    const matches = secretMatcher('encotest');
    matches('encotest').should.be.true();
    matches('encotes').should.be.false();
    matches('encotestX').should.be.false();
    matches(undefined).should.be.false();
    matches('').should.be.false();
  });
});

describe('M2mApi against the simulator (no Node-RED)', function () {
  let sim;
  let conn;
  before(async function () {
    sim = encoSim.create({ clients: { [secrets.encoClientId]: secrets.encoClientSecret } });
    const url = await sim.start();
    conn = new EncoConnection({ baseURL: url, timeout: 3000, retries: 0 }, 'client', () => ({
      clientId: secrets.encoClientId,
      clientSecret: secrets.encoClientSecret,
      m2mApiKey: secrets.m2mApiKey,
    }));
  });
  after(async function () {
    conn.destroy();
    await sim.stop();
  });

  it('getSim, configureCallback and a request: paths, headers, bodies', async function () {
    const api = new M2mApi(conn);
    const sims = await api.getSim('32470000001');
    sims.status.should.equal(200);
    sims.body[0].State.should.equal('Active');
    await api.configureCallback({ url: 'http://127.0.0.1:9/none' });
    const r = await api.request('deactivate', [{ identifier: '32470000001', identifierType: 'MSISDN' }], 'encotest');
    r.body.TrackingNumber.should.match(/^[0-9a-f-]{36}$/);
    const req = sim.requests({ path: '/m2m/1.0.0/requests/deactivation' })[0];
    req.headers['x-callback-token'].should.equal('encotest');
    req.headers['x-api-key'].should.equal(secrets.m2mApiKey);
    sim.m2m.mode = 'never';
    for (const t of sim.issued) require('../lib/harness').dynamicSecrets.add(t);
  });

  it('NOT_CONFIGURED without the API key, before any request (token included)', async function () {
    const bare = new EncoConnection({ baseURL: sim.url, timeout: 1000, retries: 0 }, 'client', () => ({ clientId: 'a', clientSecret: 'b' }));
    sim.clearLog();
    let err;
    try {
      await new M2mApi(bare).getSim('32470000001');
    } catch (e) {
      err = e;
    }
    err.code.should.equal('NOT_CONFIGURED');
    sim.requests().should.have.length(0);
    bare.destroy();
  });
});
