'use strict';
// Required by every suite (.mocharc.json). The suites set their own environment knobs: an
// IOT_FLEET_* or BENCH_* variable inherited from the caller's shell does not change what a suite
// does (fewer chaos msgs, another backoff, no node tests in the audit...). Kept: the choice of the
// Node-RED under test (IOT_FLEET_NODE_RED, set by scripts/nr5.sh), the Chromium path, and the
// knobs that only add diagnostic output.
const KEEP = new Set(['IOT_FLEET_NODE_RED', 'IOT_FLEET_CHROMIUM', 'IOT_FLEET_NR_LOG', 'IOT_FLEET_NR_NODE_ARGS', 'IOT_FLEET_E2E_VERBOSE', 'IOT_FLEET_AUDIT_PRINT_CANARY']);
const ignored = [];
for (const k of Object.keys(process.env)) {
  if (/^(IOT_FLEET|BENCH)_/.test(k) && !KEEP.has(k)) {
    ignored.push(k);
    delete process.env[k];
  }
}
if (ignored.length) console.log(`test setup: ignored the inherited environment knobs ${ignored.join(', ')} (the suites set their own)`);
// Shorter backoff in tests (Retry-After from a simulator is still honoured as given).
process.env.IOT_FLEET_BACKOFF_BASE_MS = '20';
// Proxy variables of the machine must not reroute loopback traffic in tests.
for (const k of ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy']) delete process.env[k];

module.exports = { KEEP };
