'use strict';
// `npm run test:audit` (issue 7.2, SPEC 3.6): the secret audit in a real Node-RED PROCESS.
// Runs every platform's chaos scenario (smaller counts, debug nodes printing every complete msg to
// the console log) and its failure paths (wrong credentials, validation, 404, 409, bulk) and the
// Test connection admin endpoint, with console logging at `trace` captured from stdout/stderr,
// every msg / status / error captured by the probe, then exports the flows (GET /flows) and reads
// every file of the userDir. Any known secret (test/lib/secrets.js, wrong credentials used here,
// every token the simulators issued) found anywhere but the encrypted flows_cred.json fails.
// It also runs the node tests (test/nodes) in a child process and searches their whole output.
require('should');
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const secrets = require('../lib/secrets');
const { NodeRedProcess, CREDENTIAL_SECRET, root } = require('../chaos/lib/nodered');
const { loadScenarios, runScenario } = require('../chaos/lib/scenarios');
const { matcher, CANARIES, planted } = require('../lib/secret-matcher');

/** A POST with a raw body (stream documents are XML or JSON text). */
function rawPost(target, body, headers) {
  const http = require('http');
  return new Promise((resolve, reject) => {
    const req = http.request(target, { method: 'POST', agent: false, headers: { 'Content-Length': Buffer.byteLength(body), ...headers } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

// The canaries (test/lib/secret-matcher.js): each planted in ONE encoded form (raw, URL-encoded,
// base64, Basic user:pass, MD5, enCloud's Basic email:md5) into every channel searched below; the
// same matcher that searches the real secrets must find every one of them in every channel.
const PLANTED = Object.values(planted());
const canaries = matcher(CANARIES);
const missedCanaries = (text) => Object.keys(CANARIES).filter((k) => !canaries.labels(text).includes(k));
// the endpoint nodes whose own secrets this audit exercises (besides the scenarios' node types)
const ENDPOINT_TYPES = ['mythings-stream', 'm2m-callback'];

const NOT_SECRET = new Set(['encoClientId', 'encloudEmail']);

function listFiles(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.name === 'node_modules') continue;
    if (e.isDirectory()) out.push(...listFiles(p));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

describe('secret audit in a real Node-RED process (trace logs, msgs, statuses, errors, flow export, files)', function () {
  this.timeout(300_000);
  // every scenario, and a scenario or node type that did not load FAILS the audit (no silent drop-out)
  const allScenarios = loadScenarios();
  const scenarios = allScenarios.filter((s) => s.available);
  const known = new Set(Object.entries(secrets).filter(([k]) => !NOT_SECRET.has(k)).map(([, v]) => v));
  const results = [];
  const adminAnswers = [];
  /** issue 16: what the registered stream nodes answered the simulator's stream, and the request node runs. */
  const issue16Answers = [];
  let nr;
  let capture;
  let exported;
  let files;
  let log;
  let nodeTests;
  let comms;
  const commsText = [];

  /**
   * The HTTP endpoints with their own secrets: mythings-stream (basic auth, header auth) and
   * m2m-callback (x-callback-token), POSTed with the right and the wrong credentials.
   */
  // the endpoints' flow (with the canary): every later full deploy keeps it, so that the flow
  // export and flows.json searched at the end still hold the canary
  let endpointFlow = [];
  async function auditEndpoints() {
    const tab = 'audit-endpoints';
    const wired = () => [[`${tab}-out`, `${tab}-dbg`]];
    const flow = [{ id: tab, type: 'tab', label: 'endpoints' }];
    const nodes = [];
    // issue 16: the stream nodes register themselves with MyThings (the EnCo simulator of the
    // MyThings scenario), so the definition's password and header value travel too; a third
    // registration fails at the vendor (its warning and status are searched as well)
    const enco = results.map((r) => r.sim).find((s) => s && s.streamDefinitions);
    const register = (name) => (enco ? { account: `${tab}-enco`, publicUrl: nr.url.replace(/\/$/, ''), streamName: name, streamType: 'DECODED', contentType: 'JSON', companyId: '162' } : {});
    if (enco) {
      flow.push({ id: `${tab}-enco`, type: 'enco-account', name: 'audit', url: enco.url, authType: 'client', timeout: 3000, retries: 0, concurrency: 4, credentials: { clientId: secrets.encoClientId, clientSecret: secrets.encoClientSecret } });
      enco.inject({ match: (req) => req.method === 'POST' && req.body && req.body.name === 'audit failing', status: 500, body: { code: '500', message: `Stream backend failed for ${secrets.streamPassword}`, errors: [] } });
    }
    if (nr.types.has('mythings-stream')) {
      nodes.push(
        { id: `${tab}-sb`, type: 'mythings-stream', url: '/audit/stream-basic', auth: 'basic', output: 'normalized', timezone: 'UTC', maxBytes: 1048576, ...register('audit basic'), credentials: { user: 'mythings', password: secrets.streamPassword } },
        { id: `${tab}-sh`, type: 'mythings-stream', url: '/audit/stream-header', auth: 'header', output: 'raw', timezone: 'UTC', maxBytes: 1048576, ...register('audit header'), credentials: { headerName: 'X-Stream-Token', headerValue: secrets.streamHeaderValue } },
      );
      if (enco) nodes.push({ id: `${tab}-sf`, type: 'mythings-stream', url: '/audit/stream-failing', auth: 'basic', output: 'normalized', timezone: 'UTC', maxBytes: 1048576, ...register('audit failing'), credentials: { user: 'mythings', password: secrets.streamPassword } });
    }
    if (nr.types.has('m2m-callback')) nodes.push({ id: `${tab}-cb`, type: 'm2m-callback', url: '/audit/m2m-callback', account: '', credentials: { callbackToken: secrets.m2mCallbackToken } });
    // the canaries: a function node that leaks them on purpose into every channel (warn -> log and
    // debug sidebar, status, error, msg -> debug node; its code -> flow export and flows.json), to
    // prove that each channel searched below would show a leak in each encoded form
    nodes.push({
      id: `${tab}-canary`,
      type: 'function',
      name: 'canary',
      func: `const leaks = ${JSON.stringify(PLANTED)};\nfor (const l of leaks) { node.warn('leak ' + l); node.status({ text: l }); }\nnode.error('leak ' + leaks.join(' '), msg);\nmsg.payload = leaks;\nreturn msg;`,
      outputs: 1,
      noerr: 0,
      initialize: '',
      finalize: '',
      libs: [],
    });
    const ids = nodes.map((n) => n.id);
    flow.push(...nodes.map((n, i) => ({ z: tab, x: 200, y: 60 * (i + 1), wires: wired(), ...n })));
    flow.push(...require('../chaos/lib/nodered').probeWiring(tab, ids, { debug: true }));
    endpointFlow = flow;
    await nr.deploy(flow, 'full');
    const post = (p, body, headers) => rawPost(nr.url + p, body, headers);
    if (nr.types.has('mythings-stream')) {
      const docs = require('../sim/mythings-stream-sim').create({ seed: 2, sensors: 4 });
      const basic = 'Basic ' + Buffer.from(`mythings:${secrets.streamPassword}`).toString('base64');
      const wrongBasic = 'Basic ' + Buffer.from('mythings:WRONG-stream-pass').toString('base64');
      for (let i = 0; i < 10; i++) {
        const d = docs.next();
        adminAnswers.push({ platform: 'stream', label: 'endpoint', text: (await post('/audit/stream-basic', d.body, { 'Content-Type': d.contentType, Authorization: i % 5 === 4 ? wrongBasic : basic })).body });
        adminAnswers.push({ platform: 'stream', label: 'endpoint', text: (await post('/audit/stream-header', d.body, { 'Content-Type': d.contentType, 'X-Stream-Token': i % 5 === 4 ? 'WRONG' : secrets.streamHeaderValue })).body });
      }
      docs.stop();
      if (enco) {
        // the simulator streams to the registered definitions, with their credentials
        await new Promise((r) => setTimeout(r, 500));
        for (let i = 0; i < 3; i++) for (const a of await enco.streamOnce()) issue16Answers.push({ label: 'registered', text: String(a.status) });
        enco.clearFaults();
      }
    }
    if (nr.types.has('m2m-callback')) {
      const update = { trackingNumber: 'b1f0c2d4-0000-4000-8000-000000000001', device: { identifier: '32470000001', identifierType: 'MSISDN' }, resultStatus: 'Success', messages: [] };
      for (const token of [secrets.m2mCallbackToken, 'WRONG-callback-token']) {
        adminAnswers.push({ platform: 'm2m', label: 'endpoint', text: (await post('/audit/m2m-callback', JSON.stringify(update), { 'Content-Type': 'application/json', 'x-callback-token': token })).body });
      }
    }
    await nr.drive(`${tab}-canary`, [{ payload: 'x' }], { concurrency: 1, settleMs: 100 });
    await new Promise((r) => setTimeout(r, 1200)); // the stream node's status is throttled to 1/s
  }

  /**
   * issue 16: the request nodes (SPEC 10) against the scenarios' simulators: answers, vendor
   * errors, the path guard, the account's own endpoints refused, EnCo revoke and a new token.
   */
  async function auditRequestNodes() {
    const tab = 'audit-requests';
    const plan = [];
    const enco = results.map((r) => r.sim).find((s) => s && s.streamDefinitions);
    const encloud = results.map((r) => r.sim).find((s) => s && s.rotateToken);
    const enapter = results.map((r) => r.sim).find((s) => s && s.byHardware);
    if (enco && nr.types.has('enco-request')) {
      plan.push({
        account: { type: 'enco-account', url: enco.url, authType: 'client', credentials: { clientId: secrets.encoClientId, clientSecret: secrets.encoClientSecret, m2mApiKey: secrets.m2mApiKey } },
        type: 'enco-request',
        msgs: [
          { path: '/mythings/1.1.0/status' },
          { method: 'POST', path: '/revoke' },
          { path: '/mythings/1.1.0/things/00000000DEADBEEF' },
          { path: '/m2m/1.0.0/simcards', query: { msisdn: '32470000000' }, headers: { 'x-api-key': 'forged', Authorization: 'Bearer forged' } },
          { method: 'POST', path: '/token' },
          { path: '/%2e%2e/token' },
          { path: 'https://evil.example/steal' },
        ],
      });
    }
    if (encloud && nr.types.has('encloud-request')) {
      plan.push({
        account: { type: 'encloud-account', url: encloud.url, credentials: { email: secrets.encloudEmail, password: secrets.encloudPassword, apiKey: secrets.encloudApiKey } },
        type: 'encloud-request',
        msgs: [
          { path: '/integration/devices', query: { keys: 'cell.rssi', timestamp: 0, limit: 10 } },
          { path: '/integration/users/authorise' },
          { method: 'POST', path: '/integration/users', payload: { user: { email: 'audit@example.com' } } },
          { path: '/integration/%252e%252e/x' },
        ],
      });
    }
    if (enapter && nr.types.has('enapter-request')) {
      plan.push({
        account: { type: 'enapter-account', url: enapter.url, credentials: { token: secrets.enapterToken } },
        type: 'enapter-request',
        msgs: [{ method: 'POST', path: '/v3/sites', payload: { name: 'audit', timezone: 'UTC' } }, { path: '/v3/sites/no-such-site' }, { path: '//evil.example/x' }],
      });
    }
    if (!plan.length) return;
    const flow = [{ id: tab, type: 'tab', label: 'requests' }];
    const ids = [];
    plan.forEach((p, i) => {
      flow.push({ id: `${tab}-acc${i}`, name: 'audit', timeout: 3000, retries: 1, concurrency: 4, ...p.account });
      flow.push({ id: `${tab}-req${i}`, z: tab, type: p.type, account: `${tab}-acc${i}`, method: 'GET', path: '/', x: 200, y: 60 * (i + 1), wires: [[`${tab}-out`, `${tab}-dbg`]] });
      ids.push(`${tab}-req${i}`);
    });
    flow.push(...require('../chaos/lib/nodered').probeWiring(tab, ids, { debug: true }));
    await nr.deploy([...endpointFlow, ...flow], 'full');
    for (let i = 0; i < plan.length; i++) {
      const run = await nr.drive(`${tab}-req${i}`, plan[i].msgs, { concurrency: 1, settleMs: 100 });
      issue16Answers.push({ label: 'request', text: JSON.stringify(run) });
    }
  }


  // the one matcher (every encoded form) over the known secrets; built once `known` is complete
  let real;
  const leaksIn = (text) => {
    if (!real) {
      const names = new Map(Object.entries(secrets).map(([k, v]) => [v, k]));
      real = matcher(Object.fromEntries([...known].map((v, i) => [names.get(v) || `issued/wrong secret #${i}`, v])));
    }
    return real.find(text).map((h) => `${h.label} (${h.form})`);
  };

  before(async function () {
    nr = await new NodeRedProcess({ logLevel: 'trace' }).start();
    await nr.admin('POST', '/iot-fleet-probe/capture', { on: true });
    // what the editor receives over its websocket: statuses, the debug sidebar, notifications
    const WebSocket = require('ws');
    comms = new WebSocket(nr.url.replace(/^http/, 'ws') + '/comms');
    comms.on('message', (data) => commsText.push(String(data)));
    await new Promise((resolve, reject) => {
      comms.once('open', resolve);
      comms.once('error', reject);
    });
    for (const topic of ['status/#', 'debug', 'notification/#', 'event-log/#', 'node/#', 'runtime-state']) comms.send(JSON.stringify({ subscribe: topic }));
    for (const s of scenarios) {
      const r = await runScenario(s, nr, { reads: 200, writes: 100, debug: true, audit: true, seed: 11 });
      results.push(r);
      for (const t of r.issuedTokens) known.add(t);
      for (const w of s.wrongSecrets ? s.wrongSecrets() : []) known.add(w);
      if (s.testConnection) {
        const tc = s.testConnection(r.sim);
        const accountId = `${r.tab}-acc`;
        for (const [label, body] of [
          ['good', { ...tc.props, credentials: tc.good }],
          ['bad', { ...tc.props, credentials: tc.bad }],
          // unchanged secrets in the dialog: taken from the deployed node
          ['stored', { id: accountId, ...tc.props, credentials: Object.fromEntries(Object.keys(tc.good).map((k) => [k, '__PWRD__'])) }],
        ]) {
          const a = await nr.admin('POST', `/iot-fleet/test/${tc.type}`, body);
          adminAnswers.push({ platform: s.name, label, status: a.status, text: a.text });
        }
      }
      for (const t of s.issuedTokens ? s.issuedTokens(r.sim) : []) known.add(t);
    }
    await auditEndpoints();
    await auditRequestNodes();
    for (const r of results) for (const t of (r.sim && r.sim.issued) || []) known.add(t);
    capture = (await nr.admin('GET', '/iot-fleet-probe/capture')).body;
    await new Promise((r) => setTimeout(r, 300)); // the last comms frames
    comms.close();
    exported = await nr.admin('GET', '/flows', undefined, { 'Node-RED-API-Version': 'v2' });
    await nr.stop({ keep: true });
    log = nr.log();
    files = listFiles(nr.userDir).map((f) => ({ file: path.relative(nr.userDir, f), text: fs.readFileSync(f, 'utf8') }));

    // the node tests (test/nodes, in-process Node-RED) in a child process: their whole output too
    {
      const r = spawnSync(process.execPath, [require.resolve('mocha/bin/mocha.js'), '--reporter', 'spec', '--require', 'test/lib/secret-audit-hooks.js', 'test/nodes/**/*.spec.js'], {
        cwd: root,
        env: { ...process.env, FORCE_COLOR: '0', IOT_FLEET_AUDIT_PRINT_CANARY: '1' },
        encoding: 'utf8',
        maxBuffer: 256 * 1024 * 1024,
        timeout: 240_000,
      });
      nodeTests = { status: r.status, out: (r.stdout || '') + (r.stderr || '') };
    }
  });

  after(async function () {
    if (comms && comms.readyState === 1) comms.close();
    for (const r of results) await r.sim.stop();
    if (nr) {
      if (nr.child && nr.child.exitCode === null) await nr.stop();
      else fs.rmSync(nr.userDir, { recursive: true, force: true });
    }
  });

  it('every chaos scenario loaded and every node type it needs (and the endpoint nodes) loaded in Node-RED', function () {
    allScenarios.filter((s) => !s.available).map((s) => `${s.name}: ${s.why}`).should.eql([]);
    const needed = [...new Set([...allScenarios.flatMap((s) => s.types || []), ...ENDPOINT_TYPES])];
    needed.filter((t) => !nr.types.has(t)).should.eql([], 'node types Node-RED did not load');
    results.length.should.equal(allScenarios.length);
  });

  it('ran every platform and captured something to search (not vacuous)', function () {
    results.length.should.be.above(0);
    capture.msgs.length.should.be.above(300);
    capture.statuses.length.should.be.above(0);
    capture.errors.length.should.be.above(0);
    log.should.match(/\[trace\]/);
    log.should.match(/\[debug\]/);
    // the debug nodes printed the complete msgs to the console log
    log.should.match(/_probe/);
    for (const r of results) (r.auditEntries || []).length.should.be.above(0);
    adminAnswers.length.should.be.above(0);
    // the HTTP endpoints were called with the right (accepted) and the wrong (401) secrets
    const endpoint = adminAnswers.filter((a) => a.label === 'endpoint').map((a) => a.text);
    {
      endpoint.filter((t) => /unauthorized/i.test(t)).length.should.be.above(0, endpoint.join(' | '));
      endpoint.filter((t) => /^ok$/i.test(t.trim())).length.should.be.above(0, endpoint.join(' | '));
    }
  });

  it('the search finds a leak where there is one: every canary, each in its own encoded form, found by the same matcher in every channel', function () {
    const channels = {
      log,
      msgs: capture.msgs.join('\n'),
      statuses: capture.statuses.join('\n'),
      errors: capture.errors.join('\n'),
      websocket: commsText.join('\n'),
      'flow export': exported.text,
      'flows.json': (files.find((f) => f.file === 'flows.json') || { text: '' }).text,
      ...(nodeTests ? { 'node tests output': nodeTests.out } : {}),
    };
    const missed = Object.entries(channels).map(([c, text]) => [c, missedCanaries(text)]).filter(([, m]) => m.length);
    missed.should.eql([], 'canaries a leak in that channel and form would slip past');
  });

  it('the failure paths really failed (wrong credentials => AUTH_FAILED, validation => INVALID_INPUT)', function () {
    for (const r of results) {
      const codes = (r.auditEntries || []).flatMap((e) => e.errors.map((x) => x.code));
      codes.should.containEql('AUTH_FAILED');
      codes.should.containEql('INVALID_INPUT');
    }
    const bad = adminAnswers.filter((a) => a.label === 'bad');
    for (const a of bad) JSON.parse(a.text).ok.should.equal(false);
    for (const a of adminAnswers.filter((x) => x.label !== 'bad' && x.label !== 'endpoint')) JSON.parse(a.text).ok.should.equal(true, `${a.platform} ${a.label}: ${a.text}`);
  });

  it('issue 16: registered stream nodes got the stream, request nodes answered and refused; no secret in either', function () {
    results.some((r) => r.sim && r.sim.streamDefinitions).should.be.true('the MyThings scenario ran (its simulator holds the definitions)');
    const registered = issue16Answers.filter((a) => a.label === 'registered').map((a) => a.text);
    registered.should.containEql('200');
    const requests = issue16Answers.filter((a) => a.label === 'request').map((a) => a.text).join('\n');
    if (nr.types.has('enco-request')) {
      requests.should.containEql('INVALID_INPUT');
      requests.should.containEql('"revoked":true');
    }
    const all = issue16Answers.map((a) => a.text).join('\n');
    leaksIn(all).should.eql([]);
  });

  it('knows the tokens the simulators issued', function () {
    for (const r of results) if (r.issuedTokens.length) r.issuedTokens.every((t) => known.has(t)).should.be.true();
  });

  it('no secret in the trace-level log (stdout + stderr of the process)', function () {
    leaksIn(log).should.eql([]);
  });

  for (const channel of ['msgs', 'statuses', 'errors']) {
    it(`no secret in any captured ${channel}`, function () {
      leaksIn(capture[channel].join('\n')).should.eql([]);
    });
  }

  it('no secret in what the editor received over its websocket (statuses, debug sidebar, notifications)', function () {
    // not vacuous: the debug nodes' msgs and the statuses arrived
    commsText.filter((t) => t.includes('"debug"')).length.should.be.above(0);
    commsText.filter((t) => t.includes('status/')).length.should.be.above(0);
    leaksIn(commsText.join('\n')).should.eql([]);
  });

  it('no secret in the Test connection answers', function () {
    leaksIn(adminAnswers.map((a) => a.text).join('\n')).should.eql([]);
  });

  it('no secret and no credentials in the exported flows (GET /flows)', function () {
    exported.status.should.equal(200);
    leaksIn(exported.text).should.eql([]);
    const flows = exported.body.flows;
    flows.length.should.be.above(0);
    for (const n of flows) (n.credentials === undefined).should.be.true(`credentials exported for ${n.id}`);
  });

  it('flows_cred.json is encrypted (credentialSecret set) and holds the credentials', function () {
    const cred = files.find((f) => f.file === 'flows_cred.json');
    (cred !== undefined).should.be.true();
    const parsed = JSON.parse(cred.text);
    Object.keys(parsed).should.eql(['$']);
    leaksIn(cred.text).should.eql([]);
    // and it really decrypts to the credentials (the secrets live there and only there)
    const crypto = require('crypto');
    const key = crypto.createHash('sha256').update(CREDENTIAL_SECRET).digest();
    const initVector = Buffer.from(parsed.$.substring(0, 32), 'hex');
    const decipher = crypto.createDecipheriv('aes-256-ctr', key, initVector);
    const clear = decipher.update(parsed.$.substring(32), 'base64', 'utf8') + decipher.final('utf8');
    // (each scenario's deploy replaced the previous one: the last platform's credentials are there)
    [...known].filter((k) => clear.includes(k)).length.should.be.above(0);
  });

  it('no secret in any other file of the userDir (flows.json, runtime config, context...)', function () {
    const others = files.filter((f) => f.file !== 'flows_cred.json' && f.file !== 'settings.js');
    others.map((f) => f.file).should.containEql('flows.json');
    for (const f of others) leaksIn(f.text).should.eql([], `secret in ${f.file}`);
  });

  {
    it('the node tests (test/nodes) pass in a child process and print no secret', function () {
      (nodeTests.status === 0).should.be.true(nodeTests.out.slice(-3000));
      const passing = /(\d+) passing/.exec(nodeTests.out);
      console.log(`      node tests in the child process: ${passing ? passing[1] : '?'} passing, ${nodeTests.out.length} characters of output searched`);
      Number(passing && passing[1]).should.be.above(0);
      leaksIn(nodeTests.out).should.eql([]);
    });
  }
});
