'use strict';
// Runs nodes in a real Node-RED runtime (node-red-node-test-helper) and captures everything a
// user could see: log lines, statuses, errors, and every msg that reaches a helper node. The
// secret audit (test/nodes/zz-secret-audit.spec.js) searches that capture for the secrets.
const path = require('path');
const util = require('util');
const helper = require('node-red-node-test-helper');

// IOT_FLEET_NODE_RED=<folder with node_modules/node-red> runs the suite on another Node-RED (e.g. 5).
const runtimeRoot = process.env.IOT_FLEET_NODE_RED;
helper.init(runtimeRoot ? require.resolve('node-red', { paths: [path.resolve(runtimeRoot)] }) : require.resolve('node-red'));

const root = path.resolve(__dirname, '..', '..');
// The core nodes of the Node-RED under test (not always the one in our node_modules): loading
// another copy would register `catch` and friends twice.
const nodeRedDir = path.dirname(require.resolve('node-red/package.json', { paths: [runtimeRoot ? path.resolve(runtimeRoot) : root] }));
/** A core node module of the runtime under test, e.g. coreNode('sequence/17-split.js'). */
function coreNode(rel) {
  return require(require.resolve(`@node-red/nodes/core/${rel}`, { paths: [nodeRedDir] }));
}
const capture = { logs: [], statuses: [], errors: [], msgs: [], tokens: new Set() };
// Tokens that the simulators hand out are secrets too: simulators register them here.
const dynamicSecrets = capture.tokens;

function text(x) {
  try {
    return typeof x === 'string' ? x : util.inspect(x, { depth: 8, breakLength: Infinity, showHidden: false });
  } catch {
    return String(x);
  }
}

/**
 * The built node module for a type (nodes/<type>.js), with a `RED._` that reads the en-US
 * catalogs: statuses are the real texts, with their substitutions, so the secret audit sees them.
 */
function nodeModule(type) {
  return require('./i18n-catalog').catalogNode(type);
}

function hookNodes(flow) {
  for (const def of flow) {
    const n = helper.getNode(def.id);
    if (!n) continue;
    n.on('call:status', (call) => capture.statuses.push(text(call.args)));
    n.on('call:error', (call) => capture.errors.push(text(call.args)));
    n.on('call:warn', (call) => capture.logs.push(text(call.args)));
    n.on('call:log', (call) => capture.logs.push(text(call.args)));
    if (def.type === 'helper' || def.type === 'catch') n.on('input', (msg) => capture.msgs.push(text(msg)));
  }
}

/** helper.load + capture hooks. `types` are node type names (nodes/<type>.js) or node modules. */
async function load(types, flow, credentials) {
  const modules = [...new Set(types.map((t) => (typeof t === 'string' ? nodeModule(t) : t)))];
  await helper.load(modules, flow, credentials || {});
  hookNodes(flow);
}

async function unload() {
  const spy = helper.log();
  if (spy && spy.args) for (const args of spy.args) capture.logs.push(text(args));
  await helper.unload();
}

/** Resolves with the next msg at helper node `id` (or rejects after `ms`). */
function nextMsg(id, ms = 5000) {
  const n = helper.getNode(id);
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no msg at ${id} within ${ms} ms`)), ms);
    n.once('input', (msg) => {
      clearTimeout(t);
      resolve(msg);
    });
  });
}

/** Collects `count` msgs at helper node `id`. */
function collect(id, count, ms = 10000) {
  const n = helper.getNode(id);
  const got = [];
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`got ${got.length}/${count} msgs at ${id} within ${ms} ms`)), ms);
    n.on('input', (msg) => {
      got.push(msg);
      if (got.length === count) {
        clearTimeout(t);
        resolve(got);
      }
    });
  });
}

/** Every msg that reaches helper `id` while `fn` runs (plus `settleMs`): {result: what fn resolved, msgs}. */
async function msgsDuring(fn, id = 'out', settleMs = 80) {
  const got = [];
  const n = helper.getNode(id);
  const on = (m) => got.push(m);
  n.on('input', on);
  try {
    const r = await fn();
    await new Promise((res) => setTimeout(res, settleMs));
    return { result: r, msgs: got };
  } finally {
    n.removeListener('input', on);
  }
}

/**
 * Sends `msg` into node `id` and resolves with {msg} from helper `outId` or {error, msg} from
 * catch `catchId`, whichever comes first. No answer within `ms` REJECTS ("no answer"): a node that
 * never answers fails the test. A test about no answer says so: `run(id, msg, { expectNone: true })`
 * (or `runNone`) resolves {none: true} after `ms`, and an answer that does come is returned as it is
 * (the test asserts r.none).
 */
function run(id, msg, { outId = 'out', catchId = 'catch', ms = 8000, expectNone = false } = {}) {
  const node = helper.getNode(id);
  const out = helper.getNode(outId);
  const c = helper.getNode(catchId);
  return new Promise((resolve, reject) => {
    const done = (r) => {
      clearTimeout(t);
      out && out.removeListener('input', onOut);
      c && c.removeListener('input', onErr);
      if (r.none && !expectNone) reject(new Error(`no answer from node ${id} within ${ms} ms (neither at ${outId} nor at ${catchId}); a test that expects none says { expectNone: true }`));
      else resolve(r);
    };
    const onOut = (m) => done({ msg: m });
    const onErr = (m) => done({ error: m.error, msg: m });
    const t = setTimeout(() => done({ none: true }), ms);
    out && out.on('input', onOut);
    c && c.on('input', onErr);
    node.receive(msg);
  });
}

/** run() for a test that expects no answer within `ms` (default 1 s): resolves {none: true} or the answer. */
function runNone(id, msg, opts = {}) {
  return run(id, msg, { ms: 1000, ...opts, expectNone: true });
}

/** run() that requires an output msg (not an error): resolves with the msg, rejects with the error. */
async function runOk(id, msg, opts) {
  const r = await run(id, msg, opts);
  if (r.error) throw new Error(`expected an output msg from ${id}, got error ${r.error.code || ''}: ${r.error.message}`);
  return r.msg;
}

/** The standard test flow: node under test -> helper "out"; a catch node -> helper "caught". */
function actionFlow(nodeDef, accountDef, extra = []) {
  return [
    { id: 'f1', type: 'tab', label: 'test' },
    { ...accountDef, z: undefined },
    { z: 'f1', wires: [['out']], ...nodeDef },
    { id: 'out', z: 'f1', type: 'helper' },
    { id: 'catch', z: 'f1', type: 'catch', scope: null, uncaught: false, wires: [['caught']] },
    { id: 'caught', z: 'f1', type: 'helper' },
    ...extra,
  ].map((n) => {
    const copy = { ...n };
    if (copy.z === undefined) delete copy.z;
    // Node-RED 4.1 treats a node without x/y as a config node
    else if (copy.type !== 'tab' && copy.x === undefined) Object.assign(copy, { x: 100, y: 100 });
    return copy;
  });
}

/**
 * The hooks of a spec that runs its nodes against one simulator, registered in the calling
 * describe: `before` builds the simulator with `create()` and starts it, `after` stops it; before
 * each test its log and faults are cleared (then `reset(sim)`), after each test the flow is
 * unloaded. The tokens it issued (`sim.issued`) join the secrets the audit looks for. Returns
 * `{sim, url}`, set once `before` has run; `started(sim, url)` hands them to the spec's own names.
 */
function useSim(create, { started, reset } = {}) {
  const env = { sim: null, url: null };
  const keepIssued = () => {
    for (const t of (env.sim && env.sim.issued) || []) dynamicSecrets.add(t);
  };
  before(async function () {
    env.sim = create();
    env.url = await env.sim.start();
    if (started) started(env.sim, env.url);
  });
  after(async () => {
    keepIssued();
    await env.sim.stop();
  });
  beforeEach(() => {
    env.sim.clearLog();
    env.sim.clearFaults();
    if (reset) reset(env.sim);
  });
  afterEach(async () => {
    keepIssued();
    await unload();
  });
  return env;
}

/**
 * The usual `flow(props, accountProps)` of a node spec: node 'n1' with `node`'s defaults, wired to
 * account 'acc' at the simulator's url (env.url, read when the flow is built) with `account`'s.
 */
function simFlow(env, node, account) {
  return (props = {}, accountProps = {}) =>
    actionFlow({ id: 'n1', account: 'acc', ...node, ...props }, { id: 'acc', url: env.url, ...account, ...accountProps });
}

module.exports = { coreNode, helper, load, unload, nextMsg, collect, msgsDuring, run, runNone, runOk, actionFlow, useSim, simFlow, capture, dynamicSecrets, text, root };
