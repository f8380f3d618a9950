'use strict';
// Status texts come from the catalogs (issue 8, SPEC 3.5): the translator of src/core/i18n.ts, the
// keys the code names exist in every language, no status text is written in the code, and the
// texts come out right through Node-RED's own i18n (namespaced per node type as the runtime does).
const fs = require('fs');
const path = require('path');
require('should');
const { translator, catalogKey, text, render } = require('../../nodes/core/i18n.js');
const { bulkSummary, bulkProgress } = require('../../nodes/core/bulk.js');

const root = path.resolve(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const types = Object.keys(pkg['node-red'].nodes);
const LANGS = ['en-US', 'de', 'fr'];

function builtCatalog(lang, type) {
  return JSON.parse(fs.readFileSync(path.join(root, 'nodes', 'locales', lang, `${type}.json`), 'utf8'));
}
function at(obj, key) {
  return key.split('.').reduce((v, p) => (v && typeof v === 'object' ? v[p] : undefined), obj);
}

/** Runtime source files (no editor code), with the node type each one belongs to (undefined = shared code). */
function sourceFiles() {
  const out = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'editor' && e.name !== 'editor-common') walk(p);
      } else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) {
        const base = e.name.slice(0, -3);
        const src = fs
          .readFileSync(p, 'utf8')
          .replace(/\/\*[\s\S]*?\*\//g, '') // comments name example texts and keys
          .replace(/^\s*\/\/.*$/gm, '');
        out.push({ file: path.relative(root, p), type: types.includes(base) ? base : undefined, src });
      }
    }
  };
  walk(path.join(root, 'src'));
  return out;
}

// The operations a `${op}` key is built from (the node's own list; m2m-sim: the request operations only).
const m2m = require('../../nodes/m2m/types.js');
const mt = require('../../nodes/mythings/types.js');
const DYNAMIC = {
  'enapter-provision': { 'operation.': require('../../nodes/enapter/types.js').OPERATIONS },
  'encloud-user': { 'status.done.': require('../../nodes/encloud/types.js').USER_OPERATIONS },
  'mythings-thing': { 'status.done.': mt.THING_OPERATIONS },
  'mythings-downlink': { 'status.done.': mt.DOWNLINK_OPERATIONS },
  'mythings-query': { 'operation.': mt.QUERY_OPERATIONS },
  'mythings-admin': { 'operation.': mt.ADMIN_OPERATIONS },
  'm2m-sim': { 'status.requested.': m2m.REQUEST_OPERATIONS, 'status.done.': m2m.REQUEST_OPERATIONS },
};

describe('status texts from the catalogs (src/core/i18n.ts)', function () {
  describe('translator(RED, type)', function () {
    const calls = [];
    const RED = { _: (key, subs) => (calls.push([key, subs]), `<${key}${subs ? ' ' + JSON.stringify(subs) : ''}>`) };
    const t = translator(RED, 'enapter-provision');
    beforeEach(() => (calls.length = 0));

    const cases = [
      { key: 'status.provisioned', full: 'enapter-provision.status.provisioned' },
      { key: 'common.status.requesting', full: 'common.status.requesting' },
      { key: 'node-red:common.label.name', full: 'node-red:common.label.name' },
    ];
    for (const c of cases) {
      it(`${c.key} -> ${c.full}`, function () {
        catalogKey('enapter-provision', c.key).should.equal(c.full);
        t(c.key);
        calls.should.eql([[c.full, undefined]]);
      });
    }
    it('substitutions pass through; a Text substitution is translated first (its own key rule)', function () {
      t('status.provisioned', { operation: text('operation.ucm'), n: 3 }).should.equal(
        '<enapter-provision.status.provisioned {"operation":"<enapter-provision.operation.ucm>","n":3}>',
      );
      calls.map((c) => c[0]).should.eql(['enapter-provision.operation.ucm', 'enapter-provision.status.provisioned']);
    });
    it('render(t, Text) is t(key, subs)', function () {
      render(t, text('common.status.page', { page: 2, pages: 9 })).should.equal('<common.status.page {"page":2,"pages":9}>');
    });
  });

  describe('each text is looked up once (the translator keeps it)', function () {
    const { TRANSLATION_CACHE_SIZE } = require('../../nodes/core/i18n.js');
    let calls;
    let t;
    beforeEach(() => {
      calls = [];
      // a catalog that holds every key except "status.missing"
      const RED = { _: (key, subs) => (calls.push(key), key.endsWith('.missing') ? key : `<${key}${subs ? ' ' + JSON.stringify(subs) : ''}>`) };
      t = translator(RED, 'enapter-telemetry');
    });
    const cases = [
      { what: 'the same key twice: one lookup, the same text', run: () => [t('common.status.requesting'), t('common.status.requesting')], lookups: 1 },
      { what: 'the same key and substitutions: one lookup', run: () => [t('status.values', { n: 4 }), t('status.values', { n: 4 })], lookups: 1 },
      { what: 'other substitutions: a lookup each', run: () => [t('status.values', { n: 4 }), t('status.values', { n: 5 })], lookups: 2 },
      { what: 'a key the catalog lacks comes back as itself and is looked up again', run: () => [t('status.missing'), t('status.missing')], lookups: 2 },
    ];
    for (const c of cases) {
      it(c.what, function () {
        const out = c.run();
        calls.should.have.length(c.lookups);
        if (c.lookups === 1) out[0].should.equal(out[1]);
      });
    }
    it(`keeps at most ${TRANSLATION_CACHE_SIZE} texts; the oldest goes first`, function () {
      for (let i = 0; i <= TRANSLATION_CACHE_SIZE; i++) t('status.values', { n: i });
      calls.length = 0;
      t('status.values', { n: TRANSLATION_CACHE_SIZE });
      t('status.values', { n: 1 });
      calls.should.have.length(0);
      t('status.values', { n: 0 }).should.equal('<enapter-telemetry.status.values {"n":0}>');
      calls.should.eql(['enapter-telemetry.status.values']);
    });
  });

  describe('bulk texts are common keys', function () {
    it('bulkSummary', function () {
      bulkSummary([{ ok: true }, { ok: true }]).should.eql({ key: 'common.status.bulkOk', subs: { ok: 2 } });
      bulkSummary([{ ok: true }, { ok: false }, { ok: false }]).should.eql({ key: 'common.status.bulkFailed', subs: { ok: 1, failed: 2 } });
      bulkSummary([]).should.eql({ key: 'common.status.bulkOk', subs: { ok: 0 } });
    });
    it('bulkProgress', function () {
      bulkProgress(3, 10).should.eql({ key: 'common.status.progress', subs: { done: 3, total: 10 } });
    });
  });

  describe('the code', function () {
    const files = sourceFiles();

    it('writes no status text itself (status / progress / node.status text come from a key)', function () {
      const bad = [];
      const patterns = [/status:\s*['`"]/g, /progress\(\s*['`"]/g, /text:\s*['`"]/g, /status:\s*bulkSummary\([^)]*\)\s*\?/g];
      for (const f of files) {
        for (const re of patterns) for (const m of f.src.matchAll(re)) bad.push(`${f.file}: ${m[0]}`);
      }
      bad.should.eql([]);
    });

    it('every key it names exists in the catalogs of its node type, in every language; shared code uses common keys only', function () {
      const problems = [];
      let checked = 0;
      for (const f of files) {
        const literal = [...f.src.matchAll(/['"]((?:common\.)?(?:status|errors|operation)\.[A-Za-z0-9_.]*[A-Za-z0-9_])['"]/g)].map((m) => m[1]);
        const dynamic = [...f.src.matchAll(/`((?:common\.)?(?:status|errors|operation)\.[A-Za-z0-9_.]*)\$\{/g)].map((m) => m[1]);
        for (const key of literal.concat(dynamic)) {
          if (!f.type && !key.startsWith('common.')) problems.push(`${f.file}: shared code names ${key} (not a common key)`);
        }
        if (!f.type) {
          for (const key of literal) {
            for (const lang of LANGS) {
              if (typeof at(builtCatalog(lang, types[0]), key) !== 'string') problems.push(`${f.file}: ${key} missing in ${lang}`);
              checked++;
            }
          }
          continue;
        }
        for (const lang of LANGS) {
          const cat = builtCatalog(lang, f.type);
          for (const key of literal) {
            checked++;
            if (typeof at(cat, catalogKey(f.type, key)) !== 'string') problems.push(`${f.file}: ${key} missing in ${lang}`);
          }
          for (const prefix of dynamic) {
            const ops = (DYNAMIC[f.type] || {})[prefix];
            if (!ops) {
              problems.push(`${f.file}: \`${prefix}\${...}\` has no operation list in this test (add it to DYNAMIC)`);
              continue;
            }
            for (const op of ops) {
              checked++;
              if (typeof at(cat, catalogKey(f.type, prefix + op)) !== 'string') problems.push(`${f.file}: ${prefix}${op} missing in ${lang}`);
            }
          }
        }
      }
      problems.should.eql([]);
      checked.should.be.above(100);
    });
  });

  describe("through Node-RED's i18n (as a node module's RED._ sees it)", function () {
    const { i18n } = require('@node-red/util');
    const NS = (type) => `node-red-contrib-iot-fleet/${type}`;
    const nodeRedApi = (type) => ({ _: (key, subs) => i18n._(key.includes(':') ? key : `${NS(type)}:${key}`, subs) });

    before(async function () {
      await i18n.init({ lang: 'en-US' });
      for (const type of types) await i18n.registerMessageCatalog(NS(type), path.join(root, 'nodes', 'locales'), `${type}.json`);
    });
    after(() => i18n.i.changeLanguage('en-US'));

    const EXPECT = {
      'en-US': {
        requesting: 'requesting',
        provisioned: 'provisioned virtual UCM',
        bulk: '9 ok, 1 failed',
        page: 'page 3/12',
        query: 'decoded logs: 25 (3 pages)',
        m2m: 'deactivated 49/50, 1 failed',
        devices: '1000 devices',
      },
      de: {
        requesting: 'Anfrage läuft',
        provisioned: 'virtuelles UCM bereitgestellt',
        bulk: '9 ok, 1 fehlgeschlagen',
        page: 'Seite 3/12',
        query: 'dekodierte Logs: 25 (3 Seiten)',
        m2m: 'deaktiviert 49/50, 1 fehlgeschlagen',
        devices: '1000 Geräte',
      },
      fr: {
        requesting: 'requête en cours',
        provisioned: 'UCM virtuel provisionné',
        bulk: '9 ok, 1 en échec',
        page: 'page 3/12',
        query: 'journaux décodés : 25 (3 pages)',
        m2m: 'désactivées 49/50, 1 en échec',
        devices: '1000 appareils',
      },
    };
    for (const lang of LANGS) {
      it(`${lang}: keys + substitutions come out as the catalog says`, async function () {
        await i18n.i.changeLanguage(lang);
        const tEnapter = translator(nodeRedApi('enapter-provision'), 'enapter-provision');
        const tQuery = translator(nodeRedApi('mythings-query'), 'mythings-query');
        const tSim = translator(nodeRedApi('m2m-sim'), 'm2m-sim');
        const tDevices = translator(nodeRedApi('encloud-devices'), 'encloud-devices');
        const entries = Array.from({ length: 10 }, (_, i) => ({ ok: i !== 4 }));
        const got = {
          requesting: tEnapter('common.status.requesting'),
          provisioned: tEnapter('status.provisioned', { operation: text('operation.vucm') }),
          bulk: render(tEnapter, bulkSummary(entries)),
          page: tQuery('common.status.page', { page: 3, pages: 12 }),
          query: tQuery('status.allPages', { label: text('operation.decodedLogs'), n: 25, pages: 3 }),
          m2m: tSim('status.withFailed', { text: text('status.done.deactivate', { ok: 49, total: 50 }), failed: 1 }),
          devices: tDevices('status.devices', { n: 1000 }),
        };
        got.should.eql(EXPECT[lang]);
      });
    }
  });
});
