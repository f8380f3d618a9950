'use strict';
// Test-only Node-RED node, loaded from settings.nodesDir by test/chaos/lib/nodered.js into a real
// Node-RED process. It drives msgs into a node under test with bounded concurrency, counts every
// output, every caught error and every `done` call (the onComplete hook, so a double `done` is
// seen), captures every msg / status / error as text for the secret audit, and exposes the
// health of the process (active resources, heap, routes, unhandled rejections) for the
// lifecycle suite. Admin API: <httpAdminRoot>/iot-fleet-probe/...
const util = require('util');

module.exports = function (RED) {
  const state = {
    runs: new Map(),
    capture: { msgs: [], statuses: [], errors: [] },
    captureOn: false,
    unhandled: [],
    nextRun: 1,
  };
  process.on('unhandledRejection', (reason) => {
    state.unhandled.push(String((reason && reason.stack) || reason).slice(0, 500));
  });

  const text = (x) => {
    try {
      return util.inspect(x, { depth: 10, breakLength: Infinity });
    } catch {
      return String(x);
    }
  };

  /** A small projection of a payload: scalar top-level fields, array lengths. */
  function summary(p) {
    if (p === null || typeof p !== 'object') return p;
    if (Array.isArray(p)) {
      // a bulk answer (SPEC 3.2): one entry per item, in input order
      return {
        length: p.length,
        oks: p.filter((e) => e && e.ok).length,
        items: p.map((e) => (e && typeof e === 'object' ? { ok: e.ok, code: e.error && e.error.code, input: summary(e.input), result: summary(e.result) } : e)),
      };
    }
    const out = {};
    for (const [k, v] of Object.entries(p)) if (v === null || typeof v !== 'object') out[k] = v;
    return out;
  }

  function entryFor(msg) {
    const tag = msg && msg._probe;
    if (!tag) return null;
    const run = state.runs.get(tag.run);
    if (!run) return null;
    return { run, e: run.entries[tag.seq] };
  }

  // done accounting: every call of `done` on the node under test, error or not
  RED.hooks.add('onComplete.iotFleetProbe', (ev) => {
    const found = entryFor(ev.msg);
    if (!found || ev.node.id !== found.run.target || found.run.finishOn === 'output') return;
    const { run, e } = found;
    e.done++;
    if (ev.error) e.doneErr++;
    if (e.done === 1) {
      run.finished++;
      run.inflight--;
      pump(run);
    }
  });

  // output accounting AT THE SOURCE: every send() of the node under test, counted where it is made
  // (a msg sent while its flow is being stopped still counts: its wires may deliver it nowhere);
  // one send() call is one output, however many wires it goes to
  RED.hooks.add('onSend.iotFleetProbe', (events) => {
    const seen = new Set();
    for (const ev of events) {
      const found = entryFor(ev.msg);
      if (!found || !ev.source || ev.source.id !== found.run.target || seen.has(found.e)) continue;
      seen.add(found.e);
      found.e.sent++;
    }
  });

  function pump(run) {
    while (!run.stopped && run.inflight < run.concurrency && (run.continuous || run.next < run.msgs.length)) {
      const node = RED.nodes.getNode(run.target);
      if (!node) {
        // not deployed (a stop or a redeploy in progress): try again shortly
        if (!run.waiting) {
          run.waiting = setTimeout(() => {
            run.waiting = null;
            pump(run);
          }, 20);
        }
        return;
      }
      if (!node._inputCallback && !node._inputCallbacks) {
        // a node being closed (Node-RED removed its input listener): a msg given to it now would be
        // dropped by Node-RED itself, before the node sees it; wait for the node that replaces it
        if (!run.waiting) {
          run.waiting = setTimeout(() => {
            run.waiting = null;
            pump(run);
          }, 20);
        }
        return;
      }
      const seq = run.next++;
      const template = run.msgs[seq % run.msgs.length];
      if (run.continuous && !run.entries[seq]) run.entries[seq] = newEntry();
      const msg = JSON.parse(JSON.stringify(template));
      msg._probe = { run: run.id, seq };
      run.inflight++;
      run.entries[seq].sentAt = Date.now();
      try {
        node.receive(msg);
      } catch (err) {
        run.entries[seq].threw = String(err && err.message);
      }
    }
    if (!run.continuous && run.finished === run.msgs.length && !run.endedAt) {
      run.endedAt = Date.now();
      const cpu = process.cpuUsage(run.cpu0);
      run.cpuMs = (cpu.user + cpu.system) / 1000;
    }
  }

  const newEntry = () => ({ outs: [], errors: [], done: 0, doneErr: 0, sent: 0 });

  function ProbeNode(config) {
    RED.nodes.createNode(this, config);
    const role = config.role || 'out';
    this.on('input', (msg, send, done) => {
      if (state.captureOn) {
        if (role === 'status') state.capture.statuses.push(text(msg.status));
        else if (role === 'caught') state.capture.errors.push(text(msg.error));
        state.capture.msgs.push(text(msg));
      }
      const found = entryFor(msg);
      if (found) {
        const { run, e } = found;
        if (role === 'out') e.outs.push(run.light ? 1 : { statusCode: msg.statusCode, payload: summary(msg.payload) });
        else if (role === 'caught') e.errors.push({ code: msg.error && msg.error.code, message: msg.error && msg.error.message, statusCode: msg.statusCode });
        // a flow of several nodes (the benchmark's core-node baseline): a msg is finished when it comes out
        if (run.finishOn === 'output' && (role === 'out' || role === 'caught') && e.outs.length + e.errors.length === 1) {
          run.finished++;
          run.inflight--;
          pump(run);
        }
      }
      done();
    });
  }
  RED.nodes.registerType('iot-fleet-probe', ProbeNode);

  const admin = RED.httpAdmin;
  const base = '/iot-fleet-probe';

  // POST {target, msgs:[...], concurrency, continuous} -> {run}
  admin.post(base + '/runs', (req, res) => {
    const b = req.body || {};
    const id = state.nextRun++;
    const run = {
      id,
      target: b.target,
      msgs: b.msgs || [],
      concurrency: b.concurrency || 8,
      continuous: !!b.continuous,
      finishOn: b.finishOn === 'output' ? 'output' : 'done',
      light: !!b.light,
      entries: [],
      next: 0,
      inflight: 0,
      finished: 0,
      stopped: false,
      startedAt: Date.now(),
      endedAt: null,
      cpu0: process.cpuUsage(),
      cpuMs: null,
    };
    if (!run.continuous) run.entries = run.msgs.map(newEntry);
    state.runs.set(id, run);
    pump(run);
    res.json({ run: id });
  });

  function report(run, full) {
    const r = {
      id: run.id,
      sent: run.next,
      finished: run.finished,
      inflight: run.inflight,
      complete: !run.continuous && run.finished === run.msgs.length,
      ms: (run.endedAt || Date.now()) - run.startedAt,
      cpuMs: run.cpuMs,
    };
    if (full) r.entries = run.entries;
    return r;
  }

  admin.get(base + '/runs/:id', (req, res) => {
    const run = state.runs.get(Number(req.params.id));
    if (!run) return res.status(404).json({});
    res.json(report(run, req.query.full === '1'));
  });

  // stop a continuous run; answers once every msg sent has been done (or after 30 s)
  admin.post(base + '/runs/:id/stop', (req, res) => {
    const run = state.runs.get(Number(req.params.id));
    if (!run) return res.status(404).json({});
    run.stopped = true;
    if (run.waiting) clearTimeout(run.waiting);
    const t0 = Date.now();
    const check = () => {
      if (run.inflight <= 0 || Date.now() - t0 > 30_000) {
        const r = report(run, true);
        state.runs.delete(run.id);
        return res.json(r);
      }
      setTimeout(check, 20);
    };
    check();
  });

  admin.delete(base + '/runs/:id', (req, res) => {
    state.runs.delete(Number(req.params.id));
    res.json({});
  });

  admin.post(base + '/capture', (req, res) => {
    state.captureOn = !!(req.body && req.body.on);
    res.json({});
  });
  admin.get(base + '/capture', (req, res) => res.json(state.capture));

  function routes(app, path) {
    let router = app._router;
    if (!router) {
      try {
        router = app.router; // express 5
      } catch {
        router = null; // express 4 before its first route: nothing registered
      }
    }
    const stack = (router || {}).stack || [];
    return stack.filter((l) => l.route && (path ? l.route.path === path : true)).map((l) => ({ path: l.route.path, methods: Object.keys(l.route.methods) }));
  }

  // health: active resources by type, heap after GC, routes, unhandled rejections
  admin.get(base + '/health', (req, res) => {
    if (global.gc && req.query.gc !== '0') {
      global.gc();
      global.gc();
    }
    const resources = {};
    for (const r of process.getActiveResourcesInfo()) resources[r] = (resources[r] || 0) + 1;
    // outgoing sockets only (the Admin API connection asking for this answer is an incoming one)
    const sockets = process
      ._getActiveHandles()
      .filter((h) => h && h.constructor && h.constructor.name === 'Socket' && h.remotePort && h.localPort !== Number(RED.settings.uiPort));
    const remotePorts = {};
    for (const s of sockets) if (s.remotePort) remotePorts[s.remotePort] = (remotePorts[s.remotePort] || 0) + 1;
    res.json({
      resources,
      sockets: sockets.length,
      remotePorts,
      heapUsed: process.memoryUsage().heapUsed,
      rss: process.memoryUsage().rss,
      unhandled: state.unhandled,
      nodeRoutes: routes(RED.httpNode),
      adminRoutes: routes(RED.httpAdmin).filter((r) => r.path.startsWith('/iot-fleet')),
    });
  });

  // raw baseline for the benchmark: the same POST/GET done with a plain axios loop in this process
  admin.post(base + '/raw', (req, res) => {
    const b = req.body || {};
    let axios;
    try {
      axios = require(b.axiosPath || 'axios');
    } catch (e) {
      return res.status(500).json({ error: String(e.message) });
    }
    const http = require('http');
    const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
    const client = axios.create({ baseURL: b.baseURL, timeout: 30_000, httpAgent: agent, proxy: false, validateStatus: () => true });
    const reqs = b.requests || [];
    let next = 0;
    let failed = 0;
    const t0 = process.hrtime.bigint();
    const cpu0 = process.cpuUsage();
    const worker = async () => {
      while (next < reqs.length) {
        const r = reqs[next++];
        const resp = await client.request({ method: r.method, url: r.path, headers: { Accept: 'application/json', 'Content-Type': 'application/json', ...b.headers }, data: r.body === undefined ? undefined : JSON.stringify(r.body) });
        if (resp.status >= 300) failed++;
      }
    };
    Promise.all(Array.from({ length: b.concurrency || 8 }, worker)).then(
      () => {
        agent.destroy();
        const cpu = process.cpuUsage(cpu0);
        res.json({ ms: Number(process.hrtime.bigint() - t0) / 1e6, cpuMs: (cpu.user + cpu.system) / 1000, failed });
      },
      (e) => {
        agent.destroy();
        res.status(500).json({ error: String(e.message) });
      },
    );
  });

  // direct access to an account's connection (bench: token requests of 1,000 cold concurrent calls)
  admin.post(base + '/account-call', (req, res) => {
    const b = req.body || {};
    const acc = RED.nodes.getNode(b.account);
    if (!acc) return res.status(404).json({ error: 'no account' });
    res.json({ tokenRequests: acc.enco && acc.enco.tokens ? acc.enco.tokens.requests : null });
  });
};
