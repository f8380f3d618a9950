'use strict';
// SPEC 3.8: the nesting limit (32) of what the endpoints accept, checked iteratively before
// anything is built; and the bound on early M2M updates held in memory.
require('should');
const { MAX_DEPTH, MAX_VALUES, jsonTextDepthOk, xmlTextDepthOk, valueDepthOk, jsonTextShape, xmlTextShape, valueShape } = require('../../nodes/core/depth.js');
const { M2mHub, heldUpdate, MAX_EARLY, MAX_HELD_MESSAGE } = require('../../nodes/m2m/hub.js');

const nestJson = (n) => '['.repeat(n) + ']'.repeat(n);
const nestXml = (n) => '<a>'.repeat(n) + 'x' + '</a>'.repeat(n);
function nestValue(n) {
  let v = {};
  for (let i = 1; i < n; i++) v = { a: v };
  return v;
}

describe('core depth limit', function () {
  it('is 32', () => MAX_DEPTH.should.equal(32));

  it('JSON text: 32 levels pass, 33 do not; brackets inside strings do not count', () => {
    jsonTextDepthOk(nestJson(32)).should.be.true();
    jsonTextDepthOk(nestJson(33)).should.be.false();
    jsonTextDepthOk('{"a":"' + '['.repeat(1000) + '\\"' + '{'.repeat(100) + '"}').should.be.true();
    jsonTextDepthOk('{"a":' + '{"b":'.repeat(31) + '1' + '}'.repeat(32)).should.be.true();
  });

  it('JSON text of 100,000 levels is refused without recursion, quickly', () => {
    const t0 = Date.now();
    jsonTextDepthOk(nestJson(100000)).should.be.false();
    (Date.now() - t0).should.be.below(100);
  });

  it('XML text: 32 elements pass, 33 do not; self-closing, comments, CDATA, PIs and quoted > do not count', () => {
    xmlTextDepthOk(nestXml(32)).should.be.true();
    xmlTextDepthOk(nestXml(33)).should.be.false();
    xmlTextDepthOk('<?xml version="1.0"?><r>' + '<e/>'.repeat(100) + '<!-- <a><a><a> -->' + '<![CDATA[' + '<a>'.repeat(50) + ']]><b c="<a>">1</b></r>').should.be.true();
    xmlTextDepthOk(nestXml(100000)).should.be.false();
  });

  it('XML text: unterminated comments, CDATA, declarations and tags end the scan (found by the hostile suite: it looped)', () => {
    for (const t of ['<a><!-- x', '{"a":1}<!--', '<a><![CDATA[ x', '<!DOCTYPE', '<a></a', '<?xml', '<a b="', '<<<<', '<!--->', '<!-- -- >']) xmlTextDepthOk(t).should.be.true(t);
  });

  it('a parsed value: iterative, arrays and objects, buffers are leaves', () => {
    valueDepthOk(nestValue(32)).should.be.true();
    valueDepthOk(nestValue(33)).should.be.false();
    valueDepthOk(nestValue(100000)).should.be.false();
    valueDepthOk([[[1]]], 2).should.be.false();
    valueDepthOk({ b: Buffer.alloc(1000) }, 1).should.be.true();
    valueDepthOk('x').should.be.true();
    valueDepthOk(null).should.be.true();
  });
});

describe('core value limit (the work of one request is bounded)', function () {
  it('JSON text: 10,000 members pass, 10,001 do not; separators inside strings do not count; depth first', () => {
    MAX_VALUES.should.equal(10000);
    const obj = (n) => '{' + Array.from({ length: n }, (_, i) => `"${i}":1`).join(',') + '}';
    jsonTextShape(obj(10000)).should.equal('ok');
    jsonTextShape(obj(10001)).should.equal('large');
    jsonTextShape('{"a":"' + ',:'.repeat(50000) + '"}').should.equal('ok');
    jsonTextShape(nestJson(40)).should.equal('deep');
  });
  it('XML text: element count; a parsed value: members and elements', () => {
    xmlTextShape('<r>' + '<a>1</a>'.repeat(9999) + '</r>').should.equal('ok');
    xmlTextShape('<r>' + '<a>1</a>'.repeat(10000) + '</r>').should.equal('large');
    xmlTextShape(nestXml(40)).should.equal('deep');
    valueShape({ a: Array.from({ length: 9999 }, () => 1) }).should.equal('ok');
    valueShape({ a: Array.from({ length: 10000 }, () => 1) }).should.equal('large');
    valueShape(nestValue(40)).should.equal('deep');
  });
});

describe('stream-parse: CustomerData is parsed only while small (each split part copies it)', function () {
  const sp = require('../../nodes/mythings/mythings-stream/stream-parse.js');
  const doc = (n) => JSON.stringify({ DevEUI: '0E7E3464061004A2', container: 't', value: '1', customerData: JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => ['k' + i, i]))) });
  it('at most 100 values: an object; more: its text', () => {
    sp.normalize(sp.parseDocument(doc(50), 'json')).customerData.should.be.an.Object();
    sp.normalize(sp.parseDocument(doc(101), 'json')).customerData.should.be.a.String();
  });
});

describe('m2m-hub: early updates held are bounded (SPEC 3.8)', function () {
  const upd = (tn, extra = {}) => ({ trackingNumber: tn, device: { identifier: '32470000001', identifierType: 'MSISDN' }, resultStatus: 'Success', messages: [], ...extra });

  it('at most 1,000 updates are held', () => {
    const hub = new M2mHub();
    const t = hub.begin('acc');
    for (let i = 0; i < 5000; i++) hub.deliver('acc', upd('tn' + i));
    hub.stats().held.should.equal(MAX_EARLY);
    MAX_EARLY.should.equal(1000);
    t.release();
  });

  it('a held update keeps only trackingNumber, device, resultStatus, messages; each message at most 4 KiB', () => {
    const h = heldUpdate(upd('tn', { extra: 'x'.repeat(100000), messages: ['y'.repeat(100000), { big: 'z'.repeat(10000) }, { small: 1 }] }));
    Object.keys(h).sort().should.eql(['device', 'messages', 'resultStatus', 'trackingNumber']);
    h.messages[0].length.should.equal(MAX_HELD_MESSAGE);
    h.messages[1].should.be.a.String();
    h.messages[1].length.should.equal(MAX_HELD_MESSAGE);
    h.messages[2].should.eql({ small: 1 });
    MAX_HELD_MESSAGE.should.equal(4096);
  });

  it('a held update is delivered reduced when its request registers', async () => {
    const hub = new M2mHub();
    const t = hub.begin('acc');
    hub.deliver('acc', upd('tn1', { extra: 'x'.repeat(1000) })).should.be.true();
    const got = [];
    const w = t.wait({ trackingNumber: 'tn1', devices: [{ identifier: '32470000001', identifierType: 'MSISDN' }], timeoutMs: 1000, onUpdate: (u) => got.push(u) });
    (await w.promise).received.should.equal(1);
    got.should.have.length(1);
    got[0].should.not.have.property('extra');
  });
});
