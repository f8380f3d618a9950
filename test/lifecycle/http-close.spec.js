'use strict';
// HttpClient.destroy() (an account closing on redeploy) under traffic: the request in flight
// completes, a retry that runs after the close still works, and no keep-alive socket is left
// open afterwards (before the fix, agent.destroy() cut the request in flight and its retry
// opened a new keep-alive socket that nobody closed: the lifecycle suite counted 34 of them).
require('should');
const { Sim } = require('../sim/framework');
const { HttpClient } = require('../../nodes/core/http.js');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

describe('core/http: destroy() while requests are in flight', function () {
  let sim;
  let url;
  before(async function () {
    sim = new Sim('Acme', { seed: 5 });
    sim.route('GET', '/slow', async () => {
      await sleep(150);
      return { status: 200, body: { ok: true } };
    });
    sim.route('GET', '/fast', () => ({ status: 200, body: { ok: true } }));
    url = await sim.start();
  });
  after(() => sim.stop());
  beforeEach(() => {
    sim.clearFaults();
    sim.clearLog();
  });

  const client = () => new HttpClient({ vendor: 'Acme', baseURL: url, timeout: 2000, retries: 3, backoffBaseMs: 100 });

  it('idle keep-alive sockets close at once', async function () {
    const c = client();
    await Promise.all([1, 2, 3].map(() => c.request({ method: 'GET', path: '/fast' })));
    sim.sockets.size.should.be.above(0);
    c.destroy();
    await sleep(50);
    sim.sockets.size.should.equal(0);
  });

  it('a request in flight completes, then its socket closes', async function () {
    const c = client();
    const pending = c.request({ method: 'GET', path: '/slow' });
    await sleep(30);
    c.destroy();
    const res = await pending;
    res.body.should.eql({ ok: true });
    await sleep(50);
    sim.sockets.size.should.equal(0);
  });

  it('a retry that runs after the close succeeds and leaves no socket open', async function () {
    const c = client();
    sim.inject({ match: { path: '/fast' }, status: 503, times: 1 });
    const pending = c.request({ method: 'GET', path: '/fast' });
    await sleep(20); // the 503 came back; the retry waits its backoff
    c.destroy();
    const res = await pending;
    res.status.should.equal(200);
    sim.requests({ path: '/fast' }).length.should.equal(2);
    await sleep(50);
    sim.sockets.size.should.equal(0);
  });
});
