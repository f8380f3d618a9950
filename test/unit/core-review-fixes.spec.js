'use strict';
// Regression tests for the review of the shared mechanisms: retry budget of token requests,
// secrets removed from error causes by value, body-less requests, the EnCo token kept until it
// expires, secret-named fields never echoed by validation, repeated query parameters.
const should = require('should');
const { Sim } = require('../sim/framework');
const encoSim = require('../sim/enco-sim');
const secrets = require('../lib/secrets');
const { HttpClient, buildQuery, multi } = require('../../nodes/core/http.js');
const { TokenCache } = require('../../nodes/core/token.js');
const { EncoConnection } = require('../../nodes/enco/auth.js');
const v = require('../../nodes/core/validate.js');

describe('review fixes: shared mechanisms', function () {
  describe('a failing token endpoint sees at most 1 + retries token requests per msg', function () {
    let sim;
    let url;
    before(async function () {
      sim = encoSim.create({ clients: { [secrets.encoClientId]: secrets.encoClientSecret } });
      url = await sim.start();
    });
    after(() => sim.stop());

    for (const fault of [{ status: 503 }, { status: 429, retryAfter: 0 }, { reset: true }]) {
      it(`/token answering ${JSON.stringify(fault)}: 4 token requests with retries 3, then the error`, async function () {
        sim.clearLog();
        sim.clearFaults();
        sim.inject({ match: { path: '/token' }, ...fault });
        const conn = new EncoConnection({ baseURL: url, timeout: 2000, retries: 3, backoffBaseMs: 5 }, 'client', () => ({
          clientId: secrets.encoClientId,
          clientSecret: secrets.encoClientSecret,
        }));
        const err = await conn.http.request({ method: 'GET', path: '/mythings/1.1.0/status', auth: conn.auth() }).catch((e) => e);
        should.exist(err.code);
        sim.requests({ path: '/token' }).length.should.equal(4);
        sim.requests({ path: '/mythings/1.1.0/status' }).length.should.equal(0);
        conn.destroy();
      });
    }
  });

  describe('error causes and messages', function () {
    let sim;
    let url;
    before(async function () {
      sim = new Sim('Acme');
      sim.route('POST', '/echo', (req) => ({
        status: 400,
        body: { message: `token ${req.headers['x-key']} and ${req.headers['x-callback-token']} are wrong`, details: { given: [req.headers['x-key']] } },
      }));
      sim.route('POST', '/empty', (req) => ({ status: 200, body: { contentType: req.headers['content-type'] ?? null, length: req.raw.length } }));
      url = await sim.start();
    });
    after(() => sim.stop());

    it('a secret echoed by the vendor is removed from err.message AND err.cause.body', async function () {
      const c = new HttpClient({ vendor: 'Acme', baseURL: url, timeout: 1000, retries: 0, describe: (_s, b) => b && b.message, secrets: () => ['ACCOUNT-SECRET-1'] });
      const err = await c
        .request({ method: 'POST', path: '/echo', body: {}, headers: { 'x-key': 'ACCOUNT-SECRET-1', 'x-callback-token': 'CALL-SECRET-2' }, secrets: ['CALL-SECRET-2'] })
        .catch((e) => e);
      err.code.should.equal('REJECTED');
      const seen = JSON.stringify({ message: err.message, cause: err.cause });
      seen.should.not.containEql('ACCOUNT-SECRET-1');
      seen.should.not.containEql('CALL-SECRET-2');
      err.message.should.equal('Acme answered HTTP 400: token [redacted] and [redacted] are wrong.');
      err.cause.body.details.given.should.eql(['[redacted]']);
      c.destroy();
    });

    it('a POST without a body is sent without any Content-Type (no form default)', async function () {
      const c = new HttpClient({ vendor: 'Acme', baseURL: url, timeout: 1000, retries: 0 });
      const res = await c.request({ method: 'POST', path: '/empty' });
      res.body.should.eql({ contentType: null, length: 0 });
      const withBody = await c.request({ method: 'POST', path: '/empty', body: { a: 1 } });
      withBody.body.contentType.should.equal('application/json');
      c.destroy();
    });
  });

  it('token cache: the same token handed back early is kept until it expires (no halving refreshes)', async function () {
    let now = 0;
    const lives = [3600_000, 360_000];
    let requests = 0;
    const cache = new TokenCache(async () => {
      requests++;
      return { token: 'SAME', lifetimeMs: lives.shift() ?? 3600_000 };
    }, () => now);
    await cache.get();
    for (now = 3300_000; now < 3600_000; now += 5_000) {
      (await cache.get()).should.equal('SAME');
      await new Promise((r) => setImmediate(r));
    }
    requests.should.equal(2);
  });

  it('validation never echoes the value of a secret-named field', function () {
    let err;
    try {
      v.hex({ applicationKey: 'SECRETKEY' }, 'applicationKey', 32);
    } catch (e) {
      err = e;
    }
    err.code.should.equal('INVALID_INPUT');
    err.message.should.equal('applicationKey must be 32 hexadecimal characters (got 9 characters).');
    (() => v.hex({ devEUI: 'XYZ' }, 'devEUI', 16)).should.throw(/got "XYZ"/);
  });

  it('multi(): a list as repeated query parameters', function () {
    buildQuery({ tags: multi(['a b', 'c']), keys: ['x', 'y'], none: multi(undefined) }).should.equal('?tags=a%20b&tags=c&keys=x%2Cy');
  });
});
