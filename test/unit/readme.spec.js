'use strict';
// README claims that must agree with their sources (issue 12): the performance table with
// BENCHMARKS.md, the supported versions with package.json and with what CI runs, the sandbox
// section with scripts/sandbox.js.
const fs = require('fs');
const path = require('path');
require('should');

const root = path.resolve(__dirname, '..', '..');
const read = (f) => fs.readFileSync(path.join(root, f), 'utf8');
const readme = read('README.md');
const bench = read('BENCHMARKS.md');
const pkg = JSON.parse(read('package.json'));

/** The cells of the README performance table row whose first cell matches `re`. */
function readmeRow(re) {
  const table = readme.slice(readme.indexOf('### Performance at a glance'));
  const line = table.split('\n').find((l) => l.startsWith('|') && re.test(l.split('|')[1]));
  (line !== undefined).should.be.true(`README performance table: no row ${re}`);
  return line.split('|')[2].trim();
}
/** The rows of the BENCHMARKS.md table whose header line matches `re`, as arrays of cells. */
function benchTable(re) {
  const lines = bench.split('\n');
  const start = lines.findIndex((l) => l.startsWith('|') && re.test(l));
  start.should.be.aboveOrEqual(0, `BENCHMARKS.md: no table ${re}`);
  const rows = [];
  for (let i = start + 2; i < lines.length && lines[i].startsWith('|'); i++) rows.push(lines[i].split('|').slice(1, -1).map((c) => c.trim()));
  return rows;
}
const num = (s) => Number(String(s).replace(/\*/g, ''));
const range = (values, digits, sep = '–') => {
  const lo = Math.min(...values).toFixed(digits);
  const hi = Math.max(...values).toFixed(digits);
  return lo === hi ? lo : `${lo}${sep}${hi}`;
};
const match = (re, what) => {
  const m = re.exec(bench);
  (m !== null).should.be.true(`BENCHMARKS.md: ${what} not found (${re})`);
  return m;
};

describe('README agrees with its sources', function () {
  describe('performance table = BENCHMARKS.md', function () {
    it('node vs raw axios: the range of the medians of the runs', function () {
      const medians = benchTable(/median of the runs/).map((r) => num(r[2]));
      readmeRow(/raw axios/).should.equal(`${range(medians, 2)}×`);
    });
    it('node vs core nodes: from the recorded run to the worst run', function () {
      const recorded = benchTable(/node \/ core \(target/).map((r) => num(r[5]));
      const worst = benchTable(/node \/ core, worst run/).map((r) => num(r[3]));
      readmeRow(/core `http request`/).should.equal(`${range([...recorded, ...worst], 2)}× (faster)`);
    });
    it('token requests for 1,000 cold msgs', function () {
      const m = match(/\*\*(\d+) token requests?\*\*/, 'token requests');
      readmeRow(/token requests/).should.equal(m[1]);
    });
    it('stream vs core nodes and vs a bare server', function () {
      const m = match(/XML stream\/core ([\d.]+)x[^,]*, JSON ([\d.]+)x/, 'stream/core ratios');
      readmeRow(/ingest vs the same job in core nodes/).should.equal(`${range([num(m[1]), num(m[2])], 2)}× the requests/s`);
      const bare = match(/stream\/bare (\d+)% \(XML\) and (\d+)% \(JSON\)/, 'stream/bare');
      const floor = match(/itself (\d+)-(\d+)% of the bare server/, "Node-RED's floor");
      readmeRow(/bare node:http/).should.equal(
        `${range([num(bare[1]), num(bare[2])], 0)} % (target 60 % not met: Node-RED's own HTTP path alone reaches ${floor[1]}–${floor[2]} %)`,
      );
    });
    it('enCloud pull, concurrency 4 vs 1', function () {
      const m = match(/Concurrency 4 takes ([\d.]+)x \(single\) and ([\d.]+)x \(device\)/, 'pull ratios');
      readmeRow(/enCloud pull/).should.equal(`${range([num(m[1]), num(m[2])], 2)}× the time`);
    });
  });

  it('supported versions: README = package.json = what CI runs', function () {
    const node = /^>=(\d+)$/.exec(pkg.engines.node);
    const red = /^>=(\d+\.\d+)\.0$/.exec(pkg['node-red'].version);
    (node && red).should.be.ok();
    readme.should.containEql(`Requires Node-RED ${red[1]} or newer and Node.js ${node[1]} or newer`);
    // CI (.ci/run) runs the suites on the devDependency Node-RED with the machine's Node.js, then
    // scripts/nr5.sh; the oldest claimed versions must be the ones tested there
    pkg.devDependencies['node-red'].should.match(new RegExp(`^~${red[1].replace('.', '\\.')}\\.`));
    read('.ci/run').should.match(/npm test/);
    readme.should.containEql(`Node-RED ${red[1]} on Node.js ${node[1]}`);
  });

  it('the sandbox section: a clone is needed, PORT is documented (and read by scripts/sandbox.js)', function () {
    const section = readme.slice(readme.indexOf('## Try it, and test it'), readme.indexOf('### Performance at a glance'));
    section.should.match(/git clone /);
    section.should.match(/published package holds only/);
    section.should.match(/`PORT=\d+ npm start`/);
    read('scripts/sandbox.js').should.match(/process\.env\.PORT/);
    pkg.files.should.not.containEql('scripts/');
    pkg.files.should.not.containEql('test/');
  });

  it('has the "Examples outside the sandbox" section', function () {
    const s = readme.slice(readme.indexOf('### Examples outside the sandbox'));
    s.should.match(/its own account node/);
    s.should.match(/Before real use, replace/);
    s.should.match(/httpNodeAuth/);
  });
});
