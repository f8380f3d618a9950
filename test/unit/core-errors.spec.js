'use strict';
const should = require('should');
const { FleetError, codeForStatus, redact, scrub, REDACTED } = require('../../nodes/core/errors.js');
const { toFleetError } = require('../../nodes/core/node.js');
const { HttpClient, buildQuery } = require('../../nodes/core/http.js');

describe('core/errors', function () {
  const table = [
    [400, 'REJECTED'],
    [401, 'AUTH_FAILED'],
    [403, 'AUTH_FAILED'],
    [404, 'NOT_FOUND'],
    [405, 'REJECTED'],
    [409, 'CONFLICT'],
    [422, 'REJECTED'],
    [429, 'RATE_LIMITED'],
    [500, 'SERVER_ERROR'],
    [502, 'SERVER_ERROR'],
    [503, 'SERVER_ERROR'],
  ];
  for (const [status, code] of table) {
    it(`HTTP ${status} -> ${code}`, function () {
      codeForStatus(status).should.equal(code);
    });
  }

  it('redacts secret-named fields at any depth, keeps the rest', function () {
    const body = {
      user: { auth_token: 'abc', name: 'API User' },
      access_token: 'tok',
      config: { mqtt_credentials: { protocol: 'MQTTS', private_key: 'KEY', certificate: 'CERT', ca_chain: 'CA', password: 'p' } },
      list: [{ token: 't' }, { ok: 1 }],
      empty: { password: '' },
    };
    redact(body).should.eql({
      user: { auth_token: REDACTED, name: 'API User' },
      access_token: REDACTED,
      config: { mqtt_credentials: { protocol: 'MQTTS', private_key: REDACTED, certificate: REDACTED, ca_chain: REDACTED, password: REDACTED } },
      list: [{ token: REDACTED }, { ok: 1 }],
      empty: { password: '' },
    });
    body.user.auth_token.should.equal('abc'); // the original is untouched
  });

  it('FleetError: code, one sentence, redacted cause, toString is the sentence', function () {
    const e = new FleetError('AUTH_FAILED', 'Vendor answered HTTP 401: Bad credentials.', { statusCode: 401, body: { token: 'x', description: 'Bad credentials.' } });
    e.code.should.equal('AUTH_FAILED');
    e.statusCode.should.equal(401);
    e.cause.should.eql({ statusCode: 401, body: { token: REDACTED, description: 'Bad credentials.' } });
    String(e).should.equal('Vendor answered HTTP 401: Bad credentials.');
    Object.prototype.hasOwnProperty.call(e, 'code').should.be.true();
  });

  it('scrub removes secret values from a text', function () {
    scrub('token abcdef leaked abcdef', ['abcdef', undefined, 'xy']).should.equal(`token ${REDACTED} leaked ${REDACTED}`);
  });

  it('unexpected exceptions become a FleetError without the original object', function () {
    const err = Object.assign(new Error('boom'), { config: { headers: { Authorization: 'Bearer s3cret' } } });
    const fe = toFleetError(err);
    fe.should.be.instanceOf(FleetError);
    fe.message.should.equal('Unexpected error: boom');
    should.not.exist(fe.config);
    JSON.stringify(fe).should.not.containEql('s3cret');
  });

  it('statusError: vendor sentence, code from classify, secrets scrubbed', function () {
    const client = new HttpClient({
      vendor: 'Acme',
      baseURL: 'http://127.0.0.1:1',
      timeout: 1000,
      retries: 0,
      describe: (_s, b) => b && b.msg,
      classify: (s, b) => (b && /exists/.test(b.msg) ? 'CONFLICT' : undefined),
      secrets: () => ['SECRET123'],
    });
    const e1 = client.statusError(400, { msg: 'User already exists.' });
    e1.code.should.equal('CONFLICT');
    e1.message.should.equal('Acme answered HTTP 400: User already exists.');
    const e2 = client.statusError(422, { msg: 'token SECRET123 is wrong' });
    e2.code.should.equal('REJECTED');
    e2.message.should.not.containEql('SECRET123');
    client.statusError(502, '<html><body>Bad gateway</body></html>').message.should.equal('Acme answered HTTP 502: Bad gateway.');
    client.destroy();
  });

  it('buildQuery: arrays comma-joined, empty values dropped, encoded', function () {
    buildQuery({ keys: ['cell.rssi', 'uptime'], a: '', b: undefined, c: null, d: 0, e: 'x y&z' }).should.equal('?keys=cell.rssi%2Cuptime&d=0&e=x%20y%26z');
    buildQuery({}).should.equal('');
  });
});
