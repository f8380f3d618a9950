'use strict';
// The editor definitions of the built node types: runs the <script> blocks of nodes/<type>.html (a
// `src="resources/<package>/<file>"` one from the package's resources/ folder, as Node-RED serves it) in a
// sandbox whose RED, $ and window answer anything, and captures RED.nodes.registerType(type, def).
// Used by tests that compare the help with the properties a dialog really has.
const fs = require('fs');
const path = require('path');
const vm = require('vm');

const root = path.resolve(__dirname, '..', '..');

/** A value that accepts any property access, call or construction (a stand-in for the browser). */
function anything() {
  const fn = function () {
    return proxy;
  };
  const proxy = new Proxy(fn, {
    get: (t, k) => (k === Symbol.toPrimitive ? () => '' : k === 'then' ? undefined : proxy),
    apply: () => proxy,
    construct: () => proxy,
  });
  return proxy;
}

/** {type: def} for every registerType call in nodes/<type>.html (after `npm run build`). */
function editorDefinitions(type) {
  const html = fs.readFileSync(path.join(root, 'nodes', `${type}.html`), 'utf8');
  const scripts = [...html.matchAll(/<script type="text\/javascript"(?: src="resources\/[^/"]+\/([^"]+)")?>([\s\S]*?)<\/script>/g)].map((m) =>
    m[1] ? fs.readFileSync(path.join(root, 'resources', m[1]), 'utf8') : m[2],
  );
  const defs = {};
  const any = anything();
  const RED = new Proxy(
    {},
    {
      get: (t, k) =>
        k === 'nodes'
          ? new Proxy({}, { get: (t2, k2) => (k2 === 'registerType' ? (name, def) => (defs[name] = def) : any) })
          : any,
    },
  );
  const window = {};
  const context = vm.createContext({ RED, $: any, jQuery: any, window, document: any, console, setTimeout, clearTimeout });
  context.window = context;
  for (const s of scripts) vm.runInContext(s, context, { filename: `nodes/${type}.html` });
  return defs;
}

module.exports = { editorDefinitions, root };
