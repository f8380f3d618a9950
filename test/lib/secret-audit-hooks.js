'use strict';
// The in-process secret audit (SPEC 3.6) as a mocha ROOT-HOOK PLUGIN: `npm run test:nodes` loads it
// with --require, so its root `afterAll` runs after every test of every node spec file, by
// construction (not by file name). It searches everything the harness captured (every log line,
// status, error and msg of the node tests) with the one matcher (test/lib/secret-matcher.js: raw,
// URL-encoded, base64 at any alignment incl. `Basic user:pass`, enCloud's MD5 and base64 of
// `email:md5`) for the known secrets (test/lib/secrets.js) and every token the simulators issued.
// First it plants the canaries: a function node in the same in-process Node-RED leaks each canary,
// each in ONE encoded form, into every channel (warn -> logs, status, error, msg); the same matcher
// must find every canary in every channel, or the audit fails.
const { capture, dynamicSecrets, load, unload, helper, coreNode } = require('./harness');
const secrets = require('./secrets');
const { matcher, CANARIES, planted } = require('./secret-matcher');

// Not secret: identifiers a user sees anyway (client id, the API user's e-mail).
const NOT_SECRET = new Set(['encoClientId', 'encloudEmail']);
const CHANNELS = ['logs', 'statuses', 'errors', 'msgs'];

async function plantCanaries() {
  const p = planted();
  const lines = JSON.stringify(Object.values(p));
  const func = `const leaks = ${lines};
for (const l of leaks) { node.warn('leak ' + l); node.status({ text: l }); }
node.error('leak ' + leaks.join(' '), { payload: leaks });
msg.payload = leaks;
return msg;`;
  const flow = [
    { id: 'aud', type: 'tab', label: 'canary' },
    { id: 'canary', z: 'aud', type: 'function', name: 'canary', func, outputs: 1, noerr: 0, x: 100, y: 100, wires: [['out']] },
    { id: 'out', z: 'aud', type: 'helper', x: 300, y: 100 },
    { id: 'catch', z: 'aud', type: 'catch', scope: null, uncaught: false, x: 100, y: 200, wires: [['caught']] },
    { id: 'caught', z: 'aud', type: 'helper', x: 300, y: 200 },
  ];
  await load([coreNode('function/10-function.js')], flow);
  const got = new Promise((resolve) => helper.getNode('out').once('input', resolve));
  const caught = new Promise((resolve) => helper.getNode('caught').once('input', resolve));
  helper.getNode('canary').receive({ payload: 'go' });
  await Promise.all([got, caught]);
  await unload();
}

/** Runs the audit; returns the problems found (empty = pass) and a summary line. */
async function audit() {
  const problems = [];
  const sizes = Object.fromEntries(CHANNELS.map((c) => [c, capture[c].length]));
  // not vacuous: the node tests captured something in the channels a leak would go to
  for (const c of ['statuses', 'msgs', 'errors']) if (!sizes[c]) problems.push(`nothing captured in ${c}: the audit would be vacuous`);
  await plantCanaries();
  const real = matcher({
    ...Object.fromEntries(Object.entries(secrets).filter(([k]) => !NOT_SECRET.has(k))),
    ...Object.fromEntries([...dynamicSecrets].map((t, i) => [`issued token #${i}`, t])),
  });
  const canaries = matcher(CANARIES);
  for (const c of CHANNELS) {
    const text = capture[c].join('\n');
    const leaks = real.find(text);
    if (leaks.length) problems.push(`secrets in ${c}: ${leaks.map((l) => `${l.label} (${l.form})`).join(', ')}`);
    const missed = Object.keys(CANARIES).filter((k) => !canaries.labels(text).includes(k));
    if (missed.length) problems.push(`canaries NOT found in ${c} (a leak in this form would pass): ${missed.join(', ')}`);
  }
  // Secrets of an answer (the MQTT credentials of enapter-device generateConfig, registered by its
  // spec in capture.answerSecrets): they belong in msg.payload, so the other channels are searched.
  const answer = [...(capture.answerSecrets || [])].filter((s) => s && s.length >= 6);
  if (answer.length) {
    const m = matcher(Object.fromEntries(answer.map((s, i) => [`answer secret #${i}`, s])));
    for (const c of ['logs', 'statuses', 'errors']) {
      const leaks = m.find(capture[c].join('\n'));
      if (leaks.length) problems.push(`answer secrets in ${c}: ${leaks.map((l) => `${l.label} (${l.form})`).join(', ')}`);
    }
  }
  const summary =
    `secret audit (in-process, after all node tests): searched ${CHANNELS.map((c) => `${c} ${sizes[c]}`).join(', ')} entries ` +
    `for ${real.needles.length} forms of ${Object.keys(secrets).length - NOT_SECRET.size} secrets + ${dynamicSecrets.size} issued tokens; ` +
    `${Object.keys(CANARIES).length} canaries planted in each of ${CHANNELS.length} channels`;
  return { problems, summary };
}

exports.audit = audit;
exports.mochaHooks = {
  async afterAll() {
    this.timeout(60_000);
    const { problems, summary } = await audit();
    console.log(`\n  ${summary}: ${problems.length ? 'FAILED' : 'no secret, every canary found'}`);
    // the real-process audit (test/audit) searches this run's output: a canary in it too
    if (process.env.IOT_FLEET_AUDIT_PRINT_CANARY === '1') console.log(`  canaries planted in this output: ${Object.values(planted()).join(' | ')}`);
    if (problems.length) throw new Error('secret audit failed:\n  ' + problems.join('\n  '));
  },
};
