'use strict';
// SPEC 3.8 (issue 11): the two HTTP endpoint nodes under hostile input, in a real Node-RED runtime
// served over real HTTP (admin body parsers in front, as Node-RED lays it out). Each output is
// wired to TWO nodes, so Node-RED clones every msg (where the reported crash happened).
const net = require('net');
require('should');
const harness = require('../lib/harness');
const secrets = require('../lib/secrets');
const { useStreamHttp, rawPost } = require('../lib/enco-stream-http');
const streamSim = require('../sim/mythings-stream-sim');

const { helper, load, unload, msgsDuring } = harness;
const SEED = streamSim.SEED;
const PATH = '/mythings/hard';
const CB_PATH = '/m2m/hard';
const JSON_CT = { 'Content-Type': 'application/json' };

function flow(streamProps = {}, cbProps = {}) {
  return [
    { id: 'f1', type: 'tab', label: 'hard' },
    { id: 'stream', z: 'f1', type: 'mythings-stream', url: PATH, auth: 'none', output: 'normalized', split: false, timezone: 'UTC', maxBytes: 1048576, wires: [['out', 'out2']], ...streamProps },
    { id: 'cb', z: 'f1', type: 'm2m-callback', url: CB_PATH, account: '', wires: [['cbout', 'cbout2']], ...cbProps },
    { id: 'out', z: 'f1', type: 'helper' },
    { id: 'out2', z: 'f1', type: 'helper' },
    { id: 'cbout', z: 'f1', type: 'helper' },
    { id: 'cbout2', z: 'f1', type: 'helper' },
  ];
}
const CREDS = { cb: { callbackToken: secrets.m2mCallbackToken } };
const CB_HEADERS = { 'Content-Type': 'application/json', 'x-callback-token': secrets.m2mCallbackToken };


/** Opens a socket, sends headers announcing `length` bytes and `sent` of them; resolves the raw answer when the server speaks. */
function slowPost(base, path, { length = 100, sent = '{"a', headers = {} } = {}) {
  const u = new URL(base);
  const sock = net.connect(Number(u.port), u.hostname);
  let data = '';
  const started = Date.now();
  const answered = new Promise((resolve) => {
    sock.on('data', (c) => {
      data += c.toString('latin1');
    });
    sock.on('close', () => resolve({ data, ms: Date.now() - started, closed: true }));
    sock.on('error', () => undefined);
  });
  const extra = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('');
  sock.write(`POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n${extra}\r\n${sent}`);
  return { sock, answered, firstAnswer: () => new Promise((resolve) => sock.once('data', () => setImmediate(() => resolve(data)))) };
}

const deepJson = (n) => '{"DevEUI":"0011223344000259","x":' + '{"a":'.repeat(n) + '1' + '}'.repeat(n) + '}';
const deepXml = (n) => '<DevEUI_uplink><DevEUI>0011223344000259</DevEUI>' + '<a>'.repeat(n) + '1' + '</a>'.repeat(n) + '</DevEUI_uplink>';
const aggregated = (n) =>
  JSON.stringify({ DevEUI: '0E7E3464061004A2', time: '2019-09-19T12:23:48Z', containers: Array.from({ length: n }, (_, i) => ({ containerFriendlyName: 'c' + i, value: String(i) })) });

describe('endpoint hardening (SPEC 3.8)', function () {
  this.timeout(20000);
  let base;
  const web = useStreamHttp((b) => (base = b));
  afterEach(() => unload());

  const post = (body, headers = JSON_CT, path = PATH) => rawPost(base + path, body, headers);

  describe('depth limit 32, before anything is built', function () {
    beforeEach(() => load([web.mount(), 'mythings-stream', 'm2m-callback'], flow(), CREDS));

    for (const levels of [40, 3000, 100000]) {
      it(`JSON nested ${levels} levels to a stream node wired to two nodes: 400, no msg, the next uplink comes out once`, async () => {
        const { result, msgs } = await msgsDuring(() => post(deepJson(levels)));
        result.status.should.equal(400);
        result.body.should.equal('Bad Request');
        msgs.should.have.length(0);
        const { result: ok, msgs: after } = await msgsDuring(() => post(SEED.perContainer2));
        ok.status.should.equal(200);
        after.should.have.length(1);
      });
    }

    it('32 levels are accepted (the limit is inclusive) and the msg clones', async () => {
      const body = '{"DevEUI":"0011223344000259","x":' + '{"a":'.repeat(30) + '1' + '}'.repeat(30) + '}';
      const { result, msgs } = await msgsDuring(() => post(body));
      result.status.should.equal(200);
      msgs.should.have.length(1);
    });

    for (const levels of [40, 100000]) {
      it(`XML nested ${levels} levels: 400, no msg`, async () => {
        const { result, msgs } = await msgsDuring(() => post(deepXml(levels), { 'Content-Type': 'application/xml' }));
        result.status.should.equal(400);
        msgs.should.have.length(0);
      });
    }

    it('customerData holding JSON nested 5,000 levels stays its text (the msg clones)', async () => {
      const body = JSON.stringify({ DevEUI: '0011223344000259', container: 't', value: '1', customerData: '['.repeat(5000) + ']'.repeat(5000) });
      const { result, msgs } = await msgsDuring(() => post(body));
      result.status.should.equal(200);
      msgs.should.have.length(1);
      msgs[0].payload.customerData.should.be.a.String();
    });

    it('m2m-callback: JSON nested 3,000 levels -> 400, no msg', async () => {
      const body = JSON.stringify({ trackingNumber: 't', device: { identifier: '1', identifierType: 'MSISDN' }, resultStatus: 'Success' }).slice(0, -1) + ',"messages":[' + '['.repeat(3000) + ']'.repeat(3000) + ']}';
      const { result, msgs } = await msgsDuring(() => post(body, CB_HEADERS, CB_PATH), 'cbout');
      result.status.should.equal(400);
      msgs.should.have.length(0);
    });
  });

  describe('a body Node-RED already parsed (admin JSON parser in front)', function () {
    beforeEach(() => load([web.mount({ mode: 'dispatch' }), 'mythings-stream', 'm2m-callback'], flow(), CREDS));

    it('parsed JSON nested 3,000 levels: 400 (iterative check), no msg; stream and callback', async () => {
      const a = await msgsDuring(() => post(deepJson(3000)));
      a.result.status.should.equal(400);
      a.msgs.should.have.length(0);
      const body = '{"trackingNumber":"t","device":{"identifier":"1","identifierType":"MSISDN"},"resultStatus":"Success","messages":[' + '['.repeat(3000) + ']'.repeat(3000) + ']}';
      const b = await msgsDuring(() => post(body, CB_HEADERS, CB_PATH), 'cbout');
      b.result.status.should.equal(400);
      b.msgs.should.have.length(0);
      (await post(SEED.perContainer2)).status.should.equal(200);
    });
  });

  describe('maxParts and the source document', function () {
    it('split on, 150 containers over maxParts 100 (default): 413 + Connection: close, no msg', async () => {
      await load([web.mount(), 'mythings-stream', 'm2m-callback'], flow({ split: true }), CREDS);
      const { result, msgs } = await msgsDuring(() => post(aggregated(150)));
      result.status.should.equal(413);
      result.body.should.equal('Payload Too Large');
      result.headers.connection.should.equal('close');
      msgs.should.have.length(0);
    });

    it('split on, 15,000 containers: 413 quickly, no msg', async () => {
      await load([web.mount(), 'mythings-stream', 'm2m-callback'], flow({ split: true }), CREDS);
      const t0 = Date.now();
      const { result, msgs } = await msgsDuring(() => post(aggregated(15000)));
      result.status.should.equal(413);
      (Date.now() - t0).should.be.below(2000);
      msgs.should.have.length(0);
    });

    it('split on, maxParts 200: 150 msgs, payload.raw on the first part only', async () => {
      await load([web.mount(), 'mythings-stream', 'm2m-callback'], flow({ split: true, maxParts: 200 }), CREDS);
      const { result, msgs } = await msgsDuring(() => post(aggregated(150)), 'out', 300);
      result.status.should.equal(200);
      msgs.should.have.length(150);
      msgs[0].payload.should.have.property('raw');
      msgs.slice(1).forEach((m) => m.payload.should.not.have.property('raw'));
      msgs.map((m) => m.parts.index).should.eql(Array.from({ length: 150 }, (_, i) => i));
    });

    it('split off: more containers than maxParts is 413 as well (one msg carrying them all would cost as much); within it one msg', async () => {
      await load([web.mount(), 'mythings-stream', 'm2m-callback'], flow(), CREDS);
      const over = await msgsDuring(() => post(aggregated(150)));
      over.result.status.should.equal(413);
      over.msgs.should.have.length(0);
      const within = await msgsDuring(() => post(aggregated(100)));
      within.result.status.should.equal(200);
      within.msgs.should.have.length(1);
      Object.keys(within.msgs[0].payload.values).should.have.length(100);
    });

    it('100,000 keys within maxBytes: 413 before normalizing (raw and already parsed bodies), quickly', async () => {
      const keys = '{"DevEUI":"0011223344000259",' + Array.from({ length: 100000 }, (_, i) => `"${i.toString(36)}":1`).join(',') + '}';
      Buffer.byteLength(keys).should.be.below(1048576);
      await load([web.mount(), 'mythings-stream', 'm2m-callback'], flow(), CREDS);
      const t0 = Date.now();
      const raw = await msgsDuring(() => post(keys));
      raw.result.status.should.equal(413);
      raw.msgs.should.have.length(0);
      (Date.now() - t0).should.be.below(1500);
      await unload();
      await load([web.mount({ mode: 'dispatch' }), 'mythings-stream', 'm2m-callback'], flow(), CREDS);
      const parsed = await msgsDuring(() => post(keys));
      parsed.result.status.should.equal(413);
      parsed.msgs.should.have.length(0);
    });
  });

  describe('bodies that do not arrive, many at once, a closed node', function () {
    it('bodyTimeout 1 s: a body that never finishes -> 408 + Connection: close at ~1 s, socket closed, no msg', async () => {
      await load([web.mount(), 'mythings-stream', 'm2m-callback'], flow({ bodyTimeout: 1 }), CREDS);
      const { result, msgs } = await msgsDuring(async () => {
        const s = slowPost(base, PATH);
        return s.answered;
      });
      result.data.should.match(/^HTTP\/1\.1 408 Request Timeout\r\n/);
      result.data.should.match(/\r\nConnection: close\r\n/i);
      result.data.should.endWith('Request Timeout');
      result.ms.should.be.within(900, 3500);
      msgs.should.have.length(0);
      (await post(SEED.perContainer2)).status.should.equal(200);
    });

    it('m2m-callback honours bodyTimeout too (408)', async () => {
      await load([web.mount(), 'mythings-stream', 'm2m-callback'], flow({}, { bodyTimeout: 1 }), CREDS);
      const s = slowPost(base, CB_PATH, { headers: { 'x-callback-token': secrets.m2mCallbackToken } });
      const r = await s.answered;
      r.data.should.match(/^HTTP\/1\.1 408 /);
    });

    it('at most 64 bodies read at once: the 65th gets 503 + Retry-After: 1; the others still complete', async () => {
      await load([web.mount(), 'mythings-stream', 'm2m-callback'], flow({ bodyTimeout: 30 }), CREDS);
      const body = SEED.perContainer2;
      const slow = [];
      for (let i = 0; i < 64; i++) slow.push(slowPost(base, PATH, { length: Buffer.byteLength(body), sent: body.slice(0, 5) }));
      await new Promise((r) => setTimeout(r, 400));
      const extra = await post(SEED.perContainer2);
      extra.status.should.equal(503);
      extra.body.should.equal('Service Unavailable');
      extra.headers['retry-after'].should.equal('1');
      const { msgs } = await msgsDuring(async () => {
        for (const s of slow) s.sock.end(body.slice(5));
        return Promise.all(slow.map((s) => s.answered));
      }, 'out', 200);
      msgs.should.have.length(64);
      (await post(SEED.perContainer2)).status.should.equal(200);
    });

    it('a node closed while a body is being read answers 503 (never 200 for a msg that went nowhere)', async () => {
      await load([web.mount(), 'mythings-stream', 'm2m-callback'], flow({ bodyTimeout: 30 }), CREDS);
      const s = slowPost(base, PATH);
      await new Promise((r) => setTimeout(r, 200));
      const first = s.firstAnswer();
      await unload();
      const data = await first;
      data.should.match(/^HTTP\/1\.1 503 Service Unavailable\r\n/);
      data.should.match(/\r\nRetry-After: 1\r\n/i);
      s.sock.destroy();
    });
  });

  describe('the guard', function () {
    it('an exception while sending answers 500 (fixed text) and is reported once with node.error; the node keeps serving', async () => {
      await load([web.mount(), 'mythings-stream', 'm2m-callback'], flow(), CREDS);
      const node = helper.getNode('stream');
      const errors = [];
      node.on('call:error', (c) => errors.push(c.args));
      const send = node.send;
      node.send = () => {
        throw new RangeError('Maximum call stack size exceeded');
      };
      const r = await post(SEED.perContainer2);
      node.send = send;
      r.status.should.equal(500);
      r.body.should.equal('Internal Server Error');
      errors.should.have.length(1);
      (await post(SEED.perContainer2)).status.should.equal(200);
    });
  });

  describe('no route by mistake', function () {
    it('an unknown auth value registers no route (404) and shows a red ring', async () => {
      await load([web.mount(), 'mythings-stream', 'm2m-callback'], flow({ auth: 'Basic' }), CREDS);
      const r = await post(SEED.perContainer2);
      r.status.should.equal(404);
      web.postRoutes(PATH).should.equal(0);
      const statuses = Object.getPrototypeOf(helper.getNode('cb'))
        .status.getCalls()
        .filter((c) => c.thisValue.id === 'stream')
        .map((c) => c.args[0]);
      statuses.should.containDeep([{ fill: 'red', shape: 'ring' }]);
    });

    it('m2m-callback without a callbackToken registers no route', async () => {
      await load([web.mount(), 'mythings-stream', 'm2m-callback'], flow(), {});
      (await post('{"trackingNumber":"t"}', JSON_CT, CB_PATH)).status.should.equal(404);
      web.postRoutes(CB_PATH).should.equal(0);
    });
  });
});
