#!/usr/bin/env node
'use strict';
// MyThings stream ingest (issue 4): sustained POSTs at concurrency 32 (autocannon) through a real
// Node-RED, XML (network stream) and JSON (decoded stream), side by side in one run with
//   (a) the same job built from core nodes in the same Node-RED:
//       http in -> xml / json -> function (normalizes the same fields) -> http response
//   (b) a bare node:http server doing the same parse and normalization (this package's
//       stream-parse module), in its own process like Node-RED.
// Prints req/s, p99 latency and the ratios stream/core and stream/bare. Targets (printed, not
// asserted): >= 2x the core flow, >= 60% of the bare server, p99 < 20 ms.
// A fourth row, the cheapest core flow that answers a POST (http in -> change -> http response, no
// parsing), shows Node-RED's own HTTP floor: no node inside Node-RED can beat it.
// Besides req/s (which on a shared machine also measures the neighbours), it prints the server
// process's CPU time per request (Linux /proc), which the load of other processes barely moves.
// Bounded: 2 formats x 4 targets x (1.5 s warm-up + 4 x 1.5 s) = 60 s of load, ~75 s in all.
// Runs after `npm run build` (bench/run.js); starts and stops everything it needs itself.
const fs = require('fs');
const os = require('os');
const path = require('path');
const http = require('http');
const { spawn } = require('child_process');
const { freePort } = require('../test/lib/ports');

const root = path.resolve(__dirname, '..');
const CONNECTIONS = 32;
const WARMUP_S = Number(process.env.STREAM_BENCH_WARMUP_S || 1.5);
// measured in ROUNDS interleaved slices per target, so that background load hits every target alike
const ROUNDS = Number(process.env.STREAM_BENCH_ROUNDS || 4);
const SLICE_S = Number(process.env.STREAM_BENCH_SLICE_S || 1.5);
const BODIES = 64;

if (process.argv[2] === '--bare-server') bareServer();
else
  main().then(
    (code) => process.exit(code),
    (e) => {
      console.error('stream bench failed:', e && e.stack ? e.stack : e);
      process.exit(1);
    },
  );

// ------------------------------------------------------------------------------------------------
// (b) the bare server: node:http, same limits, same parse + normalization, same fixed answers

function bareServer() {
  const sp = require(path.join(root, 'nodes', 'mythings', 'mythings-stream', 'stream-parse.js'));
  const MAX = 1024 * 1024;
  const answer = (res, status, text) => {
    res.writeHead(status, text, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
  };
  let received = 0;
  const server = http.createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/count') return answer(res, 200, String(received));
    if (req.method !== 'POST') return answer(res, 404, 'Not Found');
    const ct = sp.classifyContentType(req.headers['content-type']);
    if (!ct) return answer(res, 415, 'Unsupported Media Type');
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size <= MAX) chunks.push(c);
    });
    req.on('end', () => {
      if (size > MAX) return answer(res, 413, 'Payload Too Large');
      let n;
      try {
        n = sp.normalize(sp.parseDocument(Buffer.concat(chunks, size).toString(ct.encoding), ct.kind), { timezone: 'UTC' });
      } catch {
        return answer(res, 400, 'Bad Request');
      }
      if (n.type) received++;
      answer(res, 200, 'OK');
    });
  });
  server.keepAliveTimeout = 10_000;
  server.listen(0, '127.0.0.1', () => {
    process.stdout.write(`ready ${server.address().port}\n`);
  });
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}

// ------------------------------------------------------------------------------------------------
// (a) the core-node flow's normalizer: the same fields as stream-parse, written as a user would in
// a function node, for xml2js output (every element an array) and for JSON objects.

const CORE_NORMALIZE = `
const first = (x) => (Array.isArray(x) ? x[0] : x);
const fold = (o) => { const m = {}; for (const k of Object.keys(o || {})) { const lk = k.toLowerCase(); if (!(lk in m)) m[lk] = first(o[k]); } return m; };
const num = (v) => { if (typeof v === 'number') return v; if (typeof v !== 'string' || !/^[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?$/.test(v.trim())) return undefined; return Number(v); };
const txt = (v) => (typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' ? String(v) : undefined);
const stamp = (v) => {
    if (typeof v === 'number') return v < 1e11 ? v * 1000 : v;
    if (typeof v !== 'string' || !v.trim()) return undefined;
    const s = v.trim();
    if (/^\\d+$/.test(s)) { const n = Number(s); return n < 1e11 ? n * 1000 : n; }
    const m = /^(\\d{1,2})\\/(\\d{1,2})\\/(\\d{4}) (\\d{1,2}):(\\d{2}):(\\d{2})$/.exec(s);
    if (m) return Date.UTC(+m[3], +m[2] - 1, +m[1], +m[4], +m[5], +m[6]);
    const t = Date.parse(s.replace(' ', 'T') + (/[zZ]|[+-]\\d\\d:?\\d\\d$/.test(s) ? '' : 'Z'));
    return Number.isNaN(t) ? undefined : t;
};
let doc = msg.payload;
let type = 'custom';
if (doc && typeof doc === 'object' && !Array.isArray(doc)) {
    const keys = Object.keys(doc);
    const rootTypes = { deveui_uplink: 'uplink', deveui_location: 'location', deveui_downlink_sent: 'downlinkSent' };
    if (keys.length === 1 && rootTypes[keys[0].toLowerCase()]) { type = rootTypes[keys[0].toLowerCase()]; doc = first(doc[keys[0]]); }
}
const f = fold(doc);
const out = { type };
const set = (k, v) => { if (v !== undefined) out[k] = v; };
const dev = txt(f.deveui);
set('devEUI', dev && /^[0-9a-fA-F]+$/.test(dev) ? dev.toUpperCase() : undefined);
const ts = stamp(f.time) ?? stamp(f.timestamp);
if (ts !== undefined) { out.time = new Date(ts).toISOString(); out.timestamp = ts; }
set('fPort', num(f.fport)); set('fCntUp', num(f.fcntup)); set('fCntDn', num(f.fcntdn));
const hex = txt(f.payload_hex) ?? txt(f.payload);
set('payloadHex', hex && /^[0-9a-fA-F]+$/.test(hex) ? hex : undefined);
set('devAddr', txt(f.devaddr));
if (f.lrrs) {
    const l = fold(f.lrrs).lrr;
    const list = Array.isArray(f.lrrs.Lrr) ? f.lrrs.Lrr : Array.isArray(l) ? l : l ? [l] : [];
    out.gateways = list.map((g) => { const x = fold(g); return { id: txt(x.lrrid), rssi: num(x.lrrrssi), snr: num(x.lrrsnr), esp: num(x.lrresp) }; });
}
set('rssi', num(f.lrrrssi)); set('snr', num(f.lrrsnr)); set('sf', num(f.spfact));
let cd = f.customerdata;
if (typeof cd === 'string' && /^[{[]/.test(cd.trim())) { try { cd = JSON.parse(cd); } catch (e) { /* keep */ } }
set('customerData', cd === '' ? undefined : cd);
const lat = num(f.latitude) ?? num(f.devlat), lon = num(f.longitude) ?? num(f.devlon);
if (lat !== undefined && lon !== undefined) out.location = { latitude: lat, longitude: lon };
const values = {}, units = {};
const add = (c) => { const x = fold(c); const k = txt(x.containerfriendlyname) ?? txt(x.container); const v = num(x.value) ?? txt(x.value); if (k === undefined || v === undefined) return; values[k] = v; if (txt(x.postfix)) units[k] = txt(x.postfix); };
if (Array.isArray(doc.containers)) doc.containers.forEach(add); else add(doc);
if (Object.keys(values).length) { out.values = values; if (Object.keys(units).length) out.units = units; }
set('thingName', txt(f.thingname)); set('companyName', txt(f.companyname));
out.raw = msg.payload;
msg.normalized = out;
msg.topic = out.devEUI;
msg.payload = 'OK';
msg.statusCode = 200;
return msg;
`;

/** The bench's msg counter: counts what the stream node sends; GET /bench/count answers the total. */
const BENCH_COUNT_NODE = `module.exports = function (RED) {
  let count = 0;
  RED.httpNode.get('/bench/count', (req, res) => res.end(String(count)));
  RED.nodes.registerType('bench-count', function (config) {
    RED.nodes.createNode(this, config);
    this.on('input', (msg, send, done) => {
      count++;
      done();
    });
  });
};
`;

// ------------------------------------------------------------------------------------------------

function flows() {
  const tab = 'bench.tab';
  const n = (o) => ({ z: tab, x: 100, y: 100, wires: [], ...o });
  return [
    { id: tab, type: 'tab', label: 'stream bench' },
    // the node under test -> the lightest consumer there is: a plain-JS node that counts msgs (so the
    // bench checks one msg per 200) and answers GET /bench/count
    n({ id: 'bench.stream', type: 'mythings-stream', url: '/bench/stream', auth: 'none', output: 'normalized', split: false, timezone: 'UTC', maxBytes: 1048576, wires: [['bench.count']] }),
    n({ id: 'bench.count', type: 'bench-count', wires: [] }),
    // (a) core nodes, XML
    n({ id: 'bench.cx.in', type: 'http in', url: '/bench/core-xml', method: 'post', upload: false, wires: [['bench.cx.xml']] }),
    n({ id: 'bench.cx.xml', type: 'xml', property: 'payload', attr: '', chr: '', wires: [['bench.cx.fn']] }),
    n({ id: 'bench.cx.fn', type: 'function', name: 'normalize', func: CORE_NORMALIZE, outputs: 1, wires: [['bench.cx.out']] }),
    n({ id: 'bench.cx.out', type: 'http response', statusCode: '', headers: {}, wires: [] }),
    // (a) core nodes, JSON
    n({ id: 'bench.cj.in', type: 'http in', url: '/bench/core-json', method: 'post', upload: false, wires: [['bench.cj.json']] }),
    n({ id: 'bench.cj.json', type: 'json', property: 'payload', action: 'obj', pretty: false, wires: [['bench.cj.fn']] }),
    n({ id: 'bench.cj.fn', type: 'function', name: 'normalize', func: CORE_NORMALIZE, outputs: 1, wires: [['bench.cj.out']] }),
    n({ id: 'bench.cj.out', type: 'http response', statusCode: '', headers: {}, wires: [] }),
    // Node-RED's floor: answer OK without parsing anything
    n({ id: 'bench.fl.in', type: 'http in', url: '/bench/floor', method: 'post', upload: false, wires: [['bench.fl.ok']] }),
    n({ id: 'bench.fl.ok', type: 'change', rules: [{ t: 'set', p: 'payload', pt: 'msg', to: 'OK', tot: 'str' }], wires: [['bench.fl.out']] }),
    n({ id: 'bench.fl.out', type: 'http response', statusCode: '', headers: {}, wires: [] }),
  ];
}

function request(url, { method = 'GET', body, headers = {} } = {}) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : Buffer.from(body);
    const req = http.request(url, { method, headers: data ? { ...headers, 'Content-Length': data.length } : headers, agent: false, timeout: 5000 }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(data);
  });
}

async function waitFor(check, ms, what) {
  const until = Date.now() + ms;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      /* not yet */
    }
    if (Date.now() > until) throw new Error(`${what} not ready within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function startNodeRed(userDir, port) {
  const nodesDir = path.join(userDir, 'nodes');
  fs.mkdirSync(nodesDir, { recursive: true });
  // only this node type (other node types of the package play no part here)
  fs.writeFileSync(path.join(nodesDir, 'mythings-stream.js'), `module.exports = require(${JSON.stringify(path.join(root, 'nodes', 'mythings', 'mythings-stream', 'mythings-stream.js'))});\n`);
  fs.copyFileSync(path.join(root, 'nodes', 'mythings-stream.html'), path.join(nodesDir, 'mythings-stream.html'));
  fs.writeFileSync(path.join(nodesDir, 'bench-count.js'), BENCH_COUNT_NODE);
  fs.writeFileSync(path.join(nodesDir, 'bench-count.html'), `<script type="text/javascript">RED.nodes.registerType('bench-count', { category: 'bench', inputs: 1, outputs: 0, defaults: {} });</script>\n`);
  const settings = {
    uiHost: '127.0.0.1',
    uiPort: port,
    userDir,
    flowFile: 'flows.json',
    credentialSecret: false,
    nodesDir: [nodesDir],
    logging: { console: { level: 'warn', metrics: false, audit: false } },
    editorTheme: { tours: false, projects: { enabled: false } },
    diagnostics: { enabled: false },
    telemetry: { enabled: false },
    externalModules: { palette: { allowInstall: false } },
  };
  fs.writeFileSync(path.join(userDir, 'settings.js'), `module.exports = ${JSON.stringify(settings, null, 2)};\n`);
  fs.writeFileSync(path.join(userDir, 'flows.json'), JSON.stringify(flows(), null, 2));
  // STREAM_BENCH_NODE_RED_ARGS: extra node flags for Node-RED (e.g. --cpu-prof) when investigating
  const extra = (process.env.STREAM_BENCH_NODE_RED_ARGS || '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...extra, require.resolve('node-red/red.js'), '--userDir', userDir, '--settings', path.join(userDir, 'settings.js'), '--port', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_RED_ENABLE_PROJECTS: 'false', NODE_ENV: 'production' },
  });
  let log = '';
  const keep = (c) => {
    log = (log + c.toString()).slice(-4000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitFor(async () => (await request(`${base}/bench/count`)).status === 200, 60_000, 'Node-RED');
  } catch (e) {
    child.kill('SIGKILL');
    throw new Error(`${e.message}\n${log}`);
  }
  return { child, base, log: () => log };
}

function startBare() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [__filename, '--bare-server'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let buf = '';
    child.stdout.on('data', (c) => {
      buf += c.toString();
      const m = /ready (\d+)/.exec(buf);
      if (m) resolve({ child, base: `http://127.0.0.1:${m[1]}` });
    });
    child.once('exit', (code) => reject(new Error(`bare server exited (${code})`)));
  });
}

function stopChild(child) {
  if (!child || child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(t);
      resolve();
    });
    child.kill('SIGINT');
  });
}

/** CPU time (ms) a child process has used so far (utime + stime), or undefined off Linux. */
function cpuMs(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return undefined;
  }
}

function load(url, docs, seconds) {
  const autocannon = require('autocannon');
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    autocannon(
      {
        url: u.origin,
        connections: CONNECTIONS,
        pipelining: 1,
        duration: seconds,
        timeout: 10,
        requests: docs.map((d) => ({ method: 'POST', path: u.pathname, headers: { 'content-type': d.contentType }, body: d.body })),
      },
      (err, r) => (err ? reject(err) : resolve(r)),
    );
  });
}

async function main() {
  if (!fs.existsSync(path.join(root, 'nodes', 'mythings', 'mythings-stream', 'mythings-stream.js'))) throw new Error('not built: run `npm run build` first');
  const streamSim = require(path.join(root, 'test', 'sim', 'mythings-stream-sim.js'));
  const userDir = fs.mkdtempSync(path.join(os.tmpdir(), 'iotf-stream-bench-'));
  let red;
  let bare;
  try {
    const t0 = Date.now();
    [red, bare] = await Promise.all([freePort().then((p) => startNodeRed(userDir, p)), startBare()]);
    console.log(
      `Node-RED ${require('node-red/package.json').version} and the bare server up in ${((Date.now() - t0) / 1000).toFixed(1)} s; ` +
        `${CONNECTIONS} connections, ${WARMUP_S} s warm-up + ${ROUNDS} x ${SLICE_S} s per target and format, ${os.cpus().length} CPUs shared with the load generator, load average ${os.loadavg()[0].toFixed(1)}`,
    );

    const sim = streamSim.create({ seed: 42, sensors: 24 });
    const docs = {
      xml: sim.bodies(BODIES, 'uplink'),
      json: [...sim.bodies(BODIES / 2, 'decoded'), ...sim.bodies(BODIES / 4, 'aggregated'), ...sim.bodies(BODIES / 4, 'perContainer')],
    };
    const targets = {
      'mythings-stream': { xml: `${red.base}/bench/stream`, json: `${red.base}/bench/stream` },
      'core nodes': { xml: `${red.base}/bench/core-xml`, json: `${red.base}/bench/core-json` },
      'bare node:http': { xml: `${bare.base}/stream`, json: `${bare.base}/stream` },
      'core floor': { xml: `${red.base}/bench/floor`, json: `${red.base}/bench/floor` },
    };
    // STREAM_BENCH_TARGETS=name,name runs a subset (investigation only; the ratios need all four)
    const only = (process.env.STREAM_BENCH_TARGETS || '').split(',').filter(Boolean);
    for (const name of Object.keys(targets)) if (only.length && !only.includes(name)) delete targets[name];

    // every target answers 200 OK to every kind of document before anything is measured
    for (const [name, urls] of Object.entries(targets)) {
      for (const fmt of ['xml', 'json']) {
        for (const d of docs[fmt].slice(0, 3)) {
          const r = await request(urls[fmt], { method: 'POST', body: d.body, headers: { 'Content-Type': d.contentType } });
          if (r.status !== 200 || r.body !== 'OK') throw new Error(`${name} ${fmt}: ${r.status} ${r.body.slice(0, 200)}`);
        }
      }
    }

    const count = async () => {
      await new Promise((res) => setTimeout(res, 300)); // let the last answers' msgs arrive
      return Number((await request(`${red.base}/bench/count`)).body);
    };
    const rows = [];
    for (const fmt of ['xml', 'json']) {
      for (const urls of Object.values(targets)) await load(urls[fmt], docs[fmt], WARMUP_S);
      const acc = {};
      for (let round = 0; round < ROUNDS; round++) {
        for (const [name, urls] of Object.entries(targets)) {
          const a = (acc[name] = acc[name] || { ok: 0, seconds: 0, p50: [], p99: [], errors: 0, msgs: 0, inflight: 0, cpu: 0 });
          const before = name === 'mythings-stream' ? await count() : 0;
          const pid = name === 'bare node:http' ? bare.child.pid : red.child.pid;
          const cpu0 = cpuMs(pid);
          const r = await load(urls[fmt], docs[fmt], SLICE_S);
          const cpu1 = cpuMs(pid);
          a.cpu = cpu0 === undefined || cpu1 === undefined || a.cpu === undefined ? undefined : a.cpu + (cpu1 - cpu0);
          a.ok += r['2xx'];
          a.seconds += r.duration;
          a.p50.push(r.latency.p50);
          a.p99.push(r.latency.p99);
          a.errors += r.errors + r.timeouts + r.non2xx;
          if (name === 'mythings-stream') {
            a.msgs += (await count()) - before;
            a.inflight += CONNECTIONS; // requests cut off when a slice ends are handled but not counted
          }
        }
      }
      const median = (xs) => xs.slice().sort((x, y) => x - y)[Math.floor(xs.length / 2)];
      for (const [name, a] of Object.entries(acc)) {
        let msgsOk = '';
        if (name === 'mythings-stream') msgsOk = a.msgs >= a.ok && a.msgs <= a.ok + a.inflight ? 'yes' : `NO (${a.msgs} msgs for ${a.ok} answers)`;
        const cpuUs = a.cpu === undefined ? undefined : (a.cpu * 1000) / a.ok;
        rows.push({ fmt, name, rps: a.ok / a.seconds, p50: median(a.p50), p99: median(a.p99), ok: a.ok, errors: a.errors, msgsOk, cpuUs });
      }
    }

    const pad = (s, w) => String(s).padEnd(w);
    const lpad = (s, w) => String(s).padStart(w);
    console.log('\n(req/s over all slices; p50/p99: median of the slices)');
    console.log(pad('format', 7) + pad('target', 17) + lpad('req/s', 9) + lpad('p50 ms', 9) + lpad('p99 ms', 9) + lpad('2xx', 9) + lpad('errors', 8) + lpad('CPU us/req', 12) + '  one msg per 200');
    for (const r of rows) {
      console.log(pad(r.fmt, 7) + pad(r.name, 17) + lpad(Math.round(r.rps), 9) + lpad(r.p50, 9) + lpad(r.p99, 9) + lpad(r.ok, 9) + lpad(r.errors, 8) + lpad(r.cpuUs === undefined ? '-' : Math.round(r.cpuUs), 12) + '  ' + r.msgsOk);
    }
    console.log('');
    let failed = false;
    for (const fmt of only.length ? [] : ['xml', 'json']) {
      const get = (name) => rows.find((r) => r.fmt === fmt && r.name === name);
      const s = get('mythings-stream');
      const c = get('core nodes');
      const b = get('bare node:http');
      const fl = get('core floor');
      const vsCore = s.rps / c.rps;
      const vsBare = s.rps / b.rps;
      const mark = (ok) => (ok ? 'ok' : 'BELOW TARGET');
      console.log(
        `${fmt.toUpperCase()}: stream/core = ${vsCore.toFixed(2)}x (target >= 2x: ${mark(vsCore >= 2)}), ` +
          `stream/bare = ${(vsBare * 100).toFixed(0)}% (target >= 60%: ${mark(vsBare >= 0.6)}), ` +
          `stream p99 = ${s.p99} ms (target < 20 ms: ${mark(s.p99 < 20)}); ` +
          `Node-RED floor/bare = ${((fl.rps / b.rps) * 100).toFixed(0)}%, stream/floor = ${((s.rps / fl.rps) * 100).toFixed(0)}%`,
      );
      if (s.cpuUs !== undefined) {
        console.log(
          `${fmt.toUpperCase()} by server CPU per request: core/stream = ${(c.cpuUs / s.cpuUs).toFixed(2)}x, ` +
            `bare/stream = ${((b.cpuUs / s.cpuUs) * 100).toFixed(0)}%, floor/stream = ${((fl.cpuUs / s.cpuUs) * 100).toFixed(0)}%`,
        );
      }
      if (s.errors || s.msgsOk !== 'yes') failed = true;
    }
    if (failed) console.log('\nFAILED: the stream node answered errors or did not send one msg per 200');
    return failed ? 1 : 0;
  } finally {
    await Promise.all([stopChild(red && red.child), stopChild(bare && bare.child)]);
    fs.rmSync(userDir, { recursive: true, force: true });
  }
}
