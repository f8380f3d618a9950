'use strict';
const should = require('should');
const { checkPath, requestMethod, requestQuery, requestHeaders, prepareRequest, canonicalPath, answerHeaders } = require('../../nodes/core/request.js');
const { escapes, accepted } = require('../lib/path-escapes');

describe('core/request: the request nodes rules (SPEC 10)', function () {
  describe('checkPath refuses every escape form with INVALID_INPUT', function () {
    for (const [name, path] of escapes) {
      it(`refuses ${name}: ${JSON.stringify(path)}`, function () {
        let err;
        try {
          checkPath(path);
        } catch (e) {
          err = e;
        }
        should.exist(err, `accepted ${JSON.stringify(path)}`);
        err.code.should.equal('INVALID_INPUT');
        if (typeof path === 'string' && path.length > 3) err.message.should.not.containEql(path.trim());
      });
    }
    for (const path of accepted) {
      it(`accepts ${path}`, function () {
        checkPath(path).should.equal(path);
      });
    }
  });

  it('method: GET by default, msg.method over the property, any case; other verbs refused', function () {
    requestMethod(undefined, undefined).should.equal('GET');
    requestMethod(undefined, 'PUT').should.equal('PUT');
    requestMethod('patch', 'PUT').should.equal('PATCH');
    for (const bad of ['HEAD', 'OPTIONS', 'TRACE', 'CONNECT', 'G ET', 7]) (() => requestMethod(bad, 'GET')).should.throw({ code: 'INVALID_INPUT' });
  });

  it('query: an object of scalars or lists; anything else refused', function () {
    should(requestQuery(undefined)).be.undefined();
    requestQuery({ a: 1, b: 'x', c: [1, 2], d: true }).should.eql({ a: 1, b: 'x', c: [1, 2], d: true });
    (() => requestQuery('a=1')).should.throw({ code: 'INVALID_INPUT' });
    (() => requestQuery({ a: { b: 1 } })).should.throw({ code: 'INVALID_INPUT' });
    (() => requestQuery([1])).should.throw({ code: 'INVALID_INPUT' });
  });

  it('headers: the authentication and framing headers are dropped in any case; injection refused', function () {
    const { headers, contentType } = requestHeaders({
      AUTHORIZATION: 'Bearer mine',
      'api-key': 'x',
      'Api-Key': 'y',
      'x-enapter-auth-token': 't',
      'X-API-KEY': 'k',
      Host: 'evil.example',
      'content-length': '1',
      'Content-Type': 'text/csv',
      'X-Trace': 'abc',
    });
    headers.should.eql({ 'X-Trace': 'abc' });
    contentType.should.equal('text/csv');
    (() => requestHeaders({ 'X-A': 'a\r\nAuthorization: x' })).should.throw({ code: 'INVALID_INPUT' });
    (() => requestHeaders({ 'Bad Name': 'a' })).should.throw({ code: 'INVALID_INPUT' });
    (() => requestHeaders({ 'X-A': { b: 1 } })).should.throw({ code: 'INVALID_INPUT' });
  });

  it('body: JSON for POST/PUT/PATCH, Buffer and text as is, a form from an object; none for GET/DELETE', function () {
    prepareRequest({ payload: { a: 1 } }, { method: 'POST', path: '/x' }).body.should.eql({ a: 1 });
    const buf = prepareRequest({ payload: Buffer.from('abc'), headers: { 'content-type': 'text/csv' } }, { method: 'PUT', path: '/x' });
    buf.rawBody.toString().should.equal('abc');
    buf.headers['Content-Type'].should.equal('text/csv');
    const txt = prepareRequest({ payload: 'a,b' }, { method: 'PATCH', path: '/x' });
    txt.rawBody.should.equal('a,b');
    txt.headers['Content-Type'].should.match(/^text\/plain/);
    prepareRequest({ payload: { a: 1, b: 'x y' }, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }, { method: 'POST', path: '/x' }).rawBody.should.equal('a=1&b=x+y');
    const get = prepareRequest({ payload: { a: 1 } }, { method: 'GET', path: '/x' });
    should(get.body).be.undefined();
    should(get.rawBody).be.undefined();
    prepareRequest({ path: '/from/msg', method: 'delete' }, { method: 'GET', path: '/x' }).should.containDeep({ method: 'DELETE', path: '/from/msg' });
  });

  it('canonicalPath and answer headers', function () {
    canonicalPath('/%74oken/').should.equal('/token');
    canonicalPath('/Revoke').should.equal('/revoke');
    answerHeaders({ 'set-cookie': 'a=b', 'content-type': 'application/json' }).should.eql({ 'content-type': 'application/json' });
  });
});
