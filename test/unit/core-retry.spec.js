'use strict';
require('should');
const { isRetryable, parseRetryAfter, backoffDelay } = require('../../nodes/core/retry.js');

describe('core/retry: which attempts are repeated (SPEC 3.6)', function () {
  const table = [
    // method, outcome, retryable
    ['GET', { kind: 'status', status: 429 }, true],
    ['GET', { kind: 'status', status: 500 }, false],
    ['GET', { kind: 'status', status: 502 }, true],
    ['GET', { kind: 'status', status: 503 }, true],
    ['GET', { kind: 'status', status: 504 }, true],
    ['GET', { kind: 'status', status: 400 }, false],
    ['GET', { kind: 'status', status: 404 }, false],
    ['GET', { kind: 'network' }, true],
    ['GET', { kind: 'timeout' }, true],
    ['GET', { kind: 'refused' }, true],
    ['PUT', { kind: 'status', status: 503 }, true],
    ['PUT', { kind: 'status', status: 500 }, false],
    ['PUT', { kind: 'timeout' }, true],
    ['DELETE', { kind: 'status', status: 502 }, true],
    ['DELETE', { kind: 'network' }, true],
    ['POST', { kind: 'status', status: 429 }, true],
    ['POST', { kind: 'status', status: 502 }, false],
    ['POST', { kind: 'status', status: 503 }, false],
    ['POST', { kind: 'status', status: 504 }, false],
    ['POST', { kind: 'status', status: 500 }, false],
    ['POST', { kind: 'network' }, false],
    ['POST', { kind: 'timeout' }, false],
    ['POST', { kind: 'refused' }, true],
  ];
  for (const [method, outcome, expected] of table) {
    it(`${method} ${outcome.kind}${outcome.status ? ' ' + outcome.status : ''} -> ${expected ? 'retry' : 'no retry'}`, function () {
      isRetryable(method, outcome).should.equal(expected);
    });
  }
});

describe('core/retry: Retry-After', function () {
  const now = Date.parse('2026-11-22T10:00:00Z');
  const table = [
    ['3', 3000],
    ['0', 0],
    ['1.5', 1500],
    [' 2 ', 2000],
    ['Sun, 22 Nov 2026 10:00:05 GMT', 5000],
    ['Sun, 22 Nov 2026 09:59:00 GMT', 0],
    ['soon', undefined],
    ['', undefined],
    [undefined, undefined],
    [null, undefined],
  ];
  for (const [value, ms] of table) {
    it(`${JSON.stringify(value)} -> ${ms}`, function () {
      const got = parseRetryAfter(value, now);
      if (ms === undefined) (got === undefined).should.be.true();
      else got.should.equal(ms);
    });
  }
});

describe('core/retry: backoff', function () {
  const opts = (r) => ({ baseMs: 100, maxMs: 1000, random: () => r });
  it('grows exponentially with equal jitter', function () {
    backoffDelay(0, undefined, opts(0)).should.equal(50);
    backoffDelay(0, undefined, opts(1)).should.equal(100);
    backoffDelay(1, undefined, opts(0)).should.equal(100);
    backoffDelay(2, undefined, opts(1)).should.equal(400);
  });
  it('is capped at maxMs', function () {
    backoffDelay(10, undefined, opts(1)).should.equal(1000);
  });
  it('honours Retry-After (capped at maxMs)', function () {
    backoffDelay(0, 700, opts(0.5)).should.equal(700);
    backoffDelay(0, 5000, opts(0.5)).should.equal(1000);
  });
});
