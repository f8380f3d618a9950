'use strict';
// The token rules of core/http under chaos. The re-authentication rule of core/http under token expiry during a long retry sequence (what
// the chaos suite provokes: a token expiry every 2 s while 429s with Retry-After stretch a read):
// one re-authentication per 401, never two in a row, bounded by `retries`.
require('should');
const { Sim } = require('../sim/framework');
const { HttpClient } = require('../../nodes/core/http.js');
const { TokenCache } = require('../../nodes/core/token.js');
const { tokenAuth } = require('../../nodes/core/auth.js');

describe('core/http: token expiry in the middle of retries', function () {
  let sim;
  let url;
  let valid;
  let script;
  before(async function () {
    sim = new Sim('Acme');
    // each request takes the next scripted answer: 'ok' | 'expire' (the token dies, then 401) | a status
    sim.route('GET', '/r', (req) => {
      const step = script.shift() || 'ok';
      if (step === 'expire') valid = null;
      if (req.headers.authorization !== `Bearer ${valid}`) return { status: 401, body: { msg: 'expired' } };
      if (typeof step === 'number') return { status: step, body: { msg: 'busy' }, headers: step === 429 ? { 'Retry-After': '0' } : {} };
      return { status: 200, body: { ok: true } };
    });
    url = await sim.start();
  });
  after(() => sim.stop());

  function setup(retries = 5) {
    let n = 0;
    const cache = new TokenCache(async () => {
      valid = `T${++n}`;
      return { token: valid };
    });
    const c = new HttpClient({ vendor: 'Acme', baseURL: url, timeout: 1000, retries, backoffBaseMs: 1, describe: (_s, b) => b && b.msg });
    return { c, cache, auth: tokenAuth(cache, (t) => ({ Authorization: `Bearer ${t}` })) };
  }

  it('401, re-auth, 503, the new token expires too (401): re-authenticates again and succeeds', async function () {
    const { c, cache, auth } = setup();
    await cache.get();
    script = ['expire', 503, 'expire', 'ok'];
    const res = await c.request({ method: 'GET', path: '/r', auth });
    res.body.should.eql({ ok: true });
    cache.requests.should.equal(3);
    c.destroy();
  });

  it('a 401 right after a re-authentication is AUTH_FAILED (never two in a row)', async function () {
    const { c, cache, auth } = setup();
    await cache.get();
    script = ['expire', 'expire', 'ok'];
    const err = await c.request({ method: 'GET', path: '/r', auth }).catch((e) => e);
    err.code.should.equal('AUTH_FAILED');
    cache.requests.should.equal(2);
    c.destroy();
  });

  it('401 / 503 alternating forever stops after `retries`: bounded, never a loop', async function () {
    const { c, cache, auth } = setup(3);
    await cache.get();
    script = Array.from({ length: 40 }, (_, i) => (i % 2 ? 503 : 'expire'));
    sim.clearLog();
    const err = await c.request({ method: 'GET', path: '/r', auth }).catch((e) => e);
    ['AUTH_FAILED', 'SERVER_ERROR'].should.containEql(err.code);
    sim.requests({ path: '/r' }).length.should.be.belowOrEqual(2 * (3 + 1));
    c.destroy();
  });
});

describe('core/http: a token request that fails for a passing reason', function () {
  let sim;
  let url;
  before(async function () {
    sim = new Sim('Acme');
    sim.route('GET', '/r', () => ({ status: 200, body: { ok: true } }));
    sim.route('POST', '/w', () => ({ status: 201, body: { created: true } }));
    url = await sim.start();
  });
  after(() => sim.stop());

  const { FleetError } = require('../../nodes/core/errors.js');
  function setup(failures, retries = 3) {
    const script = [...failures];
    const cache = new TokenCache(async () => {
      const code = script.shift();
      if (code) throw new FleetError(code, `token request failed (${code})`);
      return { token: 'T' };
    });
    const c = new HttpClient({ vendor: 'Acme', baseURL: url, timeout: 1000, retries, backoffBaseMs: 1 });
    return { c, cache, auth: tokenAuth(cache, (t) => ({ Authorization: `Bearer ${t}` })) };
  }

  for (const code of ['SERVER_ERROR', 'NETWORK', 'TIMEOUT', 'RATE_LIMITED']) {
    it(`${code} from the token request: the GET tries again (a new token request) and succeeds`, async function () {
      const { c, cache, auth } = setup([code]);
      sim.clearLog();
      const res = await c.request({ method: 'GET', path: '/r', auth });
      res.body.should.eql({ ok: true });
      cache.requests.should.equal(2);
      sim.requests({ path: '/r' }).length.should.equal(1);
      c.destroy();
    });
  }

  it('a POST whose token request failed was never sent: it tries again and is sent exactly once', async function () {
    const { c, cache, auth } = setup(['SERVER_ERROR', 'NETWORK']);
    sim.clearLog();
    const res = await c.request({ method: 'POST', path: '/w', body: {}, auth });
    res.status.should.equal(201);
    cache.requests.should.equal(3);
    sim.requests({ path: '/w' }).length.should.equal(1);
    c.destroy();
  });

  it('AUTH_FAILED from the token request ends at once (rejected credentials are not retried)', async function () {
    const { c, cache, auth } = setup(['AUTH_FAILED']);
    sim.clearLog();
    const err = await c.request({ method: 'GET', path: '/r', auth }).catch((e) => e);
    err.code.should.equal('AUTH_FAILED');
    cache.requests.should.equal(1);
    sim.requests({ path: '/r' }).length.should.equal(0);
    c.destroy();
  });

  it('a token request that keeps failing: bounded by `retries`, the last error', async function () {
    const { c, cache, auth } = setup(Array(20).fill('SERVER_ERROR'), 2);
    const err = await c.request({ method: 'GET', path: '/r', auth }).catch((e) => e);
    err.code.should.equal('SERVER_ERROR');
    cache.requests.should.equal(3);
    c.destroy();
  });
});
