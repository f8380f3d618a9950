'use strict';
// The MyThings stream emitter: what a MyThings stream definition POSTs to its Stream URL
// (seed 001, "Stream Definitions"): the network stream (Actility XML `DevEUI_uplink`), the decoded
// stream (JSON, one container per POST or aggregated `containers: [...]`), location and
// downlink-sent documents, and a FREEFORM template. Built from the seed's samples, with a fleet of
// sensors whose DevEUIs, frame counters, gateways and containers vary. Every stream it runs is
// bounded (a count or a duration) unless the caller asks for `forever` (the sandbox demo).
//
//   const sim = require('./mythings-stream-sim').create({ seed: 1, sensors: 8 });
//   sim.next()                 -> { kind, contentType, body, devEUI }   one realistic document
//   sim.post(url, doc, {headers})                                       -> { status, statusText, body }
//   sim.stream({ url, rate, count | durationMs, headers, kinds })       -> { sent, ok, failed, statuses }
//   sim.stop()                 stops every running stream
const http = require('http');
const https = require('https');
const { rng } = require('./framework');

/** The seed's samples, verbatim (seed 001 lines 879-1015 and the FREEFORM template of line 517). */
const SEED = {
  uplinkXml: `<?xml version="1.0" encoding="UTF-8"?>
<DevEUI_uplink xmlns="http://uri.actility.com/lora">
<Time>2019-03-22T11:14:30.426+01:00</Time>
<DevEUI>0011223344000259</DevEUI>
<FPort>2</FPort>
<FCntUp>93473</FCntUp>
<ADRbit>1</ADRbit>
<MType>2</MType>
<FCntDn>27080</FCntDn>
<payload_hex>00</payload_hex>
<mic_hex>fd80eaf4</mic_hex>
<Lrcid>00000201</Lrcid>
<LrrRSSI>-95.000000</LrrRSSI>
<LrrSNR>6.000000</LrrSNR>
<SpFact>12</SpFact>
<SubBand>G0</SubBand>
<Channel>LC1</Channel>
<DevLrrCnt>2</DevLrrCnt>
<Lrrid>FF0107A5</Lrrid>
<Late>0</Late>
<LrrLAT>00.223259</LrrLAT>
<LrrLON>00.972714</LrrLON>
<Lrrs>
<Lrr>
<Lrrid>FF0107A5</Lrrid>
<Chain>0</Chain>
<LrrRSSI>-95.000000</LrrRSSI>
<LrrSNR>6.000000</LrrSNR>
<LrrESP>-95.973228</LrrESP>
</Lrr>
<Lrr>
<Lrrid>FF010624</Lrrid>
<Chain>0</Chain>
<LrrRSSI>-107.000000</LrrRSSI>
<LrrSNR>-20.000000</LrrSNR>
<LrrESP>-127.043213</LrrESP>
</Lrr>
</Lrrs>
<CustomerID>100000000</CustomerID>
<CustomerData>{"alr":{"pro":"LORA/Generic","ver":"1"}}</CustomerData>
<ModelCfg>0</ModelCfg>
<InstantPER>0.000000</InstantPER>
<MeanPER>0.012488</MeanPER>
<DevAddr>061008D0</DevAddr>
<TxPower>1.000000</TxPower>
<NbTrans>1</NbTrans>
</DevEUI_uplink>`,
  decodedJson: `{
"companyName": "Proximus Demo",
"thingName": "Temperature and humidity",
"thingVersion": "1",
"thingType": "Temperature and humidity",
"vendor": "NKE",
"latitude": "",
"longitude": "",
"description": "",
"locationFriendlyName1": "Brussels Proximus towers",
"locationFriendlyName2": "",
"containerFriendlyName": "Temperature",
"container": "0x0402.0x0000.0.m2m",
"value": "23.79",
"postfix": "°",
"timestamp": "1487187830340",
"DevEUI": "70B3D5E75E000259",
"DevAddr": "5E000259",
"FPort": "6",
"Fcntup": "22843",
"Ackbit": "",
"Adrbit": "1",
"Fcntdn": "6386",
"Lrcid": "00000201",
"Lrrrssi": "-83.000000",
"Lrrsnr": "8.000000",
"Spfact": "12",
"Subband": "G1",
"Channel": "LC2",
"Dvlrrcnt": "2",
"Lrrid": "004A0362",
"Customerid": "100000136",
"Customerdata": "{\\"loc\\":{\\"lat\\":\\"50.860191\\",\\"lon\\":\\"4.358177\\"},\\"alr\\":{\\"pro\\":\\"WECO/TPHU\\",\\"ver\\":\\"1\\"}}",
"Modelcfg": "0",
"Batterylevel": "",
"Batterytime": "",
"margin": "",
"payload": "0402000029094b"
}`,
  perContainer1: `{
"companyName": "Proximus Demo",
"DevEUI": "0E7E3464061004A2",
"container": "temperature",
"containerfriendlyName": "humidity",
"value": "22.93",
"locationFriendlyName1": null,
"timestamp": "19/09/2019 12:23:48"
}`,
  perContainer2: `{
"companyName": "Proximus Demo",
"DevEUI": "0E7E3464061004A2",
"container": "humidity",
"containerfriendlyName": "humidity",
"value": "52",
"locationFriendlyName1": null,
"timestamp": "19/09/2019 12:23:48"
}`,
  aggregatedJson: `{
"companyName": "Proximus Demo",
"DevEUI": "0E7E3464061004A2",
"containers": [
{
"container": "temperature",
"containerfriendlyName": "temperature",
"value": "22.93",
"postfix": "°C"
},
{
"container": "humidity",
"containerfriendlyName": "humidity",
"value": "52",
"postfix": "%"
}
],
"locationFriendlyName1": null,
"timestamp": "19/09/2019 12:23:49"
}`,
  freeformTemplate:
    '{"timestamp": "%timestamp[yyyy-MM-dd HH:mm:ss.SSS]%","company": "%companyname%","macaddress": "%thingidentifier%","container": "%container%","location": "%locationfriendlyname1%","value": "%value%","description": "PirSensor"}',
};

const GATEWAYS = [
  { id: 'FF0107A5', lat: '50.860191', lon: '4.358177' },
  { id: 'FF010624', lat: '50.846557', lon: '4.351697' },
  { id: '004A0362', lat: '51.219448', lon: '4.402464' },
  { id: 'FF01072B', lat: '50.632557', lon: '5.579666' },
  { id: 'FF0106F0', lat: '51.054342', lon: '3.717424' },
];

/** The containers a fleet's things report (container id, friendly name, unit, value range, decimals). */
const CONTAINERS = [
  { container: '0x0402.0x0000.0.m2m', name: 'temperature', postfix: '°C', min: -5, max: 35, dp: 2 },
  { container: '0x0405.0x0000.0.m2m', name: 'humidity', postfix: '%', min: 20, max: 95, dp: 0 },
  { container: 'battery', name: 'battery', postfix: 'V', min: 2.9, max: 3.6, dp: 2 },
  { container: '0x0400.0x0000.0.m2m', name: 'luminosity', postfix: 'lx', min: 0, max: 900, dp: 0 },
  { container: 'door', name: 'door', postfix: '', min: 0, max: 1, dp: 0 },
];

const pad = (n, w = 2) => String(n).padStart(w, '0');
const hex = (n, w) => n.toString(16).toUpperCase().padStart(w, '0');
/** `2019-03-22T11:14:30.426+01:00` (the network stream's stamp, Brussels winter time). */
const isoPlusOne = (ms) => new Date(ms + 3600_000).toISOString().replace('Z', '+01:00');
/** `19/09/2019 12:23:48` (the decoded stream's stamp, UTC). */
const dmy = (ms) => {
  const d = new Date(ms);
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
};
/** `2019-09-19 12:23:48.123` (the FREEFORM sample's pattern yyyy-MM-dd HH:mm:ss.SSS, UTC). */
const ymdms = (ms) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
const xmlEscape = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A network-stream document like the seed's, for one sensor and its gateways. */
function uplinkXml(s, { time, fPort = 2, payloadHex, gateways }) {
  const best = gateways[0];
  const lrrs = gateways
    .map(
      (g) => `<Lrr>
<Lrrid>${g.id}</Lrrid>
<Chain>0</Chain>
<LrrRSSI>${g.rssi.toFixed(6)}</LrrRSSI>
<LrrSNR>${g.snr.toFixed(6)}</LrrSNR>
<LrrESP>${g.esp.toFixed(6)}</LrrESP>
</Lrr>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<DevEUI_uplink xmlns="http://uri.actility.com/lora">
<Time>${isoPlusOne(time)}</Time>
<DevEUI>${s.devEUI}</DevEUI>
<FPort>${fPort}</FPort>
<FCntUp>${s.fCntUp}</FCntUp>
<ADRbit>1</ADRbit>
<MType>2</MType>
<FCntDn>${s.fCntDn}</FCntDn>
<payload_hex>${payloadHex}</payload_hex>
<mic_hex>${hex(s.fCntUp * 2654435761 >>> 0, 8).toLowerCase()}</mic_hex>
<Lrcid>00000201</Lrcid>
<LrrRSSI>${best.rssi.toFixed(6)}</LrrRSSI>
<LrrSNR>${best.snr.toFixed(6)}</LrrSNR>
<SpFact>${s.sf}</SpFact>
<SubBand>G0</SubBand>
<Channel>LC1</Channel>
<DevLrrCnt>${gateways.length}</DevLrrCnt>
<Lrrid>${best.id}</Lrrid>
<Late>0</Late>
<LrrLAT>${best.lat}</LrrLAT>
<LrrLON>${best.lon}</LrrLON>
<Lrrs>
${lrrs}
</Lrrs>
<CustomerID>100000000</CustomerID>
<CustomerData>${xmlEscape(JSON.stringify({ alr: { pro: 'LORA/Generic', ver: '1' } }))}</CustomerData>
<ModelCfg>0</ModelCfg>
<InstantPER>0.000000</InstantPER>
<MeanPER>0.012488</MeanPER>
<DevAddr>${s.devAddr}</DevAddr>
<TxPower>1.000000</TxPower>
<NbTrans>1</NbTrans>
</DevEUI_uplink>`;
}

/** A location document (Actility DevEUI_location; the seed names the LOCATION stream but prints no sample). */
function locationXml(s, { time }) {
  return `<?xml version="1.0" encoding="UTF-8"?>
<DevEUI_location xmlns="http://uri.actility.com/lora">
<DevEUI>${s.devEUI}</DevEUI>
<DevAddr>${s.devAddr}</DevAddr>
<Lrcid>00000201</Lrcid>
<Time>${isoPlusOne(time)}</Time>
<DevLocTime>${isoPlusOne(time)}</DevLocTime>
<DevLAT>${s.lat}</DevLAT>
<DevLON>${s.lon}</DevLON>
<DevAlt>0</DevAlt>
<DevLocRadius>120.5</DevLocRadius>
<DevLocAlgo>1</DevLocAlgo>
<CustomerID>100000000</CustomerID>
<CustomerData>{"alr":{"pro":"LORA/Generic","ver":"1"}}</CustomerData>
</DevEUI_location>`;
}

/** A downlink-sent report (Actility DevEUI_downlink_Sent). */
function downlinkSentXml(s, { time }) {
  return `<?xml version="1.0" encoding="UTF-8"?>
<DevEUI_downlink_Sent xmlns="http://uri.actility.com/lora">
<Time>${isoPlusOne(time)}</Time>
<DevEUI>${s.devEUI}</DevEUI>
<FPort>1</FPort>
<FCntDn>${s.fCntDn}</FCntDn>
<Lrcid>00000201</Lrcid>
<SpFact>${s.sf}</SpFact>
<SubBand>G0</SubBand>
<Channel>LC1</Channel>
<Lrrid>FF0107A5</Lrrid>
<DeliveryStatus>1</DeliveryStatus>
<DeliveryFailedCause1>00</DeliveryFailedCause1>
<CustomerID>100000000</CustomerID>
<CustomerData>{"alr":{"pro":"LORA/Generic","ver":"1"}}</CustomerData>
</DevEUI_downlink_Sent>`;
}

/** A decoded document with the full preset, like the seed's first JSON sample. */
function decodedFullJson(s, c, value, { time, gateway }) {
  return JSON.stringify({
    companyName: s.companyName,
    thingName: s.thingName,
    thingVersion: '1',
    thingType: s.thingType,
    vendor: 'NKE',
    latitude: '',
    longitude: '',
    description: '',
    locationFriendlyName1: 'Brussels Proximus towers',
    locationFriendlyName2: '',
    containerFriendlyName: c.name,
    container: c.container,
    value: String(value),
    postfix: c.postfix,
    timestamp: String(time),
    DevEUI: s.devEUI,
    DevAddr: s.devAddr,
    FPort: '6',
    Fcntup: String(s.fCntUp),
    Ackbit: '',
    Adrbit: '1',
    Fcntdn: String(s.fCntDn),
    Lrcid: '00000201',
    Lrrrssi: gateway.rssi.toFixed(6),
    Lrrsnr: gateway.snr.toFixed(6),
    Spfact: String(s.sf),
    Subband: 'G1',
    Channel: 'LC2',
    Dvlrrcnt: '2',
    Lrrid: gateway.id,
    Customerid: '100000136',
    Customerdata: JSON.stringify({ loc: { lat: s.lat, lon: s.lon }, alr: { pro: 'WECO/TPHU', ver: '1' } }),
    Modelcfg: '0',
    Batterylevel: '',
    Batterytime: '',
    margin: '',
    payload: s.payloadHex,
  });
}

/** One container per POST (aggregation off), like the seed's "Message 1/2". */
function perContainerJson(s, c, value, { time }) {
  return JSON.stringify({
    companyName: s.companyName,
    DevEUI: s.devEUI,
    container: c.container,
    containerfriendlyName: c.name,
    value: String(value),
    locationFriendlyName1: null,
    timestamp: dmy(time),
  });
}

/** All containers in one POST (aggregation on). */
function aggregatedJson(s, readings, { time }) {
  return JSON.stringify({
    companyName: s.companyName,
    DevEUI: s.devEUI,
    containers: readings.map(({ c, value }) => ({ container: c.container, containerfriendlyName: c.name, value: String(value), postfix: c.postfix })),
    locationFriendlyName1: null,
    timestamp: dmy(time),
  });
}

/** The seed's FREEFORM template filled in. */
function freeformJson(s, c, value, { time }) {
  return SEED.freeformTemplate
    .replace('%timestamp[yyyy-MM-dd HH:mm:ss.SSS]%', ymdms(time))
    .replace('%companyname%', s.companyName)
    .replace('%thingidentifier%', s.devEUI)
    .replace('%container%', c.name)
    .replace('%locationfriendlyname1%', 'Brussels Proximus towers')
    .replace('%value%', String(value));
}

const KINDS = ['uplink', 'decoded', 'perContainer', 'aggregated', 'location', 'downlinkSent', 'freeform'];
const DEFAULT_MIX = { uplink: 4, decoded: 2, perContainer: 2, aggregated: 2, location: 1, downlinkSent: 1, freeform: 1 };

/**
 * @param {{seed?: number, sensors?: number, start?: number, mix?: Record<string, number>}} [opts]
 *   sensors: fleet size (default 6); start: epoch ms of the first uplink (default now);
 *   mix: relative weights of the document kinds (default: mostly network uplinks).
 */
function create(opts = {}) {
  const random = rng(opts.seed ?? 1);
  const between = (a, b) => a + (b - a) * random();
  const pick = (arr) => arr[Math.floor(random() * arr.length)];
  let clock = opts.start ?? Date.now();
  const fleet = [];
  const size = opts.sensors ?? 6;
  for (let i = 0; i < size; i++) {
    const base = GATEWAYS[i % GATEWAYS.length];
    fleet.push({
      devEUI: `70B3D5E75E${hex(0x100259 + i * 7919, 6)}`,
      devAddr: hex(0x5e000259 + i, 8),
      thingName: `Sensor ${i + 1}`,
      thingType: i % 2 ? 'Temperature and humidity' : 'Multi sensor',
      companyName: 'Proximus Demo',
      fCntUp: 1000 + Math.floor(random() * 50000),
      fCntDn: Math.floor(random() * 9000),
      sf: pick([7, 8, 9, 10, 11, 12]),
      lat: (Number(base.lat) + between(-0.02, 0.02)).toFixed(6),
      lon: (Number(base.lon) + between(-0.02, 0.02)).toFixed(6),
      containers: CONTAINERS.slice(0, 2 + (i % 3)),
      payloadHex: '',
    });
  }
  const mix = opts.mix ?? DEFAULT_MIX;
  const weighted = [];
  for (const k of KINDS) for (let i = 0; i < (mix[k] ?? 0); i++) weighted.push(k);

  const reading = (c) => {
    const v = between(c.min, c.max);
    return c.dp === 0 ? Math.round(v) : Number(v.toFixed(c.dp));
  };
  const gatewaysFor = () => {
    const n = 1 + Math.floor(random() * 3);
    const start = Math.floor(random() * GATEWAYS.length);
    const list = [];
    for (let i = 0; i < n; i++) {
      const g = GATEWAYS[(start + i) % GATEWAYS.length];
      const rssi = Math.round(between(-120, -70));
      const snr = Math.round(between(-20, 10));
      list.push({ ...g, rssi, snr, esp: rssi - Math.log10(1 + 10 ** (-snr / 10)) * 10 });
    }
    return list.sort((a, b) => b.esp - a.esp);
  };

  const emitter = {
    name: 'mythings-stream',
    SEED,
    fleet,
    counts: { sent: 0, ok: 0, failed: 0 },
    running: new Set(),
    /** Bumped by stop(): work started before a stop (a pending waitReady) does not start streaming. */
    epoch: 0,

    /** One realistic document of `kind` (default: drawn from the mix) for a sensor of the fleet. */
    next(kind, sensor) {
      const s = sensor || pick(fleet);
      const k = kind || pick(weighted);
      clock += Math.floor(between(200, 3000));
      const time = clock;
      s.fCntUp++;
      const readings = s.containers.map((c) => ({ c, value: reading(c) }));
      s.payloadHex = readings.map(({ value }) => hex(Math.round(Math.abs(value) * 100) & 0xffff, 4)).join('');
      if (k === 'downlinkSent') s.fCntDn++;
      const one = pick(readings);
      const gateways = gatewaysFor();
      let body;
      let contentType = 'application/json';
      switch (k) {
        case 'uplink':
          body = uplinkXml(s, { time, payloadHex: s.payloadHex, gateways });
          contentType = 'application/xml';
          break;
        case 'location':
          body = locationXml(s, { time });
          contentType = 'application/xml';
          break;
        case 'downlinkSent':
          body = downlinkSentXml(s, { time });
          contentType = 'application/xml';
          break;
        case 'decoded':
          body = decodedFullJson(s, one.c, one.value, { time, gateway: gateways[0] });
          break;
        case 'perContainer':
          body = perContainerJson(s, one.c, one.value, { time: Math.floor(time / 1000) * 1000 });
          break;
        case 'aggregated':
          body = aggregatedJson(s, readings, { time: Math.floor(time / 1000) * 1000 });
          break;
        case 'freeform':
          body = freeformJson(s, one.c, one.value, { time });
          break;
        default:
          throw new Error(`unknown stream document kind ${k}`);
      }
      return { kind: k, contentType, body, devEUI: s.devEUI, time, readings, gateways };
    },

    /** `n` documents (for a load generator's request list). */
    bodies(n, kind) {
      const out = [];
      for (let i = 0; i < n; i++) out.push(emitter.next(kind));
      return out;
    },

    /** POSTs one document; resolves {status, statusText, body}. */
    post(url, doc, { headers = {}, timeout = 10_000 } = {}) {
      const u = new URL(url);
      const data = Buffer.from(doc.body, 'utf8');
      const lib = u.protocol === 'https:' ? https : http;
      return new Promise((resolve, reject) => {
        const req = lib.request(
          u,
          {
            method: 'POST',
            agent: u.protocol === 'https:' ? httpsAgent : httpAgent,
            timeout,
            headers: { 'Content-Type': doc.contentType, 'Content-Length': data.length, 'User-Agent': 'MyThings-stream-simulator', ...headers },
          },
          (res) => {
            const chunks = [];
            res.on('data', (c) => chunks.push(c));
            res.on('end', () => resolve({ status: res.statusCode, statusText: res.statusMessage, body: Buffer.concat(chunks).toString('utf8') }));
          },
        );
        req.on('timeout', () => req.destroy(new Error('timeout')));
        req.on('error', reject);
        req.end(data);
      });
    },

    /**
     * Streams documents to `url` at `rate` per second until `count` were sent or `durationMs`
     * passed (one of them is required unless `forever`), or stop() is called. Resolves with the
     * tally: {sent, ok, failed, statuses: {code: n}}.
     */
    stream({ url, rate = 10, count, durationMs, headers, kinds, forever = false, onAnswer } = {}) {
      if (!url) throw new Error('stream: url is required');
      if (!forever && !(count > 0) && !(durationMs > 0)) throw new Error('stream: give count or durationMs (every load must be bounded)');
      const tally = { sent: 0, ok: 0, failed: 0, statuses: {} };
      const deadline = durationMs > 0 ? Date.now() + durationMs : Infinity;
      const interval = 1000 / Math.max(0.01, rate);
      let timer = null;
      let resolveRun;
      const done = new Promise((r) => (resolveRun = r));
      let inflight = 0;
      let stopped = false;
      const run = {
        stop() {
          stopped = true;
          if (timer) clearTimeout(timer);
          if (inflight === 0) resolveRun(tally);
        },
      };
      emitter.running.add(run);
      const finish = () => {
        emitter.running.delete(run);
        run.stop();
      };
      const tick = () => {
        if (stopped) return;
        if ((count > 0 && tally.sent >= count) || Date.now() >= deadline) return finish();
        const kind = kinds ? pick(kinds) : undefined;
        const doc = emitter.next(kind);
        tally.sent++;
        emitter.counts.sent++;
        inflight++;
        emitter
          .post(url, doc, { headers })
          .then(
            (r) => {
              tally.statuses[r.status] = (tally.statuses[r.status] || 0) + 1;
              if (r.status === 200) {
                tally.ok++;
                emitter.counts.ok++;
              } else {
                tally.failed++;
                emitter.counts.failed++;
              }
              if (onAnswer) onAnswer(r, doc);
            },
            () => {
              tally.failed++;
              emitter.counts.failed++;
              tally.statuses.error = (tally.statuses.error || 0) + 1;
            },
          )
          .finally(() => {
            inflight--;
            if (stopped && inflight === 0) resolveRun(tally);
          });
        timer = setTimeout(tick, interval);
      };
      tick();
      run.done = done;
      return done;
    },

    /** Resolves true once `url` answers a document with 200 (polled every 250 ms, at most `ms`). */
    async waitReady(url, ms = 30_000, headers = {}) {
      const until = Date.now() + ms;
      const epoch = emitter.epoch;
      const probe = emitter.next('perContainer');
      while (Date.now() < until && emitter.epoch === epoch) {
        try {
          if ((await emitter.post(url, probe, { headers })).status === 200) return true;
        } catch {
          /* not listening yet */
        }
        await new Promise((r) => setTimeout(r, 250));
      }
      return false;
    },

    /** Nothing to listen on: the emitter only sends. Resolves null (for the sandbox's sim list). */
    async start() {
      return null;
    },

    /** Stops every running stream and closes its kept-alive connections. */
    async stop() {
      emitter.epoch++;
      for (const r of [...emitter.running]) r.stop();
      emitter.running.clear();
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
  const httpAgent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  const httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 8 });
  return emitter;
}

module.exports = {
  name: 'mythings-stream',
  create,
  SEED,
  KINDS,
  /**
   * Sandbox: no account to wire. After Node-RED is up, a few sensors stream into the stream nodes
   * of the examples (mythings-stream-sandbox.json: stream -> debug; mythings-stream.json: stream ->
   * chart-ready msgs), one document every few seconds, until the sandbox stops.
   */
  sandbox: {
    // /mythings/sandbox (the live-stream example) registers itself: the EnCo simulator streams to it
    paths: ['/mythings/uplinks'],
    // dashboard2-mythings.json: Basic auth, twice a second, network uplinks (table) and aggregated values (charts).
    dashboard: { path: '/mythings/dashboard', rate: 2, kinds: ['uplink', 'aggregated'] },
    // The stream examples ship with Basic authentication and no credentials: the sandbox gives their
    // stream nodes these, and the emitter sends them (sandboxHeaders).
    nodeCredentials: { 'mythings-stream': { user: 'mythings', password: 'stream-SECRET-pass-2d9a4b' } },
    start(sim, { nodeRedUrl }) {
      const base = String(nodeRedUrl).replace(/\/$/, '');
      const headers = module.exports.sandboxHeaders();
      const runs = module.exports.sandbox.paths.map((p) => ({ path: p, rate: 0.4 }));
      runs.push(module.exports.sandbox.dashboard);
      for (const r of runs) {
        // Node-RED listens before its flows have started: wait (bounded) for the stream node's route
        const epoch = sim.epoch;
        sim
          .waitReady(base + r.path, 30_000, headers)
          .then((ready) => (ready && sim.epoch === epoch ? sim.stream({ url: base + r.path, rate: r.rate, kinds: r.kinds, headers, forever: true }) : null))
          .catch(() => {});
      }
    },
  },
  /** The Authorization header of the sandbox's stream credentials. */
  sandboxHeaders() {
    const { user, password } = module.exports.sandbox.nodeCredentials['mythings-stream'];
    return { Authorization: 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64') };
  },
};
