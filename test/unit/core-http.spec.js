'use strict';
const should = require('should');
const { Sim } = require('../sim/framework');
const { HttpClient } = require('../../nodes/core/http.js');
const { TokenCache } = require('../../nodes/core/token.js');
const { tokenAuth, staticAuth } = require('../../nodes/core/auth.js');

describe('core/http: HttpClient against a simulator', function () {
  let sim;
  let url;
  let validToken;
  before(async function () {
    sim = new Sim('Acme');
    sim.route('GET', '/thing', (req) => (req.headers.authorization === `Bearer ${validToken}` ? { status: 200, body: { ok: true } } : { status: 401, body: { msg: 'bad token' } }));
    sim.route('PUT', '/thing', () => ({ status: 200, body: { put: true } }));
    sim.route('POST', '/thing', () => ({ status: 201, body: { created: true } }));
    url = await sim.start();
  });
  after(() => sim.stop());
  beforeEach(() => {
    sim.clearLog();
    sim.clearFaults();
    validToken = 'T1';
  });

  function client(extra = {}) {
    return new HttpClient({ vendor: 'Acme', baseURL: url, timeout: 500, retries: 3, backoffBaseMs: 5, describe: (_s, b) => b && b.msg, ...extra });
  }
  let n;
  function auth() {
    n = 0;
    const cache = new TokenCache(async () => ({ token: `T${++n}` }));
    return { cache, auth: tokenAuth(cache, (t) => ({ Authorization: `Bearer ${t}` })) };
  }

  it('a 401 re-authenticates once and repeats the request', async function () {
    const c = client();
    const { auth: a, cache } = auth();
    await c.request({ method: 'GET', path: '/thing', auth: a });
    validToken = 'T2'; // the vendor rotated the token
    const res = await c.request({ method: 'GET', path: '/thing', auth: a });
    res.body.should.eql({ ok: true });
    cache.requests.should.equal(2);
    sim.requests({ path: '/thing' }).length.should.equal(3);
    c.destroy();
  });

  it('a second 401 after re-authentication is AUTH_FAILED, never a loop', async function () {
    const c = client();
    const { auth: a, cache } = auth();
    validToken = 'never';
    const err = await c.request({ method: 'GET', path: '/thing', auth: a }).catch((e) => e);
    err.code.should.equal('AUTH_FAILED');
    err.message.should.equal('Acme answered HTTP 401: bad token.');
    cache.requests.should.equal(2);
    sim.requests({ path: '/thing' }).length.should.equal(2);
    c.destroy();
  });

  it('GET: 503, 502, 504 and 429 are retried; 500 is not', async function () {
    const c = client();
    const a = staticAuth(() => ({ Authorization: 'Bearer T1' }));
    sim.inject({ match: { method: 'GET' }, status: 503, times: 1 });
    sim.inject({ match: { method: 'GET' }, status: 502, times: 1 });
    sim.inject({ match: { method: 'GET' }, status: 504, times: 1 });
    (await c.request({ method: 'GET', path: '/thing', auth: a })).status.should.equal(200);
    sim.requests().length.should.equal(4);
    sim.clearLog();
    sim.inject({ match: { method: 'GET' }, status: 429, retryAfter: 0, times: 1 });
    (await c.request({ method: 'GET', path: '/thing', auth: a })).status.should.equal(200);
    sim.requests().length.should.equal(2);
    sim.clearLog();
    sim.clearFaults();
    sim.inject({ match: { method: 'GET' }, status: 500, body: { msg: 'kaputt' } });
    const err = await c.request({ method: 'GET', path: '/thing', auth: a }).catch((e) => e);
    err.code.should.equal('SERVER_ERROR');
    err.cause.statusCode.should.equal(500);
    sim.requests().length.should.equal(1);
    c.destroy();
  });

  it('retries stop after `retries` extra attempts', async function () {
    const c = client({ retries: 2 });
    sim.inject({ match: { method: 'PUT' }, status: 503 });
    const err = await c.request({ method: 'PUT', path: '/thing', body: {} }).catch((e) => e);
    err.code.should.equal('SERVER_ERROR');
    sim.requests().length.should.equal(3);
    c.destroy();
  });

  it('GET: a reset connection and a slow answer are retried', async function () {
    const c = client();
    const a = staticAuth(() => ({ Authorization: 'Bearer T1' }));
    sim.inject({ match: { method: 'GET' }, reset: true, times: 1 });
    sim.inject({ match: { method: 'GET' }, delayMs: 800, times: 1 });
    (await c.request({ method: 'GET', path: '/thing', auth: a })).status.should.equal(200);
    sim.requests().length.should.equal(3);
    c.destroy();
  });

  it('POST: 502/503/504, resets and timeouts are not retried; 429 is', async function () {
    const c = client();
    for (const fault of [{ status: 502 }, { status: 503 }, { status: 504 }, { reset: true }, { delayMs: 800 }]) {
      sim.clearLog();
      sim.clearFaults();
      sim.inject({ match: { method: 'POST' }, times: 1, ...fault });
      const err = await c.request({ method: 'POST', path: '/thing', body: { a: 1 } }).catch((e) => e);
      should.exist(err.code, JSON.stringify(fault));
      sim.requests().length.should.equal(1, JSON.stringify(fault));
    }
    sim.clearLog();
    sim.clearFaults();
    sim.inject({ match: { method: 'POST' }, status: 429, retryAfter: 0, times: 2 });
    (await c.request({ method: 'POST', path: '/thing', body: {} })).status.should.equal(201);
    sim.requests().length.should.equal(3);
    c.destroy();
  });

  it('timeouts and refused connections map to TIMEOUT and NETWORK', async function () {
    const c = client({ retries: 0 });
    sim.inject({ match: { method: 'GET' }, delayMs: 800, times: 1 });
    const t = await c.request({ method: 'GET', path: '/thing' }).catch((e) => e);
    t.code.should.equal('TIMEOUT');
    t.message.should.equal('Acme did not answer within 500 ms.');
    c.destroy();
    const refused = new HttpClient({ vendor: 'Acme', baseURL: 'http://127.0.0.1:9', timeout: 500, retries: 0 });
    const r = await refused.request({ method: 'GET', path: '/' }).catch((e) => e);
    r.code.should.equal('NETWORK');
    r.message.should.match(/Could not reach Acme at 127.0.0.1:9 \(ECONNREFUSED\)/);
    refused.destroy();
  });

  it('reuses keep-alive connections across requests', async function () {
    const c = client();
    const sockets = new Set();
    const onConn = (s) => sockets.add(s);
    sim.server.on('connection', onConn);
    for (let i = 0; i < 5; i++) await c.request({ method: 'PUT', path: '/thing', body: { i } });
    sim.server.removeListener('connection', onConn);
    sockets.size.should.be.belowOrEqual(1);
    c.destroy();
  });
});
