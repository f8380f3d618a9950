'use strict';
// The help agrees with the editor, for every node type in package.json (so node types added later
// are covered without touching this file): the "Properties" section of each built help
// (nodes/locales/<lang>/<type>.html) names in <code> inside its <dt> rows exactly the properties
// of the dialog (the built editor definition's `defaults` and `credentials`, without `name`):
// none it does not have, none left out. A node that takes input also carries the one input rule
// (locales/<lang>/input-rule.html) word for word. Needs `npm run build`.
const fs = require('fs');
const path = require('path');
const should = require('should');
const { editorDefinitions, root } = require('../lib/editor-defs');

const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const types = Object.keys(pkg['node-red'].nodes);
const langs = fs.readdirSync(path.join(root, 'locales')).filter((l) => fs.statSync(path.join(root, 'locales', l)).isDirectory());
const PROPERTIES = { 'en-US': 'Properties', de: 'Eigenschaften', fr: 'Propriétés' };
const IGNORED = new Set(['name']); // every node has it; the help need not explain it

/** The property names a help documents: <code>x</code> inside the <dt>s of its Properties section. */
function documentedProperties(html, lang) {
  const heading = `<h3>${PROPERTIES[lang] || PROPERTIES['en-US']}</h3>`;
  const start = html.indexOf(heading);
  if (start < 0) return null;
  const next = html.indexOf('<h3>', start + heading.length);
  const section = html.slice(start, next < 0 ? undefined : next);
  const names = new Set();
  for (const dt of section.matchAll(/<dt[^>]*>([\s\S]*?)<\/dt>/g)) {
    for (const c of dt[1].matchAll(/<code>([^<]+)<\/code>/g)) names.add(c[1].trim());
  }
  return names;
}

/** The properties of the dialog: editor defaults + credentials, without `name`. */
function dialogProperties(def) {
  return new Set([...Object.keys(def.defaults || {}), ...Object.keys(def.credentials || {})].filter((k) => !IGNORED.has(k)));
}

/** [missing, extra] between what the dialog has and what the help names. */
function compare(dialog, documented) {
  return [[...dialog].filter((k) => !documented.has(k)).sort(), [...documented].filter((k) => !dialog.has(k)).sort()];
}

const squash = (s) => s.replace(/\s+/g, ' ').trim();
const ruleOf = (lang) => {
  const f = path.join(root, 'locales', lang, 'input-rule.html');
  return fs.existsSync(f) ? squash(fs.readFileSync(f, 'utf8').replace(/^\s*<script[^>]*>/, '').replace(/<\/script>\s*$/, '')) : null;
};

describe('help: the Properties section names exactly the properties of the dialog', function () {
  it('the check itself finds a property left out and one the dialog does not have', function () {
    const html = '<p>x</p><h3>Properties</h3><dl class="message-properties"><dt><code>account</code>, <code>gone</code></dt><dd><code>notAProperty</code></dd></dl><h3>Details</h3><dl><dt><code>other</code></dt></dl>';
    const documented = documentedProperties(html, 'en-US');
    [...documented].sort().should.eql(['account', 'gone']);
    compare(dialogProperties({ defaults: { name: {}, account: {}, operation: {} }, credentials: { token: {} } }), documented).should.eql([['operation', 'token'], ['gone']]);
    (documentedProperties('<p>x</p><h3>Details</h3>', 'en-US') === null).should.be.true();
  });

  for (const type of types) {
    describe(type, function () {
      let def;
      before(function () {
        def = editorDefinitions(type)[type];
        should.exist(def && def.defaults, `nodes/${type}.html registers no editor definition for ${type}`);
      });
      for (const lang of langs) {
        const file = path.join(root, 'nodes', 'locales', lang, `${type}.html`);
        it(`${lang}: no property missing, none the dialog does not have`, function () {
          fs.existsSync(file).should.be.true(`nodes/locales/${lang}/${type}.html is missing (run npm run build)`);
          const documented = documentedProperties(fs.readFileSync(file, 'utf8'), lang);
          (documented !== null).should.be.true(`${lang}/${type}.html has no "${PROPERTIES[lang] || PROPERTIES['en-US']}" section`);
          const [missing, extra] = compare(dialogProperties(def), documented);
          missing.should.eql([], `${lang}/${type}.html does not document ${missing.join(', ')}`);
          extra.should.eql([], `${lang}/${type}.html documents ${extra.join(', ')}, which the dialog does not have`);
        });
        it(`${lang}: the input rule, word for word, when the node takes input`, function () {
          const html = squash(fs.readFileSync(file, 'utf8'));
          const rule = ruleOf(lang) || ruleOf('en-US');
          // a node may opt out when its msg.payload is not request fields (<!-- iotf:no-input-rule -->)
          if (def.inputs > 0 && !html.includes('<!-- iotf:no-input-rule -->')) html.should.containEql(rule);
          else html.should.not.containEql(rule);
        });
      }
    });
  }
});

describe('help: the words agree with the catalogs', function () {
  for (const lang of langs) {
    it(`${lang}: the page progress quoted in the help is the status text of the catalog`, function () {
      const common = JSON.parse(fs.readFileSync(path.join(root, 'locales', lang, 'common.json'), 'utf8'));
      const shown = common.status.page.replace('__page__', '3').replace('__pages__', '12');
      for (const f of fs.readdirSync(path.join(root, 'locales', lang)).filter((x) => x.endsWith('.html'))) {
        const quoted = fs.readFileSync(path.join(root, 'locales', lang, f), 'utf8').match(/[\p{L}]+ 3\/12/gu) || [];
        for (const q of quoted) q.should.equal(shown, `${lang}/${f} quotes "${q}", the status says "${shown}"`);
      }
    });
  }
  it('fr: the MyThings stream is a "stream", a Node-RED flow a "flux" (never the same word for both)', function () {
    const dir = path.join(root, 'locales', 'fr');
    for (const f of fs.readdirSync(dir)) {
      const s = fs.readFileSync(path.join(dir, f), 'utf8');
      s.should.not.match(/définitions? de flux|flux (MyThings|réseau|de données)|nœud de flux|document du flux|un flux en/, `fr/${f}`);
    }
  });
});

describe('help: what the code does (issue 12 contradictions, every language)', function () {
  const helpOf = (lang, type) => fs.readFileSync(path.join(root, 'locales', lang, `${type}.html`), 'utf8');
  it('encloud-devices: timestamp 0 is "all time" (as the code sends it and the vendor document says), never "current data"', function () {
    const { buildDevicesQuery } = require('../../nodes/encloud/api.js');
    buildDevicesQuery({ keys: 'cell.rssi' }).timestamp.should.equal(0);
    helpOf('en-US', 'encloud-devices').should.match(/timestamp<\/code> 0 \(default\) asks for\s+the data of all time/);
    for (const lang of langs) helpOf(lang, 'encloud-devices').should.not.match(/current data|aktuellen Daten|données actuelles/);
  });
  it('enapter-provision: protocol is optional with default MQTTS, not a required field', function () {
    const { buildProvisionRequest } = require('../../nodes/enapter/api.js');
    const req = buildProvisionRequest('ucm', { site_id: 's', hardware_id: 'C8795CBA5375484E829105E959663C8B', name: 'n' });
    JSON.stringify(req).should.containEql('MQTTS');
    for (const lang of langs) {
      const rows = helpOf(lang, 'enapter-provision').match(/<tr><td><code>(ucm|embedded)<\/code><\/td><td>[^<]*<\/td><\/tr>/g);
      rows.should.have.length(2);
      for (const r of rows) r.should.not.match(/name, protocol<\/td>/);
      for (const r of rows) r.should.match(/MQTTS/);
    }
  });
  it('bulk nodes: msg.statusCode is documented for bulk requests too', function () {
    for (const type of ['enapter-provision', 'encloud-user', 'mythings-thing']) {
      for (const lang of langs) helpOf(lang, type).should.not.match(/single requests|Einzelanfragen|requêtes simples/, `${lang}/${type}`);
    }
  });
});
