'use strict';
// Test-only node for the hostile suite (test/hostile), loaded from settings.nodesDir into a real
// Node-RED process. Each instance counts the msgs that reach it; a genuine uplink (container
// "genuine", value = its sequence number) is counted per sequence number, so the suite can check
// that each one came out exactly once on each wire. Node-RED's own event-loop delay is measured
// here, inside the process (perf_hooks.monitorEventLoopDelay), with RSS and heap.
// Admin API (no permission needed, test only): GET/POST <httpAdminRoot>/hostile-probe/...
const { monitorEventLoopDelay } = require('perf_hooks');

module.exports = function (RED) {
  const counts = {}; // node id -> msgs
  const genuine = {}; // node id -> { seq: count }
  let histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();

  function HostileProbe(config) {
    RED.nodes.createNode(this, config);
    const id = this.id;
    this.on('input', (msg, send, done) => {
      counts[id] = (counts[id] || 0) + 1;
      const v = msg && msg.payload && msg.payload.values;
      if (v && Object.prototype.hasOwnProperty.call(v, 'genuine')) {
        const g = (genuine[id] = genuine[id] || {});
        g[v.genuine] = (g[v.genuine] || 0) + 1;
      }
      done();
    });
  }
  RED.nodes.registerType('hostile-probe', HostileProbe);

  const base = '/hostile-probe';
  RED.httpAdmin.get(base + '/stats', (req, res) => {
    const mem = process.memoryUsage();
    res.json({
      counts,
      eld: { maxMs: histogram.max / 1e6, p99Ms: histogram.percentile(99) / 1e6, meanMs: histogram.mean / 1e6 },
      rss: mem.rss,
      heapUsed: mem.heapUsed,
    });
  });
  RED.httpAdmin.get(base + '/genuine', (req, res) => res.json(genuine));
  RED.httpAdmin.post(base + '/reset-eld', (req, res) => {
    histogram.disable();
    histogram = monitorEventLoopDelay({ resolution: 10 });
    histogram.enable();
    res.json({ ok: true });
  });
  RED.httpAdmin.post(base + '/gc', (req, res) => {
    if (global.gc) global.gc();
    res.json({ rss: process.memoryUsage().rss });
  });
};
