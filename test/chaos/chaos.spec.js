'use strict';
// `npm run test:chaos` (issue 7.1): per platform, 1,000 reads and 500 writes through the nodes in
// a real Node-RED process while the simulator injects 10% 5xx, 5% 429 with Retry-After, 3%
// connection resets, 2% answers slower than the timeout, and (token platforms) a token expiry
// every 2 s. Every msg is accounted for; the table of counts is printed at the end.
require('should');
const { NodeRedProcess } = require('./lib/nodered');
const { loadScenarios, runScenario, table, creationProblems, CHAOS } = require('./lib/scenarios');

// the suite's own numbers (an inherited environment never changes them: test/lib/setup.js)
const READS = 1000;
const WRITES = 500;
// besides: bulk msgs of 10 items each, on the platforms whose write node takes an array (SPEC 3.2)
const BULK = 20;

describe(`chaos: ${READS} reads + ${WRITES} writes per platform under faults (real Node-RED process)`, function () {
  this.timeout(300_000);
  const scenarios = loadScenarios();
  const results = [];
  let nr;

  before(async function () {
    nr = await new NodeRedProcess({ logLevel: 'info' }).start();
    for (const sc of scenarios.filter((x) => x.available)) for (const t of sc.types) if (!nr.types.has(t)) throw new Error(`Node-RED did not load ${t}:\n${nr.log().slice(-2000)}`);
  });

  after(async function () {
    if (results.length) console.log('\n' + table(results) + '\n');
    const skipped = scenarios.filter((s) => !s.available);
    if (skipped.length) console.log('platforms without their nodes yet: ' + skipped.map((s) => `${s.name} (${s.why})`).join('; '));
    for (const r of results) await r.sim.stop();
    if (nr) await nr.stop();
  });

  it('every scenario loaded (a scenario that fails to load, or whose node types are not built, fails the suite)', function () {
    scenarios.length.should.be.above(0);
    scenarios.filter((s) => !s.available).map((s) => `${s.name}: ${s.why}`).should.eql([]);
  });

  for (const s of scenarios.filter((x) => x.available)) {
    describe(s.name, function () {
      let r;
      before(async function () {
        r = await runScenario(s, nr, { reads: READS, writes: WRITES, bulk: s.bulk ? BULK : 0 });
        results.push(r);
      });

      it('the faults were really injected (every kind hit)', function () {
        r.faults['5xx'].should.be.above(0);
        r.faults[429].should.be.above(0);
        r.faults.reset.should.be.above(0);
        r.faults.slow.should.be.above(0);
        if (s.expireTokens) r.expiries.should.be.above(0);
      });

      it('every msg: `done` called exactly once', function () {
        for (const t of [r.reads, r.writes]) {
          t.noDone.should.equal(0, 'msgs whose done never came');
          t.doneTwice.should.equal(0, 'msgs done more than once');
          t.doneOnce.should.equal(t.msgs);
        }
      });

      it('every msg: exactly one output or one catchable error, and done(err) exactly for the errors', function () {
        for (const t of [r.reads, r.writes]) {
          t.noOutcome.should.equal(0);
          t.twoOutcomes.should.equal(0);
          (t.ok + t.errors).should.equal(t.msgs);
          t.doneMismatch.should.equal(0);
        }
      });

      if (s.readsRetried !== false) {
        it('all reads succeed (retried)', function () {
          r.reads.ok.should.equal(READS, `read errors: ${JSON.stringify(r.reads.byCode)}`);
        });
      } else {
        it('the idempotent writes never create anything and every error is one of the codes faults explain', function () {
          r.created.count.should.equal(r.created.listed, 'objects created by re-provisions');
          Object.keys(r.reads.byCode).forEach((c) => ['SERVER_ERROR', 'NETWORK', 'TIMEOUT', 'RATE_LIMITED'].should.containEql(c));
        });
      }

      it('writes: every error is one the faults explain (no AUTH_FAILED, no REJECTED)', function () {
        Object.keys(r.writes.byCode).forEach((c) => ['SERVER_ERROR', 'NETWORK', 'TIMEOUT', 'RATE_LIMITED'].should.containEql(c));
        r.writes.ok.should.be.above(WRITES * 0.6);
      });

      it('created objects = successes (+ writes the server finished after the client timed out), no duplicate', function () {
        r.created.listed.should.be.above(0, 'no create request reached the simulator');
        creationProblems(r.created).should.eql([]);
      });

      if (s.bulk) {
        it(`bulk (${BULK} msgs x 10 items): one output per msg, one entry per item in input order, every ok item created once`, function () {
          const b = r.bulk;
          b.doneNotOnce.should.equal(0);
          b.notOneOutput.should.equal(0);
          b.missing.should.equal(0);
          b.outOfOrder.should.equal(0);
          (b.ok + b.failed).should.equal(b.items);
          b.ok.should.be.above(b.items * 0.6);
          Object.keys(b.byCode).forEach((c) => ['SERVER_ERROR', 'NETWORK', 'TIMEOUT', 'RATE_LIMITED'].should.containEql(c));
          b.okNotCreated.should.eql([]);
          b.createdUnexplained.should.eql([]);
        });
      }

      it(`finishes within the time budget (timeout ${CHAOS.timeout} ms, slow answers ${CHAOS.slowMs} ms)`, function () {
        r.ms.should.be.below(180_000);
      });
    });
  }
});
