'use strict';
// The de and fr translations are complete: for every en-US catalog (locales/en-US/*.json) the same
// keys with non-empty texts and the same __placeholders__, and for every node type a help file in
// the Node-RED help style whose structure (sections, message-property lists, field names in
// <code>) matches the en-US help. Checks whatever en-US files exist, so new node types are covered.
const fs = require('fs');
const path = require('path');
require('should');

const root = path.resolve(__dirname, '..', '..');
const dir = (lang) => path.join(root, 'locales', lang);
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const types = Object.keys(pkg['node-red'].nodes);
const LANGS = ['de', 'fr'];
// The section headings of the Node-RED help style, as the core nodes translate them.
const HEADINGS = {
  'en-US': { Inputs: 'Inputs', Outputs: 'Outputs', Details: 'Details', References: 'References', Properties: 'Properties' },
  de: { Inputs: 'Eingangsdaten', Outputs: 'Ausgangsdaten', Details: 'Details', References: 'Referenzen', Properties: 'Eigenschaften' },
  fr: { Inputs: 'Entrées', Outputs: 'Sorties', Details: 'Détails', References: 'Références', Properties: 'Propriétés' },
};

const enCatalogs = fs.readdirSync(dir('en-US')).filter((f) => f.endsWith('.json')).sort();
const enHelps = fs.readdirSync(dir('en-US')).filter((f) => f.endsWith('.html')).sort();

function leaves(obj, prefix = '') {
  const out = {};
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object') Object.assign(out, leaves(v, key));
    else out[key] = v;
  }
  return out;
}

const placeholders = (s) => (String(s).match(/__[A-Za-z0-9_]+__/g) || []).sort();
const tags = (s) => (String(s).match(/<\/?[a-z0-9]+/gi) || []).map((t) => t.toLowerCase()).sort();

function helpShape(html) {
  const codes = [...html.matchAll(/<code>([\s\S]*?)<\/code>/g)].map((m) => m[1].trim());
  return {
    name: (/data-help-name="([^"]+)"/.exec(html) || [])[1],
    h3: [...html.matchAll(/<h3>([\s\S]*?)<\/h3>/g)].map((m) => m[1].trim()),
    dl: (html.match(/<dl class="message-properties">/g) || []).length,
    dt: (html.match(/<dt[\s>]/g) || []).length,
    links: [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]),
    codes: [...new Set(codes)].sort(),
    firstIsParagraph: /^<script[^>]*>\s*<p>/.test(html.trim()),
  };
}

describe('locales: de and fr complete', function () {
  it('en-US has a catalog and a help file for every node type', function () {
    for (const t of types) {
      enCatalogs.should.containEql(`${t}.json`);
      enHelps.should.containEql(`${t}.html`);
    }
  });

  for (const lang of LANGS) {
    describe(lang, function () {
      for (const file of enCatalogs) {
        it(`${file}: the same keys as en-US, translated, with the same placeholders and markup`, function () {
          const f = path.join(dir(lang), file);
          fs.existsSync(f).should.be.true(`locales/${lang}/${file} is missing`);
          const en = leaves(JSON.parse(fs.readFileSync(path.join(dir('en-US'), file), 'utf8')));
          const tr = leaves(JSON.parse(fs.readFileSync(f, 'utf8')));
          Object.keys(tr).sort().should.eql(Object.keys(en).sort());
          for (const [k, v] of Object.entries(en)) {
            (typeof tr[k]).should.equal(typeof v, `${k}`);
            if (typeof v !== 'string') continue;
            tr[k].trim().length.should.be.above(0, `${k} is empty`);
            placeholders(tr[k]).should.eql(placeholders(v), `${k}: placeholders`);
            tags(tr[k]).should.eql(tags(v), `${k}: markup`);
          }
        });
      }

      for (const file of enHelps) {
        it(`${file}: a help file with the structure of the en-US one`, function () {
          const f = path.join(dir(lang), file);
          fs.existsSync(f).should.be.true(`locales/${lang}/${file} is missing`);
          const en = helpShape(fs.readFileSync(path.join(dir('en-US'), file), 'utf8'));
          const tr = helpShape(fs.readFileSync(f, 'utf8'));
          tr.name.should.equal(en.name);
          tr.firstIsParagraph.should.be.true('the first element is the <p> that becomes the tooltip');
          const map = Object.fromEntries(Object.entries(HEADINGS['en-US']).map(([k, v]) => [v, HEADINGS[lang][k]]));
          tr.h3.should.eql(en.h3.map((h) => map[h] || h).map((h, i) => (map[en.h3[i]] ? h : tr.h3[i])), 'section headings');
          tr.dl.should.equal(en.dl, 'message-properties lists');
          tr.dt.should.equal(en.dt, 'documented properties');
          tr.links.should.eql(en.links, 'reference links');
          tr.codes.should.eql(en.codes, 'field names, values and paths in <code> stay as they are');
        });
      }
    });
  }
});
