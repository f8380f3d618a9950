'use strict';
const http = require('http');
const should = require('should');
const { invalidInput } = require('../lib/assert');
const { helper, load, run, actionFlow, capture, dynamicSecrets } = require('../lib/harness');
const { startNodeServer, useM2mSim } = require('../lib/m2m-http');
const secrets = require('../lib/secrets');
const encoSim = require('../sim/enco-sim');
const { catalogNode } = require('../lib/i18n-catalog'); // status texts from the en-US catalogs
const { post } = require('../sim/framework');

const TYPES = ['enco-account', 'm2m-sim', 'm2m-callback'].map((t) => catalogNode(t));
const CB_PATH = '/m2m/cb';
const msisdn = (i) => '3247' + String(i).padStart(7, '0');
const iccid = (i) => '893201' + String(i).padStart(14, '0');
const imsi = (i) => '206010' + String(i).padStart(9, '0');
const { hub } = require('../../nodes/m2m/hub.js');

describe('m2m-sim and m2m-callback (against the EnCo M2M simulator)', function () {
  let sim;
  let url;
  let nodeServer;

  useM2mSim(
    () => encoSim.create({ clients: { [secrets.encoClientId]: secrets.encoClientSecret }, permanentTokens: [secrets.encoPermanentToken], m2mApiKeys: [secrets.m2mApiKey] }),
    (env) => ({ sim, url, nodeServer } = env),
  );
  beforeEach(function () {
    sim.m2m.reset();
    sim.clearLog();
    sim.clearFaults();
    sim.m2m.callbacks.set(secrets.m2mApiKey, { url: nodeServer.url + CB_PATH, headers: {} });
  });

  /** n1 (m2m-sim) -> out / updates; cb (m2m-callback) -> cbout; a complete node on n1 -> completed. */
  function flow(props = {}, accountProps = {}, cbProps = {}) {
    return actionFlow(
      { id: 'n1', type: 'm2m-sim', account: 'acc', operation: 'get', wait: false, waitTimeout: 300, wires: [['out'], ['updates']], ...props },
      { id: 'acc', type: 'enco-account', url, authType: 'client', timeout: 3000, retries: 1, concurrency: 4, ...accountProps },
      [
        { id: 'cb', z: 'f1', type: 'm2m-callback', url: CB_PATH, account: 'acc', wires: [['cbout']], ...cbProps },
        { id: 'cbout', z: 'f1', type: 'helper' },
        { id: 'updates', z: 'f1', type: 'helper' },
        { id: 'complete', z: 'f1', type: 'complete', scope: ['n1'], uncaught: false, wires: [['completed']] },
        { id: 'completed', z: 'f1', type: 'helper' },
      ],
    );
  }
  /** null = no such credential. */
  const creds = ({ m2mApiKey = secrets.m2mApiKey, callbackToken = secrets.m2mCallbackToken, cbToken = secrets.m2mCallbackToken } = {}) => ({
    acc: { clientId: secrets.encoClientId, clientSecret: secrets.encoClientSecret, m2mApiKey },
    n1: callbackToken === null ? {} : { callbackToken },
    cb: cbToken === null ? {} : { callbackToken: cbToken },
  });

  /** Everything that arrives at the helper nodes during `fn`, until `until(seen)` is true. */
  function watch(until, ms = 8000) {
    const seen = { out: [], updates: [], cbout: [], caught: [], completed: [] };
    const listeners = [];
    return new Promise((resolve) => {
      const t = setTimeout(finish, ms);
      function finish() {
        clearTimeout(t);
        for (const [n, f] of listeners) n.removeListener('input', f);
        resolve(seen);
      }
      for (const id of Object.keys(seen)) {
        const n = helper.getNode(id);
        const f = (m) => {
          seen[id].push(Object.assign(m, { _at: Date.now() }));
          if (until(seen)) setImmediate(finish);
        };
        n.on('input', f);
        listeners.push([n, f]);
      }
    });
  }
  const ended = (s) => s.completed.length + s.caught.length > 0;

  describe('get: GET /m2m/1.0.0/simcards?msisdn=', function () {
    it('reads the full SIM profile with bearer + x-api-key, msisdn as a string', async function () {
      await load(TYPES, flow(), creds());
      const r = await run('n1', { payload: msisdn(3), topic: 'keep' });
      should.not.exist(r.error);
      r.msg.statusCode.should.equal(200);
      r.msg.topic.should.equal('keep');
      r.msg.payload.should.be.an.Array().and.have.length(1);
      const p = r.msg.payload[0];
      for (const k of ['AccessPoints', 'CustomFields', 'DataService', 'SMSService', 'VoiceService', 'CostCenter', 'State', 'Device']) p.should.have.property(k);
      p.State.should.equal('Active');
      p.Device.should.eql({ Identifier: imsi(3), IdentifierType: 'IMSI' });
      const reqs = sim.requests({ method: 'GET', path: '/m2m/1.0.0/simcards' });
      reqs.should.have.length(1);
      reqs[0].query.should.eql({ msisdn: msisdn(3) });
      reqs[0].headers['x-api-key'].should.equal(secrets.m2mApiKey);
      reqs[0].headers.authorization.should.match(/^Bearer [0-9a-f]{32}$/);
      reqs[0].headers.accept.should.match(/application\/json/);
      capture.statuses.join('\n').should.containEql('Active');
    });

    it('takes {msisdn}, and the node property as the default', async function () {
      await load(TYPES, flow({ msisdn: msisdn(5) }), creds());
      const a = await run('n1', { payload: { msisdn: msisdn(4) } });
      a.msg.payload[0].Device.Identifier.should.equal(imsi(4));
      const b = await run('n1', { payload: '' });
      should.not.exist(b.error);
      b.msg.payload[0].Device.Identifier.should.equal(imsi(5));
    });

    it('an unknown MSISDN -> NOT_FOUND with the vendor sentence, msg.payload as it came', async function () {
      await load(TYPES, flow(), creds());
      const r = await run('n1', { payload: '32499999999' });
      r.error.code.should.equal('NOT_FOUND');
      r.error.message.should.match(/No SIM card found with MSISDN 32499999999/);
      r.msg.statusCode.should.equal(404);
      r.msg.payload.should.equal('32499999999');
    });

    it('a wrong M2M API key -> AUTH_FAILED (403, not retried, one token request)', async function () {
      await load(TYPES, flow(), creds({ m2mApiKey: 'm2m-wrong-key-0000' }));
      const r = await run('n1', { payload: msisdn(1) });
      r.error.code.should.equal('AUTH_FAILED');
      r.error.message.should.match(/Invalid M2M Cockpit API key/);
      r.error.message.should.not.containEql('m2m-wrong-key-0000');
      sim.requests({ path: '/m2m/1.0.0/simcards' }).should.have.length(1);
    });

    it('no M2M API key on the account -> NOT_CONFIGURED and no request at all (no token either)', async function () {
      await load(TYPES, flow(), creds({ m2mApiKey: '' }));
      const r = await run('n1', { payload: msisdn(1) });
      r.error.code.should.equal('NOT_CONFIGURED');
      r.error.message.should.match(/M2M API key/);
      sim.requests().should.have.length(0);
    });

    it('no account -> NOT_CONFIGURED', async function () {
      await load(TYPES, flow({ account: '' }), creds());
      const r = await run('n1', { payload: msisdn(1) });
      r.error.code.should.equal('NOT_CONFIGURED');
      sim.requests().should.have.length(0);
    });

    it('works with a permanent token (token mode)', async function () {
      await load(TYPES, flow({}, { authType: 'token' }), {
        acc: { token: secrets.encoPermanentToken, m2mApiKey: secrets.m2mApiKey },
      });
      const r = await run('n1', { payload: msisdn(2) });
      should.not.exist(r.error);
      r.msg.statusCode.should.equal(200);
      r.msg.payload.should.be.an.Array().and.have.length(1);
      sim.requests({ path: '/token' }).should.have.length(0);
      sim.requests({ path: '/m2m/1.0.0/simcards' })[0].headers.authorization.should.equal('Bearer ' + secrets.encoPermanentToken);
    });
  });

  describe('the four requests', function () {
    const cases = [
      ['activate', 'activation', 'Ready', 'Active'],
      ['deactivate', 'deactivation', 'Active', 'Deactivated'],
      ['reactivate', 'reactivation', 'Deactivated', 'Active'],
      ['terminate', 'termination', 'Active', 'Terminated'],
    ];
    for (const [op, segment, from, to] of cases) {
      it(`${op}: POST /requests/${segment}, TrackingNumber on output 1; the callback node gets the update (no wait)`, async function () {
        sim.m2m.setState(msisdn(10), from);
        await load(TYPES, flow({ operation: op }), creds());
        const seen = watch((s) => s.cbout.length === 1);
        helper.getNode('n1').receive({ payload: msisdn(10), topic: 't' });
        const s = await seen;
        s.out.should.have.length(1);
        s.caught.should.have.length(0);
        s.updates.should.have.length(0);
        const tn = s.out[0].payload.TrackingNumber;
        tn.should.match(/^[0-9a-f-]{36}$/);
        s.out[0].statusCode.should.equal(200);
        s.out[0].topic.should.equal('t');
        const reqs = sim.requests({ method: 'POST', path: `/m2m/1.0.0/requests/${segment}` });
        reqs.should.have.length(1);
        reqs[0].body.should.eql([{ identifier: msisdn(10), identifierType: 'MSISDN' }]);
        reqs[0].headers['x-callback-token'].should.equal(secrets.m2mCallbackToken);
        reqs[0].headers['x-api-key'].should.equal(secrets.m2mApiKey);
        reqs[0].headers['content-type'].should.match(/application\/json/);
        const u = s.cbout[0];
        u.payload.should.eql({ trackingNumber: tn, device: { identifier: msisdn(10), identifierType: 'MSISDN' }, resultStatus: 'Success', messages: [] });
        u.trackingNumber.should.equal(tn);
        u.resultStatus.should.equal('Success');
        sim.m2m.find('MSISDN', msisdn(10)).state.should.equal(to);
      });

      it(`${op} with wait: output 2 gets the update as a copy of the msg; done() when it came`, async function () {
        sim.m2m.setState(msisdn(11), from);
        await load(TYPES, flow({ operation: op, wait: true }), creds());
        const seen = watch(ended);
        helper.getNode('n1').receive({ payload: { identifier: iccid(11), identifierType: 'ICCID' }, topic: 'w', custom: { a: 1 } });
        const s = await seen;
        s.caught.should.have.length(0);
        s.out.should.have.length(1);
        s.updates.should.have.length(1);
        s.completed.should.have.length(1);
        const tn = s.out[0].payload.TrackingNumber;
        const up = s.updates[0];
        up.payload.trackingNumber.should.equal(tn);
        up.payload.device.should.eql({ identifier: iccid(11), identifierType: 'ICCID' });
        up.payload.resultStatus.should.equal('Success');
        up.topic.should.equal('w');
        up.custom.should.eql({ a: 1 });
        s.completed[0]._at.should.be.aboveOrEqual(up._at);
        sim.requests({ path: `/m2m/1.0.0/requests/${segment}` })[0].body.should.eql([{ identifier: iccid(11), identifierType: 'ICCID' }]);
        capture.statuses.join('\n').should.containEql(`1/1`);
      });
    }

    it('a transition the SIM state does not allow: a Failed update with the reason; the wait still ends without error', async function () {
      sim.m2m.setState(msisdn(12), 'Deactivated');
      await load(TYPES, flow({ operation: 'deactivate', wait: true }), creds());
      const seen = watch(ended);
      helper.getNode('n1').receive({ payload: msisdn(12) });
      const s = await seen;
      s.caught.should.have.length(0);
      s.completed.should.have.length(1);
      s.updates[0].payload.resultStatus.should.equal('Failed');
      s.updates[0].payload.messages.should.eql(['SIM card is already deactivated.']);
      s.cbout[0].resultStatus.should.equal('Failed');
      sim.m2m.find('MSISDN', msisdn(12)).state.should.equal('Deactivated');
      capture.statuses.join('\n').should.containEql('1 failed');
    });

    it('deactivate then reactivate then terminate then activate (refused) on one SIM', async function () {
      await load(TYPES, flow({ wait: true }), creds());
      const results = [];
      for (const operation of ['deactivate', 'reactivate', 'terminate', 'activate']) {
        const seen = watch(ended);
        helper.getNode('n1').receive({ operation, payload: msisdn(13) });
        const s = await seen;
        s.caught.should.have.length(0);
        results.push(s.updates[0].payload.resultStatus);
      }
      results.should.eql(['Success', 'Success', 'Success', 'Failed']);
      sim.m2m.find('MSISDN', msisdn(13)).state.should.equal('Terminated');
    });

    it('msg.callbackToken wins over the credential and is removed from every msg that goes on', async function () {
      const token = 'm2m-msg-token-Zq81';
      // The callback node carries the same token (since issue 11 it requires one)
      await load(TYPES, flow({ operation: 'deactivate', wait: true }), creds({ cbToken: token }));
      const seen = watch(ended);
      helper.getNode('n1').receive({ payload: msisdn(14), callbackToken: token });
      const s = await seen;
      sim.requests({ path: '/m2m/1.0.0/requests/deactivation' })[0].headers['x-callback-token'].should.equal(token);
      for (const m of [...s.out, ...s.updates, ...s.completed]) m.should.not.have.property('callbackToken');
      s.updates.should.have.length(1);
    });

    it('without any callback token -> INVALID_INPUT, nothing sent; msg.callbackToken is not in the Catch msg', async function () {
      await load(TYPES, flow({ operation: 'deactivate' }), creds({ callbackToken: null }));
      const r = await run('n1', { payload: msisdn(15) });
      r.error.code.should.equal('INVALID_INPUT');
      r.error.message.should.match(/x-callback-token is required/);
      sim.requests().should.have.length(0);
      const r2 = await run('n1', { payload: 'nope', callbackToken: secrets.m2mCallbackToken });
      r2.error.code.should.equal('INVALID_INPUT');
      r2.msg.should.not.have.property('callbackToken');
      sim.requests().should.have.length(0);
    });

    it('wait without a deployed m2m-callback on the account -> NOT_CONFIGURED, nothing sent', async function () {
      const f = flow({ operation: 'deactivate', wait: true }).filter((n) => n.id !== 'cb');
      f.push({ id: 'cb', z: 'f1', type: 'm2m-callback', url: CB_PATH, account: '', wires: [['cbout']], x: 1, y: 1 });
      await load(TYPES, f, creds());
      const r = await run('n1', { payload: msisdn(16) });
      r.error.code.should.equal('NOT_CONFIGURED');
      r.error.message.should.match(/m2m-callback/);
      sim.requests().should.have.length(0);
    });

    it('wait without the M2M API key: NOT_CONFIGURED names the key (checked before the callback node)', async function () {
      const f = flow({ operation: 'deactivate', wait: true }).filter((n) => n.id !== 'cb');
      await load(TYPES, f, creds({ m2mApiKey: '' }));
      const r = await run('n1', { payload: msisdn(16) });
      r.error.code.should.equal('NOT_CONFIGURED');
      r.error.message.should.match(/M2M API key/);
      sim.requests().should.have.length(0);
    });

    it('a 5xx on the request: SERVER_ERROR, the wait ticket is released', async function () {
      sim.inject({ match: { method: 'POST', path: '/m2m/1.0.0/requests/deactivation' }, status: 503, times: 1 });
      await load(TYPES, flow({ operation: 'deactivate', wait: true }), creds());
      const r = await run('n1', { payload: msisdn(17) });
      r.error.code.should.equal('SERVER_ERROR');
      r.error.message.should.match(/Runtime Error/);
      hub.stats().should.containEql({ waits: 0, timers: 0, inflight: 0, held: 0 });
    });
  });

  describe('identifier validation: INVALID_INPUT and no request at all', function () {
    const bad = [
      ['an MSISDN of 7 digits', 'deactivate', '3247000', /MSISDN of 8 to 15 digits/],
      ['an MSISDN of 16 digits', 'deactivate', '3247000000000000', /MSISDN of 8 to 15 digits/],
      ['an MSISDN with +', 'deactivate', '+32470000001', /without \+ or spaces/],
      ['an MSISDN with letters', 'deactivate', '32470ABC001', /MSISDN/],
      ['an ICCID of 17 digits', 'deactivate', { identifier: '89320100000000000', identifierType: 'ICCID' }, /ICCID of 18 to 22 digits/],
      ['an ICCID of 23 digits', 'deactivate', { identifier: '89320100000000000000000', identifierType: 'ICCID' }, /ICCID of 18 to 22 digits/],
      ['an IMSI of 14 digits', 'deactivate', { identifier: '20601000000000', identifierType: 'IMSI' }, /IMSI of 15 digits/],
      ['an IMSI of 16 digits', 'deactivate', { identifier: '2060100000000000', identifierType: 'IMSI' }, /IMSI of 15 digits/],
      ['an unknown identifierType', 'deactivate', { identifier: '32470000001', identifierType: 'EID' }, /identifierType must be one of MSISDN, ICCID, IMSI/],
      ['one bad device in an array', 'terminate', [msisdn(1), { identifier: '123', identifierType: 'IMSI' }], /device 2/],
      ['a device listed twice', 'activate', [msisdn(1), { identifier: msisdn(1), identifierType: 'MSISDN' }], /listed twice/],
      ['an empty array', 'reactivate', [], /must name the devices/],
      ['no payload', 'deactivate', undefined, /must name the devices/],
      ['get with a bad msisdn', 'get', { msisdn: '12' }, /msisdn must be a MSISDN/],
      ['an unknown operation', 'suspend', msisdn(1), /operation must be one of/],
    ];
    for (const [title, operation, payload, re] of bad) {
      it(title, async function () {
        await load(TYPES, flow(), creds());
        invalidInput(await run('n1', { operation, payload }), re, sim);
      });
    }

    it('the edges are valid: MSISDN 8 and 15, ICCID 18 and 22, IMSI 15 digits (sent as digit strings)', async function () {
      await load(TYPES, flow({ operation: 'terminate' }), creds());
      const devices = [
        '32470001',
        { identifier: '324700000000001', identifierType: 'MSISDN' },
        { identifier: '893201000000000001', identifierType: 'ICCID' },
        { identifier: '8932010000000000000001', identifierType: 'iccid' },
        { identifier: 206010000000001, identifierType: 'IMSI' },
      ];
      const r = await run('n1', { payload: devices });
      should.not.exist(r.error);
      r.msg.statusCode.should.equal(200);
      sim.m2m.tracking.has(r.msg.payload.TrackingNumber).should.be.true();
      sim.requests({ path: '/m2m/1.0.0/requests/termination' })[0].body.should.eql([
        { identifier: '32470001', identifierType: 'MSISDN' },
        { identifier: '324700000000001', identifierType: 'MSISDN' },
        { identifier: '893201000000000001', identifierType: 'ICCID' },
        { identifier: '8932010000000000000001', identifierType: 'ICCID' },
        { identifier: '206010000000001', identifierType: 'IMSI' },
      ]);
    });
  });

  describe('configureCallback: POST /configure/callback', function () {
    let capture2;
    let captureUrl;
    before(async function () {
      capture2 = [];
      const server = http.createServer((req, res) => {
        const chunks = [];
        req.on('data', (c) => chunks.push(c));
        req.on('end', () => {
          capture2.push({ headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
          res.end('OK');
        });
      });
      await new Promise((r) => server.listen(0, '127.0.0.1', r));
      captureUrl = `http://127.0.0.1:${server.address().port}/hook`;
      this.server = server;
    });
    after(function () {
      this.server.close();
    });

    it('stores url + headers; the updates then carry x-callback-token and the configured headers', async function () {
      sim.m2m.callbacks.clear();
      await load(TYPES, flow({ operation: 'configureCallback' }), creds());
      const cfg = { url: captureUrl, headers: { Authorization: 'Bearer cb-bearer-1', 'x-test': 'Another custom header' } };
      const r = await run('n1', { payload: cfg });
      should.not.exist(r.error);
      r.msg.statusCode.should.equal(200);
      const req = sim.requests({ method: 'POST', path: '/m2m/1.0.0/configure/callback' });
      req.should.have.length(1);
      req[0].body.should.eql(cfg);
      req[0].headers['x-api-key'].should.equal(secrets.m2mApiKey);
      sim.m2m.callbacks.get(secrets.m2mApiKey).should.eql({ url: captureUrl, headers: cfg.headers });

      const d = await run('n1', { operation: 'deactivate', payload: [msisdn(20), msisdn(21)] });
      should.not.exist(d.error);
      await sim.m2m.settled();
      capture2.should.have.length(2);
      for (const c of capture2) {
        c.headers['x-callback-token'].should.equal(secrets.m2mCallbackToken);
        c.headers.authorization.should.equal('Bearer cb-bearer-1');
        c.headers['x-test'].should.equal('Another custom header');
        c.body.trackingNumber.should.equal(d.msg.payload.TrackingNumber);
      }
      capture2.map((c) => c.body.device.identifier).sort().should.eql([msisdn(20), msisdn(21)]);
    });

    it('the node property is the default url', async function () {
      await load(TYPES, flow({ operation: 'configureCallback', callbackUrl: captureUrl }), creds());
      const r = await run('n1', { payload: '' });
      should.not.exist(r.error);
      r.msg.statusCode.should.equal(200);
      sim.requests({ path: '/m2m/1.0.0/configure/callback' })[0].body.should.eql({ url: captureUrl });
    });

    const badHeaders = [
      ['Content-Type (not whitelisted)', { url: 'https://example.com/cb', headers: { 'Content-Type': 'text/plain' } }, /Content-Type is not allowed/],
      ['Cookie (not whitelisted)', { url: 'https://example.com/cb', headers: { 'x-ok': '1', Cookie: 'a=b' } }, /Cookie is not allowed/],
      ['a header name with a space', { url: 'https://example.com/cb', headers: { 'x bad': '1' } }, /not a valid header name/],
      ['a header value with a line break', { url: 'https://example.com/cb', headers: { 'x-a': 'v\r\nHost: evil' } }, /line break/],
      ['headers as an array', { url: 'https://example.com/cb', headers: ['x-a'] }, /headers must be an object/],
      ['an ftp url', { url: 'ftp://example.com/cb' }, /http or https/],
      ['a relative url', { url: '/m2m/cb' }, /absolute http\(s\) URL/],
      ['no url', { headers: { 'x-a': '1' } }, /url is required/],
    ];
    for (const [title, payload, re] of badHeaders) {
      it(`refuses ${title} before sending: INVALID_INPUT, no request`, async function () {
        await load(TYPES, flow({ operation: 'configureCallback' }), creds());
        invalidInput(await run('n1', { payload }), re, sim);
      });
    }

    it('the simulator itself refuses a non-whitelisted header with 400 (vendor sentence)', async function () {
      const tok = JSON.parse(
        (await post(`${url}/token?grant_type=client_credentials&client_id=${secrets.encoClientId}&client_secret=${secrets.encoClientSecret}`, '', { 'Content-Type': 'application/x-www-form-urlencoded' })).body,
      ).access_token;
      dynamicSecrets.add(tok);
      const r = await post(`${url}/m2m/1.0.0/configure/callback`, { url: 'https://example.com', headers: { Accept: 'x' } }, {
        'Content-Type': 'application/json',
        Authorization: 'Bearer ' + tok,
        'x-api-key': secrets.m2mApiKey,
      });
      r.status.should.equal(400);
      JSON.parse(r.body).fault.description.should.match(/Accept is not allowed/);
    });
  });

  describe('m2m-callback endpoint', function () {
    const update = (tn = '717ccaa0-1234-5678-1234-9444e657ca96') => ({
      trackingNumber: tn,
      device: { identifier: '0123456789012345678', identifierType: 'ICCID' },
      resultStatus: 'Success',
      messages: [],
    });

    async function noMsgAfter(fn, ms = 300) {
      let got = 0;
      const n = helper.getNode('cbout');
      const f = () => got++;
      n.on('input', f);
      const r = await fn();
      await new Promise((res) => setTimeout(res, ms));
      n.removeListener('input', f);
      return { r, got };
    }

    it('a wrong x-callback-token -> 401, fixed text, no msg', async function () {
      await load(TYPES, flow(), creds());
      const { r, got } = await noMsgAfter(() => post(nodeServer.url + CB_PATH, update(), { 'Content-Type': 'application/json', 'x-callback-token': 'wrong-token' }));
      r.status.should.equal(401);
      r.body.should.equal('Unauthorized');
      got.should.equal(0);
    });

    it('a missing x-callback-token -> 401, no msg; a token differing only in length -> 401', async function () {
      await load(TYPES, flow(), creds());
      const a = await noMsgAfter(() => post(nodeServer.url + CB_PATH, update(), { 'Content-Type': 'application/json' }));
      a.r.status.should.equal(401);
      a.got.should.equal(0);
      const b = await noMsgAfter(() => post(nodeServer.url + CB_PATH, update(), { 'Content-Type': 'application/json', 'x-callback-token': secrets.m2mCallbackToken + 'x' }));
      b.r.status.should.equal(401);
      b.got.should.equal(0);
    });

    it('the right token -> 200 OK and msg.payload / trackingNumber / resultStatus', async function () {
      await load(TYPES, flow(), creds());
      const seen = watch((s) => s.cbout.length === 1);
      const r = await post(nodeServer.url + CB_PATH, update('tn-1'), { 'Content-Type': 'application/json', 'x-callback-token': secrets.m2mCallbackToken });
      r.status.should.equal(200);
      r.body.should.equal('OK');
      const s = await seen;
      s.cbout[0].payload.should.eql(update('tn-1'));
      s.cbout[0].trackingNumber.should.equal('tn-1');
      s.cbout[0].resultStatus.should.equal('Success');
    });

    // Changed by issue 11 (SPEC 3.8/6.3): before, a node without a token accepted every request.
    it('without a token configured: no route (404 for any request), a red ring and a log line that say what to set', async function () {
      await load(TYPES, flow(), creds({ cbToken: null }));
      const { r, got } = await noMsgAfter(() => post(nodeServer.url + CB_PATH, update(), { 'Content-Type': 'application/json' }));
      r.status.should.equal(404);
      got.should.equal(0);
      const proto = Object.getPrototypeOf(helper.getNode('cb'));
      const statuses = proto.status.getCalls ? proto.status.getCalls().filter((c) => c.thisValue.id === 'cb').map((c) => c.args[0]) : [];
      statuses.should.containDeep([{ fill: 'red', shape: 'ring', text: 'set a callback token' }]);
      const logged = helper.log().args.map((a) => a[0]).filter((e) => e && e.id === 'cb' && e.level === helper.log().INFO);
      logged.map((e) => String(e.msg)).join('\n').should.match(/No callback token is set/);
    });

    for (const [title, body] of [
      ['malformed JSON', '{"trackingNumber":'],
      ['a JSON array', JSON.stringify([update()])],
      ['an object without trackingNumber', JSON.stringify({ device: update().device, resultStatus: 'Success' })],
      ['an update without device', JSON.stringify({ trackingNumber: 't', resultStatus: 'Success' })],
      ['messages that are not an array', JSON.stringify({ ...update(), messages: 'x' })],
      ['an empty body', ''],
    ]) {
      it(`400 Bad Request for ${title}, no msg`, async function () {
        await load(TYPES, flow(), creds());
        const { r, got } = await noMsgAfter(() => post(nodeServer.url + CB_PATH, body, { 'Content-Type': 'application/json', 'x-callback-token': secrets.m2mCallbackToken }));
        r.status.should.equal(400);
        r.body.should.equal('Bad Request');
        got.should.equal(0);
      });
    }

    it('413 for a body over 256 KiB, no msg', async function () {
      await load(TYPES, flow(), creds());
      const big = JSON.stringify({ ...update(), messages: ['x'.repeat(300 * 1024)] });
      const { r, got } = await noMsgAfter(() => post(nodeServer.url + CB_PATH, big, { 'Content-Type': 'application/json', 'x-callback-token': secrets.m2mCallbackToken }));
      r.status.should.equal(413);
      got.should.equal(0);
    });

    it('works when Node-RED already parsed the JSON body (httpAdminRoot = httpNodeRoot = /)', async function () {
      const parsed = await startNodeServer({ preParse: true });
      try {
        await load(TYPES, flow(), creds());
        const seen = watch((s) => s.cbout.length === 1);
        const ok = await post(parsed.url + CB_PATH, update('tn-parsed'), { 'Content-Type': 'application/json', 'x-callback-token': secrets.m2mCallbackToken });
        ok.status.should.equal(200);
        (await seen).cbout[0].trackingNumber.should.equal('tn-parsed');
        const bad = await post(parsed.url + CB_PATH, JSON.stringify({ x: 1 }), { 'Content-Type': 'application/json', 'x-callback-token': secrets.m2mCallbackToken });
        bad.status.should.equal(400);
      } finally {
        await parsed.stop();
      }
    });

    it('a redeploy leaves exactly one route (no duplicate msgs)', async function () {
      await load(TYPES, flow(), creds());
      await helper.setFlows(flow(), 'full', creds());
      const seen = watch(() => false, 400);
      await post(nodeServer.url + CB_PATH, update('tn-once'), { 'Content-Type': 'application/json', 'x-callback-token': secrets.m2mCallbackToken });
      (await seen).cbout.should.have.length(1);
    });
  });

  describe('matching the asynchronous result', function () {
    it('a bulk request of 50 SIMs: one request, 50 updates on output 2, all matched, done once', async function () {
      await load(TYPES, flow({ operation: 'deactivate', wait: true }), creds());
      const devices = Array.from({ length: 50 }, (_, i) => msisdn(i + 30));
      const seen = watch(ended, 15000);
      helper.getNode('n1').receive({ payload: devices, topic: 'bulk' });
      const s = await seen;
      s.caught.should.have.length(0);
      s.out.should.have.length(1);
      s.completed.should.have.length(1);
      s.updates.should.have.length(50);
      const tn = s.out[0].payload.TrackingNumber;
      s.updates.every((u) => u.payload.trackingNumber === tn && u.topic === 'bulk' && u.payload.resultStatus === 'Success').should.be.true();
      s.updates.map((u) => u.payload.device.identifier).sort().should.eql([...devices].sort());
      sim.requests({ path: '/m2m/1.0.0/requests/deactivation' }).should.have.length(1);
      sim.requests({ path: '/m2m/1.0.0/requests/deactivation' })[0].body.should.have.length(50);
      s.cbout.should.have.length(50);
      hub.stats().should.containEql({ waits: 0, timers: 0, inflight: 0, held: 0 });
      capture.statuses.join('\n').should.containEql('deactivated 50/50');
    });

    it('the race: updates that arrive BEFORE the HTTP answer are still matched', async function () {
      sim.m2m.mode = 'before';
      await load(TYPES, flow({ operation: 'deactivate', wait: true }), creds());
      const devices = [msisdn(90), msisdn(91), msisdn(92)];
      const seen = watch(ended);
      helper.getNode('n1').receive({ payload: devices });
      const s = await seen;
      s.caught.should.have.length(0);
      s.completed.should.have.length(1);
      s.updates.should.have.length(3);
      // the callback node had all three before output 1 got the TrackingNumber
      s.cbout.should.have.length(3);
      Math.max(...s.cbout.map((m) => m._at)).should.be.belowOrEqual(s.out[0]._at);
      s.updates.every((u) => u.payload.trackingNumber === s.out[0].payload.TrackingNumber).should.be.true();
      hub.stats().should.containEql({ waits: 0, timers: 0, inflight: 0, held: 0 });
    });

    it('updates that name the SIM by ICCID (as the seed sample does) still end the wait', async function () {
      sim.m2m.answerAs = 'ICCID';
      await load(TYPES, flow({ operation: 'deactivate', wait: true }), creds());
      const seen = watch(ended);
      helper.getNode('n1').receive({ payload: [msisdn(93), msisdn(94)] });
      const s = await seen;
      s.caught.should.have.length(0);
      s.completed.should.have.length(1);
      s.updates.map((u) => u.payload.device.identifierType).should.eql(['ICCID', 'ICCID']);
    });

    it('the timeout: CALLBACK_TIMEOUT names the devices still open; the others came on output 2', async function () {
      sim.m2m.skip = new Set([msisdn(96)]);
      await load(TYPES, flow({ operation: 'deactivate', wait: true, waitTimeout: 1 }), creds());
      const seen = watch(ended, 5000);
      const t0 = Date.now();
      helper.getNode('n1').receive({ payload: [msisdn(95), msisdn(96), msisdn(97)], topic: 'to' });
      const s = await seen;
      (Date.now() - t0).should.be.aboveOrEqual(950);
      s.updates.should.have.length(2);
      s.completed.should.have.length(0);
      s.caught.should.have.length(1);
      const c = s.caught[0];
      c.error.code.should.equal('CALLBACK_TIMEOUT');
      c.error.message.should.match(/1 of 3 device/);
      c.error.message.should.containEql(`MSISDN ${msisdn(96)}`);
      c.error.message.should.not.containEql(msisdn(95));
      c.error.message.should.containEql(s.out[0].payload.TrackingNumber);
      c.trackingNumber.should.equal(s.out[0].payload.TrackingNumber);
      c.openDevices.should.eql([{ identifier: msisdn(96), identifierType: 'MSISDN' }]);
      c.payload.should.eql([msisdn(95), msisdn(96), msisdn(97)]);
      c.topic.should.equal('to');
      hub.stats().should.containEql({ waits: 0, timers: 0, inflight: 0, held: 0 });
      capture.statuses.join('\n').should.containEql('CALLBACK_TIMEOUT');
    });

    it('no update at all: CALLBACK_TIMEOUT names every device', async function () {
      sim.m2m.mode = 'never';
      await load(TYPES, flow({ operation: 'terminate', wait: true, waitTimeout: 1 }), creds());
      const seen = watch(ended, 5000);
      helper.getNode('n1').receive({ payload: [msisdn(98), { identifier: imsi(99), identifierType: 'IMSI' }] });
      const s = await seen;
      s.caught.should.have.length(1);
      s.caught[0].error.code.should.equal('CALLBACK_TIMEOUT');
      s.caught[0].error.message.should.containEql(`MSISDN ${msisdn(98)}, IMSI ${imsi(99)}`);
      s.cbout.should.have.length(0);
    });

    it('two waits on one node at once get only their own updates', async function () {
      await load(TYPES, flow({ operation: 'deactivate', wait: true }), creds());
      const seen = watch((s) => s.completed.length === 2);
      helper.getNode('n1').receive({ payload: [msisdn(60), msisdn(61)], topic: 'A' });
      helper.getNode('n1').receive({ payload: [msisdn(62)], topic: 'B' });
      const s = await seen;
      s.caught.should.have.length(0);
      const byTopic = (t) => s.updates.filter((u) => u.topic === t).map((u) => u.payload.device.identifier).sort();
      byTopic('A').should.eql([msisdn(60), msisdn(61)]);
      byTopic('B').should.eql([msisdn(62)]);
    });

    it('redeploy during a wait: pending waits cleared, no error, no timer left, the new flow works', async function () {
      sim.m2m.mode = 'never';
      await load(TYPES, flow({ operation: 'deactivate', wait: true, waitTimeout: 300 }), creds());
      const first = watch((s) => s.out.length === 1);
      helper.getNode('n1').receive({ payload: [msisdn(70), msisdn(71)] });
      await first;
      hub.stats().should.containEql({ waits: 1, timers: 1 });
      const oldNode = helper.getNode('n1');
      const errorsBefore = capture.errors.length;
      let oldStatusAfterClose = 0;
      oldNode.on('call:status', () => oldStatusAfterClose++);

      await helper.setFlows(flow({ operation: 'deactivate', wait: true, waitTimeout: 300 }), 'full', creds());
      await new Promise((r) => setTimeout(r, 100));
      hub.stats().should.containEql({ waits: 0, timers: 0, inflight: 0, held: 0 });
      capture.errors.length.should.equal(errorsBefore);
      const logged = (helper.log().args || []).map((a) => JSON.stringify(a[0])).join('\n');
      logged.should.not.match(/CALLBACK_TIMEOUT|Unexpected error/);
      oldStatusAfterClose.should.equal(1); // only the status({}) of close itself

      sim.m2m.mode = 'after';
      const seen = watch(ended);
      helper.getNode('n1').receive({ payload: [msisdn(72)] });
      const s = await seen;
      s.caught.should.have.length(0);
      s.completed.should.have.length(1);
      s.updates.should.have.length(1);
    });

    it('redeploy while the HTTP request is still in flight: no wait is registered afterwards', async function () {
      sim.inject({ match: { method: 'POST', path: '/m2m/1.0.0/requests/deactivation' }, delayMs: 400, times: 1 });
      sim.m2m.mode = 'never';
      await load(TYPES, flow({ operation: 'deactivate', wait: true, waitTimeout: 300 }), creds());
      helper.getNode('n1').receive({ payload: [msisdn(73)] });
      await new Promise((r) => setTimeout(r, 100));
      hub.stats().inflight.should.equal(1);
      await helper.setFlows(flow({ operation: 'deactivate', wait: true }), 'full', creds());
      await new Promise((r) => setTimeout(r, 600));
      hub.stats().should.containEql({ waits: 0, timers: 0, inflight: 0, held: 0 });
    });

    it('updates nobody waits for are not held', async function () {
      await load(TYPES, flow({ operation: 'deactivate', wait: false }), creds());
      const seen = watch((s) => s.cbout.length === 2);
      helper.getNode('n1').receive({ payload: [msisdn(74), msisdn(75)] });
      await seen;
      hub.stats().should.containEql({ waits: 0, held: 0, inflight: 0 });
    });
  });

  describe('several instances: msg.m2mUpdate (SPEC 11)', function () {
    const CHANGE = require('../lib/harness').coreNode('function/15-change.js');
    const toUpdate = (id, wires) => ({
      id,
      z: 'f1',
      type: 'change',
      rules: [{ t: 'move', p: 'payload', pt: 'msg', to: 'm2mUpdate', tot: 'msg' }],
      x: 300,
      y: 300,
      wires: [wires],
    });
    /**
     * n1 waits on account acc. The simulator's callback lands on "the other instance": cb2, an
     * m2m-callback node of another account at /m2m/other, as the callback node of a second Node-RED
     * would get it. Its output reaches `relay` (m2m-sim, account acc) as msg.m2mUpdate, as the
     * broker would carry it. With `echo`, the simulator calls back on cb (account acc, this
     * instance) and cb's own output is ALSO handed to relay: every update arrives twice.
     */
    function bridgeFlow({ echo = false, props = {} } = {}) {
      const f = flow({ operation: 'deactivate', wait: true, ...props }, {}, echo ? { wires: [['cbout', 'ch']] } : {});
      f.push(
        { id: 'acc2', type: 'enco-account', url, authType: 'client', timeout: 3000, retries: 1, concurrency: 4 },
        { id: 'cb2', z: 'f1', type: 'm2m-callback', url: '/m2m/other', account: 'acc2', x: 100, y: 300, wires: [['ch']] },
        toUpdate('ch', ['relay']),
        { id: 'relay', z: 'f1', type: 'm2m-sim', account: 'acc', operation: 'get', wait: false, x: 500, y: 300, wires: [['relayout'], ['relayout']] },
        { id: 'relayout', z: 'f1', type: 'helper', x: 700, y: 300 },
      );
      return f;
    }
    const bridgeCreds = () => ({ ...creds(), cb2: { callbackToken: secrets.m2mCallbackToken }, acc2: { clientId: secrets.encoClientId, clientSecret: secrets.encoClientSecret, m2mApiKey: secrets.m2mApiKey } });
    const counter = (id) => {
      const got = [];
      helper.getNode(id).on('input', (m) => got.push(m));
      return got;
    };
    // every done() of the relay (the flow has a Complete node already: the test helper registers a type once)
    let relayDone = [];
    before(function () {
      helper._RED.hooks.add('onComplete.m2mRelayTest', (ev) => {
        if (ev.node && ev.node.id === 'relay') relayDone.push(ev.error || null);
      });
    });
    after(function () {
      helper._RED.hooks.remove('onComplete.m2mRelayTest');
    });
    beforeEach(function () {
      relayDone = [];
    });

    it('an update received by another instance completes the wait here; the relay sends nothing and is done at once', async function () {
      sim.m2m.callbacks.set(secrets.m2mApiKey, { url: nodeServer.url + '/m2m/other', headers: {} });
      await load([...TYPES, CHANGE], bridgeFlow(), bridgeCreds());
      const relayed = counter('relayout');
      const seen = watch(ended);
      helper.getNode('n1').receive({ payload: [msisdn(20), msisdn(21)], topic: 'far' });
      const s = await seen;
      s.caught.should.have.length(0);
      s.completed.should.have.length(1);
      s.cbout.should.have.length(0); // this instance's callback node never saw them
      s.updates.should.have.length(2);
      const tn = s.out[0].payload.TrackingNumber;
      s.updates.map((u) => [u.topic, u.payload.trackingNumber, u.payload.resultStatus]).should.eql([
        ['far', tn, 'Success'],
        ['far', tn, 'Success'],
      ]);
      s.updates.map((u) => u.payload.device.identifier).sort().should.eql([msisdn(20), msisdn(21)]);
      relayed.should.have.length(0);
      relayDone.should.eql([null, null]);
      // nothing but the one request: the relay made none
      sim.requests({ path: '/m2m/1.0.0/requests/deactivation' }).should.have.length(1);
      sim.requests({ path: '/m2m/1.0.0/simcards' }).should.have.length(0);
      hub.stats().should.containEql({ waits: 0, timers: 0, inflight: 0, held: 0 });
      capture.statuses.join('\n').should.containEql('update handed to a wait');
    });

    it('an update delivered twice (this instance callback AND the broker) is output once, the wait ends once', async function () {
      await load([...TYPES, CHANGE], bridgeFlow({ echo: true }), bridgeCreds());
      const seen = watch((x) => ended(x) && x.cbout.length === 3);
      helper.getNode('n1').receive({ payload: [msisdn(22), msisdn(23), msisdn(24)], topic: 'twice' });
      const s = await seen;
      // wait for the echoes to pass the relay
      for (let i = 0; i < 100 && relayDone.length < 3; i++) await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, 200));
      relayDone.should.eql([null, null, null]);
      s.cbout.should.have.length(3);
      s.caught.should.have.length(0);
      s.completed.should.have.length(1);
      s.updates.should.have.length(3);
      s.updates.map((u) => u.payload.device.identifier).sort().should.eql([msisdn(22), msisdn(23), msisdn(24)]);
      hub.stats().should.containEql({ waits: 0, timers: 0, inflight: 0, held: 0 });
    });

    it('the race through the broker: the relayed update comes before the HTTP answer and is still matched once', async function () {
      sim.m2m.mode = 'before';
      await load([...TYPES, CHANGE], bridgeFlow({ echo: true }), bridgeCreds());
      const seen = watch(ended);
      helper.getNode('n1').receive({ payload: [msisdn(25)] });
      const s = await seen;
      await new Promise((r) => setTimeout(r, 200));
      s.caught.should.have.length(0);
      s.updates.should.have.length(1);
      s.completed.should.have.length(1);
      hub.stats().should.containEql({ waits: 0, timers: 0, inflight: 0, held: 0 });
    });

    it('an update as JSON text (mqtt in without JSON parsing) is taken too', async function () {
      sim.m2m.mode = 'never';
      await load([...TYPES, CHANGE], bridgeFlow(), bridgeCreds());
      const seen = watch(ended);
      helper.getNode('n1').receive({ payload: [msisdn(26)] });
      const out = await new Promise((resolve) => helper.getNode('out').once('input', resolve));
      const tn = out.payload.TrackingNumber;
      helper.getNode('relay').receive({ m2mUpdate: JSON.stringify({ trackingNumber: tn, device: { identifier: msisdn(26), identifierType: 'MSISDN' }, resultStatus: 'Success', messages: [] }) });
      const s = await seen;
      s.caught.should.have.length(0);
      s.updates.should.have.length(1);
      s.updates[0].payload.trackingNumber.should.equal(tn);
    });

    it('an update nobody waits for: no output, done, nothing held', async function () {
      await load([...TYPES, CHANGE], bridgeFlow(), bridgeCreds());
      const relayed = counter('relayout');
      helper.getNode('relay').receive({ m2mUpdate: { trackingNumber: 'tn-nobody', device: { identifier: msisdn(1), identifierType: 'MSISDN' }, resultStatus: 'Success', messages: [] } });
      for (let i = 0; i < 50 && !relayDone.length; i++) await new Promise((r) => setTimeout(r, 20));
      relayDone.should.eql([null]);
      relayed.should.have.length(0);
      hub.stats().should.containEql({ waits: 0, held: 0, inflight: 0 });
      sim.requests().should.have.length(0);
      capture.statuses.join('\n').should.containEql('update: no wait here');
    });

    const bad = [
      ['a string that is not JSON', 'hello'],
      ['an array', [{ trackingNumber: 'x' }]],
      ['no trackingNumber', { device: { identifier: msisdn(1), identifierType: 'MSISDN' }, resultStatus: 'Success' }],
      ['no device', { trackingNumber: 'x', resultStatus: 'Success' }],
      ['no resultStatus', { trackingNumber: 'x', device: { identifier: msisdn(1), identifierType: 'MSISDN' } }],
      ['messages not an array', { trackingNumber: 'x', device: { identifier: msisdn(1), identifierType: 'MSISDN' }, resultStatus: 'Success', messages: 'no' }],
      ['null', null],
    ];
    for (const [title, value] of bad) {
      it(`INVALID_INPUT for msg.m2mUpdate = ${title}, no request; the node keeps working`, async function () {
        await load([...TYPES, CHANGE], bridgeFlow({ props: { operation: 'get' } }), bridgeCreds());
        const r = await run('relay', { m2mUpdate: value, payload: msisdn(1) }, { outId: 'relayout' });
        should.exist(r.error, 'an error');
        r.error.code.should.equal('INVALID_INPUT');
        r.error.message.should.match(/msg\.m2mUpdate must be a status update/);
        sim.requests().should.have.length(0);
        const ok = await run('n1', { payload: msisdn(2) });
        ok.msg.statusCode.should.equal(200);
        ok.msg.payload[0].State.should.equal('Active');
      });
    }

    it('without an account: NOT_CONFIGURED', async function () {
      const f = bridgeFlow();
      f.find((n) => n.id === 'relay').account = '';
      await load([...TYPES, CHANGE], f, bridgeCreds());
      const r = await run('relay', { m2mUpdate: { trackingNumber: 'x', device: { identifier: msisdn(1), identifierType: 'MSISDN' }, resultStatus: 'Success' } }, { outId: 'relayout' });
      r.error.code.should.equal('NOT_CONFIGURED');
    });
  });

  it('every status text the nodes showed came from the en-US catalogs (no missing key)', function () {
    capture.statuses.join('\n').should.not.match(/MISSING /);
    [...require('../lib/i18n-catalog').missing].should.eql([]);
  });
});
