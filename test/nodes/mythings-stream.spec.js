'use strict';
// mythings-stream (SPEC 5.6) in a real Node-RED runtime, served over real HTTP with the admin
// app's body parsers in front of httpNode, as Node-RED does with its default settings.
const should = require('should');
const harness = require('../lib/harness');
const secrets = require('../lib/secrets');
const { useStreamHttp, rawPost } = require('../lib/enco-stream-http');
const streamSim = require('../sim/mythings-stream-sim');
const { SEED_UPLINK } = require('../lib/stream-expected');

const { helper, load, unload } = harness;
const SEED = streamSim.SEED;
const PATH = '/mythings/stream';

function streamFlow(props = {}, extra = []) {
  return [
    { id: 'f1', type: 'tab', label: 'stream' },
    { id: 'stream', z: 'f1', type: 'mythings-stream', url: PATH, auth: 'none', output: 'normalized', split: false, timezone: 'UTC', maxBytes: 1048576, x: 100, y: 100, wires: [['out']], ...props },
    { id: 'out', z: 'f1', type: 'helper', x: 300, y: 100 },
    ...extra,
  ];
}

/** Every msg that reaches helper `out` while `fn` runs (plus `settleMs`). */
const msgsDuring = (fn, settleMs = 60) => harness.msgsDuring(fn, 'out', settleMs);

describe('mythings-stream node', function () {
  let base;
  const web = useStreamHttp((b) => (base = b));
  afterEach(() => unload());

  const post = (body, headers = { 'Content-Type': 'application/json' }, opts) => rawPost(base + PATH, body, headers, opts);

  describe('documents of the seed', function () {
    beforeEach(() => load([web.mount(), 'mythings-stream'], streamFlow()));

    it('answers 200 OK to the network stream XML and sends the normalized uplink', async () => {
      const { result, msgs } = await msgsDuring(() => post(SEED.uplinkXml, { 'Content-Type': 'application/xml' }));
      result.status.should.equal(200);
      result.statusText.should.equal('OK');
      result.body.should.equal('OK');
      msgs.should.have.length(1);
      const m = msgs[0];
      m.topic.should.equal('0011223344000259');
      const { raw, ...p } = m.payload;
      p.should.eql(SEED_UPLINK);
      raw.DevEUI_uplink.MeanPER.should.equal('0.012488');
    });

    it('reads the decoded JSON raw (ahead of the admin JSON parser) and keeps raw untouched', async () => {
      const { result, msgs } = await msgsDuring(() => post(SEED.decodedJson));
      result.status.should.equal(200);
      msgs.should.have.length(1);
      msgs[0].payload.raw.should.eql(JSON.parse(SEED.decodedJson));
      msgs[0].payload.values.should.eql({ Temperature: 23.79 });
      msgs[0].payload.units.should.eql({ Temperature: '°' });
      msgs[0].payload.location.should.eql({ latitude: 50.860191, longitude: 4.358177 });
    });

    it('one msg per aggregated message without split, dd/MM/yyyy read as UTC', async () => {
      const { msgs } = await msgsDuring(() => post(SEED.aggregatedJson));
      msgs.should.have.length(1);
      msgs[0].payload.values.should.eql({ temperature: 22.93, humidity: 52 });
      msgs[0].payload.time.should.equal('2019-09-19T12:23:49.000Z');
      should.not.exist(msgs[0].parts);
    });

    it('a text/plain FREEFORM body is sniffed and normalized as custom', async () => {
      const body = SEED.freeformTemplate.replace('%timestamp[yyyy-MM-dd HH:mm:ss.SSS]%', '2019-09-19 12:23:48.123').replace('%value%', '1');
      const { result, msgs } = await msgsDuring(() => post(body, { 'Content-Type': 'text/plain' }));
      result.status.should.equal(200);
      msgs[0].payload.type.should.equal('custom');
      msgs[0].payload.timestamp.should.equal(Date.UTC(2019, 8, 19, 12, 23, 48, 123));
    });
  });

  describe('properties', function () {
    it('split: one msg per container with msg.parts for a join node', async () => {
      await load([web.mount(), 'mythings-stream'], streamFlow({ split: true }));
      const { msgs } = await msgsDuring(() => post(SEED.aggregatedJson));
      msgs.should.have.length(2);
      msgs.map((m) => m.payload.values).should.eql([{ temperature: 22.93 }, { humidity: 52 }]);
      msgs.map((m) => m.payload.units).should.eql([{ temperature: '°C' }, { humidity: '%' }]);
      msgs[0].parts.id.should.equal(msgs[1].parts.id);
      msgs.map((m) => [m.parts.index, m.parts.count]).should.eql([
        [0, 2],
        [1, 2],
      ]);
      msgs.forEach((m) => m.topic.should.equal('0E7E3464061004A2'));
    });

    it('output raw: msg.payload is the parsed document', async () => {
      await load([web.mount(), 'mythings-stream'], streamFlow({ output: 'raw' }));
      const { msgs } = await msgsDuring(() => post(SEED.uplinkXml, { 'Content-Type': 'text/xml; charset=utf-8' }));
      msgs.should.have.length(1);
      msgs[0].payload.should.have.property('DevEUI_uplink');
      msgs[0].payload.DevEUI_uplink.FCntUp.should.equal('93473');
      msgs[0].topic.should.equal('0011223344000259');
    });

    it('timezone: dd/MM/yyyy stamps are read in the node zone', async () => {
      await load([web.mount(), 'mythings-stream'], streamFlow({ timezone: 'Europe/Brussels' }));
      const { msgs } = await msgsDuring(() => post(SEED.perContainer2));
      msgs[0].payload.time.should.equal('2019-09-19T10:23:48.000Z'); // CEST = UTC+2
    });

    it('maxBytes applies to raw bodies (413, no msg)', async () => {
      await load([web.mount(), 'mythings-stream'], streamFlow({ maxBytes: 300 }));
      const { result, msgs } = await msgsDuring(() => post(SEED.decodedJson));
      result.status.should.equal(413);
      result.body.should.equal('Payload Too Large');
      msgs.should.have.length(0);
      const ok = await post(SEED.perContainer2);
      ok.status.should.equal(200);
    });

    it('works on a body Node-RED already parsed (httpNode not mounted under the root app)', async () => {
      await load([web.mount({ mode: 'dispatch' }), 'mythings-stream'], streamFlow({ maxBytes: 300 }));
      const { result, msgs } = await msgsDuring(() => post(SEED.perContainer1));
      result.status.should.equal(200);
      msgs[0].payload.values.should.eql({ humidity: 22.93 });
      msgs[0].payload.raw.should.eql(JSON.parse(SEED.perContainer1));
      // maxBytes from content-length of the parsed body
      const big = await post(SEED.decodedJson);
      big.status.should.equal(413);
      big.body.should.equal('Payload Too Large');
      // malformed JSON is answered by Node-RED's own parser there: still a 400 and no msg
      const { result: bad, msgs: none } = await msgsDuring(() => post('{"DevEUI": '));
      bad.status.should.equal(400);
      none.should.have.length(0);
      // XML never goes through the admin parsers
      const xml = await post(SEED.uplinkXml, { 'Content-Type': 'application/xml' });
      xml.status.should.equal(413);
    });

    it('honours httpNodeRoot (route under the node root, raw read there too)', async () => {
      await load([web.mount({ nodeRoot: '/api' }), 'mythings-stream'], streamFlow());
      const r = await rawPost(base + '/api' + PATH, '{"DevEUI": ', { 'Content-Type': 'application/json' });
      r.status.should.equal(400);
      r.body.should.equal('Bad Request'); // the node's fixed text, not the admin parser's page
      const ok = await rawPost(base + '/api' + PATH, SEED.perContainer2, { 'Content-Type': 'application/json' });
      ok.status.should.equal(200);
      const outside = await rawPost(base + PATH, SEED.perContainer2, { 'Content-Type': 'application/json' });
      outside.status.should.equal(404);
    });

    it('httpNodeAuth in front of the route still applies', async () => {
      const nodeAuth = (req, res, next) => (req.headers['x-node-auth'] === 'yes' ? next() : res.status(401).end('node auth'));
      await load([web.mount({ nodeAuth }), 'mythings-stream'], streamFlow());
      (await post(SEED.perContainer2)).status.should.equal(401);
      (await post(SEED.perContainer2, { 'Content-Type': 'application/json', 'x-node-auth': 'yes' })).status.should.equal(200);
    });
  });

  describe('auth', function () {
    it('basic: missing or wrong credentials get 401 and no msg; right ones 200', async () => {
      await load([web.mount(), 'mythings-stream'], streamFlow({ auth: 'basic' }), { stream: { user: 'mythings', password: secrets.streamPassword } });
      const basic = (u, p) => 'Basic ' + Buffer.from(`${u}:${p}`).toString('base64');
      const { result: none, msgs: m1 } = await msgsDuring(() => post(SEED.perContainer2));
      none.status.should.equal(401);
      none.statusText.should.equal('Unauthorized');
      none.body.should.equal('Unauthorized');
      none.headers['www-authenticate'].should.equal('Basic realm="MyThings stream"');
      m1.should.have.length(0);
      for (const auth of [basic('mythings', 'nope'), basic('other', secrets.streamPassword), 'Bearer ' + secrets.streamPassword, 'Basic !!!']) {
        const { result, msgs } = await msgsDuring(() => post(SEED.perContainer2, { 'Content-Type': 'application/json', Authorization: auth }));
        result.status.should.equal(401);
        msgs.should.have.length(0);
      }
      const { result: ok, msgs } = await msgsDuring(() => post(SEED.perContainer2, { 'Content-Type': 'application/json', Authorization: basic('mythings', secrets.streamPassword) }));
      ok.status.should.equal(200);
      msgs.should.have.length(1);
    });

    it('header: the named header (any casing) must carry the value', async () => {
      await load([web.mount(), 'mythings-stream'], streamFlow({ auth: 'header' }), { stream: { headerName: 'X-Stream-Token', headerValue: secrets.streamHeaderValue } });
      (await post(SEED.perContainer2)).status.should.equal(401);
      (await post(SEED.perContainer2, { 'Content-Type': 'application/json', 'x-stream-token': 'wrong' })).status.should.equal(401);
      (await post(SEED.perContainer2, { 'Content-Type': 'application/json', 'x-stream-token': secrets.streamHeaderValue + 'x' })).status.should.equal(401);
      (await post(SEED.perContainer2, { 'Content-Type': 'application/json', 'X-STREAM-TOKEN': secrets.streamHeaderValue })).status.should.equal(200);
    });

    it('security on without credentials: every request 401 (fails closed) and a warning', async () => {
      await load([web.mount(), 'mythings-stream'], streamFlow({ auth: 'basic' }));
      (await post(SEED.perContainer2)).status.should.equal(401);
    });

    it('auth is checked before the body is read (401 even for an oversized body)', async () => {
      await load([web.mount(), 'mythings-stream'], streamFlow({ auth: 'header', maxBytes: 10 }), { stream: { headerName: 'x-t', headerValue: secrets.streamHeaderValue } });
      (await post(SEED.decodedJson)).status.should.equal(401);
    });
  });

  describe('hostile input', function () {
    const tenMiB = Buffer.alloc(10 * 1024 * 1024, 0x20);
    tenMiB.write('{"DevEUI":"0011223344000259","value":"', 0);
    tenMiB.write('"}', tenMiB.length - 2);
    const laughs =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">' +
      '<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">' +
      '<!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]><DevEUI_uplink><DevEUI>&lol9;</DevEUI></DevEUI_uplink>';
    const xxe = '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><DevEUI_uplink><DevEUI>&x;</DevEUI></DevEUI_uplink>';
    const JSON_CT = { 'Content-Type': 'application/json' };
    const XML_CT = { 'Content-Type': 'application/xml' };
    const cases = [
      { name: 'malformed XML (crossed tags)', body: '<DevEUI_uplink><DevEUI>00<FPort></DevEUI></FPort></DevEUI_uplink>', headers: XML_CT, status: 400 },
      { name: 'truncated XML', body: SEED.uplinkXml.slice(0, 400), headers: XML_CT, status: 400 },
      { name: 'truncated XML (closing tag cut)', body: SEED.uplinkXml.slice(0, -3), headers: XML_CT, status: 400 },
      { name: 'two root elements', body: '<a>1</a><b>2</b>', headers: XML_CT, status: 400 },
      { name: 'malformed JSON', body: '{"DevEUI": 0011}', headers: JSON_CT, status: 400 },
      { name: 'truncated JSON', body: SEED.decodedJson.slice(0, 200), headers: JSON_CT, status: 400 },
      { name: 'JSON array', body: '[1,2]', headers: JSON_CT, status: 400 },
      { name: 'JSON string', body: '"0011223344000259"', headers: JSON_CT, status: 400 },
      { name: 'empty body', body: '', headers: JSON_CT, status: 400 },
      { name: 'text that is neither', body: 'hello', headers: { 'Content-Type': 'text/plain' }, status: 400 },
      { name: 'billion laughs', body: laughs, headers: XML_CT, status: 400 },
      { name: 'external entity', body: xxe, headers: { 'Content-Type': 'text/xml' }, status: 400 },
      { name: '__proto__ element in XML', body: '<DevEUI_uplink><__proto__><polluted>1</polluted></__proto__></DevEUI_uplink>', headers: XML_CT, status: 400 },
      { name: 'constructor element in XML', body: '<DevEUI_uplink><constructor><prototype><polluted>1</polluted></prototype></constructor></DevEUI_uplink>', headers: XML_CT, status: 400 },
      { name: '10 MiB body (Content-Length)', body: tenMiB, headers: JSON_CT, status: 413 },
      { name: '10 MiB body (chunked)', body: tenMiB, headers: { 'Content-Type': 'text/plain' }, opts: { chunked: true }, status: 413 },
      { name: 'urlencoded form', body: 'DevEUI=0011223344000259', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, status: 415 },
      { name: 'multipart', body: '--x\r\n\r\n--x--', headers: { 'Content-Type': 'multipart/form-data; boundary=x' }, status: 415 },
      { name: 'octet-stream', body: SEED.uplinkXml, headers: { 'Content-Type': 'application/octet-stream' }, status: 415 },
      { name: 'image', body: 'GIF89a', headers: { 'Content-Type': 'image/gif' }, status: 415 },
      { name: 'unknown charset', body: SEED.perContainer2, headers: { 'Content-Type': 'application/json; charset=utf-16' }, status: 415 },
    ];
    const TEXT = { 400: 'Bad Request', 401: 'Unauthorized', 413: 'Payload Too Large', 415: 'Unsupported Media Type' };

    beforeEach(() => load([web.mount(), 'mythings-stream'], streamFlow()));

    for (const c of cases) {
      it(`${c.name}: ${c.status} ${TEXT[c.status]}, no msg, prototype untouched, next request works`, async () => {
        const { result, msgs } = await msgsDuring(() => post(c.body, c.headers, c.opts));
        result.status.should.equal(c.status);
        result.statusText.should.equal(TEXT[c.status]);
        result.body.should.equal(TEXT[c.status]);
        msgs.should.have.length(0);
        should.not.exist({}.polluted);
        should.not.exist(Object.prototype.polluted);
        const { result: next, msgs: after } = await msgsDuring(() => post(SEED.perContainer2));
        next.status.should.equal(200);
        after.should.have.length(1);
      });
    }

    it('__proto__ and constructor keys in JSON stay plain data (SPEC 5.6): no pollution, values kept as own properties', async () => {
      const body =
        '{"DevEUI":"0E7E3464061004A2","__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},' +
        '"containers":[{"containerFriendlyName":"__proto__","value":"1"},{"containerFriendlyName":"constructor","value":"2"}],"Customerdata":"{\\"__proto__\\":{\\"polluted\\":1}}"}';
      const { result, msgs } = await msgsDuring(() => post(body));
      result.status.should.equal(200);
      should.not.exist({}.polluted);
      msgs.should.have.length(1);
      const p = msgs[0].payload;
      Object.getPrototypeOf(p.values).should.equal(Object.prototype);
      Object.prototype.hasOwnProperty.call(p.values, '__proto__').should.be.true();
      Object.getOwnPropertyDescriptor(p.values, '__proto__').value.should.equal(1);
      p.values.constructor.should.equal(2);
      Object.prototype.hasOwnProperty.call(p.raw, '__proto__').should.be.true();
      should.not.exist(p.customerData.polluted);
      should.not.exist(p.raw.polluted);
    });

    it('wrong auth among hostile inputs: 401 and the next valid request works', async () => {
      await unload();
      await load([web.mount(), 'mythings-stream'], streamFlow({ auth: 'header' }), { stream: { headerName: 'x-t', headerValue: secrets.streamHeaderValue } });
      const { result, msgs } = await msgsDuring(() => post(SEED.perContainer2, { 'Content-Type': 'application/json', 'x-t': 'guess' }));
      result.status.should.equal(401);
      msgs.should.have.length(0);
      (await post(SEED.perContainer2, { 'Content-Type': 'application/json', 'x-t': secrets.streamHeaderValue })).status.should.equal(200);
    });
  });

  describe('routes', function () {
    it('one route; a redeploy does not add a second; close removes it', async () => {
      const flow = streamFlow();
      await load([web.mount(), 'mythings-stream'], flow);
      web.postRoutes(PATH).should.equal(1);
      await helper.setFlows(flow, 'full');
      web.postRoutes(PATH).should.equal(1);
      (await post(SEED.perContainer2)).status.should.equal(200);
      // a redeploy with a new path frees the old one
      const moved = streamFlow({ url: '/mythings/moved' });
      await helper.setFlows(moved, 'full');
      web.postRoutes(PATH).should.equal(0);
      web.postRoutes('/mythings/moved').should.equal(1);
      (await post(SEED.perContainer2)).status.should.equal(404);
      (await rawPost(base + '/mythings/moved', SEED.perContainer2, { 'Content-Type': 'application/json' })).status.should.equal(200);
      await unload();
      web.postRoutes('/mythings/moved').should.equal(0);
    });

    it('a second node on the same path does not register (warns, red status)', async () => {
      const flow = streamFlow({}, [{ id: 'stream2', z: 'f1', type: 'mythings-stream', url: PATH + '/', auth: 'none', x: 100, y: 200, wires: [['out']] }]);
      await load([web.mount(), 'mythings-stream'], flow);
      web.postRoutes(PATH).should.equal(1);
      const { msgs } = await msgsDuring(() => post(SEED.perContainer2));
      msgs.should.have.length(1);
    });
  });

  describe('with the stream emitter', function () {
    it('a bounded stream of varied documents: every one answered 200 and sent once', async () => {
      await load([web.mount(), 'mythings-stream'], streamFlow({ timezone: 'UTC' }));
      const sim = streamSim.create({ seed: 7, sensors: 5 });
      const out = helper.getNode('out');
      const seen = [];
      out.on('input', (m) => seen.push(m));
      const tally = await sim.stream({ url: base + PATH, rate: 400, count: 150 });
      await new Promise((r) => setTimeout(r, 100));
      tally.should.containEql({ sent: 150, ok: 150, failed: 0 });
      seen.should.have.length(150);
      const devs = new Set(seen.map((m) => m.topic));
      devs.size.should.be.above(2);
      const types = new Set(seen.map((m) => m.payload.type));
      ['uplink', 'decoded'].forEach((t) => types.has(t).should.be.true());
      seen.filter((m) => m.payload.type === 'uplink').forEach((m) => m.payload.gateways.length.should.be.above(0));
    });
  });
});
