'use strict';
// The chaos suite's "no duplicate creation" check can fail on every platform: per scenario, a few
// writes through the nodes without faults pass it; the same writes sent AGAIN through the node (a
// create sent twice on purpose) make the same check (creationProblems) report the duplicate. The
// simulators count every create request they accept (Sim.accepted in test/sim/framework.js), also
// where they keep objects in a map by id and answer the repeat 409/400 or as a reprovision.
require('should');
const { NodeRedProcess } = require('./lib/nodered');
const { loadScenarios, runScenario, creationProblems } = require('./lib/scenarios');

describe('chaos: the duplicate-creation check catches a create sent twice (every platform)', function () {
  this.timeout(120_000);
  const scenarios = loadScenarios();
  let nr;
  const sims = [];

  before(async function () {
    nr = await new NodeRedProcess({ logLevel: 'info' }).start();
  });
  after(async function () {
    for (const s of sims) await s.stop();
    if (nr) await nr.stop();
  });

  it('every scenario loaded', function () {
    scenarios.filter((s) => !s.available).map((s) => `${s.name}: ${s.why}`).should.eql([]);
  });

  for (const s of scenarios) {
    it(`${s.name}: 3 creates pass the check; the same 3 sent again fail it`, async function () {
      const once = await runScenario(s, nr, { reads: 0, writes: 3, chaos: false, tab: `dup1-${s.file.replace(/\.js$/, '')}`, seed: 11 });
      sims.push(once.sim);
      once.writes.ok.should.equal(3, JSON.stringify(once.writes.byCode));
      once.created.listed.should.equal(3);
      creationProblems(once.created).should.eql([]);

      const twice = await runScenario(s, nr, { reads: 0, writes: 3, chaos: false, resend: 3, tab: `dup2-${s.file.replace(/\.js$/, '')}`, seed: 11 });
      sims.push(twice.sim);
      twice.resent.should.have.length(3);
      twice.created.listed.should.equal(6);
      const problems = creationProblems(twice.created);
      problems.should.containEql('create requests accepted 6 times for 3 keys: a create was sent twice');
    });
  }
});
