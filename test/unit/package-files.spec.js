'use strict';
// Pins what `npm pack` ships: only what a user needs (nodes/, resources/ (the shared editor code),
// examples/, README.md, LICENSE, CHANGELOG.md, package.json), and all of it: every node type's runtime, editor, catalogs and help
// in every language, every icon, every example. Needs a build (npm test builds first).
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const should = require('should');

const root = path.resolve(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const types = Object.keys(pkg['node-red'].nodes);
const langs = fs.readdirSync(path.join(root, 'locales')).filter((l) => fs.statSync(path.join(root, 'locales', l)).isDirectory());
const examples = fs.readdirSync(path.join(root, 'examples')).filter((f) => f.endsWith('.json'));
const icons = fs.readdirSync(path.join(root, 'icons'));

function packList() {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  // No `prepare` (a build) while packing; npm's own variables of an outer `npm test` would override
  // the flag, so they are dropped.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  env.npm_config_ignore_scripts = 'true';
  // The machine's npm, not a copy some dependency put in node_modules/.bin (npm 10 ran `prepare`
  // in spite of --ignore-scripts).
  env.PATH = (env.PATH || '').split(path.delimiter).filter((p) => !/node_modules[\\/]\.bin/.test(p)).join(path.delimiter);
  const out = execFileSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts', '--loglevel=error'], { cwd: root, env, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  return JSON.parse(out.slice(out.indexOf('[')))[0];
}

describe('npm pack file list', function () {
  this.timeout(60000);
  let pack;
  let files;

  before(function () {
    pack = packList();
    files = pack.files.map((f) => f.path).sort();
  });

  it('ships only nodes/, resources/, examples/, README.md, LICENSE, CHANGELOG.md and package.json', function () {
    const allowed = [
      /^(package\.json|README\.md|LICENSE|CHANGELOG\.md)$/,
      /^examples\/[a-z0-9-]+\.json$/,
      /^nodes\/[a-z0-9-]+\.(js|html)$/, // the entry and the editor file of each type
      /^nodes\/[a-z0-9-]+\/(?:[a-z0-9-]+\/)?[A-Za-z0-9-]+\.js$/, // compiled runtime: src/<core|platform>/*.ts, src/<platform>/<type>/*.ts
      /^nodes\/icons\/[a-z0-9-]+\.svg$/,
      /^nodes\/locales\/[A-Za-z-]+\/[a-z0-9-]+\.(json|html)$/,
      /^resources\/iot-fleet-editor\.js$/, // the shared editor code, served once (issue 14)
    ];
    const stray = files.filter((f) => !allowed.some((re) => re.test(f)));
    stray.should.eql([], 'files a user does not need (sources, tests, maps, type declarations...)');
  });

  it('ships every node type: entry, editor, catalog and help in every language', function () {
    const missing = [];
    for (const t of types) {
      for (const f of [`nodes/${t}.js`, `nodes/${t}.html`]) if (!files.includes(f)) missing.push(f);
      for (const lang of langs) {
        for (const ext of ['json', 'html']) {
          if (fs.existsSync(path.join(root, 'locales', lang, `${t}.${ext}`)) && !files.includes(`nodes/locales/${lang}/${t}.${ext}`)) missing.push(`nodes/locales/${lang}/${t}.${ext}`);
        }
      }
      if (!files.includes(`nodes/locales/en-US/${t}.json`)) missing.push(`nodes/locales/en-US/${t}.json`);
      if (!files.includes(`nodes/locales/en-US/${t}.html`)) missing.push(`nodes/locales/en-US/${t}.html`);
    }
    missing.should.eql([]);
    // No node-type file that package.json does not declare.
    const declared = files.filter((f) => /^nodes\/[a-z0-9-]+\.(js|html)$/.test(f)).map((f) => f.replace(/^nodes\/|\.(js|html)$/g, ''));
    [...new Set(declared)].sort().should.eql(types.slice().sort());
  });

  it('ships every example and every icon, and the files package.json names', function () {
    for (const e of examples) files.should.containEql(`examples/${e}`);
    for (const i of icons) files.should.containEql(`nodes/icons/${i}`);
    for (const f of ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md']) files.should.containEql(f);
    for (const f of Object.values(pkg['node-red'].nodes)) files.should.containEql(f.replace(/^\.\//, ''));
    if (pkg.main) files.should.containEql(pkg.main.replace(/^\.\//, ''));
  });

  it('ships the resources every node editor loads (resources/<package>/<file> -> resources/<file>)', function () {
    const wanted = new Set();
    for (const t of types) {
      const html = fs.readFileSync(path.join(root, 'nodes', `${t}.html`), 'utf8');
      for (const m of html.matchAll(/<script[^>]* src="resources\/([^/"]+)\/([^"]+)"/g)) {
        m[1].should.equal(pkg.name, `${t}.html loads a resource of another package`);
        wanted.add(`resources/${m[2]}`);
      }
    }
    [...wanted].should.not.be.empty();
    for (const f of wanted) files.should.containEql(f);
  });

  it('every shipped runtime module resolves (no require of an unshipped file)', function () {
    const shipped = new Set(files);
    const broken = [];
    for (const f of files.filter((x) => /^nodes\/.*\.js$/.test(x))) {
      const src = fs.readFileSync(path.join(root, f), 'utf8');
      for (const m of src.matchAll(/require\((['"])(\.{1,2}\/[^'"]+)\1\)/g)) {
        let target = path.posix.normalize(path.posix.join(path.posix.dirname(f), m[2]));
        if (!target.endsWith('.js') && !target.endsWith('.json')) target += '.js';
        if (!shipped.has(target)) broken.push(`${f} -> ${m[2]}`);
      }
    }
    broken.should.eql([]);
  });

  it('stays small (packed size under 300 kB)', function () {
    should(pack.size).be.below(300 * 1024);
    console.log(`      packed ${(pack.size / 1024).toFixed(1)} kB, unpacked ${(pack.unpackedSize / 1024).toFixed(1)} kB, ${pack.entryCount} files`);
  });
});
