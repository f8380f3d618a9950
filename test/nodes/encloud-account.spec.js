'use strict';
const path = require('path');
const crypto = require('crypto');
const should = require('should');
const { helper, load, unload, run, actionFlow, useSim, dynamicSecrets, root } = require('../lib/harness');
const secrets = require('../lib/secrets');
const encloudSim = require('../sim/encloud-sim');
const { makeCa } = require('../lib/encloud-tls');

const TYPES = ['encloud-account', 'encloud-devices'];
const md5 = (s) => crypto.createHash('md5').update(s).digest('hex');
const tlsModule = require('../lib/harness').coreNode('network/05-tls.js');

function simOptions(extra = {}) {
  return { apiUsers: [{ email: secrets.encloudEmail, password: secrets.encloudPassword }], apiKeys: [secrets.encloudApiKey], devices: 30, ...extra };
}
const creds = (over = {}) => ({ acc: { email: secrets.encloudEmail, password: secrets.encloudPassword, apiKey: secrets.encloudApiKey, ...over } });

describe('encloud-account (authorise, token, API-KEY, TLS, Test connection)', function () {
  let sim;
  let url;
  useSim(() => encloudSim.create(simOptions()), {
    started: (s, u) => {
      [sim, url] = [s, u];
      dynamicSecrets.add(md5(secrets.encloudPassword));
    },
  });

  const flow = (accountProps = {}, nodeProps = {}) =>
    actionFlow(
      { id: 'n1', type: 'encloud-devices', account: 'acc', keys: 'cell.rssi', limit: '10', pages: 'one', ...nodeProps },
      { id: 'acc', type: 'encloud-account', url, timeout: 3000, retries: 2, concurrency: 4, ...accountProps },
    );

  it("authorises with Basic base64(email:md5hex(password)), then sends the auth_token without a scheme and the API-KEY", async function () {
    await load(TYPES, flow(), creds());
    const r = await run('n1', { payload: {} });
    should.not.exist(r.error);
    r.msg.statusCode.should.equal(200);
    r.msg.payload.devices.should.be.an.Array();
    const auth = sim.requests({ path: '/integration/users/authorise' });
    auth.should.have.length(1);
    auth[0].headers.authorization.should.equal('Basic ' + Buffer.from(`${secrets.encloudEmail}:${md5(secrets.encloudPassword)}`).toString('base64'));
    const dev = sim.requests({ path: '/integration/devices' });
    dev.should.have.length(1);
    dev[0].headers.authorization.should.equal(sim.tokenOf(secrets.encloudEmail));
    dev[0].headers.authorization.should.not.match(/^(Bearer|Basic) /);
    dev[0].headers['api-key'].should.equal(secrets.encloudApiKey);
  });

  it('hashedPassword: the password is sent as given (already the MD5 hex)', async function () {
    await load(TYPES, flow({ hashedPassword: true }), creds({ password: md5(secrets.encloudPassword) }));
    const r = await run('n1', { payload: {} });
    should.not.exist(r.error);
    r.msg.statusCode.should.equal(200);
    r.msg.payload.devices.should.be.an.Array();
    const h = sim.requests({ path: '/integration/users/authorise' })[0].headers.authorization;
    Buffer.from(h.slice(6), 'base64').toString().should.equal(`${secrets.encloudEmail}:${md5(secrets.encloudPassword)}`);
  });

  it('keeps the auth_token across messages (no lifetime): 3 msgs, 1 authorise', async function () {
    await load(TYPES, flow(), creds());
    for (let i = 0; i < 3; i++) should.not.exist((await run('n1', { payload: {} })).error);
    sim.counts.authorise.should.equal(1);
    sim.requests({ path: '/integration/devices' }).should.have.length(3);
  });

  it('concurrent msgs on a cold account share one authorise (single-flight)', async function () {
    await load(TYPES, flow(), creds());
    const out = helper.getNode('out');
    const got = new Promise((resolve) => {
      let n = 0;
      out.on('input', () => ++n === 6 && resolve());
    });
    for (let i = 0; i < 6; i++) helper.getNode('n1').receive({ payload: {} });
    await got;
    sim.counts.authorise.should.equal(1);
  });

  it('404 "The user is not found." (ivenCode 9002) -> AUTH_FAILED with the sentence, no devices request', async function () {
    await load(TYPES, flow(), creds({ email: 'nobody@example.com' }));
    const r = await run('n1', { payload: { keys: 'cell.rssi' }, topic: 't' });
    r.error.code.should.equal('AUTH_FAILED');
    r.error.message.should.match(/The user is not found/);
    r.error.message.should.match(/ivenCode 9002/);
    r.msg.statusCode.should.equal(404);
    r.msg.payload.should.eql({ keys: 'cell.rssi' });
    sim.requests({ path: '/integration/devices' }).should.have.length(0);
  });

  it('422 "Bad credentials." (ivenCode 9007) -> AUTH_FAILED, never retried', async function () {
    await load(TYPES, flow(), creds({ password: 'wrong-password-123' }));
    const r = await run('n1', { payload: {} });
    r.error.code.should.equal('AUTH_FAILED');
    r.error.message.should.match(/Bad credentials/);
    r.error.message.should.match(/ivenCode 9007/);
    r.msg.statusCode.should.equal(422);
    sim.requests().should.have.length(1);
  });

  it('a 401 re-authorises once and repeats; a second 401 is AUTH_FAILED (never a loop)', async function () {
    await load(TYPES, flow(), creds());
    should.not.exist((await run('n1', { payload: {} })).error);
    sim.rotateToken();
    const ok = await run('n1', { payload: {} });
    should.not.exist(ok.error);
    sim.counts.authorise.should.equal(2);
    sim.clearLog();
    sim.inject({ match: { path: '/integration/devices' }, status: 401, body: { status: 401, description: 'Auth token is not valid.', ivenCode: 0 } });
    const r = await run('n1', { payload: {} });
    r.error.code.should.equal('AUTH_FAILED');
    r.error.message.should.match(/Auth token is not valid/);
    sim.requests({ path: '/integration/devices' }).should.have.length(2);
    sim.counts.authorise.should.equal(1);
  });

  it('a wrong API-KEY -> 403 AUTH_FAILED without a re-authorise', async function () {
    await load(TYPES, flow(), creds({ apiKey: 'encloud-wrong-key-000' }));
    const r = await run('n1', { payload: {} });
    r.error.code.should.equal('AUTH_FAILED');
    r.error.message.should.match(/API-KEY is not valid/);
    sim.counts.authorise.should.equal(1);
  });

  it('NOT_CONFIGURED without e-mail, password or API-KEY, and without an account; no request', async function () {
    for (const missing of ['email', 'password', 'apiKey']) {
      await load(TYPES, flow(), creds({ [missing]: '' }));
      const r = await run('n1', { payload: {} });
      r.error.code.should.equal('NOT_CONFIGURED');
      await unload();
    }
    await load(TYPES, flow({}, { account: '' }), creds());
    (await run('n1', { payload: {} })).error.code.should.equal('NOT_CONFIGURED');
    sim.requests().should.have.length(0);
  });

  describe('Test connection (POST /iot-fleet/test/encloud-account)', function () {
    it('authorises, reads one page of devices with limit 10, and answers ok', async function () {
      await load(TYPES, flow(), creds());
      const res = await helper.request().post('/iot-fleet/test/encloud-account').send({ id: 'acc', url, credentials: { email: secrets.encloudEmail, password: '__PWRD__', apiKey: '__PWRD__' } }).expect(200);
      res.body.should.eql({ ok: true });
      sim.counts.authorise.should.equal(1);
      const dev = sim.requests({ path: '/integration/devices' });
      dev.should.have.length(1);
      dev[0].query.limit.should.equal('10');
      sim.requests().filter((q) => q.method !== 'GET').should.have.length(0);
    });

    it("answers the vendor's sentence for bad credentials without echoing a secret", async function () {
      await load(TYPES, flow(), creds());
      const res = await helper.request().post('/iot-fleet/test/encloud-account').send({ url, credentials: { email: secrets.encloudEmail, password: 'not-the-password-99', apiKey: secrets.encloudApiKey } }).expect(200);
      res.body.ok.should.be.false();
      res.body.code.should.equal('AUTH_FAILED');
      res.body.message.should.match(/Bad credentials \(ivenCode 9007\)/);
      const text = JSON.stringify(res.body);
      text.should.not.containEql('not-the-password-99');
      text.should.not.containEql(secrets.encloudApiKey);
      sim.requests({ path: '/integration/devices' }).should.have.length(0);
    });

    it('a wrong API-KEY fails at the devices page', async function () {
      await load(TYPES, flow(), creds());
      const res = await helper.request().post('/iot-fleet/test/encloud-account').send({ id: 'acc', url, credentials: { apiKey: 'encloud-bad-key-1' } }).expect(200);
      res.body.should.containEql({ ok: false, code: 'AUTH_FAILED' });
    });
  });

  describe('enSite with its own CA: the tls-config path', function () {
    let tls;
    let httpsSim;
    let httpsUrl;
    before(async function () {
      tls = makeCa();
      httpsSim = encloudSim.create(simOptions());
      httpsUrl = await httpsSim.start({ tls: { key: tls.key, cert: tls.cert } });
    });
    after(async () => {
      for (const t of httpsSim.issued) dynamicSecrets.add(t);
      await httpsSim.stop();
      tls.cleanup();
    });

    const tlsNode = (over = {}) => ({ id: 'tls1', type: 'tls-config', name: 'enSite CA', cert: '', key: '', ca: '', verifyservercert: true, ...over });

    it('an account with a core tls-config node holding the CA succeeds over HTTPS', async function () {
      const f = flow({ url: httpsUrl, tls: 'tls1' });
      f.push(tlsNode());
      await load([...TYPES, tlsModule], f, { ...creds(), tls1: { cadata: tls.ca } });
      const r = await run('n1', { payload: {} });
      should.not.exist(r.error);
      r.msg.payload.devices.should.have.length(10);
      httpsSim.counts.authorise.should.equal(1);
    });

    it('the CA as a file path in tls-config works too', async function () {
      const f = flow({ url: httpsUrl, tls: 'tls1' });
      f.push(tlsNode({ ca: tls.caFile }));
      await load([...TYPES, tlsModule], f, creds());
      const r = await run('n1', { payload: {} });
      should.not.exist(r.error);
      r.msg.statusCode.should.equal(200);
      r.msg.payload.devices.should.have.length(10);
    });

    it('without the tls-config node the self-signed CA is rejected: NETWORK, nothing reaches the API', async function () {
      httpsSim.clearLog();
      await load(TYPES, flow({ url: httpsUrl, retries: 0 }), creds());
      const r = await run('n1', { payload: {} });
      r.error.code.should.equal('NETWORK');
      r.error.message.should.match(/enCloud/);
      httpsSim.requests().should.have.length(0);
    });

    it('Test connection uses the tls-config of the dialog', async function () {
      const f = flow({ url: httpsUrl, tls: 'tls1' });
      f.push(tlsNode());
      await load([...TYPES, tlsModule], f, { ...creds(), tls1: { cadata: tls.ca } });
      const ok = await helper.request().post('/iot-fleet/test/encloud-account').send({ id: 'acc', url: httpsUrl, tls: 'tls1', credentials: {} }).expect(200);
      ok.body.should.eql({ ok: true });
      const bad = await helper.request().post('/iot-fleet/test/encloud-account').send({ id: 'acc', url: httpsUrl, tls: '', credentials: {} }).expect(200);
      bad.body.should.containEql({ ok: false, code: 'NETWORK' });
    });
  });
});
