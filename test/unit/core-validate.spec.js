'use strict';
const should = require('should');
const v = require('../../nodes/core/validate.js');
const { itemFields, withDefaults, pickOperation, payloadFields, bulkItemFields, isNoPayload } = require('../../nodes/core/node.js');
const { chooseProxy, bypassesProxy } = require('../../nodes/core/proxy.js');
const { mapLimit, orderedFetch } = require('../../nodes/core/pool.js');

const { throwsInvalid: rejects } = require('../lib/assert');

describe('core/validate', function () {
  const ok = [
    ['hex 16', () => v.hex({ d: '0018B20000000165' }, 'd', 16), '0018B20000000165'],
    ['hex lower case', () => v.hex({ d: 'abcdef0123456789' }, 'd', 16), 'abcdef0123456789'],
    ['hex absent, optional', () => v.hex({}, 'd', 16), undefined],
    ['int from string', () => v.int({ p: '12' }, 'p', { min: 1, max: 255 }), 12],
    ['num from string', () => v.num({ x: '-95.5' }, 'x'), -95.5],
    ['oneOf', () => v.oneOf({ s: 'Passive' }, 's', ['Registered', 'Passive']), 'Passive'],
    ['bool string', () => v.bool({ b: 'false' }, 'b'), false],
    ['list from csv', () => v.list({ k: 'a, b,,c' }, 'k'), ['a', 'b', 'c']],
    ['list from array', () => v.list({ k: ['a', 1] }, 'k'), ['a', '1']],
    ['email', () => v.email({ e: 'a@b.io' }, 'e'), 'a@b.io'],
    ['isoDate from epoch ms', () => v.isoDate({ t: 0 }, 't'), '1970-01-01T00:00:00.000Z'],
    ['isoDate from Date', () => v.isoDate({ t: new Date('2026-01-02T03:04:05Z') }, 't'), '2026-01-02T03:04:05.000Z'],
    ['isoDate from ISO with offset', () => v.isoDate({ t: '2026-01-02T05:04:05+02:00' }, 't'), '2026-01-02T03:04:05.000Z'],
  ];
  for (const [title, fn, expected] of ok) {
    it(`accepts: ${title}`, function () {
      should(fn()).eql(expected);
    });
  }
  const bad = [
    ['hex too short', () => v.hex({ d: 'ABC' }, 'd', 16), /16 hexadecimal/],
    ['hex not hex', () => v.hex({ d: 'ZZZZZZZZZZZZZZZZ' }, 'd', 16), /16 hexadecimal/],
    ['required missing', () => v.requireFields({ a: '' }, ['a', 'b']), /a, b are required/],
    ['int not integer', () => v.int({ p: '1.5' }, 'p'), /integer/],
    ['int below min', () => v.int({ p: 0 }, 'p', { min: 1, max: 255 }), /at least 1/],
    ['int above max', () => v.int({ p: 256 }, 'p', { min: 1, max: 255 }), /at most 255/],
    ['num NaN', () => v.num({ x: 'abc' }, 'x'), /number/],
    ['oneOf wrong', () => v.oneOf({ s: 'Gone' }, 's', ['Registered']), /one of Registered/],
    ['bool wrong', () => v.bool({ b: 'yes' }, 'b'), /true or false/],
    ['list required empty', () => v.list({ k: ' , ' }, 'k', { required: true }), /must not be empty/],
    ['list wrong type', () => v.list({ k: 5 }, 'k'), /array or a comma-separated/],
    ['email wrong', () => v.email({ e: 'nope' }, 'e'), /e-mail/],
    ['date wrong', () => v.isoDate({ t: 'yesterday' }, 't'), /Date, epoch milliseconds or an ISO-8601/],
    ['str object', () => v.str({ s: {} }, 's'), /string/],
  ];
  for (const [title, fn, re] of bad) {
    it(`rejects: ${title}`, function () {
      rejects(fn, re);
    });
  }
  it('isTimeZone', function () {
    v.isTimeZone('Europe/Berlin').should.be.true();
    v.isTimeZone('UTC').should.be.true();
    v.isTimeZone('Mars/Base').should.be.false();
    v.isTimeZone('CET').should.be.false();
  });
});

describe('core/node: input helpers', function () {
  it('itemFields: object copy, identifier string, bad types', function () {
    const src = { a: 1 };
    const f = itemFields(src);
    f.should.eql({ a: 1 });
    (f !== src).should.be.true();
    itemFields('0018B20000000165', 'thingIdentifier').should.eql({ thingIdentifier: '0018B20000000165' });
    itemFields(undefined).should.eql({});
    itemFields(Date.now(), 'thingIdentifier').should.eql({}); // an inject's timestamp is no identifier
    rejects(() => itemFields('x'), /object/);
    rejects(() => itemFields([1]), /object/);
  });
  describe('the input rule: payloadFields(payload, nodeDefaults, idKey)', function () {
    const node = { thingIdentifier: 'NODE', fPort: '9', empty: '' };
    const cases = [
      ['an inject timestamp: no payload, the node values', Date.now(), 'thingIdentifier', { thingIdentifier: 'NODE', fPort: '9' }],
      ['a small number: never an identifier', 42, 'thingIdentifier', { thingIdentifier: 'NODE', fPort: '9' }],
      ['a boolean', true, 'thingIdentifier', { thingIdentifier: 'NODE', fPort: '9' }],
      ['a Date', new Date(), 'thingIdentifier', { thingIdentifier: 'NODE', fPort: '9' }],
      ['nothing', undefined, 'thingIdentifier', { thingIdentifier: 'NODE', fPort: '9' }],
      ['null', null, undefined, { thingIdentifier: 'NODE', fPort: '9' }],
      ['an empty string', '', 'thingIdentifier', { thingIdentifier: 'NODE', fPort: '9' }],
      ['an empty object', {}, undefined, { thingIdentifier: 'NODE', fPort: '9' }],
      ['a string: the identifier', 'MSG', 'thingIdentifier', { thingIdentifier: 'MSG', fPort: '9' }],
      ['an object field wins', { fPort: 12 }, undefined, { thingIdentifier: 'NODE', fPort: 12 }],
      ['a null or empty field takes the node value', { fPort: null, thingIdentifier: '' }, undefined, { thingIdentifier: 'NODE', fPort: '9' }],
      ['numbers inside an object are values', { thingIdentifier: 7 }, 'thingIdentifier', { thingIdentifier: 7, fPort: '9' }],
    ];
    for (const [title, payload, idKey, want] of cases) {
      it(title, function () {
        payloadFields(payload, node, idKey).should.eql(want);
      });
    }
    const bad = [
      ['a string where the operation takes no identifier', 'MSG', undefined, /must be an object with the request fields \(got a string\)/],
      ['an array', ['a'], 'thingIdentifier', /or the thingIdentifier as a string \(got an array\)/],
      ['a Buffer', Buffer.from('a'), undefined, /got a Buffer/],
    ];
    for (const [title, payload, idKey, re] of bad) {
      it(`INVALID_INPUT: ${title}`, function () {
        rejects(() => payloadFields(payload, node, idKey), re);
      });
    }
    it('isNoPayload: what an inject sends by default, nothing, or empty', function () {
      [undefined, null, '', 0, Date.now(), false, new Date()].forEach((p) => isNoPayload(p).should.be.true());
      ['x', {}, [], Buffer.alloc(0)].forEach((p) => isNoPayload(p).should.be.false());
    });
    it('bulk items: an object or an identifier string; a number, null or "" is an error of that item', function () {
      bulkItemFields('MSG', node, 'thingIdentifier').should.eql({ thingIdentifier: 'MSG', fPort: '9' });
      bulkItemFields({}, node).should.eql({ thingIdentifier: 'NODE', fPort: '9' });
      for (const item of [Date.now(), null, '', true, ['x']]) rejects(() => bulkItemFields(item, node, 'thingIdentifier'), /each item of msg.payload must be/);
    });
  });
  it('withDefaults: msg wins, empty defaults ignored', function () {
    withDefaults({ a: 'd', b: 'd', c: '' }, { a: 'm', b: '' }).should.eql({ a: 'm', b: 'd' });
  });
  it('pickOperation: msg.operation overrides, unknown rejected', function () {
    pickOperation({ operation: 'b' }, 'a', ['a', 'b']).should.equal('b');
    pickOperation({}, 'a', ['a', 'b']).should.equal('a');
    rejects(() => pickOperation({ operation: 'c' }, 'a', ['a', 'b']), /operation must be one of a, b/);
  });
});

describe('core/proxy', function () {
  const table = [
    ['https://api.enco.io/x', { HTTPS_PROXY: 'http://p:3128' }, 'http://p:3128'],
    ['https://api.enco.io/x', { https_proxy: 'http://p:3128' }, 'http://p:3128'],
    ['http://api.enco.io/x', { HTTPS_PROXY: 'http://p:3128' }, undefined],
    ['http://api.enco.io/x', { HTTP_PROXY: 'http://p:3128' }, 'http://p:3128'],
    ['https://api.enco.io/x', { HTTPS_PROXY: 'http://p:3128', NO_PROXY: 'enco.io' }, undefined],
    ['https://api.enco.io/x', { HTTPS_PROXY: 'http://p:3128', NO_PROXY: '.enco.io' }, undefined],
    ['https://api.enco.io/x', { HTTPS_PROXY: 'http://p:3128', NO_PROXY: 'other.io,*' }, undefined],
    ['https://api.enco.io/x', { HTTPS_PROXY: 'http://p:3128', NO_PROXY: 'myenco.io' }, 'http://p:3128'],
    ['http://127.0.0.1:8080/x', { HTTP_PROXY: 'http://p:3128', NO_PROXY: '127.0.0.1:8080' }, undefined],
    ['http://127.0.0.1:8081/x', { HTTP_PROXY: 'http://p:3128', NO_PROXY: '127.0.0.1:8080' }, 'http://p:3128'],
    ['https://api.enco.io/x', {}, undefined],
  ];
  for (const [url, env, expected] of table) {
    it(`${url} with ${JSON.stringify(env)} -> ${expected || 'direct'}`, function () {
      should(chooseProxy(url, undefined, env)).equal(expected);
    });
  }
  it('a configured proxy node wins over the environment, with its own no-proxy list', function () {
    chooseProxy('https://a.io', { url: 'http://node:1', noProxy: [] }, { HTTPS_PROXY: 'http://env:2' }).should.equal('http://node:1');
    should(chooseProxy('https://a.io', { url: 'http://node:1', noProxy: ['a.io'] }, {})).be.undefined();
    bypassesProxy('not a url', ['*']).should.be.false();
  });
});

describe('core/pool', function () {
  it('mapLimit keeps order and never exceeds the limit', async function () {
    let active = 0;
    let peak = 0;
    const out = await mapLimit([5, 1, 4, 2, 3, 0], 2, async (x) => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((r) => setTimeout(r, x * 3));
      active--;
      return x * 10;
    });
    out.should.eql([50, 10, 40, 20, 30, 0]);
    peak.should.equal(2);
  });
  it('orderedFetch emits in index order although pages finish out of order', async function () {
    const emitted = [];
    await orderedFetch(8, 4, async (i) => {
      await new Promise((r) => setTimeout(r, (8 - i) * 3));
      return `p${i}`;
    }, (p) => emitted.push(p));
    emitted.should.eql(['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7']);
  });
  it('orderedFetch stops and rejects on a failed page', async function () {
    const emitted = [];
    await orderedFetch(6, 2, async (i) => {
      if (i === 2) throw new Error('page 3 failed');
      return i;
    }, (p) => emitted.push(p)).should.be.rejectedWith('page 3 failed');
    emitted.should.eql([0, 1]);
  });
});
