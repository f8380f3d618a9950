'use strict';
// MyThings stream normalization (SPEC 5.6), table-driven: every sample of seed 001 plus variants of
// key casing, timestamp formats, missing fields and empty strings.
const should = require('should');
const path = require('path');
const sp = require(path.join(__dirname, '..', '..', 'nodes', 'mythings', 'mythings-stream', 'stream-parse.js'));
const { SEED } = require('../sim/mythings-stream-sim');
const { SEED_UPLINK } = require('../lib/stream-expected');

const BXL_WINTER = 3600_000;
const utc = (...a) => Date.UTC(...a);
const at = (ms) => ({ time: new Date(ms).toISOString(), timestamp: ms });


const SEED_DECODED = {
  type: 'decoded',
  devEUI: '70B3D5E75E000259',
  ...at(1487187830340),
  fPort: 6,
  fCntUp: 22843,
  fCntDn: 6386,
  payloadHex: '0402000029094b',
  devAddr: '5E000259',
  rssi: -83,
  snr: 8,
  sf: 12,
  customerData: { loc: { lat: '50.860191', lon: '4.358177' }, alr: { pro: 'WECO/TPHU', ver: '1' } },
  location: { latitude: 50.860191, longitude: 4.358177 },
  values: { Temperature: 23.79 },
  units: { Temperature: '°' },
  thingName: 'Temperature and humidity',
  companyName: 'Proximus Demo',
};

const freeform = (stamp, value) =>
  SEED.freeformTemplate
    .replace('%timestamp[yyyy-MM-dd HH:mm:ss.SSS]%', stamp)
    .replace('%companyname%', 'Proximus Demo')
    .replace('%thingidentifier%', '0E7E3464061004A2')
    .replace('%container%', 'pir')
    .replace('%locationfriendlyname1%', 'Brussels')
    .replace('%value%', value);

const lower = (xml) => xml.replace(/<(\/?)([A-Za-z_]+)/g, (_, s, n) => `<${s}${n === 'DevEUI_uplink' ? n : n.toLowerCase()}`);

/** [name, body, kind, options, expected payload without raw] */
const DOCUMENTS = [
  // -- the seed's samples
  ['seed: network stream XML', SEED.uplinkXml, 'xml', {}, SEED_UPLINK],
  ['seed: decoded stream JSON', SEED.decodedJson, 'json', {}, SEED_DECODED],
  [
    'seed: per container, message 1 (friendly name wins)',
    SEED.perContainer1,
    'json',
    {},
    { type: 'decoded', devEUI: '0E7E3464061004A2', ...at(utc(2019, 8, 19, 12, 23, 48)), values: { humidity: 22.93 }, companyName: 'Proximus Demo' },
  ],
  [
    'seed: per container, message 2',
    SEED.perContainer2,
    'json',
    {},
    { type: 'decoded', devEUI: '0E7E3464061004A2', ...at(utc(2019, 8, 19, 12, 23, 48)), values: { humidity: 52 }, companyName: 'Proximus Demo' },
  ],
  [
    'seed: aggregated containers',
    SEED.aggregatedJson,
    'json',
    {},
    {
      type: 'decoded',
      devEUI: '0E7E3464061004A2',
      ...at(utc(2019, 8, 19, 12, 23, 49)),
      values: { temperature: 22.93, humidity: 52 },
      units: { temperature: '°C', humidity: '%' },
      companyName: 'Proximus Demo',
    },
  ],
  [
    'seed: FREEFORM template (yyyy-MM-dd HH:mm:ss.SSS, no DevEUI key)',
    freeform('2019-09-19 12:23:48.123', '1'),
    'sniff',
    {},
    { type: 'custom', ...at(utc(2019, 8, 19, 12, 23, 48, 123)), values: { pir: 1 } },
  ],
  // -- key casing
  ['casing: XML element names in lower case', lower(SEED.uplinkXml), 'xml', {}, SEED_UPLINK],
  [
    'casing: XML with a namespace prefix',
    SEED.uplinkXml.replace(/<(\/?)([A-Za-z_]+)/g, '<$1lora:$2').replace('xmlns=', 'xmlns:lora='),
    'xml',
    {},
    SEED_UPLINK,
  ],
  [
    'casing: JSON keys all lower case',
    JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(SEED.decodedJson)).map(([k, v]) => [k.toLowerCase(), v]))),
    'json',
    {},
    SEED_DECODED,
  ],
  [
    'casing: JSON keys all upper case',
    JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(SEED.decodedJson)).map(([k, v]) => [k.toUpperCase(), v]))),
    'json',
    {},
    // CUSTOMERDATA's inner keys keep their case: loc/lat/lon are the thing's, not the stream's
    SEED_DECODED,
  ],
  [
    'casing: containerFriendlyName / CONTAINERS / Value / PostFix',
    '{"DEVEUI":"0e7e3464061004a2","CONTAINERS":[{"ContainerFriendlyName":"t","Value":"1.5","PostFix":"C"}],"TimeStamp":"1568895828000"}',
    'json',
    {},
    { type: 'decoded', devEUI: '0E7E3464061004A2', ...at(1568895828000), values: { t: 1.5 }, units: { t: 'C' } },
  ],
  // -- timestamps
  ['time: epoch ms as a number', '{"DevEUI":"0E7E3464061004A2","timestamp":1568895828000}', 'json', {}, { type: 'custom', devEUI: '0E7E3464061004A2', ...at(1568895828000) }],
  ['time: epoch seconds as a string', '{"DevEUI":"0E7E3464061004A2","timestamp":"1568895828"}', 'json', {}, { type: 'custom', devEUI: '0E7E3464061004A2', ...at(1568895828000) }],
  ['time: ISO with Z', '{"DevEUI":"0E7E3464061004A2","Time":"2019-09-19T12:23:48.5Z"}', 'json', {}, { type: 'custom', devEUI: '0E7E3464061004A2', ...at(utc(2019, 8, 19, 12, 23, 48, 500)) }],
  ['time: ISO with -05:00', '{"DevEUI":"0E7E3464061004A2","Time":"2019-09-19T07:23:48-05:00"}', 'json', {}, { type: 'custom', devEUI: '0E7E3464061004A2', ...at(utc(2019, 8, 19, 12, 23, 48)) }],
  ['time: ISO with +0530 (no colon)', '{"DevEUI":"0E7E3464061004A2","Time":"2019-09-19T17:53:48.000+0530"}', 'json', {}, { type: 'custom', devEUI: '0E7E3464061004A2', ...at(utc(2019, 8, 19, 12, 23, 48)) }],
  [
    'time: ISO with offset ignores the node zone',
    '{"DevEUI":"0E7E3464061004A2","Time":"2019-09-19T12:23:48Z"}',
    'json',
    { timezone: 'America/New_York' },
    { type: 'custom', devEUI: '0E7E3464061004A2', ...at(utc(2019, 8, 19, 12, 23, 48)) },
  ],
  [
    'time: dd/MM/yyyy in Europe/Brussels, summer (UTC+2)',
    SEED.perContainer2,
    'json',
    { timezone: 'Europe/Brussels' },
    { type: 'decoded', devEUI: '0E7E3464061004A2', ...at(utc(2019, 8, 19, 10, 23, 48)), values: { humidity: 52 }, companyName: 'Proximus Demo' },
  ],
  [
    'time: dd/MM/yyyy in Europe/Brussels, winter (UTC+1)',
    '{"DevEUI":"0E7E3464061004A2","timestamp":"05/01/2020 00:30:00"}',
    'json',
    { timezone: 'Europe/Brussels' },
    { type: 'custom', devEUI: '0E7E3464061004A2', ...at(utc(2020, 0, 4, 23, 30, 0)) },
  ],
  [
    'time: dd/MM/yyyy HH:mm:ss.SSS in Asia/Kolkata',
    '{"DevEUI":"0E7E3464061004A2","timestamp":"19/09/2019 17:53:48.250"}',
    'json',
    { timezone: 'Asia/Kolkata' },
    { type: 'custom', devEUI: '0E7E3464061004A2', ...at(utc(2019, 8, 19, 12, 23, 48, 250)) },
  ],
  ['time: impossible date is no time', '{"DevEUI":"0E7E3464061004A2","timestamp":"31/02/2019 10:00:00"}', 'json', {}, { type: 'custom', devEUI: '0E7E3464061004A2' }],
  ['time: unknown format is no time', '{"DevEUI":"0E7E3464061004A2","timestamp":"yesterday"}', 'json', {}, { type: 'custom', devEUI: '0E7E3464061004A2' }],
  // -- missing fields and empty strings
  ['missing: only a DevEUI', '{"DevEUI":"0E7E3464061004A2"}', 'json', {}, { type: 'custom', devEUI: '0E7E3464061004A2' }],
  ['missing: an empty object', '{}', 'json', {}, { type: 'custom' }],
  [
    'empty strings: every field empty',
    JSON.stringify(Object.fromEntries(Object.keys(JSON.parse(SEED.decodedJson)).map((k) => [k, '']))),
    'json',
    {},
    { type: 'custom' },
  ],
  [
    'empty strings: a container without value is not a value',
    '{"DevEUI":"0E7E3464061004A2","containers":[{"container":"t","value":""},{"container":"h","value":"40","postfix":""}],"timestamp":""}',
    'json',
    {},
    { type: 'decoded', devEUI: '0E7E3464061004A2', values: { h: 40 } },
  ],
  [
    'empty XML elements are absent',
    '<DevEUI_uplink><DevEUI>0011223344000259</DevEUI><FPort/><FCntUp></FCntUp><payload_hex></payload_hex><Lrrs></Lrrs><CustomerData/></DevEUI_uplink>',
    'xml',
    {},
    { type: 'uplink', devEUI: '0011223344000259' },
  ],
  // -- variants
  ['DevEUI in lower case with dashes', '{"DevEUI":"70-b3-d5-e7-5e-00-02-59"}', 'json', {}, { type: 'custom', devEUI: '70B3D5E75E000259' }],
  ['DevEUI that is not hex is absent', '{"DevEUI":"sensor-1"}', 'json', {}, { type: 'custom' }],
  [
    'one Lrr (not a list), no top-level RSSI: best gateway',
    '<DevEUI_uplink><DevEUI>0011223344000259</DevEUI><Lrrs><Lrr><Lrrid>FF0107A5</Lrrid><LrrRSSI>-101.5</LrrRSSI><LrrSNR>-3</LrrSNR><LrrESP>-104.7</LrrESP></Lrr></Lrrs></DevEUI_uplink>',
    'xml',
    {},
    { type: 'uplink', devEUI: '0011223344000259', gateways: [{ id: 'FF0107A5', rssi: -101.5, snr: -3, esp: -104.7 }], rssi: -101.5, snr: -3 },
  ],
  [
    'no top-level RSSI: the gateway with the best ESP',
    '<DevEUI_uplink><DevEUI>0011223344000259</DevEUI><Lrrs><Lrr><Lrrid>A</Lrrid><LrrRSSI>-90</LrrRSSI><LrrSNR>-15</LrrSNR><LrrESP>-105</LrrESP></Lrr><Lrr><Lrrid>B</Lrrid><LrrRSSI>-95</LrrRSSI><LrrSNR>5</LrrSNR><LrrESP>-96</LrrESP></Lrr></Lrrs></DevEUI_uplink>',
    'xml',
    {},
    {
      type: 'uplink',
      devEUI: '0011223344000259',
      gateways: [
        { id: 'A', rssi: -90, snr: -15, esp: -105 },
        { id: 'B', rssi: -95, snr: 5, esp: -96 },
      ],
      rssi: -95,
      snr: 5,
    },
  ],
  [
    'DevEUI_location',
    '<?xml version="1.0"?><DevEUI_location xmlns="http://uri.actility.com/lora"><DevEUI>0011223344000259</DevEUI><DevAddr>061008D0</DevAddr><Time>2019-03-22T11:14:30.426+01:00</Time><DevLAT>50.860191</DevLAT><DevLON>4.358177</DevLON></DevEUI_location>',
    'xml',
    {},
    { type: 'location', devEUI: '0011223344000259', ...at(utc(2019, 2, 22, 10, 14, 30, 426)), devAddr: '061008D0', location: { latitude: 50.860191, longitude: 4.358177 } },
  ],
  [
    'DevEUI_downlink_Sent',
    '<DevEUI_downlink_Sent xmlns="http://uri.actility.com/lora"><Time>2019-03-22T11:14:31+01:00</Time><DevEUI>0011223344000259</DevEUI><FPort>1</FPort><FCntDn>27081</FCntDn><SpFact>9</SpFact><DeliveryStatus>1</DeliveryStatus></DevEUI_downlink_Sent>',
    'xml',
    {},
    { type: 'downlinkSent', devEUI: '0011223344000259', ...at(utc(2019, 2, 22, 10, 14, 31)), fPort: 1, fCntDn: 27081, sf: 9 },
  ],
  [
    'XML entities and CDATA in text are decoded (no DOCTYPE)',
    '<DevEUI_uplink><DevEUI>0011223344000259</DevEUI><CustomerData>{&quot;alr&quot;:{&quot;pro&quot;:&quot;A&amp;B&quot;,&quot;n&quot;:&#49;}}</CustomerData><thingName><![CDATA[Hall <1>]]></thingName></DevEUI_uplink>',
    'xml',
    {},
    { type: 'uplink', devEUI: '0011223344000259', customerData: { alr: { pro: 'A&B', n: 1 } }, thingName: 'Hall <1>' },
  ],
  [
    'a LOCATION stream in JSON',
    '{"DevEUI":"0011223344000259","latitude":"50.86","longitude":"4.35","timestamp":"1568895828000"}',
    'json',
    {},
    { type: 'location', devEUI: '0011223344000259', ...at(1568895828000), location: { latitude: 50.86, longitude: 4.35 } },
  ],
  [
    'values: numeric strings become numbers, others stay strings',
    '{"DevEUI":"0011223344000259","containers":[{"container":"door","value":"open"},{"container":"raw","value":"0x1A"},{"container":"n","value":" -7.250 "},{"container":"e","value":"1e3"},{"container":"b","value":true}]}',
    'json',
    {},
    { type: 'decoded', devEUI: '0011223344000259', values: { door: 'open', raw: '0x1A', n: -7.25, e: 1000, b: true } },
  ],
  [
    'CustomerData that is not JSON stays a string; a hex payload that is not hex is absent',
    '{"DevEUI":"0011223344000259","CustomerData":"vip","payload":"zz"}',
    'json',
    {},
    { type: 'custom', devEUI: '0011223344000259', customerData: 'vip' },
  ],
  [
    'latitude out of range is no location',
    '{"DevEUI":"0011223344000259","latitude":"95","longitude":"4"}',
    'json',
    {},
    { type: 'custom', devEUI: '0011223344000259' },
  ],
  [
    'a decoded XML document (unknown root) with containers',
    '<decoded><DevEUI>0011223344000259</DevEUI><containers><container><container>t</container><value>21.5</value><postfix>C</postfix></container><container><container>h</container><value>40</value></container></containers></decoded>',
    'xml',
    {},
    { type: 'decoded', devEUI: '0011223344000259', values: { t: 21.5, h: 40 }, units: { t: 'C' } },
  ],
];

describe('stream-parse: normalization of stream documents (table)', function () {
  it(`covers at least 20 documents (${DOCUMENTS.length})`, () => {
    DOCUMENTS.length.should.be.aboveOrEqual(20);
  });
  for (const [name, body, kind, opts, expected] of DOCUMENTS) {
    it(name, () => {
      const doc = sp.parseDocument(body, kind);
      const n = sp.normalize(doc, opts);
      const { raw, ...rest } = n;
      rest.should.eql(expected);
      raw.should.equal(doc.source);
      if (doc.format === 'json') raw.should.eql(JSON.parse(body));
    });
  }
});

describe('stream-parse: raw keeps the document untouched', function () {
  it('XML: {root: {...}} with every element as text', () => {
    const doc = sp.parseDocument(SEED.uplinkXml, 'xml');
    doc.root.should.equal('DevEUI_uplink');
    doc.source.DevEUI_uplink.Lrrs.Lrr.should.have.length(2);
    doc.source.DevEUI_uplink.payload_hex.should.equal('00');
    doc.source.DevEUI_uplink.LrrLAT.should.equal('00.223259');
    const before = JSON.stringify(doc.source);
    sp.normalize(doc);
    JSON.stringify(doc.source).should.equal(before);
  });
});

describe('stream-parse: bodies that do not parse (StreamParseError -> 400)', function () {
  const BAD = [
    ['empty', '', 'json'],
    ['blank', '  \n ', 'sniff'],
    ['truncated JSON', SEED.decodedJson.slice(0, 100), 'json'],
    ['JSON array', '[{"DevEUI":"00"}]', 'json'],
    ['JSON null', 'null', 'json'],
    ['JSON number', '42', 'json'],
    ['truncated XML', SEED.uplinkXml.slice(0, 500), 'xml'],
    ['unclosed root', '<DevEUI_uplink><DevEUI>00</DevEUI>', 'xml'],
    ['crossed tags', '<a><b>1</a></b>', 'xml'],
    ['text, not XML', 'hello', 'xml'],
    ['two roots', '<a/><b/>', 'xml'],
    ['DOCTYPE', '<!DOCTYPE a><a>1</a>', 'xml'],
    ['billion laughs', '<!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><l>&b;</l>', 'xml'],
    ['ENTITY without DOCTYPE keyword case', '<!doctype l [<!entity a "x">]><l>&a;</l>', 'xml'],
    ['__proto__ element', '<a><__proto__><x>1</x></__proto__></a>', 'xml'],
    ['constructor element', '<a><constructor>1</constructor></a>', 'xml'],
    ['sniff: neither', 'DevEUI=00', 'sniff'],
    ['nesting bomb', '<a>'.repeat(500) + '</a>'.repeat(500), 'xml'],
  ];
  for (const [name, body, kind] of BAD) {
    it(name, () => {
      should.throws(() => sp.parseDocument(body, kind), sp.StreamParseError);
      should.not.exist({}.polluted);
    });
  }
});

describe('stream-parse: JSON __proto__ / constructor keys are plain data', function () {
  it('no prototype is changed; the keys are own properties', () => {
    const body = '{"DevEUI":"0011223344000259","__proto__":{"polluted":1},"containers":[{"container":"__proto__","value":"5","postfix":"x"},{"container":"constructor","value":"6"}]}';
    const n = sp.normalize(sp.parseDocument(body, 'json'));
    should.not.exist({}.polluted);
    Object.getPrototypeOf(n.values).should.equal(Object.prototype);
    Object.getOwnPropertyNames(n.values).should.eql(['__proto__', 'constructor']);
    Object.getOwnPropertyDescriptor(n.values, '__proto__').value.should.equal(5);
    Object.getOwnPropertyDescriptor(n.units, '__proto__').value.should.equal('x');
    n.values.constructor.should.equal(6);
    JSON.stringify(n.values).should.equal('{"__proto__":5,"constructor":6}');
  });
});

describe('stream-parse: content types', function () {
  const TABLE = [
    [undefined, { kind: 'sniff', encoding: 'utf8' }],
    ['application/json', { kind: 'json', encoding: 'utf8' }],
    ['Application/JSON; charset=UTF-8', { kind: 'json', encoding: 'utf8' }],
    ['application/vnd.mythings+json', { kind: 'json', encoding: 'utf8' }],
    ['text/json', { kind: 'json', encoding: 'utf8' }],
    ['application/xml', { kind: 'xml', encoding: 'utf8' }],
    ['text/xml; charset="iso-8859-1"', { kind: 'xml', encoding: 'latin1' }],
    ['application/soap+xml', { kind: 'xml', encoding: 'utf8' }],
    ['text/plain', { kind: 'sniff', encoding: 'utf8' }],
    ['application/x-www-form-urlencoded', null],
    ['multipart/form-data; boundary=x', null],
    ['application/octet-stream', null],
    ['text/html', null],
    ['application/json; charset=utf-16', null],
  ];
  for (const [header, expected] of TABLE) {
    it(`${header} -> ${expected ? expected.kind : 'refused (415)'}`, () => {
      should(sp.classifyContentType(header)).eql(expected);
    });
  }
});

describe('stream-parse: timestamps', function () {
  const TABLE = [
    ['1487187830340', 'UTC', 1487187830340],
    [1487187830340, 'UTC', 1487187830340],
    ['1487187830', 'UTC', 1487187830000],
    ['2019-03-22T11:14:30.426+01:00', 'UTC', utc(2019, 2, 22, 10, 14, 30, 426)],
    ['2019-03-22T11:14:30+0100', 'UTC', utc(2019, 2, 22, 10, 14, 30)],
    ['2019-03-22 11:14:30', 'Europe/Brussels', utc(2019, 2, 22, 10, 14, 30)],
    ['2019-03-22', 'UTC', utc(2019, 2, 22)],
    ['19/09/2019 12:23:48', 'UTC', utc(2019, 8, 19, 12, 23, 48)],
    ['19/09/2019 12:23:48', 'Europe/Brussels', utc(2019, 8, 19, 10, 23, 48)],
    ['19/09/2019 12:23:48', 'America/Sao_Paulo', utc(2019, 8, 19, 15, 23, 48)],
    ['31/03/2019 03:30:00', 'Europe/Brussels', utc(2019, 2, 31, 1, 30, 0)], // first hour of summer time
    ['27/10/2019 01:30:00', 'Europe/Brussels', utc(2019, 9, 26, 23, 30, 0)],
    ['9/1/2020 8:05:00', 'UTC', utc(2020, 0, 9, 8, 5, 0)],
    ['32/01/2020 00:00:00', 'UTC', undefined],
    ['19/13/2019 12:00:00', 'UTC', undefined],
    ['2019-02-30T00:00:00Z', 'UTC', undefined],
    ['2019-03-22T11:14:30+25:00', 'UTC', undefined],
    ['', 'UTC', undefined],
    ['   ', 'UTC', undefined],
    [null, 'UTC', undefined],
    [-5, 'UTC', undefined],
    ['now', 'UTC', undefined],
  ];
  for (const [v, zone, expected] of TABLE) {
    it(`${JSON.stringify(v)} in ${zone} -> ${expected === undefined ? 'none' : new Date(expected).toISOString()}`, () => {
      should(sp.parseTimestamp(v, zone)).equal(expected);
    });
  }
  it('knows IANA zones and refuses others', () => {
    sp.isValidTimeZone('UTC').should.be.true();
    sp.isValidTimeZone('Europe/Brussels').should.be.true();
    sp.isValidTimeZone('Mars/Olympus').should.be.false();
    sp.isValidTimeZone('').should.be.false();
  });
});

describe('stream-parse: split by container', function () {
  it('one payload per container of an aggregated message; parts do not share objects', () => {
    const n = sp.normalize(sp.parseDocument(SEED.aggregatedJson, 'json'));
    const parts = sp.splitByContainer(n);
    parts.map((p) => p.values).should.eql([{ temperature: 22.93 }, { humidity: 52 }]);
    parts.map((p) => p.units).should.eql([{ temperature: '°C' }, { humidity: '%' }]);
    parts.forEach((p) => {
      p.devEUI.should.equal('0E7E3464061004A2');
      p.timestamp.should.equal(n.timestamp);
    });
    // raw on the first part only (issue 11: a request never costs one copy of its document per part)
    parts[0].raw.should.equal(n.raw);
    parts.slice(1).forEach((p) => p.should.not.have.property('raw'));
  });
  it('anything else is one payload', () => {
    const up = sp.normalize(sp.parseDocument(SEED.uplinkXml, 'xml'));
    sp.splitByContainer(up).should.eql([up]);
    const one = sp.normalize(sp.parseDocument(SEED.perContainer2, 'json'));
    sp.splitByContainer(one).should.eql([one]);
  });
});

describe('stream-parse: the plain-XML fast path equals fast-xml-parser', function () {
  const sim = require('../sim/mythings-stream-sim').create({ seed: 11, sensors: 20 });
  const generated = ['uplink', 'location', 'downlinkSent'].flatMap((k) => sim.bodies(60, k).map((d) => d.body));
  const crafted = [
    '<a>1</a>',
    '<a/>',
    '<a><b>1</b><b>2</b><c/></a>',
    '<a>  </a>',
    '<a x="1" y=\'2\'><b>t</b></a>',
    '<p:a xmlns:p="u"><p:b>1</p:b></p:a>',
    '<a><b>1</b><b><c>2</c></b></a>',
    '<?xml version="1.0" encoding="UTF-8"?>\n<a>1</a>\n',
    '<a>1</a >',
    '<a >1</a>',
    '<a>\r\n  <b>1</b>\r\n</a>',
  ];
  it(`takes every generated stream document (${generated.length + 1}) and builds the same object`, () => {
    for (const xml of [SEED.uplinkXml, ...generated]) {
      const fast = sp.plainXml(xml);
      should.exist(fast);
      fast.should.eql(sp.libraryXml(xml));
    }
  });
  it('builds the same object for plain documents of other shapes', () => {
    for (const xml of crafted) {
      const fast = sp.plainXml(xml);
      should.exist(fast, xml);
      fast.should.eql(sp.libraryXml(xml));
    }
  });
  const REFUSED = [
    ['mixed content', '<a><b>1</b>x</a>'],
    ['text before a child', '<a>x<b>1</b></a>'],
    ['comment', '<a><!-- c --><b>1</b></a>'],
    ['CDATA', '<a><![CDATA[x]]></a>'],
    ['entity reference', '<a>&amp;</a>'],
    ['character reference', '<a>&#65;</a>'],
    ['crossed tags', '<a><b>1</a></b>'],
    ['unclosed', '<a><b>1</b>'],
    ['name on Object.prototype', '<a><isPrototypeOf>1</isPrototypeOf></a>'],
    ['__proto__', '<a><__proto__>1</__proto__></a>'],
    ['constructor', '<a><constructor>1</constructor></a>'],
    ['prototype', '<a><prototype>1</prototype></a>'],
    ['toString', '<a><toString>1</toString></a>'],
    ['> in text', '<a>x > y</a>'],
    ['two roots', '<a>1</a><b/>'],
    ['\\r inside a value', '<a>1\r\n2</a>'],
    ['two prefixes', '<a:b:c>1</a:b:c>'],
    ['space after <', '< a>1</a>'],
    ['processing instruction', '<a><?pi x?><b/></a>'],
    ['DOCTYPE', '<!DOCTYPE a><a>1</a>'],
    ['attribute with an entity', '<a x="&lol;">1</a>'],
    ['attribute without quotes', '<a x=1>1</a>'],
    ['too deep', '<a>'.repeat(40) + '</a>'.repeat(40)],
    ['non-ASCII name', '<é>1</é>'],
    ['trailing text', '<a>1</a>x'],
  ];
  for (const [name, xml] of REFUSED) {
    it(`leaves ${name} to fast-xml-parser`, () => {
      should(sp.plainXml(xml)).be.undefined();
    });
  }
});
