'use strict';
// Tools that read a node's .html without running it (node-red-dev validate, the flow library) find
// its definition: RED.nodes.registerType("<type>", { ... }) with the type as a literal, the palette
// (category, and for flow nodes colour, icon, inputs, outputs) as literals, and every property of
// the dialog (its editor spec) named in `defaults` / `credentials`.
require('should');
const fs = require('fs');
const path = require('path');
const { editorDefinitions, root } = require('../lib/editor-defs');
// the editor specs as the build bundles them for Node (scripts/build.js): what the dialog has
const { specs, allProps } = require(path.join(root, 'build', 'editor', 'specs.js'));

const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const types = Object.keys(pkg['node-red'].nodes);

/** The names of a `key: { a: ..., b: ... }` object written in the registerType call (null if absent). */
function namesIn(call, key) {
  const m = new RegExp(`\\n\\s*${key}: \\{ ([^\\n]*) \\},?\\n`).exec(call);
  return m ? [...m[1].matchAll(/(?:^|, )([A-Za-z_$][\w$]*):/g)].map((x) => x[1]) : null;
}

describe('editor: each node definition can be read without running it', function () {
  for (const type of types) {
    it(`${type}: registerType with a literal type, literal palette and the properties by name`, function () {
      const html = fs.readFileSync(path.join(root, 'nodes', `${type}.html`), 'utf8');
      const at = html.indexOf(`RED.nodes.registerType(${JSON.stringify(type)}, {`);
      at.should.be.above(-1, `nodes/${type}.html has no registerType("${type}", { ... })`);
      const call = html.slice(at, html.indexOf('\n  });', at));
      const def = editorDefinitions(type)[type];
      call.should.match(new RegExp(`\\n\\s*category: ${JSON.stringify(def.category).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')},`));
      if (def.category !== 'config') for (const k of ['color', 'icon', 'inputs', 'outputs']) call.should.match(new RegExp(`\\n\\s*${k}: ("[^"]*"|\\d+),`), `${type}: ${k}`);
      const props = Object.entries(allProps(specs[type]));
      namesIn(call, 'defaults').should.eql(props.filter(([, p]) => !p.credential).map(([n]) => n));
      (namesIn(call, 'credentials') || []).should.eql(props.filter(([, p]) => p.credential).map(([n]) => n));
    });
  }
});
