'use strict';
// The mocha reporter of every suite (.mocharc.json): mocha's spec reporter plus one summary line
// per suite run, e.g. `suite test:nodes: 428 tests run (428 passing, 0 failing, 0 pending)`, so
// `npm test` and CI print the number of tests each suite ran (--forbid-pending in .mocharc.json
// fails a run with a skipped test, --forbid-only one with a .only).
const Mocha = require('mocha');
const { Spec } = Mocha.reporters;
const { EVENT_RUN_END } = Mocha.Runner.constants;

class SuiteCountReporter extends Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(EVENT_RUN_END, () => {
      const s = this.stats;
      const script = process.env.npm_lifecycle_event || '';
      const name = /^test/.test(script) ? script : 'mocha';
      console.log(`suite ${name}: ${s.tests} tests run (${s.passes} passing, ${s.failures} failing, ${s.pending} pending)`);
    });
  }
}
module.exports = SuiteCountReporter;
