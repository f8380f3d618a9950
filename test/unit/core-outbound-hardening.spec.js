'use strict';
// SPEC 3.6 as changed by issue 11: the whole-attempt timeout, retries that never turn a success
// into a failure, redaction of encoded secrets, the e-mail validator's length check.
const http = require('http');
require('should');
const { HttpClient } = require('../../nodes/core/http.js');
const { scrub, scrubDeep } = require('../../nodes/core/errors.js');
const { email } = require('../../nodes/core/validate.js');
const { EncloudApi, buildUserRequest } = require('../../nodes/encloud/api.js');

/** A server whose handler is swapped per test; counts requests per method. */
function server() {
  const s = { handler: null, count: {}, sockets: new Set() };
  s.srv = http.createServer((req, res) => {
    s.count[req.method] = (s.count[req.method] || 0) + 1;
    req.resume();
    req.on('end', () => s.handler(req, res, s.count[req.method]));
  });
  s.srv.on('connection', (c) => {
    s.sockets.add(c);
    c.on('close', () => s.sockets.delete(c));
  });
  s.start = () => new Promise((r) => s.srv.listen(0, '127.0.0.1', () => r(`http://127.0.0.1:${s.srv.address().port}`)));
  s.stop = () => {
    for (const c of s.sockets) c.destroy();
    return new Promise((r) => s.srv.close(() => r()));
  };
  return s;
}

describe('core/http under a hostile or slow server (issue 11)', function () {
  this.timeout(10000);
  const s = server();
  let url;
  const timers = new Set();
  before(async () => {
    url = await s.start();
  });
  after(() => {
    for (const t of timers) clearInterval(t);
    return s.stop();
  });
  beforeEach(() => {
    s.count = {};
  });
  const client = (extra = {}) => new HttpClient({ vendor: 'Acme', baseURL: url, timeout: 400, retries: 0, backoffBaseMs: 5, ...extra });

  it('a server answering byte by byte: TIMEOUT at `timeout` (the whole attempt), not when it finishes', async function () {
    s.handler = (req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': 200 });
      res.write('{"a":"');
      const t = setInterval(() => {
        if (res.destroyed || res.writableEnded) return clearInterval(t);
        res.write('x');
      }, 50);
      timers.add(t);
    };
    const c = client();
    const t0 = Date.now();
    const err = await c.request({ method: 'GET', path: '/slow' }).catch((e) => e);
    const ms = Date.now() - t0;
    err.code.should.equal('TIMEOUT');
    ms.should.be.within(350, 1500);
    c.destroy();
  });

  it('DELETE: an attempt that timed out (but did its work), then 404 on the retry -> success with status 404', async function () {
    let deleted = false;
    s.handler = (req, res, n) => {
      if (n === 1) {
        deleted = true;
        setTimeout(() => res.end('{}'), 700); // answered too late
        return;
      }
      res.writeHead(deleted ? 404 : 204, { 'Content-Type': 'application/json' });
      res.end(deleted ? '{"error":"not found"}' : '');
    };
    const c = client({ retries: 2 });
    const r = await c.request({ method: 'DELETE', path: '/thing' });
    r.status.should.equal(404);
    s.count.DELETE.should.equal(2);
    c.destroy();
  });

  it('DELETE: 503 then 404 -> success with status 404; a 404 on the first attempt stays NOT_FOUND', async function () {
    s.handler = (req, res, n) => {
      res.writeHead(n === 1 ? 503 : 404, { 'Content-Type': 'application/json' });
      res.end('{}');
    };
    const c = client({ retries: 2 });
    (await c.request({ method: 'DELETE', path: '/thing' })).status.should.equal(404);
    s.count = {};
    s.handler = (req, res) => {
      res.writeHead(404, { 'Content-Type': 'application/json' });
      res.end('{}');
    };
    const err = await c.request({ method: 'DELETE', path: '/thing' }).catch((e) => e);
    err.code.should.equal('NOT_FOUND');
    c.destroy();
  });

  it('a PUT marked retryAs POST is not retried after a timeout (a plain PUT is)', async function () {
    s.handler = (req, res) => setTimeout(() => res.end('{}'), 700);
    const c = client({ retries: 2 });
    (await c.request({ method: 'PUT', path: '/u', body: {}, retryAs: 'POST' }).catch((e) => e)).code.should.equal('TIMEOUT');
    s.count.PUT.should.equal(1);
    s.count = {};
    (await c.request({ method: 'PUT', path: '/u', body: {} }).catch((e) => e)).code.should.equal('TIMEOUT');
    s.count.PUT.should.equal(3);
    c.destroy();
  });

  it('enCloud update with changed_email is retried like a POST (one PUT after a timeout); without it like a PUT', async function () {
    s.handler = (req, res) => {
      if (req.url.startsWith('/integration/users/authorise')) {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        return res.end(JSON.stringify({ user: { auth_token: 'tok-1234', name: 'A', email: 'a@example.com' } }));
      }
      setTimeout(() => res.end('{}'), 700);
    };
    const api = new EncloudApi({ baseURL: url, timeout: 400, retries: 2, backoffBaseMs: 5 }, () => ({ email: 'api@example.com', password: 'pw-123456', apiKey: 'key-123456' }));
    const rename = buildUserRequest('update', { email: 'a@example.com', changed_email: 'b@example.com' });
    (await api.user(rename).catch((e) => e)).code.should.equal('TIMEOUT');
    s.count.PUT.should.equal(1);
    s.count = {};
    (await api.user(buildUserRequest('update', { email: 'a@example.com', name: 'B' })).catch((e) => e)).code.should.equal('TIMEOUT');
    s.count.PUT.should.equal(3);
    api.http.destroy();
  });
});

describe('redaction of encoded secrets (issue 11)', function () {
  const secret = 'Sx9/+q=Secret-Value';
  it('URL-encoded (upper/lower hex, form style) and base64 / base64url forms, also inside a longer encoded string', function () {
    const texts = [
      encodeURIComponent(secret),
      encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
      new URLSearchParams({ s: secret }).toString(),
      Buffer.from(secret).toString('base64'),
      Buffer.from(secret).toString('base64url'),
      Buffer.from('user:' + secret).toString('base64'),
      Buffer.from('ab:' + secret).toString('base64url'),
      Buffer.from('x' + secret + 'yz').toString('base64'),
    ];
    for (const t of texts) {
      const out = scrub(`before ${t} after`, [secret]);
      out.should.containEql('[redacted]');
      out.should.not.containEql(t);
    }
  });
  it('scrubDeep applies the same forms to nested values', function () {
    const out = scrubDeep({ a: [{ url: `/x?secret=${encodeURIComponent(secret)}` }] }, [secret]);
    JSON.stringify(out).should.not.containEql(encodeURIComponent(secret));
  });
});

describe('e-mail validation checks the length first (issue 11)', function () {
  it('a 40 KB string is refused at once (INVALID_INPUT); 254 characters is the limit', function () {
    const t0 = Date.now();
    let err;
    try {
      email({ e: 'a@' + 'a'.repeat(40000) }, 'e');
    } catch (e) {
      err = e;
    }
    (Date.now() - t0).should.be.below(50);
    err.code.should.equal('INVALID_INPUT');
    email({ e: 'a'.repeat(240) + '@example.com' }, 'e').length.should.equal(252);
    (() => email({ e: 'a'.repeat(243) + '@example.com' }, 'e')).should.throw(/e-mail/);
  });
});
