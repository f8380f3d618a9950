'use strict';
// Node tests with the real status texts. node-red-node-test-helper gives node modules `RED._ = v => v`
// (the key comes back, substitutions are dropped); `catalogNode(type)` loads a built node module
// with a `RED._` that reads the catalogs instead, so a test can assert "page 2/40" and the secret
// audit sees the substitutions. It reads the sources the build merges (locales/<lang>/<type>.json,
// locales/<lang>/common.json under `common`; a rebuild of nodes/ meanwhile does not disturb it;
// test/unit/status-i18n.spec.js checks the built catalogs through Node-RED's own i18n).
// Resolution as in Node-RED: `<type>.a.b` in that type's catalog, `common.a.b` in common.json,
// `__name__` replaced by the substitution. A key no catalog has comes back as `MISSING <key>` and
// is kept in `missing` (a test can assert it stays empty).
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..', '..');
const cache = new Map();
const missing = new Set();

/** locales/<lang>/<name>.json (a node type's catalog, or `common`), read once. */
function catalog(lang, name) {
  const file = path.join(root, 'locales', lang, `${name}.json`);
  if (!cache.has(file)) cache.set(file, fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : null);
  return cache.get(file);
}

function lookup(obj, parts) {
  let v = obj;
  for (const p of parts) v = v && typeof v === 'object' ? v[p] : undefined;
  return typeof v === 'string' ? v : undefined;
}

/** A `RED._` over the catalogs of `lang`: `translate('en-US')('encloud-devices.status.devices', { n: 3 })`. */
function translate(lang = 'en-US') {
  return (key, subs) => {
    const parts = String(key).split('.');
    // `<type>.x` is in that type's catalog (under "<type>"); `common.x` is common.json (the build puts it under "common")
    const cat = catalog(lang, parts[0]);
    // not one of ours (a core node loaded in the same runtime): the test helper's default, the key
    if (!cat) return String(key);
    const found = lookup(parts[0] === 'common' ? { common: cat } : cat, parts);
    if (found === undefined) {
      missing.add(key);
      return `MISSING ${key}`;
    }
    return found.replace(/__([A-Za-z0-9_]+)__/g, (m, name) => (subs && subs[name] !== undefined ? String(subs[name]) : m));
  };
}

/** The built node module of `type` (nodes/<type>.js) with `RED._` reading the `lang` catalogs. */
function catalogNode(type, lang = 'en-US') {
  const mod = require(path.join(root, 'nodes', `${type}.js`));
  const wrapped = function (RED) {
    RED._ = translate(lang);
    return mod(RED);
  };
  return wrapped;
}

module.exports = { catalogNode, translate, missing };
