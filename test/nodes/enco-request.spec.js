'use strict';
// enco-request (SPEC 10) against the EnCo simulator: MyThings and M2M endpoints with every method,
// the bearer token and the M2M key (x-api-key under /m2m/ only) that a msg can not replace, one
// re-authentication after a 401, POST /revoke (the seed's form body built by the node; the next
// call gets a NEW token), /token kept to the account, and the path guard (no request, no /token).
const should = require('should');
const { load, run, useSim, simFlow, capture } = require('../lib/harness');
const secrets = require('../lib/secrets');
const encoSim = require('../sim/enco-sim');
const { assertGuard } = require('../lib/path-escapes');

const TYPES = ['enco-account', 'enco-request'];
const MT = '/mythings/1.1.0';

describe('enco-request (against the EnCo simulator)', function () {
  let sim;
  const env = useSim(() => encoSim.create({ permanentTokens: [secrets.encoPermanentToken] }), { started: (s) => (sim = s) });

  const flow = simFlow(env, { type: 'enco-request', method: 'GET', path: `${MT}/status` }, { type: 'enco-account', authType: 'client', timeout: 3000, retries: 2, concurrency: 4 });
  const creds = (extra = {}) => ({ acc: { clientId: secrets.encoClientId, clientSecret: secrets.encoClientSecret, m2mApiKey: secrets.m2mApiKey, ...extra } });
  const bearerOf = (req) => /^Bearer (.+)$/.exec(req.headers.authorization || '')[1];

  it('GET a MyThings endpoint with the bearer token; no x-api-key outside /m2m/', async function () {
    await load(TYPES, flow(), creds());
    const r = await run('n1', { topic: 't' });
    should.not.exist(r.error);
    r.msg.statusCode.should.equal(200);
    r.msg.payload.should.equal('UP');
    const sent = sim.requests({ path: `${MT}/status` })[0];
    sim.valid.has(bearerOf(sent)).should.be.true();
    sent.headers.accept.should.equal('application/json');
    should.not.exist(sent.headers['x-api-key']);
  });

  it('every method: POST, GET, PUT, DELETE a stream definition; PATCH reaches the server (404 there)', async function () {
    await load(TYPES, flow(), creds());
    const def = { companyId: 162, name: 'req-node', url: 'https://example.com/in', type: 'DECODED', contentType: 'JSON' };
    const created = await run('n1', { method: 'POST', path: `${MT}/streamdefinitions`, payload: def });
    should.not.exist(created.error);
    const id = created.msg.payload.id;
    id.should.be.a.String();
    (await run('n1', { path: `${MT}/streamdefinitions` })).msg.payload.map((s) => s.id).should.containEql(id);
    const put = await run('n1', { method: 'PUT', path: `${MT}/streamdefinitions/${id}`, payload: { active: true } });
    put.msg.payload.active.should.be.true();
    const patch = await run('n1', { method: 'PATCH', path: `${MT}/streamdefinitions/${id}`, payload: { active: false } });
    patch.error.code.should.equal('NOT_FOUND');
    patch.error.message.should.containEql('No resource for PATCH');
    const del = await run('n1', { method: 'DELETE', path: `${MT}/streamdefinitions/${id}` });
    del.msg.statusCode.should.equal(200);
    sim.streamDefinitions.has(id).should.be.false();
    for (const m of ['POST', 'GET', 'PUT', 'PATCH', 'DELETE']) sim.requests({ method: m }).length.should.be.above(0);
  });

  it('every MyThings endpoint family answers through it (things, catalogue, base stations, rules, templates, streams, status)', async function () {
    await load(TYPES, flow(), creds());
    for (const p of ['/things', '/thingtypes', '/vendors', '/connectivityplans', '/basestations', '/businessrules', '/businessrulestriggered', '/configurationtemplates', '/streamdefinitions', '/status']) {
      const r = await run('n1', { path: MT + p });
      should.not.exist(r.error, p);
      r.msg.statusCode.should.equal(200, p);
    }
    sim.requests({ path: '/token' }).should.have.length(1); // one token for all of them
  });

  it('M2M: x-api-key (the M2M key) is added under /m2m/; a msg can not replace it nor the bearer', async function () {
    await load(TYPES, flow(), creds());
    const r = await run('n1', {
      path: '/m2m/1.0.0/simcards',
      query: { msisdn: '32470000000' },
      headers: { 'x-api-key': 'forged', 'X-API-KEY': 'forged', Authorization: 'Bearer forged', authorization: 'Bearer forged', 'X-Correlation': 'c1' },
    });
    should.not.exist(r.error);
    r.msg.payload[0].should.be.an.Object();
    const sent = sim.requests({ path: '/m2m/1.0.0/simcards' })[0];
    sent.headers['x-api-key'].should.equal(secrets.m2mApiKey);
    sim.valid.has(bearerOf(sent)).should.be.true();
    sent.headers['x-correlation'].should.equal('c1');
    sent.query.should.eql({ msisdn: '32470000000' });
  });

  it('M2M without an M2M key: NOT_CONFIGURED before any request', async function () {
    await load(TYPES, flow(), { acc: { clientId: secrets.encoClientId, clientSecret: secrets.encoClientSecret } });
    const r = await run('n1', { path: '/m2m/1.0.0/simcards', query: { msisdn: '32470000000' } });
    r.error.code.should.equal('NOT_CONFIGURED');
    sim.requests().should.have.length(0);
  });

  it('a 401 (token revoked elsewhere) is re-authenticated once and the request repeated', async function () {
    await load(TYPES, flow(), creds());
    await run('n1', {});
    const first = bearerOf(sim.requests({ path: `${MT}/status` })[0]);
    sim.revoke(first);
    const r = await run('n1', {});
    should.not.exist(r.error);
    r.msg.statusCode.should.equal(200);
    sim.requests({ path: '/token' }).should.have.length(2);
    const calls = sim.requests({ path: `${MT}/status` });
    calls.should.have.length(3);
    bearerOf(calls[2]).should.not.equal(first);
  });

  it("POST /revoke: the seed's form body (token, client_id, client_secret) from the account, {revoked: true}, and the next call gets a NEW token", async function () {
    await load(TYPES, flow(), creds());
    await run('n1', {});
    const before = bearerOf(sim.requests({ path: `${MT}/status` })[0]);
    const r = await run('n1', { method: 'POST', path: '/revoke', payload: 1700000000000, topic: 'rotate' });
    should.not.exist(r.error);
    r.msg.payload.should.eql({ revoked: true });
    r.msg.statusCode.should.equal(200);
    r.msg.topic.should.equal('rotate');
    const revoke = sim.requests({ path: '/revoke' });
    revoke.should.have.length(1);
    revoke[0].headers['content-type'].should.match(/^application\/x-www-form-urlencoded/);
    should.not.exist(revoke[0].headers.authorization);
    revoke[0].query.should.eql({});
    Object.fromEntries(new URLSearchParams(revoke[0].raw)).should.eql({ token: before, client_id: secrets.encoClientId, client_secret: secrets.encoClientSecret });
    sim.valid.has(before).should.be.false();
    const after = await run('n1', {});
    should.not.exist(after.error);
    const now = bearerOf(sim.requests({ path: `${MT}/status` })[1]);
    now.should.not.equal(before);
    // the token was dropped: a new token request, not a 401 first
    sim.requests({ path: '/token' }).should.have.length(2);
    sim.requests().filter((q) => q.path === `${MT}/status`).should.have.length(2);
    capture.msgs.join('\n').should.not.containEql(before);
  });

  it('POST /revoke with no token held yet revokes the one EnCo holds active (asked for first)', async function () {
    await load(TYPES, flow(), creds());
    const r = await run('n1', { method: 'POST', path: '/revoke' });
    r.msg.payload.should.eql({ revoked: true });
    sim.requests().map((q) => q.path).should.eql(['/token', '/revoke']);
  });

  it('POST /revoke with a permanent token: NOT_CONFIGURED (deleted in the portal), nothing sent', async function () {
    await load(TYPES, flow({}, { authType: 'token' }), { acc: { token: secrets.encoPermanentToken } });
    const r = await run('n1', { method: 'POST', path: '/revoke' });
    r.error.code.should.equal('NOT_CONFIGURED');
    sim.requests().should.have.length(0);
  });

  it('/token stays the account’s: INVALID_INPUT, nothing sent (a token never reaches a msg)', async function () {
    await load(TYPES, flow(), creds());
    for (const path of ['/token', '/token/', '/TOKEN', '/%74oken']) {
      const r = await run('n1', { method: 'POST', path });
      r.error.code.should.equal('INVALID_INPUT');
    }
    sim.requests().should.have.length(0);
  });

  it('the path guard: every escape form is INVALID_INPUT, no request and no token request; the node keeps working', async function () {
    await load(TYPES, flow(), creds());
    await assertGuard({ run, sim, good: {}, check: (r) => r.msg.statusCode.should.equal(200) });
  });
});
