'use strict';
// encloud-request (SPEC 10) against the enCloud simulator: every endpoint family and every method,
// the auth_token + API-KEY that a msg can not replace, the one re-authorisation after a 401, the
// authorise endpoint kept to the account, text answers, the path guard (no request, no authorise).
const crypto = require('crypto');
const should = require('should');
const { load, run, useSim, simFlow, dynamicSecrets } = require('../lib/harness');
const secrets = require('../lib/secrets');
const encloudSim = require('../sim/encloud-sim');
const { assertGuard } = require('../lib/path-escapes');

const TYPES = ['encloud-account', 'encloud-request'];
const md5 = (s) => crypto.createHash('md5').update(s).digest('hex');

describe('encloud-request (against the enCloud simulator)', function () {
  let sim;
  const env = useSim(() => encloudSim.create({ apiUsers: [{ email: secrets.encloudEmail, password: secrets.encloudPassword }], apiKeys: [secrets.encloudApiKey], devices: 30 }), {
    started: (s) => {
      sim = s;
      dynamicSecrets.add(md5(secrets.encloudPassword));
    },
  });

  const flow = simFlow(env, { type: 'encloud-request', method: 'GET', path: '/integration/devices' }, { type: 'encloud-account', timeout: 3000, retries: 2, concurrency: 4 });
  const creds = () => ({ acc: { email: secrets.encloudEmail, password: secrets.encloudPassword, apiKey: secrets.encloudApiKey } });

  it('a raw devices page: GET /integration/devices with msg.query, the token without scheme and the API-KEY', async function () {
    await load(TYPES, flow(), creds());
    const r = await run('n1', { query: { keys: 'cell.rssi,system.uptime', limit: 10, page: 2, timestamp: 0 } });
    should.not.exist(r.error);
    r.msg.statusCode.should.equal(200);
    r.msg.payload.devices.should.have.length(10);
    r.msg.payload.totalResults.should.equal(30);
    const sent = sim.requests({ path: '/integration/devices' });
    sent.should.have.length(1);
    sent[0].query.should.containEql({ keys: 'cell.rssi,system.uptime', limit: '10', page: '2' });
    sent[0].headers.authorization.should.equal(sim.tokenOf(secrets.encloudEmail));
    sent[0].headers['api-key'].should.equal(secrets.encloudApiKey);
    sim.requests({ path: '/integration/users/authorise' }).should.have.length(1);
  });

  it('every method: POST, PUT, DELETE users, GET the hot link, PATCH reaches the server (404 there)', async function () {
    await load(TYPES, flow(), creds());
    const email = 'request.node@example.com';
    const created = await run('n1', { method: 'POST', path: '/integration/users', payload: { user: { user_type: 'VIEWER', email, name: 'R', customer_id: 'SDK15' } } });
    should.not.exist(created.error);
    created.msg.payload.description.should.equal('User is created successfully.');
    const updated = await run('n1', { method: 'PUT', path: '/integration/users', query: { email }, payload: { user: { name: 'R2' } } });
    updated.msg.payload.description.should.equal('User is updated successfully.');
    sim.users.get(email).name.should.equal('R2');
    const link = await run('n1', { method: 'GET', path: '/integration/hotlink', query: { email, customer_id: 'SDK15' } });
    link.msg.payload.token.should.be.a.String();
    const patched = await run('n1', { method: 'PATCH', path: '/integration/users', query: { email }, payload: { user: { name: 'R3' } } });
    patched.error.code.should.equal('NOT_FOUND');
    sim.requests({ method: 'PATCH' }).should.have.length(1);
    const deleted = await run('n1', { method: 'DELETE', path: '/integration/users', query: { email } });
    deleted.msg.payload.description.should.equal('User is deleted successfully.');
    sim.users.has(email).should.be.false();
  });

  it("the vendor's sentence on an error (CONFLICT for an existing user)", async function () {
    await load(TYPES, flow({ method: 'POST', path: '/integration/users' }), creds());
    const user = { user: { user_type: 'ADMIN', email: 'dup.user@example.com', customer_id: 'SDK15' } };
    (await run('n1', { payload: user })).msg.statusCode.should.equal(200);
    const r = await run('n1', { payload: user });
    r.error.code.should.equal('CONFLICT');
    r.error.message.should.containEql('User with this email already exists');
    r.msg.statusCode.should.equal(400);
  });

  it('a text answer comes as text (GET /devices is an HTML page)', async function () {
    await load(TYPES, flow({ path: '/devices' }), creds());
    const r = await run('n1', {});
    should.not.exist(r.error);
    r.msg.payload.should.be.a.String().and.containEql('enCloud: Devices');
    r.msg.headers['content-type'].should.match(/text\/html/);
  });

  it('a msg can not replace Authorization or API-KEY, in any case', async function () {
    await load(TYPES, flow(), creds());
    const r = await run('n1', { query: { keys: 'cell.rssi', timestamp: 0 }, headers: { authorization: 'forged', AUTHORIZATION: 'forged', 'api-key': 'forged', 'Api-Key': 'forged', 'X-Extra': '1' } });
    should.not.exist(r.error);
    const h = sim.requests({ path: '/integration/devices' })[0].headers;
    h.authorization.should.equal(sim.tokenOf(secrets.encloudEmail));
    h['api-key'].should.equal(secrets.encloudApiKey);
    h['x-extra'].should.equal('1');
  });

  it('a 401 (token rotated) is authorised again once and the request repeated', async function () {
    await load(TYPES, flow(), creds());
    (await run('n1', { query: { keys: 'cell.rssi', timestamp: 0 } })).msg.statusCode.should.equal(200);
    sim.rotateToken(secrets.encloudEmail);
    const r = await run('n1', { query: { keys: 'cell.rssi', timestamp: 0 } });
    should.not.exist(r.error);
    r.msg.statusCode.should.equal(200);
    sim.requests({ path: '/integration/users/authorise' }).should.have.length(2);
    sim.requests({ path: '/integration/devices' }).should.have.length(3);
  });

  it('the authorise endpoint stays the account’s: INVALID_INPUT, nothing sent (its token never reaches a msg)', async function () {
    await load(TYPES, flow(), creds());
    for (const path of ['/integration/users/authorise', '/integration/users/authorise/', '/Integration/Users/%61uthorise']) {
      const r = await run('n1', { path });
      r.error.code.should.equal('INVALID_INPUT');
    }
    sim.requests().should.have.length(0);
  });

  it('the path guard: every escape form is INVALID_INPUT, no request and no authorise; the node keeps working', async function () {
    await load(TYPES, flow(), creds());
    await assertGuard({ run, sim, good: { query: { keys: 'cell.rssi', timestamp: 0 } }, check: (r) => r.msg.statusCode.should.equal(200) });
  });
});
