'use strict';
// enco-account (SPEC 5.1, 3.6, 3.7) against the EnCo simulator: client credentials and permanent
// token, the token cache (single-flight, expiry, EnCo's "same token until it expires"), one
// re-authentication after a 401 and never a loop, invalid_client, Test connection.
const should = require('should');
const { helper, load, unload, run, collect, actionFlow, capture, dynamicSecrets } = require('../lib/harness');
const secrets = require('../lib/secrets');
const encoSim = require('../sim/enco-sim');

const TYPES = ['enco-account', 'mythings-query'];
const STATUS = '/mythings/1.1.0/status';

describe('enco-account (against the EnCo simulator)', function () {
  const sims = [];
  async function startSim(opts = {}) {
    const sim = encoSim.create({ permanentTokens: [secrets.encoPermanentToken], ...opts });
    const url = await sim.start();
    sims.push(sim);
    return { sim, url };
  }
  let sim;
  let url;
  before(async function () {
    ({ sim, url } = await startSim());
  });
  after(async function () {
    for (const s of sims) {
      for (const t of s.issued) dynamicSecrets.add(t);
      await s.stop();
    }
  });
  beforeEach(() => {
    sim.clearLog();
    sim.clearFaults();
  });
  afterEach(() => unload());

  const flow = (accountProps = {}, base = url) =>
    actionFlow(
      { id: 'n1', type: 'mythings-query', account: 'acc', operation: 'status' },
      { id: 'acc', type: 'enco-account', url: base, authType: 'client', timeout: 3000, retries: 3, concurrency: 4, ...accountProps },
    );
  const clientCreds = (secret = secrets.encoClientSecret) => ({ acc: { clientId: secrets.encoClientId, clientSecret: secret } });
  const tokenCreds = (token = secrets.encoPermanentToken) => ({ acc: { token } });
  const tokenRequests = (s = sim) => s.requests({ method: 'POST', path: '/token' });

  describe('client credentials', function () {
    // Changed by issue 11 (SPEC 5.1): the credentials travel in the form body, not in the query.
    it('POST /token with the client credentials in the form body (none in the URL); the API call carries Bearer + Accept', async function () {
      await load(TYPES, flow(), clientCreds());
      const r = await run('n1', { payload: {} });
      should.not.exist(r.error);
      r.msg.payload.should.equal('UP');
      const t = tokenRequests();
      t.should.have.length(1);
      t[0].query.should.eql({ Accept: 'application/json' });
      t[0].headers['content-type'].should.match(/application\/x-www-form-urlencoded/);
      Object.fromEntries(new URLSearchParams(t[0].raw)).should.eql({ grant_type: 'client_credentials', scope: 'openid', client_id: secrets.encoClientId, client_secret: secrets.encoClientSecret });
      const api = sim.requests({ path: STATUS })[0];
      const token = sim.active.get(secrets.encoClientId).token;
      api.headers.authorization.should.equal(`Bearer ${token}`);
      api.headers.accept.should.equal('application/json');
      // no secret in any URL the simulator saw (path or query, plain or encoded)
      for (const req of sim.requests()) {
        const url = req.path + '?' + new URLSearchParams(req.queryAll ? Object.entries(req.queryAll).flatMap(([k, vs]) => vs.map((v) => [k, v])) : req.query).toString();
        for (const secret of [secrets.encoClientSecret, encodeURIComponent(secrets.encoClientSecret), token]) url.should.not.containEql(secret);
      }
    });

    it('200 concurrent msgs on a cold account cause exactly ONE token request (counted at the simulator)', async function () {
      this.timeout(20000);
      await load(TYPES, flow(), clientCreds());
      const before = sim.counts.tokenRequests || 0;
      const got = collect('out', 200, 15000);
      const n1 = helper.getNode('n1');
      for (let i = 0; i < 200; i++) n1.receive({ payload: {}, i });
      const msgs = await got;
      msgs.should.have.length(200);
      new Set(msgs.map((m) => m.i)).size.should.equal(200);
      msgs.every((m) => m.payload === 'UP').should.be.true();
      ((sim.counts.tokenRequests || 0) - before).should.equal(1);
      sim.requests({ path: STATUS }).should.have.length(200);
    });

    it('reuses the token across msgs; EnCo hands the SAME token back while valid and the cache copes', async function () {
      await load(TYPES, flow(), clientCreds());
      for (let i = 0; i < 5; i++) should.not.exist((await run('n1', { payload: {} })).error);
      tokenRequests().should.have.length(1);
      // a second account (same application) gets the same token from EnCo: both keep working
      const token = sim.active.get(secrets.encoClientId).token;
      await unload();
      await load(TYPES, flow(), clientCreds());
      should.not.exist((await run('n1', { payload: {} })).error);
      sim.active.get(secrets.encoClientId).token.should.equal(token);
      new Set(sim.requests({ path: STATUS }).map((r) => r.headers.authorization)).size.should.equal(1);
    });

    it('after expiry: exactly one new token request for 20 concurrent msgs, no 401 seen', async function () {
      this.timeout(10000);
      const short = await startSim({ tokenLifetimeSec: 2 });
      await load(TYPES, flow({}, short.url), clientCreds());
      should.not.exist((await run('n1', { payload: {} })).error);
      tokenRequests(short.sim).should.have.length(1);
      const first = short.sim.requests({ path: STATUS })[0].headers.authorization;
      await new Promise((r) => setTimeout(r, 2200));
      short.sim.clearLog();
      const got = collect('out', 20, 5000);
      for (let i = 0; i < 20; i++) helper.getNode('n1').receive({ payload: {} });
      await got;
      tokenRequests(short.sim).should.have.length(1);
      const api = short.sim.requests({ path: STATUS });
      api.should.have.length(20);
      api.every((r) => r.headers.authorization !== first).should.be.true();
    });

    it('near expiry EnCo hands back the same token: waited out, not asked for again and again', async function () {
      this.timeout(15000);
      const short = await startSim({ tokenLifetimeSec: 3 });
      await load(TYPES, flow({}, short.url), clientCreds());
      const until = Date.now() + 4500;
      let sent = 0;
      const got = [];
      helper.getNode('out').on('input', (m) => got.push(m));
      while (Date.now() < until) {
        helper.getNode('n1').receive({ payload: {} });
        sent++;
        await new Promise((r) => setTimeout(r, 50));
      }
      const deadline = Date.now() + 4000;
      while (got.length < sent && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      got.length.should.equal(sent);
      short.sim.issued.length.should.be.aboveOrEqual(2); // the token did expire and was replaced
      // per 3 s token: one early refresh (same token, < 2 s left: waited out) + the new one
      tokenRequests(short.sim).length.should.be.belowOrEqual(2 * short.sim.issued.length);
      short.sim.requests({ path: STATUS }).length.should.equal(sent); // no 401, nothing repeated
    });

    it('a revoked token is replaced once after a 401, and the msg succeeds', async function () {
      await load(TYPES, flow(), clientCreds());
      (await run('n1', { payload: {} })).msg.payload.should.equal('UP');
      const old = sim.active.get(secrets.encoClientId).token;
      sim.revoke(old);
      sim.clearLog();
      const r = await run('n1', { payload: {} });
      should.not.exist(r.error);
      r.msg.payload.should.equal('UP');
      r.msg.statusCode.should.equal(200);
      tokenRequests().should.have.length(1);
      const api = sim.requests({ path: STATUS });
      api.should.have.length(2);
      api[0].headers.authorization.should.equal(`Bearer ${old}`);
      api[1].headers.authorization.should.not.equal(`Bearer ${old}`);
      // and the new token is then reused
      should.not.exist((await run('n1', { payload: {} })).error);
      tokenRequests().should.have.length(1);
    });

    it('a 401 that persists never loops: one re-authentication, then AUTH_FAILED with the fault sentence', async function () {
      await load(TYPES, flow(), clientCreds());
      sim.inject({
        match: { path: STATUS },
        status: 401,
        body: { fault: { code: 900901, message: 'Invalid Credentials', description: 'Access failure for API, status: (900901) - Invalid Credentials. Make sure you have given the correct access token' } },
      });
      const r = await run('n1', { payload: {} });
      r.error.code.should.equal('AUTH_FAILED');
      r.error.message.should.match(/Invalid Credentials/);
      r.msg.statusCode.should.equal(401);
      sim.requests({ path: STATUS }).should.have.length(2);
      tokenRequests().length.should.be.belowOrEqual(2);
    });

    it('invalid_client -> AUTH_FAILED with EnCo\'s sentence, no API request, secret not in the message', async function () {
      await load(TYPES, flow(), clientCreds('enco-wrong-secret-0000'));
      const r = await run('n1', { payload: {} });
      r.error.code.should.equal('AUTH_FAILED');
      r.error.message.should.match(/invalid_client: Client Authentication failed/);
      r.error.message.should.not.containEql('enco-wrong-secret-0000');
      tokenRequests().should.have.length(1); // 401 on POST: not retried
      sim.requests({ path: STATUS }).should.have.length(0);
    });

    it('a 429 on /token (throttled) is retried and the msg succeeds', async function () {
      sim.inject({ match: { method: 'POST', path: '/token' }, status: 429, retryAfter: 0, times: 1 });
      await load(TYPES, flow(), clientCreds());
      const r = await run('n1', { payload: {} });
      should.not.exist(r.error);
      r.msg.payload.should.equal('UP');
      r.msg.statusCode.should.equal(200);
      tokenRequests().should.have.length(2);
    });
  });

  describe('permanent token', function () {
    it('is used as is: Bearer <token>, no /token request', async function () {
      await load(TYPES, flow({ authType: 'token' }), tokenCreds());
      const r = await run('n1', { payload: {} });
      should.not.exist(r.error);
      r.msg.payload.should.equal('UP');
      r.msg.statusCode.should.equal(200);
      tokenRequests().should.have.length(0);
      sim.requests({ path: STATUS })[0].headers.authorization.should.equal(`Bearer ${secrets.encoPermanentToken}`);
    });

    it('a rejected permanent token -> AUTH_FAILED after ONE request (nothing to refresh)', async function () {
      await load(TYPES, flow({ authType: 'token' }), tokenCreds('enco-bad-permanent-token'));
      const r = await run('n1', { payload: {} });
      r.error.code.should.equal('AUTH_FAILED');
      r.error.message.should.match(/Invalid Credentials/);
      sim.requests().should.have.length(1);
    });

    it('no permanent token -> NOT_CONFIGURED, no request', async function () {
      await load(TYPES, flow({ authType: 'token' }), { acc: { clientId: secrets.encoClientId, clientSecret: secrets.encoClientSecret } });
      const r = await run('n1', { payload: {} });
      r.error.code.should.equal('NOT_CONFIGURED');
      r.error.message.should.match(/no permanent token/);
      sim.requests().should.have.length(0);
    });
  });

  describe('Test connection (POST /iot-fleet/test/enco-account)', function () {
    const post = (body) => helper.request().post('/iot-fleet/test/enco-account').send(body).expect(200);

    it('client mode: ok with the deployed secret (__PWRD__), only the token request', async function () {
      await load(TYPES, flow(), clientCreds());
      const res = await post({ id: 'acc', url, authType: 'client', credentials: { clientId: secrets.encoClientId, clientSecret: '__PWRD__' } });
      res.body.should.eql({ ok: true });
      tokenRequests().should.have.length(1);
      sim.requests().should.have.length(1);
    });

    it('client mode: a wrong secret answers ok:false AUTH_FAILED with the sentence, never echoing it', async function () {
      await load(TYPES, flow(), clientCreds());
      const res = await post({ url, authType: 'client', credentials: { clientId: secrets.encoClientId, clientSecret: 'enco-typo-secret-1234' } });
      res.body.ok.should.be.false();
      res.body.code.should.equal('AUTH_FAILED');
      res.body.message.should.match(/invalid_client/);
      JSON.stringify(res.body).should.not.containEql('enco-typo-secret-1234');
    });

    it('token mode: GET /mythings/1.1.0/status; ok, and AUTH_FAILED for a bad token', async function () {
      await load(TYPES, flow({ authType: 'token' }), tokenCreds());
      const good = await post({ id: 'acc', url, authType: 'token', credentials: { token: '__PWRD__' } });
      good.body.should.eql({ ok: true });
      sim.requests({ method: 'GET', path: STATUS }).should.have.length(1);
      tokenRequests().should.have.length(0);
      const bad = await post({ url, authType: 'token', credentials: { token: 'enco-typo-token-5678' } });
      bad.body.ok.should.be.false();
      bad.body.code.should.equal('AUTH_FAILED');
      bad.body.message.should.match(/Invalid Credentials/);
      JSON.stringify(bad.body).should.not.containEql('enco-typo-token-5678');
    });

    it('missing credentials -> NOT_CONFIGURED; an unreachable URL -> NETWORK', async function () {
      await load(TYPES, flow(), clientCreds());
      const none = await post({ url, authType: 'client', credentials: {} });
      none.body.should.containEql({ ok: false, code: 'NOT_CONFIGURED' });
      const down = await post({ url: 'http://127.0.0.1:9', authType: 'client', credentials: { clientId: 'x', clientSecret: 'yyyy' } });
      down.body.should.containEql({ ok: false, code: 'NETWORK' });
      sim.requests().should.have.length(0);
    });
  });

  describe('simulator bearer rules (seed 001)', function () {
    const get = (headers) =>
      new Promise((resolve, reject) => {
        require('http')
          .get(url + STATUS, { headers }, (res) => {
            let data = '';
            res.on('data', (c) => (data += c));
            res.on('end', () => resolve({ status: res.statusCode, body: JSON.parse(data) }));
          })
          .on('error', reject);
      });
    it('missing bearer -> 401 fault 900902; unknown bearer -> 401 fault 900901', async function () {
      const none = await get({});
      none.status.should.equal(401);
      none.body.fault.code.should.equal(900902);
      none.body.fault.message.should.equal('Missing Credentials');
      const bad = await get({ Authorization: 'Bearer 0123456789abcdef0123456789abcdef' });
      bad.status.should.equal(401);
      bad.body.fault.code.should.equal(900901);
    });
  });

  describe('afterwards', function () {
    it('no token or secret was ever in a status, log line or error', function () {
      sims.flatMap((x) => x.issued).length.should.be.above(1);
      const seen = capture.statuses.concat(capture.logs, capture.errors).join('\n');
      seen.length.should.be.above(0);
      for (const s of [secrets.encoClientSecret, secrets.encoPermanentToken, ...sims.flatMap((x) => x.issued)]) seen.should.not.containEql(s);
    });
  });
});
