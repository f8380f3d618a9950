'use strict';
// The example flows (examples/*.json) as the node specs load them (issue 14: one place for the
// checks every platform's example spec repeated): the shape of a shipped example, and a flow whose
// accounts point at a simulator.
const fs = require('fs');
const path = require('path');
const should = require('should');

const root = path.resolve(__dirname, '..', '..');

/** The flow of examples/<name>(.json), a copy. */
function readExample(name) {
  const file = path.join(root, 'examples', name.endsWith('.json') ? name : `${name}.json`);
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/**
 * Every example whose file name starts with `prefix`: a tab with unique ids prefixed by the tab's,
 * positioned nodes and no credentials (`noText`: a pattern no node may contain). Returns the files.
 */
function checkShippedExamples(prefix, { min = 1, noText } = {}) {
  const files = fs.readdirSync(path.join(root, 'examples')).filter((f) => f.startsWith(prefix) && f.endsWith('.json'));
  files.length.should.be.aboveOrEqual(min);
  for (const f of files) {
    const flow = readExample(f);
    const tab = flow.find((n) => n.type === 'tab');
    should.exist(tab, f);
    const idPrefix = tab.id.split('.')[0];
    new Set(flow.map((n) => n.id)).size.should.equal(flow.length);
    for (const n of flow) {
      n.id.startsWith(idPrefix + '.').should.be.true(`${f}: ${n.id}`);
      if (n.z) (typeof n.x === 'number' && typeof n.y === 'number').should.be.true(`${f}: ${n.id} has no x/y`);
      n.should.not.have.property('credentials');
      if (noText) JSON.stringify(n).should.not.match(noText);
    }
  }
  return files;
}

/**
 * examples/<name> with every account of `accountType` moved from the vendor's URL (`vendorUrl`, as
 * shipped) to `url`, with `credentials`; `edit(node, creds)` may change any node. -> { flow, creds }
 */
function exampleAgainst(name, { accountType, vendorUrl, url, credentials, edit }) {
  const flow = readExample(name);
  const creds = {};
  for (const n of flow) {
    if (n.type === accountType) {
      n.url.should.equal(vendorUrl); // shipped with the vendor's URL, no credentials
      n.url = url;
      creds[n.id] = { ...credentials };
    }
    if (edit) edit(n, creds);
  }
  return { flow, creds };
}

module.exports = { readExample, checkShippedExamples, exampleAgainst };
