'use strict';
// The suites set their own knobs (test/lib/setup.js): an inherited IOT_FLEET_* / BENCH_* variable
// changes nothing; mocha refuses .only and skipped tests; the reporter prints the count per suite.
require('should');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const root = path.resolve(__dirname, '..', '..');

describe('test environment: knobs, --forbid-only, counts per suite', function () {
  this.timeout(60_000);

  it('in this run the backoff knob is the suite\'s own (20 ms)', function () {
    process.env.IOT_FLEET_BACKOFF_BASE_MS.should.equal('20');
  });

  it('inherited knobs are reset: backoff 20 ms, no chaos/lifecycle/audit/bench override; the Node-RED choice is kept', function () {
    const inherited = {
      IOT_FLEET_BACKOFF_BASE_MS: '5000',
      IOT_FLEET_CHAOS_READS: '3',
      IOT_FLEET_LIFECYCLE_CYCLES: '1',
      IOT_FLEET_AUDIT_NODE_TESTS: '0',
      BENCH_MSGS: '7',
      IOT_FLEET_NODE_RED: '/some/node-red',
    };
    const r = spawnSync(process.execPath, ['-e', "require('./test/lib/setup.js'); console.log(JSON.stringify(Object.fromEntries(Object.entries(process.env).filter(([k]) => /^(IOT_FLEET|BENCH)_/.test(k)))))"], {
      cwd: root,
      env: { PATH: process.env.PATH, ...inherited },
      encoding: 'utf8',
    });
    r.status.should.equal(0, r.stderr);
    const env = JSON.parse(r.stdout.trim().split('\n').pop());
    env.should.eql({ IOT_FLEET_BACKOFF_BASE_MS: '20', IOT_FLEET_NODE_RED: '/some/node-red' });
    r.stdout.should.match(/ignored the inherited environment knobs .*IOT_FLEET_CHAOS_READS/);
  });

  it('a .only fails the run (--forbid-only), a skipped test too (--forbid-pending); the count line is printed', function () {
    const mocha = require.resolve('mocha/bin/mocha.js');
    // The fixtures are written at run time into a temporary folder, so the repository itself never
    // holds a focused or skipped test. mocha runs from the root: it reads the project's .mocharc.json.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iotf-fixture-'));
    const run = (name, second) => {
      const file = path.join(dir, `${name}.fixture.js`);
      fs.writeFileSync(file, `describe('fixture', () => {\n  it('first', () => {});\n  ${second}('second', () => {});\n});\n`);
      return spawnSync(process.execPath, [mocha, '--ui', 'bdd', file], { cwd: root, env: { PATH: process.env.PATH, npm_lifecycle_event: 'test:fixture' }, encoding: 'utf8' });
    };
    try {
      checkFixtures(run);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** The three fixtures: a focused test and a skipped one fail the run; a plain one prints its count. */
function checkFixtures(run) {
  const only = run('only', ['it', 'only'].join('.'));
  only.status.should.not.equal(0);
  (only.stdout + only.stderr).should.match(/forbid|only/i);
  const skipped = run('pending', 'it.skip');
  skipped.status.should.not.equal(0);
  const plain = run('plain', 'it');
  plain.status.should.equal(0, plain.stdout + plain.stderr);
  plain.stdout.should.containEql('suite test:fixture: 2 tests run (2 passing, 0 failing, 0 pending)');
}
