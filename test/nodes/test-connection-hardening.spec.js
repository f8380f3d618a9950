'use strict';
// SPEC 3.7 as changed by issue 11: the Test connection endpoint accepts only JSON (a plain HTML
// form from another site cannot trigger it) and takes stored credentials only from a deployed
// node of its own type.
const http = require('http');
require('should');
const { helper, load, unload } = require('../lib/harness');
const secrets = require('../lib/secrets');

describe('Test connection hardening (issue 11)', function () {
  let server;
  let url;
  let seen;
  before(async () => {
    server = http.createServer((req, res) => {
      seen.push({ url: req.url, headers: req.headers });
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"sites":[],"total_count":0}');
    });
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${server.address().port}`;
  });
  after(() => new Promise((r) => server.close(r)));
  beforeEach(() => {
    seen = [];
  });
  afterEach(() => unload());

  const flow = () => [
    { id: 'enco', type: 'enco-account', url: 'http://127.0.0.1:9', authType: 'token', timeout: 1000, retries: 0, concurrency: 1 },
    { id: 'enap', type: 'enapter-account', url, timeout: 1000, retries: 0, concurrency: 1 },
  ];
  const creds = { enco: { token: secrets.encoPermanentToken }, enap: { token: secrets.enapterToken } };

  it('the stored token of a node of ANOTHER type is never used: NOT_CONFIGURED, nothing sent', async () => {
    await load(['enco-account', 'enapter-account'], flow(), creds);
    const res = await helper.request().post('/iot-fleet/test/enapter-account').set('Content-Type', 'application/json').send({ id: 'enco', url, credentials: { token: '__PWRD__' } }).expect(200);
    res.body.should.containEql({ ok: false, code: 'NOT_CONFIGURED' });
    seen.should.have.length(0);
  });

  it('the stored token of the SAME type is used (and never echoed)', async () => {
    await load(['enco-account', 'enapter-account'], flow(), creds);
    const res = await helper.request().post('/iot-fleet/test/enapter-account').set('Content-Type', 'application/json').send({ id: 'enap', url, credentials: { token: '__PWRD__' } }).expect(200);
    res.body.should.eql({ ok: true });
    seen.should.have.length(1);
    seen[0].headers['x-enapter-auth-token'].should.equal(secrets.enapterToken);
  });

  for (const [name, type, body] of [
    ['an HTML form post', 'application/x-www-form-urlencoded', `id=enap&url=${encodeURIComponent(url)}`],
    ['text/plain holding JSON', 'text/plain', JSON.stringify({ id: 'enap', url })],
    ['multipart', 'multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="id"\r\n\r\nenap\r\n--x--'],
  ]) {
    it(`${name} -> 415, nothing sent`, async () => {
      await load(['enco-account', 'enapter-account'], flow(), creds);
      const res = await helper.request().post('/iot-fleet/test/enapter-account').set('Content-Type', type).send(body);
      res.status.should.equal(415);
      seen.should.have.length(0);
    });
  }
});
