'use strict';
require('should');
const { TokenCache, refreshMargin } = require('../../nodes/core/token.js');
const { tokenAuth, staticAuth } = require('../../nodes/core/auth.js');

function deferred() {
  let resolve, reject;
  const p = new Promise((res, rej) => ((resolve = res), (reject = rej)));
  return { p, resolve, reject };
}

describe('core/token: TokenCache', function () {
  it('refresh margin: max(60 s, 10%), never before half the lifetime', function () {
    const table = [
      [3600_000, 360_000],
      [600_000, 60_000],
      [100_000, 60_000],
      [60_000, 30_000],
      [30_000, 15_000],
    ];
    for (const [life, margin] of table) refreshMargin(life).should.equal(margin);
  });

  it('single-flight: 200 concurrent callers share one token request', async function () {
    let calls = 0;
    const d = deferred();
    const cache = new TokenCache(() => {
      calls++;
      return d.p;
    });
    const waiting = Array.from({ length: 200 }, () => cache.get());
    d.resolve({ token: 'T1', lifetimeMs: 3600_000 });
    const tokens = await Promise.all(waiting);
    calls.should.equal(1);
    tokens.every((t) => t === 'T1').should.be.true();
    (await cache.get()).should.equal('T1');
    calls.should.equal(1);
  });

  it('in the refresh window: hands out the old token and fetches one new in the background', async function () {
    let now = 0;
    let n = 0;
    const cache = new TokenCache(async () => ({ token: `T${++n}`, lifetimeMs: 3600_000 }), () => now);
    (await cache.get()).should.equal('T1');
    now = 3600_000 - 100_000; // inside the 360 s window, still valid
    (await cache.get()).should.equal('T1');
    await new Promise((r) => setImmediate(r));
    (await cache.get()).should.equal('T2');
    cache.requests.should.equal(2);
  });

  it('after expiry: callers wait for exactly one new token', async function () {
    let now = 0;
    let n = 0;
    const cache = new TokenCache(async () => ({ token: `T${++n}`, lifetimeMs: 1000_000 }), () => now);
    await cache.get();
    now = 2000_000;
    const got = await Promise.all([cache.get(), cache.get(), cache.get()]);
    got.should.eql(['T2', 'T2', 'T2']);
    cache.requests.should.equal(2);
  });

  it('the same token handed back (EnCo) with less lifetime left is used until it really expires', async function () {
    let now = 0;
    const lives = [3600_000, 300_000, 40_000];
    const cache = new TokenCache(async () => ({ token: 'SAME', lifetimeMs: lives.shift() ?? 3600_000 }), () => now);
    await cache.get();
    now = 3300_000; // window: refresh in background, the same token comes back with 300 s
    await cache.get();
    await new Promise((r) => setImmediate(r));
    now = 3310_000;
    (await cache.get()).should.equal('SAME');
    cache.requests.should.equal(2);
  });

  it('invalidate drops only the token that was rejected', async function () {
    let n = 0;
    const cache = new TokenCache(async () => ({ token: `T${++n}` }));
    await cache.get();
    cache.invalidate('T0-old');
    (await cache.get()).should.equal('T1');
    cache.invalidate('T1');
    (await cache.get()).should.equal('T2');
  });

  it('a failed token request rejects all waiters and the next call tries again', async function () {
    let n = 0;
    const cache = new TokenCache(async () => {
      if (++n === 1) throw new Error('denied');
      return { token: 'OK' };
    });
    const results = await Promise.allSettled([cache.get(), cache.get()]);
    results.map((r) => r.status).should.eql(['rejected', 'rejected']);
    (await cache.get()).should.equal('OK');
    n.should.equal(2);
  });

  it('tokenAuth: a 401 invalidates the token that was sent, once; staticAuth never re-authenticates', async function () {
    let n = 0;
    const cache = new TokenCache(async () => ({ token: `T${++n}` }));
    const auth = tokenAuth(cache, (t) => ({ Authorization: `Bearer ${t}` }));
    const h1 = await auth.headers();
    h1.should.eql({ Authorization: 'Bearer T1' });
    auth.invalidate(h1).should.be.true();
    (await auth.headers()).should.eql({ Authorization: 'Bearer T2' });
    auth.invalidate({ Authorization: 'Bearer T1' }).should.be.false();
    staticAuth(() => ({ 'X-Key': 'k' })).invalidate({}).should.be.false();
  });
});
