'use strict';
// enapter-request (SPEC 10) against the Enapter simulator: every method (site create, read,
// update, delete), the account's token that a msg can not replace, retries by method (3.6), the
// path guard with every escape form (no request), raw bodies and answer headers.
const should = require('should');
const { load, unload, run, useSim, simFlow, capture } = require('../lib/harness');
const secrets = require('../lib/secrets');
const enapterSim = require('../sim/enapter-sim');
const { assertGuard } = require('../lib/path-escapes');

const TYPES = ['enapter-account', 'enapter-request'];

describe('enapter-request (against the Enapter simulator)', function () {
  let sim;
  const env = useSim(() => enapterSim.create({ tokens: [secrets.enapterToken] }), { started: (s) => (sim = s) });

  const flow = simFlow(env, { type: 'enapter-request', method: 'GET', path: '/v3/sites' }, { type: 'enapter-account', timeout: 3000, retries: 2, concurrency: 4 });
  const creds = (token = secrets.enapterToken) => ({ acc: { token } });

  it('every method: POST creates a site, GET reads it, PATCH renames it, PUT reaches the server, DELETE removes it', async function () {
    await load(TYPES, flow(), creds());
    const sitesBefore = sim.createdKeys('site').length;
    const created = await run('n1', { method: 'POST', path: '/v3/sites', payload: { name: 'Plant 7', timezone: 'Europe/Berlin' }, topic: 'keep' });
    should.not.exist(created.error);
    created.msg.statusCode.should.equal(200);
    created.msg.topic.should.equal('keep');
    const site = created.msg.payload.site;
    site.should.containEql({ name: 'Plant 7', timezone: 'Europe/Berlin' });
    sim.sites.has(site.id).should.be.true();
    sim.requests({ method: 'POST', path: '/v3/sites' })[0].body.should.eql({ name: 'Plant 7', timezone: 'Europe/Berlin' });
    sim.createdKeys('site').slice(sitesBefore).should.eql(['Plant 7']); // the simulator counts the create (chaos creation check)

    const read = await run('n1', { path: `/v3/sites/${site.id}` });
    read.msg.payload.site.id.should.equal(site.id);

    const patched = await run('n1', { method: 'PATCH', path: `/v3/sites/${site.id}`, payload: { name: 'Plant 8' } });
    should.not.exist(patched.error);
    patched.msg.payload.site.name.should.equal('Plant 8');
    sim.sites.get(site.id).name.should.equal('Plant 8');

    // the simulator has no PUT for sites: the request reaches it and its 404 comes back as NOT_FOUND
    const put = await run('n1', { method: 'PUT', path: `/v3/sites/${site.id}`, payload: { name: 'x' } });
    put.error.code.should.equal('NOT_FOUND');
    put.msg.statusCode.should.equal(404);
    sim.requests({ method: 'PUT' }).should.have.length(1);

    const deleted = await run('n1', { method: 'DELETE', path: `/v3/sites/${site.id}` });
    should.not.exist(deleted.error);
    deleted.msg.statusCode.should.equal(204);
    deleted.msg.payload.should.equal('');
    sim.sites.has(site.id).should.be.false();
    for (const m of ['POST', 'GET', 'PATCH', 'PUT', 'DELETE']) sim.requests({ method: m }).length.should.be.above(0);
  });

  it('provisioning through it too: POST /v3/provisioning/standalone into the site, with the vendor answer', async function () {
    await load(TYPES, flow(), creds());
    const site = [...sim.sites.keys()][0];
    const r = await run('n1', { method: 'POST', path: '/v3/provisioning/standalone', payload: { site_id: site, name: 'Raw standalone' } });
    should.not.exist(r.error);
    should.exist(r.msg.payload.device_id);
    sim.devices.get(r.msg.payload.device_id).site_id.should.equal(site);
    const missing = await run('n1', { method: 'POST', path: '/v3/provisioning/standalone', payload: { name: 'no site' } });
    missing.error.code.should.equal('REJECTED');
    missing.error.message.should.containEql('site_id is required');
  });

  it('the node properties are defaults: GET /v3/sites with msg.query, answer headers without set-cookie', async function () {
    await load(TYPES, flow(), creds());
    const r = await run('n1', { query: { limit: 5, offset: 0 } });
    should.not.exist(r.error);
    r.msg.payload.sites.length.should.be.above(0);
    r.msg.headers['content-type'].should.match(/json/);
    should.not.exist(r.msg.headers['set-cookie']);
    sim.requests()[0].query.should.eql({ limit: '5', offset: '0' });
    capture.statuses.some((s) => s.includes('GET 200')).should.be.true();
  });

  it('the account token is sent; msg.headers can add a header but never replace X-Enapter-Auth-Token (any case)', async function () {
    await load(TYPES, flow(), creds());
    const r = await run('n1', {
      headers: { 'x-enapter-auth-token': 'forged', 'X-ENAPTER-AUTH-TOKEN': 'forged2', Authorization: 'Bearer forged', 'X-API-KEY': 'forged', 'API-KEY': 'forged', Host: 'evil.example', 'X-Request-Id': 'r-1' },
    });
    should.not.exist(r.error);
    const got = sim.requests()[0].headers;
    got['x-enapter-auth-token'].should.equal(secrets.enapterToken);
    got['x-enapter-allow-http'].should.equal('true');
    should.not.exist(got.authorization);
    should.not.exist(got['x-api-key']);
    should.not.exist(got['api-key']);
    got.host.should.startWith('127.0.0.1');
    got['x-request-id'].should.equal('r-1');
  });

  it('a rejected token is AUTH_FAILED with the vendor sentence, after one request (a static token is not asked again)', async function () {
    await load(TYPES, flow(), creds('enapter-wrong-token-000'));
    const r = await run('n1', {});
    r.error.code.should.equal('AUTH_FAILED');
    r.error.message.should.containEql('Authentication token is invalid or expired');
    sim.requests().should.have.length(1);
  });

  it('retries by method (3.6): GET and PUT are repeated after a 503, POST and PATCH are not', async function () {
    await load(TYPES, flow({}, { retries: 2 }), creds());
    const site = [...sim.sites.keys()][0];
    const cases = [
      ['GET', '/v3/sites', undefined, 2],
      ['PUT', `/v3/sites/${site}`, { name: 'x' }, 2],
      ['POST', '/v3/sites', { name: 'Q', timezone: 'UTC' }, 1],
      ['PATCH', `/v3/sites/${site}`, { name: 'y' }, 1],
    ];
    for (const [method, path, payload, expected] of cases) {
      sim.clearLog();
      sim.clearFaults();
      sim.inject({ match: { method }, status: 503, times: 1 });
      const r = await run('n1', { method, path, payload });
      sim.requests({ method }).should.have.length(expected, `${method} attempts`);
      if (expected === 1) r.error.code.should.equal('SERVER_ERROR');
      else if (method === 'GET') r.msg.statusCode.should.equal(200);
      else r.error.code.should.equal('NOT_FOUND'); // PUT retried, then the simulator's 404
    }
  });

  it('a raw body (Buffer or text) is sent as is with msg.headers content-type', async function () {
    await load(TYPES, flow(), creds());
    const r = await run('n1', { method: 'POST', path: '/v3/sites', payload: Buffer.from('{"name":"Raw","timezone":"UTC"}'), headers: { 'content-type': 'application/json' } });
    should.not.exist(r.error);
    r.msg.payload.site.name.should.equal('Raw');
    const t = await run('n1', { method: 'POST', path: '/v3/sites', payload: 'name=Text', headers: { 'Content-Type': 'text/plain' } });
    t.error.code.should.equal('REJECTED');
    const sent = sim.requests({ method: 'POST' });
    sent[1].raw.should.equal('name=Text');
    sent[1].headers['content-type'].should.equal('text/plain');
  });

  it('the path guard: every escape form is INVALID_INPUT and nothing is sent; the node keeps working', async function () {
    await load(TYPES, flow(), creds());
    await assertGuard({
      run,
      sim,
      good: { method: 'GET', path: '/v3/sites' },
      check: (r) => r.msg.statusCode.should.equal(200),
    });
  });

  it('a bad method, query or header is INVALID_INPUT before any request; no account is NOT_CONFIGURED', async function () {
    await load(TYPES, flow(), creds());
    for (const msg of [{ method: 'HEAD' }, { query: 'a=1' }, { headers: { 'X-A': 'a\r\nX-B: b' } }]) {
      const r = await run('n1', msg);
      r.error.code.should.equal('INVALID_INPUT');
    }
    sim.requests().should.have.length(0);
    await unload();
    await load(TYPES, flow({ account: 'missing' }), creds());
    (await run('n1', {})).error.code.should.equal('NOT_CONFIGURED');
  });
});
