'use strict';
// The shipped examples are safe to import next to real accounts (issue 12): nothing that changes
// anything at a vendor runs on deploy or on a timer, every HTTP endpoint is protected, the stream
// endpoints ask for credentials, and every value that only exists in the simulators is listed in a
// "Before real use, replace" comment. Checks every examples/*.json, so new examples are covered.
const fs = require('fs');
const path = require('path');
require('should');

const root = path.resolve(__dirname, '..', '..');
const dir = path.join(root, 'examples');
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
const load = (f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));

/** Operations that only read (by node type); any other operation of a package node changes something. */
const READ_ONLY = {
  'encloud-devices': () => true,
  'mythings-query': () => true,
  'mythings-thing': (op) => ['list', 'get', 'type'].includes(op),
  'mythings-admin': (op) => ['thingTypes', 'vendors', 'connectivityPlans', 'deviceAddresses', 'getStreamDefinition'].includes(op),
  'mythings-downlink': (op) => op === 'templates',
  'm2m-sim': (op) => op === 'get',
  'enapter-telemetry': () => true,
  'enapter-device': (op) => ['list', 'get', 'sites', 'site'].includes(op),
  'enapter-command': (op) => ['get', 'list'].includes(op),
};
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const packageTypes = new Set(Object.keys(pkg['node-red'].nodes));

/** Values that only the simulators know (their seeds): an example using one must say to replace it. */
const SIMULATOR_VALUES = [
  ['sitebba0-79f2-4e9e-a6f0-69a310ab110b', /sitebba0-79f2-4e9e-a6f0-69a310ab110b/],
  ['C8795CBA5375484E829105E959663C8B', /C8795CBA5375484E829105E959663C8B/],
  ['B27925CBA5375484E829105E959663C8B', /B27925CBA5375484E829105E959663C8B/],
  ['162', /(companyId|company)\\?"?:?\s*\\?"?162\b/],
  ['SDK15', /SDK15/],
  ['YRK15', /YRK15/],
  ['32470000001', /32470000001/],
  ['0004A30B001C0001', /0004A30B001C0001/],
  ['0004A30B001C0002', /0004A30B001C0002/],
  ['tpl-reboot-0001', /tpl-reboot-0001/],
  ['pxs-iot-cs/288-up-transactions-24-down', /pxs-iot-cs\/288-up-transactions-24-down/],
  ['70B3D57ED', /70B3D57ED/],
  ['thingTypeId', /thingTypeId\\?"?:\s*\\?"?\d+/],
];

/**
 * Dashboard 2.0 widgets whose output is a user's action, never the msg that came in: `ui-table`
 * handles its input itself (its onInput never sends), and any widget with `passthru: false`. A msg
 * from an inject stops there; what the user clicks later is not "on deploy".
 */
const stopsInput = (n) => n.type === 'ui-table' || (typeof n.type === 'string' && n.type.startsWith('ui-') && n.passthru === false);

/** Every node reachable from `start` along the wires (not `start` itself), stopping at `stops`. */
function reach(nodes, start, stops) {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const seen = new Set();
  const todo = [...(start.wires || []).flat()];
  while (todo.length) {
    const id = todo.shift();
    if (seen.has(id) || !byId.has(id)) continue;
    seen.add(id);
    if (!stops(byId.get(id))) todo.push(...(byId.get(id).wires || []).flat());
  }
  return [...seen].map((id) => byId.get(id));
}

const timed = (n) => n.type === 'inject' && Boolean(n.once || n.repeat || n.crontab);

/**
 * A switch that passes a msg only while a flow variable is `true`, where nothing on deploy or on a
 * timer can set that variable: every change node that sets it is reached by no timed inject, and no
 * function sets it. Automatic control (a timer that reads, a rule that commands) is safe behind it:
 * after an import, nothing is sent until a person opens the gate.
 */
function closedGate(nodes, n) {
  if (n.type !== 'switch' || n.propertyType !== 'flow' || !n.property) return false;
  if (!(n.rules || []).length || !n.rules.every((r) => r.t === 'true')) return false;
  const setters = nodes.filter((x) => x.type === 'change' && (x.rules || []).some((r) => r.pt === 'flow' && r.p === n.property));
  if (nodes.some((x) => x.type === 'function' && new RegExp(`flow\\.set\\(\\s*['"\`]${n.property}['"\`]`).test(x.func || ''))) return false;
  const fromTimers = new Set(nodes.filter(timed).flatMap((t) => reach(nodes, t, stopsInput)).map((x) => x.id));
  return setters.every((x) => !fromTimers.has(x.id));
}

/** Every node a msg from `start` can reach: not past a widget that stops input, nor past a closed gate. */
function downstream(nodes, start) {
  return reach(nodes, start, (n) => stopsInput(n) || closedGate(nodes, n));
}

describe('examples: safe to import with real accounts', function () {
  it('the check finds a write fired on deploy', function () {
    const flow = [
      { id: 'i', type: 'inject', once: true, wires: [['c']] },
      { id: 'c', type: 'change', wires: [['u']] },
      { id: 'u', type: 'encloud-user', operation: 'create', wires: [] },
    ];
    const writes = downstream(flow, flow[0]).filter((n) => packageTypes.has(n.type) && !(READ_ONLY[n.type] && READ_ONLY[n.type](n.operation)));
    writes.map((n) => n.id).should.eql(['u']);
  });

  it('a dashboard table stops a msg from an inject (its output is a click), a forwarding widget does not', function () {
    const flow = [
      { id: 'i', type: 'inject', once: true, wires: [['t', 'w']] },
      { id: 't', type: 'ui-table', wires: [['u']] },
      { id: 'w', type: 'ui-text-input', passthru: true, wires: [['v']] },
      { id: 'u', type: 'encloud-user', operation: 'create', wires: [] },
      { id: 'v', type: 'encloud-user', operation: 'delete', wires: [] },
    ];
    downstream(flow, flow[0]).map((n) => n.id).sort().should.eql(['t', 'v', 'w']);
  });

  it('a gate on a flow variable that only a person sets stops a timer; one a timer can set does not', function () {
    const gate = { id: 'g', type: 'switch', property: 'control', propertyType: 'flow', rules: [{ t: 'true' }], wires: [['c']] };
    const flow = [
      { id: 'tick', type: 'inject', repeat: '10', wires: [['g']] },
      gate,
      { id: 'c', type: 'enapter-command', operation: 'execute', wires: [] },
      { id: 'on', type: 'inject', wires: [['set']] },
      { id: 'set', type: 'change', rules: [{ t: 'set', p: 'control', pt: 'flow', to: 'payload', tot: 'msg' }], wires: [] },
    ];
    downstream(flow, flow[0]).map((n) => n.id).should.eql(['g']);
    flow[3].once = true; // the switch-on now fires on deploy: the gate is open
    downstream(flow, flow[0]).map((n) => n.id).should.eql(['g', 'c']);
    flow[3].once = false;
    flow.push({ id: 'fn', type: 'function', func: "flow.set('control', true); return msg;", wires: [] });
    downstream(flow, flow[0]).map((n) => n.id).should.eql(['g', 'c']);
  });

  for (const f of files) {
    describe(f, function () {
      const flow = load(f);

      it('on deploy or on a timer, only reads: no inject with once/repeat/crontab reaches an operation that changes something', function () {
        for (const inj of flow.filter((n) => n.type === 'inject' && (n.once || n.repeat || n.crontab))) {
          const setOp = (inj.props || []).find((p) => p.p === 'operation');
          for (const n of downstream(flow, inj).filter((x) => packageTypes.has(x.type))) {
            const op = setOp ? setOp.v : n.operation;
            const reads = READ_ONLY[n.type] && READ_ONLY[n.type](op);
            (reads === true).should.be.true(`${f}: inject ${inj.id} (once/repeat) reaches ${n.type} ${op || ''} (${n.id})`);
          }
        }
      });

      it('every http in endpoint checks a secret (from the environment, not the flow) before any package node, and the tab says how to protect it', function () {
        for (const inHttp of flow.filter((n) => n.type === 'http in')) {
          const first = (inHttp.wires || []).flat().map((id) => flow.find((n) => n.id === id));
          first.length.should.be.above(0);
          for (const n of first) {
            n.type.should.equal('function', `${f}: ${inHttp.id} goes to ${n.type} first`);
            n.func.should.match(/env\.get\('[A-Z_]+'\)/);
            n.func.should.match(/constant time/);
          }
          const tab = flow.find((n) => n.type === 'tab');
          tab.info.should.match(/httpNodeAuth/);
        }
      });

      it('stream endpoints ask for credentials (never security "none")', function () {
        for (const n of flow.filter((x) => x.type === 'mythings-stream')) n.auth.should.not.equal('none', `${f}: ${n.id}`);
      });

      it('no credentials in the flow', function () {
        for (const n of flow) n.should.not.have.property('credentials');
      });

      it('every simulator value is listed in a "Before real use, replace" comment', function () {
        const marker = flow.find((n) => n.type === 'comment' && /^Before real use, replace/.test(n.name || ''));
        const text = JSON.stringify(flow.filter((n) => n !== marker));
        const used = SIMULATOR_VALUES.filter(([, re]) => re.test(text)).map(([label]) => label);
        if (used.length === 0) return;
        (marker !== undefined).should.be.true(`${f} uses ${used.join(', ')} but has no "Before real use, replace" comment`);
        for (const label of used) marker.info.should.containEql(label, `${f}: the replace comment does not list ${label}`);
      });
    });
  }
});
