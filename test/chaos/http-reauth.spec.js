'use strict';
// The re-authentication rule of core/http under token expiry during a long retry sequence (what
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
