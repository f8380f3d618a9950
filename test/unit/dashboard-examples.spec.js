'use strict';
// The examples that need FlowFuse Dashboard 2.0 (examples/dashboard2-*.json, scripts/sandbox.js
// DASHBOARD_EXAMPLE): the name pattern matches exactly the examples that use Dashboard 2.0 nodes
// (so the tests that load examples without Dashboard 2.0 exclude no other example), they use only
// node types that exist, share one ui-base, and follow the example safety rules: simulator values
// marked to be replaced, no stream endpoint without auth, nothing that changes an account on deploy.
require('should');
const fs = require('fs');
const path = require('path');
const { DASHBOARD_EXAMPLE } = require('../../scripts/sandbox');

const root = path.resolve(__dirname, '..', '..');
const pkg = require(path.join(root, 'package.json'));
const dashboardTypes = Object.keys(require('@flowfuse/node-red-dashboard/package.json')['node-red'].nodes);
const CORE = ['tab', 'comment', 'inject', 'function', 'change', 'switch', 'catch', 'debug', 'join', 'split'];
const ours = Object.keys(pkg['node-red'].nodes);
const files = fs.readdirSync(path.join(root, 'examples')).filter((f) => f.endsWith('.json')).sort();
const flowOf = (f) => JSON.parse(fs.readFileSync(path.join(root, 'examples', f), 'utf8'));
const dashboardFiles = files.filter((f) => DASHBOARD_EXAMPLE.test(f));
/** The requests a node of this package makes that only read (anything else changes the account). */
const READS = { 'encloud-devices': () => true, 'm2m-sim': (n) => n.operation === 'get', 'mythings-query': () => true, 'enapter-telemetry': () => true };

describe('Dashboard 2.0 examples (examples/dashboard2-*.json)', function () {
  it('the name pattern matches exactly the examples with Dashboard 2.0 nodes: MyThings, enCloud, M2M, Enapter', function () {
    const usingUi = files.filter((f) => flowOf(f).some((n) => /^ui-/.test(n.type)));
    usingUi.should.eql(dashboardFiles);
    dashboardFiles.should.eql(['dashboard2-enapter.json', 'dashboard2-encloud.json', 'dashboard2-m2m.json', 'dashboard2-mythings.json']);
  });

  it('use only core nodes, this package and Dashboard 2.0; one tab each with prefixed ids, no credentials', function () {
    for (const f of dashboardFiles) {
      const flow = flowOf(f);
      const tabs = flow.filter((n) => n.type === 'tab');
      tabs.length.should.equal(1, f);
      const prefix = tabs[0].id.split('.')[0];
      tabs[0].label.should.startWith('Dashboard 2.0: ');
      tabs[0].info.should.match(/@flowfuse\/node-red-dashboard/);
      new Set(flow.map((n) => n.id)).size.should.equal(flow.length, f);
      for (const n of flow) {
        [...CORE, ...ours, ...dashboardTypes].should.containEql(n.type, `${f}: ${n.id}`);
        (n.id.startsWith(prefix + '.') || n.id.startsWith('dash2.')).should.be.true(`${f}: ${n.id}`);
        if (n.z) n.z.should.equal(tabs[0].id);
        if (n.z) (typeof n.x === 'number' && typeof n.y === 'number').should.be.true(`${f}: ${n.id} has no x/y`);
        n.should.not.have.property('credentials');
        JSON.stringify(n).should.not.match(/SECRET/);
      }
    }
  });

  it('share one ui-base at /dashboard and one theme (identical in every file), each with its own page', function () {
    const shared = dashboardFiles.map((f) => flowOf(f).filter((n) => n.id.startsWith('dash2.')));
    for (const s of shared) s.should.eql(shared[0]);
    shared[0].map((n) => n.type).sort().should.eql(['ui-base', 'ui-theme']);
    shared[0].find((n) => n.type === 'ui-base').path.should.equal('/dashboard');
    const pages = dashboardFiles.map((f) => flowOf(f).filter((n) => n.type === 'ui-page'));
    for (const p of pages) p.length.should.equal(1);
    new Set(pages.map((p) => p[0].path)).size.should.equal(dashboardFiles.length);
  });

  it('safety: stream endpoints need auth, simulator values are marked, nothing but reads runs on deploy', function () {
    for (const f of dashboardFiles) {
      const flow = flowOf(f);
      const byId = new Map(flow.map((n) => [n.id, n]));
      for (const n of flow.filter((x) => x.type === 'mythings-stream')) n.auth.should.not.equal('none', `${f}: ${n.id}`);
      // an account or a hard-coded SIM/URL is a simulator value: a comment or node name says to replace it
      const hasSimValues = flow.some((n) => /enco-account|encloud-account|enapter-account/.test(n.type) || /3247\d{7}|127\.0\.0\.1|a7e10000-/.test(JSON.stringify(n)));
      if (hasSimValues) flow.some((n) => /replace/i.test(`${n.name || ''} ${n.type === 'comment' ? n.info : ''}`)).should.be.true(`${f}: no comment or name marks the simulator values to replace`);
      // every node an "inject once" reaches (through any wires) that makes a request only reads
      const reached = new Set();
      const walk = (id) => {
        if (reached.has(id)) return;
        reached.add(id);
        // a Dashboard 2.0 widget without pass-through sends only when a user acts on the page
        if (/^ui-/.test(byId.get(id).type) && !byId.get(id).passthru) return;
        for (const out of byId.get(id).wires || []) for (const next of out) walk(next);
      };
      for (const n of flow.filter((x) => x.type === 'inject' && x.once)) walk(n.id);
      for (const id of reached) {
        const n = byId.get(id);
        if (ours.includes(n.type)) (READS[n.type] ? READS[n.type](n) : false).should.be.true(`${f}: ${n.type} ${n.id} (${n.operation || ''}) runs on deploy`);
      }
    }
  });

  it('Enapter: commands come only from the buttons of the page (start, stop, self_test); the timer only reads telemetry', function () {
    const flow = flowOf('dashboard2-enapter.json');
    const into = (id) => flow.filter((n) => (n.wires || []).flat().includes(id));
    const commands = flow.filter((n) => n.type === 'enapter-command');
    commands.map((n) => n.operation).should.eql(['execute']);
    const senders = into(commands[0].id);
    senders.map((n) => n.type).should.matchEach('ui-button');
    senders.map((n) => JSON.parse(n.payload).name).sort().should.eql(['self_test', 'start', 'stop']);
    // each button's topic is its command (the outcome texts name it)
    for (const n of senders) n.topic.should.equal(JSON.parse(n.payload).name);
    const timers = flow.filter((n) => n.type === 'inject');
    timers.should.have.length(1);
    into(flow.find((n) => n.type === 'enapter-telemetry').id).map((n) => n.id).should.eql(['dash2enap.plant']);
    // a failed command is caught on the page (COMMAND_FAILED and any other error of the command node)
    flow.filter((n) => n.type === 'catch').some((n) => (n.scope || []).includes(commands[0].id)).should.be.true();
  });
});
