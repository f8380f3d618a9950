'use strict';
// Loads the per-platform chaos scenarios (test/chaos/scenarios/*.js) and runs one of them in a
// NodeRedProcess: deploy, chaos on, 1,000 reads and 500 writes driven at the same time, token
// expiry every few seconds, then an account of every msg.
const fs = require('fs');
const path = require('path');
const { installChaos } = require('./faults');
const { probeWiring } = require('./nodered');

const dir = path.join(__dirname, '..', 'scenarios');
const pkg = () => JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));

/** Every scenario file, with `available` = its node types are declared, built and its simulator exists. */
function loadScenarios(available) {
  // (while developing, another build may be rewriting nodes/: wait for it, at most 1 minute)
  const declared = (pkg()['node-red'] || {}).nodes || {};
  const rootDir = path.join(__dirname, '..', '..', '..');
  const built = () => fs.existsSync(path.join(rootDir, 'nodes', 'core')) && Object.values(declared).every((f) => fs.existsSync(path.join(rootDir, f)));
  for (let i = 0; i < 120 && !built(); i++) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.js'))
    .sort()
    .map((f) => {
      let s;
      try {
        s = require(path.join(dir, f));
      } catch (e) {
        // a scenario that fails to load: reported as not available, which fails the suites (chaos,
        // lifecycle, audit, duplicate) in their first test
        return { name: f.replace(/\.js$/, ''), file: f, available: false, why: String(e.message).split('\n')[0] };
      }
      const missing = s.types.filter((t) => !declared[t] || (available ? !available.has(t) : !fs.existsSync(path.join(__dirname, '..', '..', '..', 'nodes', `${t}.js`))));
      return { ...s, file: f, available: missing.length === 0, why: missing.length ? `types not built: ${missing.join(', ')}` : '' };
    });
}

const CHAOS = { timeout: 300, retries: 10, slowMs: 600, retryAfter: 1, expireEveryMs: 2000, concurrency: 16 };

/** The flow of one scenario on its own tab, wired to the probes (and debug nodes when `debug`). */
function scenarioFlow(s, sim, tab, { debug = false, audit = false, timeout = CHAOS.timeout, retries = CHAOS.retries } = {}) {
  const f = s.flow(sim, tab, { timeout, retries, audit });
  const targets = f.nodes.map((n) => n.id);
  const wiring = probeWiring(tab, targets, { debug });
  const outs = [`${tab}-out`, ...(debug ? [`${tab}-dbg`] : [])];
  let y = 50;
  return [
    { id: tab, type: 'tab', label: `chaos ${s.name}` },
    f.account,
    ...(f.extraConfig || []),
    ...f.nodes.map((n) => ({ z: tab, x: 250, y: (y += 50), wires: [outs], ...n })),
    ...wiring,
  ];
}

/** Counts by outcome for a list of probe entries. */
function tally(entries) {
  const t = { msgs: entries.length, ok: 0, errors: 0, byCode: {}, doneOnce: 0, doneTwice: 0, noDone: 0, twoOutcomes: 0, noOutcome: 0, doneMismatch: 0, sourceNoOutcome: 0, sourceTwoOutcomes: 0 };
  for (const e of entries) {
    const outcomes = e.outs.length + e.errors.length;
    if (outcomes === 0) t.noOutcome++;
    if (outcomes > 1) t.twoOutcomes++;
    if (e.outs.length === 1 && e.errors.length === 0) t.ok++;
    if (e.errors.length === 1 && e.outs.length === 0) {
      t.errors++;
      const c = e.errors[0].code || 'none';
      t.byCode[c] = (t.byCode[c] || 0) + 1;
    }
    if (e.done === 1) t.doneOnce++;
    else if (e.done === 0) t.noDone++;
    else t.doneTwice++;
    // done(err) exactly when the outcome is an error
    if (e.doneErr !== e.errors.length) t.doneMismatch++;
    // at the source: one send() or one done(err) by the node under test (counts a msg whose flow was
    // stopped while it was in flight, whose output the stopped wires deliver nowhere)
    const atSource = (e.sent || 0) + e.doneErr;
    if (atSource === 0) t.sourceNoOutcome++;
    if (atSource > 1) t.sourceTwoOutcomes++;
  }
  return t;
}

/**
 * Runs scenario `s` against a started NodeRedProcess `nr`. Returns everything the assertions and
 * the table need. `counts` overrides the numbers of reads / writes.
 */
async function runScenario(s, nr, { reads = 1000, writes = 500, bulk = 0, debug = false, audit = false, seed = 7, chaos = true, tab, resend = 0 } = {}) {
  tab = tab || `chaos-${s.file.replace(/\.js$/, '')}`;
  const sim = s.sim.create({ seed, ...(s.simOptions ? s.simOptions() : {}) });
  await sim.start();
  sim.logging = false;
  const result = { name: s.name, sim };
  let expiry;
  let faults;
  try {
    const ctx = (await s.setup?.(sim)) || {};
    await nr.deploy(scenarioFlow(s, sim, tab, { debug, audit }), 'full');
    result.ctx = ctx;
    result.tab = tab;
    if (audit && s.auditMsgs) {
      // the failure paths (wrong credentials, validation, 404/409...) before the chaos
      result.auditEntries = [];
      for (const { target, msg } of s.auditMsgs(ctx, tab, sim)) {
        const run = await nr.drive(target, [msg], { concurrency: 1, settleMs: 50 });
        result.auditEntries.push(...run.entries);
      }
    }
    if (chaos) faults = installChaos(sim, s.chaosMatch, { slowMs: CHAOS.slowMs, retryAfter: CHAOS.retryAfter });
    let expiries = 0;
    if (chaos && s.expireTokens) {
      expiry = setInterval(() => {
        s.expireTokens(sim);
        expiries++;
      }, CHAOS.expireEveryMs);
    }
    const readMsgs = Array.from({ length: reads }, (_, i) => s.reads.msg(i, ctx));
    const writeMsgs = Array.from({ length: writes }, (_, i) => s.writes.msg(i, ctx));
    const bulkMsgs = s.bulk && bulk ? Array.from({ length: bulk }, (_, i) => s.bulk.msg(i, ctx)) : [];
    const t0 = Date.now();
    const half = Math.max(1, CHAOS.concurrency / 2);
    const [r, w, b] = await Promise.all([
      reads ? nr.drive(s.reads.target(tab), readMsgs, { concurrency: half }) : { entries: [] },
      writes ? nr.drive(s.writes.target(tab), writeMsgs, { concurrency: half }) : { entries: [] },
      bulkMsgs.length ? nr.drive(s.bulk.target(tab), bulkMsgs, { concurrency: 2 }) : { entries: [] },
    ]);
    result.ms = Date.now() - t0;
    // `resend`: the first writes sent AGAIN through the node (a create sent twice on purpose;
    // test/chaos/duplicate.spec.js shows the creation check catches it); their outcomes are not tallied
    if (resend) result.resent = (await nr.drive(s.writes.target(tab), writeMsgs.slice(0, resend).map((m) => JSON.parse(JSON.stringify(m))), { concurrency: 1 })).entries;
    if (expiry) clearInterval(expiry);
    expiry = null;
    result.expiries = expiries;
    result.faults = faults ? faults.counts() : {};
    result.requests = sim.counts.requests;
    result.tokenRequests = s.tokenRequests ? s.tokenRequests(sim) : undefined;
    result.reads = tally(r.entries);
    result.writes = tally(w.entries);
    result.readEntries = r.entries;
    result.writeEntries = w.entries;
    // creation accounting: every success created exactly once; the only other creations are
    // writes whose answer came after the client's timeout (the server did the work)
    const created = s.created(sim, ctx).filter((k) => !(s.bulk && s.bulk.isBulkKey(k)));
    const createdSet = new Set(created);
    const okKeys = new Set();
    const timedOutKeys = new Set();
    w.entries.forEach((e, i) => {
      const k = s.writes.key(writeMsgs[i]);
      if (e.outs.length === 1 && e.errors.length === 0) okKeys.add(k);
      else if (e.errors.length === 1 && e.errors[0].code === 'TIMEOUT') timedOutKeys.add(k);
    });
    result.created = {
      count: s.createdCount ? s.createdCount(sim, ctx) - (s.bulk ? s.created(sim, ctx).filter((k) => s.bulk.isBulkKey(k)).length : 0) : created.length,
      distinct: createdSet.size,
      listed: created.length,
      okNotCreated: [...okKeys].filter((k) => !createdSet.has(k)),
      createdUnexplained: [...createdSet].filter((k) => !okKeys.has(k) && !timedOutKeys.has(k)),
      createdAfterTimeout: [...createdSet].filter((k) => timedOutKeys.has(k)).length,
      ok: okKeys.size,
    };
    result.issuedTokens = s.issuedTokens ? s.issuedTokens(sim) : [];
    if (bulkMsgs.length) result.bulk = bulkReport(s, sim, ctx, bulkMsgs, b.entries, createdSet, okKeys, timedOutKeys);
  } finally {
    if (expiry) clearInterval(expiry);
    if (faults) faults.remove();
  }
  return result;
}

/**
 * Bulk msgs (an array in msg.payload, SPEC 3.2): each msg ends in one output whose payload has one
 * entry per item in input order; items that failed are in it with their code; every ok item was
 * created once, every created item of the bulk is an ok one or one that timed out.
 */
function bulkReport(s, sim, ctx, msgs, entries, createdSet, okKeys, timedOutKeys) {
  const rep = { msgs: msgs.length, items: 0, ok: 0, failed: 0, byCode: {}, outOfOrder: 0, missing: 0, notOneOutput: 0, doneNotOnce: 0, okNotCreated: [], createdUnexplained: [] };
  const bulkCreated = new Set(s.created(sim, ctx).filter((k) => s.bulk.isBulkKey(k)));
  const bulkOk = new Set();
  const bulkTimedOut = new Set();
  entries.forEach((e, i) => {
    const items = msgs[i].payload;
    rep.items += items.length;
    if (e.done !== 1) rep.doneNotOnce++;
    if (e.outs.length !== 1 || e.errors.length !== 0) {
      rep.notOneOutput++;
      return;
    }
    const out = e.outs[0].payload;
    if (!out || out.length !== items.length) {
      rep.missing += items.length - ((out && out.length) || 0);
      return;
    }
    out.items.forEach((it, k) => {
      const key = s.bulk.key(items[k]);
      if (s.bulk.key(it.input) !== key) rep.outOfOrder++;
      if (it.ok) {
        rep.ok++;
        bulkOk.add(key);
      } else {
        rep.failed++;
        rep.byCode[it.code] = (rep.byCode[it.code] || 0) + 1;
        if (it.code === 'TIMEOUT') bulkTimedOut.add(key);
      }
    });
  });
  rep.okNotCreated = [...bulkOk].filter((k) => !bulkCreated.has(k));
  rep.createdUnexplained = [...bulkCreated].filter((k) => !bulkOk.has(k) && !bulkTimedOut.has(k));
  rep.created = bulkCreated.size;
  return rep;
}

/**
 * The "no duplicate creation" check of the chaos suite (one place, so test/chaos/duplicate.spec.js
 * proves it fails on a create sent twice): the accepted create requests (Sim.accepted, one per
 * request) are distinct, equal the objects created, and every one is explained by a success or by a
 * write that timed out after the server did the work. Returns the problems (empty = pass).
 */
function creationProblems(c) {
  const p = [];
  if (c.distinct !== c.listed) p.push(`create requests accepted ${c.listed} times for ${c.distinct} keys: a create was sent twice`);
  if (c.count !== c.listed) p.push(`objects created ${c.count} != accepted create requests ${c.listed}`);
  if (c.okNotCreated.length) p.push(`successes the simulator never created: ${c.okNotCreated.slice(0, 5).join(', ')}`);
  if (c.createdUnexplained.length) p.push(`creations that no success or timeout explains: ${c.createdUnexplained.slice(0, 5).join(', ')}`);
  if (c.count !== c.ok + c.createdAfterTimeout) p.push(`created ${c.count} != ok ${c.ok} + created after timeout ${c.createdAfterTimeout}`);
  return p;
}

function fmtCodes(byCode) {
  return Object.entries(byCode)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ') || '-';
}

/** The table of counts printed by the chaos suite. */
function table(results) {
  const rows = [
    ['platform', 'kind', 'msgs', 'ok', 'errors (by code)', 'done once', 'done 0/2+', '2 outcomes', 'created', 'created after timeout', 'requests', 'faults 5xx/429/reset/slow', 'token req / expiries', 'time'],
  ];
  for (const r of results) {
    for (const kind of ['reads', 'writes']) {
      const t = r[kind];
      rows.push([
        r.name,
        kind,
        t.msgs,
        t.ok,
        `${t.errors} (${fmtCodes(t.byCode)})`,
        t.doneOnce,
        `${t.noDone}/${t.doneTwice}`,
        t.twoOutcomes,
        kind === 'writes' ? `${r.created.count} (ok ${r.created.ok})` : '',
        kind === 'writes' ? r.created.createdAfterTimeout : '',
        kind === 'reads' ? r.requests : '',
        kind === 'reads' ? `${r.faults['5xx']}/${r.faults[429]}/${r.faults.reset}/${r.faults.slow}` : '',
        kind === 'reads' ? `${r.tokenRequests ?? '-'} / ${r.expiries}` : '',
        kind === 'reads' ? `${(r.ms / 1000).toFixed(1)} s` : '',
      ]);
    }
  }
  for (const r of results) {
    if (!r.bulk) continue;
    const b = r.bulk;
    rows.push([r.name, 'bulk', `${b.msgs} x 10`, `${b.ok} items`, `${b.failed} items (${fmtCodes(b.byCode)})`, b.msgs - b.doneNotOnce, `${b.doneNotOnce ? '!' : '0/0'}`, b.notOneOutput, `${b.created} (ok ${b.ok})`, '', '', '', '', '']);
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => String(row[c]).length)));
  return rows.map((row, i) => {
    const line = row.map((cell, c) => String(cell).padEnd(widths[c])).join(' | ');
    return i === 0 ? line + '\n' + widths.map((w) => '-'.repeat(w)).join('-|-') : line;
  }).join('\n');
}

module.exports = { loadScenarios, runScenario, scenarioFlow, table, tally, creationProblems, CHAOS };
