'use strict';
// A small simulator framework on node:http: routes, a request log, fault injection.
// Every simulator of test/sim/ is built on it; tests, the sandbox and the benchmarks use them.
const http = require('http');
const https = require('https');

/** A seedable PRNG (mulberry32), so chaos runs are repeatable. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function compile(pattern) {
  const names = [];
  const re = new RegExp(
    '^' +
      pattern.replace(/\/:([A-Za-z_]+)/g, (_, n) => {
        names.push(n);
        return '/([^/]+)';
      }) +
      '/?$',
  );
  return (path) => {
    const m = re.exec(path);
    if (!m) return null;
    const params = {};
    names.forEach((n, i) => (params[n] = decodeURIComponent(m[i + 1])));
    return params;
  };
}

class Sim {
  /**
   * @param {string} name  vendor name, for messages
   * @param {{seed?: number, maxBody?: number}} [opts]
   */
  constructor(name, opts = {}) {
    this.name = name;
    this.routes = [];
    this.log = [];
    this.faults = [];
    this.random = rng(opts.seed ?? 1);
    this.maxBody = opts.maxBody ?? 16 * 1024 * 1024;
    this.server = null;
    this.sockets = new Set();
    this.url = null;
    /** When false, requests are not appended to the log (benchmarks). */
    this.logging = true;
    this.counts = { requests: 0 };
    /** Every create request the simulator accepted, in order: {kind, key, at} (see accepted()). */
    this.creates = [];
  }

  /**
   * Records one accepted create request: call it once in every create route, after the
   * authentication and validation checks pass and BEFORE the "already exists" / reprovision check.
   * So a create the client sends twice shows twice here (`createdKeys()`), even when the simulator
   * keeps its objects in a map by id and answers the second one 409 or as a reprovision. Requests
   * answered by an injected fault never reach a route and are not counted. Not reset by clearLog().
   */
  accepted(kind, key) {
    this.creates.push({ kind, key: String(key), at: Date.now() });
  }

  /** Keys of the accepted create requests (of `kind`, if given), one per request: duplicates stay. */
  createdKeys(kind) {
    return this.creates.filter((c) => kind === undefined || c.kind === kind).map((c) => c.key);
  }

  /** Adds a route. `handler(req)` returns {status, body, headers} (body: object -> JSON, string -> text). */
  route(method, pattern, handler) {
    this.routes.push({ method, match: compile(pattern), handler });
    return this;
  }

  /**
   * Injects a fault for matching requests.
   *   match:  {method?, path?: string|RegExp} or function(req) -> bool
   *   status, body, headers: the answer to send instead (e.g. 503, or 429 with retryAfter)
   *   retryAfter: seconds (sets Retry-After)
   *   delayMs: wait before answering normally (a slow answer)
   *   reset: destroy the connection without an answer
   *   times: how many requests it applies to (default: all); probability: chance per request
   */
  inject(fault) {
    const f = { times: Infinity, probability: 1, hits: 0, ...fault };
    this.faults.push(f);
    return f;
  }

  clearFaults() {
    this.faults = [];
  }

  /** Requests received (optionally only those matching method/path). */
  requests(filter = {}) {
    return this.log.filter((r) => matches(filter, r));
  }

  clearLog() {
    this.log = [];
    this.counts = { requests: 0 };
  }

  pickFault(req) {
    for (const f of this.faults) {
      if (f.hits >= f.times) continue;
      if (!matches(f.match || {}, req)) continue;
      if (f.probability < 1 && this.random() >= f.probability) continue;
      f.hits++;
      return f;
    }
    return null;
  }

  async handle(req, res) {
    const url = new URL(req.url, 'http://sim');
    const chunks = [];
    let size = 0;
    let tooBig = false;
    for await (const c of req) {
      size += c.length;
      if (size > this.maxBody) tooBig = true;
      else chunks.push(c);
    }
    const raw = Buffer.concat(chunks).toString('utf8');
    const headers = req.headers;
    let body = raw;
    if (raw && /json/i.test(headers['content-type'] || '')) {
      try {
        body = JSON.parse(raw);
      } catch {
        body = { __invalidJson: raw };
      }
    }
    const query = Object.fromEntries(url.searchParams.entries());
    // every value of a repeated parameter (tags=a&tags=b); `query` keeps the last one
    const queryAll = {};
    for (const [k, v] of url.searchParams) (queryAll[k] = queryAll[k] || []).push(v);
    const entry = { method: req.method, path: url.pathname, query, queryAll, headers, body, raw, at: Date.now() };
    this.counts.requests++;
    if (this.logging) this.log.push(entry);
    if (tooBig) return send(res, { status: 413, body: 'Payload Too Large' });

    const fault = this.pickFault(entry);
    if (fault) {
      entry.fault = true;
      if (fault.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
      if (fault.reset) {
        req.socket.destroy();
        return;
      }
      if (fault.status) {
        const h = { ...(fault.headers || {}) };
        if (fault.retryAfter !== undefined) h['Retry-After'] = String(fault.retryAfter);
        return send(res, { status: fault.status, body: fault.body ?? this.faultBody(fault.status), headers: h });
      }
    }
    for (const r of this.routes) {
      if (r.method !== req.method) continue;
      const params = r.match(url.pathname);
      if (!params) continue;
      entry.params = params;
      let answer;
      try {
        answer = await r.handler({ ...entry, params });
      } catch (e) {
        answer = { status: 500, body: { error: String(e && e.message) } };
      }
      if (res.destroyed) return;
      if (answer && answer.reset) {
        req.socket.destroy();
        return;
      }
      return send(res, answer || { status: 204 });
    }
    return send(res, this.notFound(entry));
  }

  /** The body of an injected error status, in the vendor's error shape (overridden per simulator). */
  faultBody(status) {
    return { error: `injected ${status}` };
  }

  /** The answer for an unknown path (overridden per simulator). */
  notFound() {
    return { status: 404, body: { error: 'Not Found' } };
  }

  /** Starts on 127.0.0.1 and a random port (or `port`); `tls` = {key, cert} for HTTPS. */
  start({ port = 0, tls } = {}) {
    const handler = (req, res) => {
      this.handle(req, res).catch((e) => {
        if (!res.headersSent) send(res, { status: 500, body: { error: String(e && e.message) } });
      });
    };
    this.server = tls ? https.createServer(tls, handler) : http.createServer(handler);
    this.server.keepAliveTimeout = 10_000;
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        const { port: p } = this.server.address();
        this.url = `${tls ? 'https' : 'http'}://127.0.0.1:${p}`;
        resolve(this.url);
      });
    });
  }

  stop() {
    if (!this.server) return Promise.resolve();
    for (const s of this.sockets) s.destroy();
    const server = this.server;
    this.server = null;
    return new Promise((resolve) => server.close(() => resolve()));
  }
}

function matches(filter, req) {
  if (typeof filter === 'function') return filter(req);
  if (filter.method && filter.method !== req.method) return false;
  if (filter.path) {
    if (filter.path instanceof RegExp) return filter.path.test(req.path);
    return filter.path === req.path;
  }
  return true;
}

function send(res, { status = 200, body, headers = {} }) {
  if (res.headersSent || res.destroyed) return;
  let data = '';
  const h = { ...headers };
  if (body !== undefined && body !== null) {
    if (typeof body === 'string' || Buffer.isBuffer(body)) {
      data = body;
      if (!Object.keys(h).some((k) => k.toLowerCase() === 'content-type')) h['Content-Type'] = 'text/plain';
    } else {
      data = JSON.stringify(body);
      h['Content-Type'] = 'application/json';
    }
  }
  h['Content-Length'] = Buffer.byteLength(data);
  res.writeHead(status, h);
  res.end(data);
}

/** POSTs `body` to a URL (used by simulators that call back: M2M callbacks, the MyThings stream). */
function post(target, body, headers = {}, { timeout = 10_000, agent } = {}) {
  const u = new URL(target);
  const data = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  const lib = u.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.request(
      u,
      { method: 'POST', headers: { 'Content-Length': Buffer.byteLength(data), ...headers }, timeout, agent },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(data);
  });
}

module.exports = { Sim, rng, post, send };
