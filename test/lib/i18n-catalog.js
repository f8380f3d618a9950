'use strict';
// Node tests with the real status texts. node-red-node-test-helper gives node modules `RED._ = v => v`
// (the key comes back, substitutions are dropped); `catalogNode(type)` loads a built node module
// with a `RED._` that reads the built catalogs instead (nodes/locales/<lang>/<type>.json, the
// common keys under `common`), so a test can assert "page 2/40" and the secret audit sees the
// substitutions. Resolution as in Node-RED: `<type>.a.b` in that type's catalog, `__name__`
// replaced by the substitution. A key no catalog has comes back as `MISSING <key>` and is kept in
// `missing` (a test can assert it stays empty).
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..', '..');
const cache = new Map();
const missing = new Set();

function catalog(lang, type) {
  const file = path.join(root, 'nodes', 'locales', lang, `${type}.json`);
  if (!cache.has(file)) cache.set(file, fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : null);
  return cache.get(file);
}

function lookup(obj, parts) {
  let v = obj;
  for (const p of parts) v = v && typeof v === 'object' ? v[p] : undefined;
  return typeof v === 'string' ? v : undefined;
}

/** A `RED._` over the built catalogs of `lang`: `translate('en-US')('encloud-devices.status.devices', { n: 3 })`. */
function translate(lang = 'en-US') {
  return (key, subs) => {
    const parts = String(key).split('.');
    // `<type>.x` is in that type's catalog; `common.x` is in every catalog (take any built one)
    let found;
    if (parts[0] === 'common') {
      const any = fs.readdirSync(path.join(root, 'nodes', 'locales', lang)).find((f) => f.endsWith('.json'));
      found = any && lookup(catalog(lang, any.slice(0, -5)), parts);
    } else {
      const cat = catalog(lang, parts[0]);
      found = cat && lookup(cat, parts);
    }
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
