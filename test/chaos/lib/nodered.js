'use strict';
// A real Node-RED process for the chaos, audit and lifecycle suites and the benchmark: a temp
// userDir with this package linked into node_modules, the probe node (test/chaos/lib/probe) from
// nodesDir, a credentialSecret (so flows_cred.json is encrypted), console logging at `trace`
// captured from stdout/stderr, and the Admin API used exactly as the editor uses it.
const fs = require('fs');
const os = require('os');
const path = require('path');
const http = require('http');
const { spawn } = require('child_process');
const { freePort } = require('../../lib/ports');

const root = path.resolve(__dirname, '..', '..', '..');
const CREDENTIAL_SECRET = 'iot-fleet-chaos-credential-secret-0f3a';

function redJs() {
  const alt = process.env.IOT_FLEET_NODE_RED;
  const pkgJson = alt ? require.resolve('node-red/package.json', { paths: [path.resolve(alt)] }) : require.resolve('node-red/package.json');
  return path.join(path.dirname(pkgJson), 'red.js');
}

/** One JSON request to the Node-RED process (keep-alive off: no socket of ours lingers). */
function request(base, method, p, body, headers = {}) {
  const data = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      base + p,
      {
        method,
        agent: false,
        headers: { Accept: 'application/json', ...(data ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(data) } : {}), ...headers },
        timeout: 120_000,
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const t = Buffer.concat(chunks).toString('utf8');
          let parsed = t;
          try {
            parsed = t ? JSON.parse(t) : undefined;
          } catch {
            /* text */
          }
          resolve({ status: res.statusCode, body: parsed, text: t, headers: res.headers });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`timeout: ${method} ${p}`)));
    req.on('error', reject);
    req.end(data);
  });
}

/** Every built node file of package.json `node-red.nodes` exists (waits while a build is running). */
async function builtTypes(waitMs = 120_000) {
  const t0 = Date.now();
  for (;;) {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    const nodes = (pkg['node-red'] || {}).nodes || {};
    const listing = () => (fs.existsSync(path.join(root, 'nodes', 'core')) ? fs.readdirSync(path.join(root, 'nodes')).sort().join() : '');
    const first = listing();
    // every declared type built (a declared type whose source is not there yet: at most 60 s)
    const all = Object.values(nodes).every((f) => fs.existsSync(path.join(root, f)));
    if (first && (all || Date.now() - t0 > 60_000)) {
      await new Promise((r) => setTimeout(r, 500));
      if (listing() === first) return { pkg, nodes };
    }
    if (Date.now() - t0 > waitMs) throw new Error('nodes/ is not built: run `npm run build` first');
    await new Promise((r) => setTimeout(r, 500));
  }
}

/**
 * A copy of the built package (package.json + nodes/ + resources/) with node_modules linked to the repo's,
 * so the process loads exactly what was built when it started (a rebuild during the run, or
 * node types declared but not built yet, cannot disturb it).
 */
async function snapshotPackage(dest) {
  const { pkg, nodes } = await builtTypes();
  fs.mkdirSync(dest, { recursive: true });
  fs.cpSync(path.join(root, 'nodes'), path.join(dest, 'nodes'), { recursive: true });
  if (fs.existsSync(path.join(root, 'resources'))) fs.cpSync(path.join(root, 'resources'), path.join(dest, 'resources'), { recursive: true });
  const present = Object.fromEntries(Object.entries(nodes).filter(([, f]) => fs.existsSync(path.join(dest, f))));
  fs.writeFileSync(path.join(dest, 'package.json'), JSON.stringify({ ...pkg, 'node-red': { ...pkg['node-red'], nodes: present } }, null, 2));
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dest, 'node_modules'), 'dir');
  return Object.keys(present);
}

class NodeRedProcess {
  constructor(opts = {}) {
    this.opts = opts;
    this.output = [];
    this.child = null;
  }

  /** A temp userDir (`prefix`) with the built package installed as a snapshot, and a free port. */
  async makeUserDir(prefix = 'iot-fleet-nr-', name = 'iot-fleet-test-userdir') {
    this.userDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    fs.mkdirSync(path.join(this.userDir, 'node_modules'));
    await snapshotPackage(path.join(this.userDir, 'node_modules', 'node-red-contrib-iot-fleet'));
    fs.writeFileSync(path.join(this.userDir, 'package.json'), JSON.stringify({ name, private: true, dependencies: { 'node-red-contrib-iot-fleet': '*' } }));
    this.port = await freePort();
  }

  /** The settings every launch shares: this userDir and port, the probe nodes of `probeDir`, no palette installs, tours, diagnostics or telemetry. */
  baseSettings(probeDir) {
    return {
      uiPort: this.port,
      uiHost: '127.0.0.1',
      userDir: this.userDir,
      flowFile: 'flows.json',
      credentialSecret: CREDENTIAL_SECRET,
      nodesDir: [probeDir],
      editorTheme: { tours: false, projects: { enabled: false } },
      externalModules: { autoInstall: false, palette: { allowInstall: false }, modules: { allowInstall: false } },
      diagnostics: { enabled: false },
      telemetry: { enabled: false },
    };
  }

  /**
   * Writes `settings` as the userDir's settings.js, spawns Node-RED (`nodeArgs` before its script)
   * with `env` less the proxy variables, captures its console output (only the last chunks once
   * there are more than `maxChunks`) and waits until GET /settings answers a status of `ready`;
   * resolves with that answer.
   */
  async spawnRed(settings, env, { nodeArgs = [], ready = [200], maxChunks = Infinity } = {}) {
    this.settingsFile = path.join(this.userDir, 'settings.js');
    fs.writeFileSync(this.settingsFile, 'module.exports = ' + JSON.stringify(settings, null, 2) + ';\n');
    for (const k of ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy']) delete env[k];
    this.child = spawn(process.execPath, [...nodeArgs, '--expose-gc', redJs(), '--userDir', this.userDir, '--settings', this.settingsFile], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
    for (const stream of [this.child.stdout, this.child.stderr]) {
      stream.setEncoding('utf8');
      stream.on('data', (d) => {
        this.output.push(d);
        if (this.output.length > maxChunks) this.output.splice(0, 1000);
        if (process.env.IOT_FLEET_NR_LOG) process.stderr.write(d);
      });
    }
    this.url = `http://127.0.0.1:${this.port}`;
    const t0 = Date.now();
    for (;;) {
      if (this.child.exitCode !== null) throw new Error('Node-RED exited while starting:\n' + this.log().slice(-3000));
      try {
        const r = await request(this.url, 'GET', '/settings');
        if (ready.includes(r.status)) return r;
      } catch {
        /* not listening yet */
      }
      if (Date.now() - t0 > 60_000) throw new Error('Node-RED did not start within 60 s:\n' + this.log().slice(-3000));
      await new Promise((r) => setTimeout(r, 150));
    }
  }

  async start() {
    await this.makeUserDir();
    const settings = {
      ...this.baseSettings(path.join(__dirname, 'probe')),
      logging: { console: { level: this.opts.logLevel || 'trace', metrics: false, audit: true } },
      runtimeState: { enabled: true, ui: false },
      apiMaxLength: '50mb',
      // the debug sidebar gets whole msgs (the default cuts them at 1000 characters)
      debugMaxLength: 1_000_000,
    };
    const env = { ...process.env, ...(this.opts.env || {}), NODE_RED_HOME: this.userDir, IOT_FLEET_BACKOFF_BASE_MS: process.env.IOT_FLEET_BACKOFF_BASE_MS || '20' };
    const nodeArgs = process.env.IOT_FLEET_NR_NODE_ARGS ? process.env.IOT_FLEET_NR_NODE_ARGS.split(' ') : [];
    const r = await this.spawnRed(settings, env, { nodeArgs });
    this.version = r.body && r.body.version;
    const nodes = await this.admin('GET', '/nodes');
    this.types = new Set();
    for (const set of nodes.body || []) if (set.enabled !== false && !set.err) for (const t of set.types || []) this.types.add(t);
    return this;
  }

  log() {
    return this.output.join('');
  }

  admin(method, p, body, headers) {
    return request(this.url, method, p, body, headers);
  }

  /** POST /flows as the editor does; `type` = full | nodes | flows (Node-RED-Deployment-Type). */
  async deploy(flows, type = 'full') {
    const r = await this.admin('POST', '/flows', flows, { 'Node-RED-Deployment-Type': type, 'Node-RED-API-Version': 'v1' });
    if (r.status !== 204 && r.status !== 200) throw new Error(`deploy (${type}) answered ${r.status}: ${r.text}`);
    return r;
  }

  async setState(state) {
    const r = await this.admin('POST', '/flows/state', { state });
    if (r.status !== 200) throw new Error(`flows/state ${state} answered ${r.status}: ${r.text}`);
    return r.body;
  }

  /** Drives `msgs` into node `target` (bounded `concurrency`), waits until each msg's done came, returns entries. */
  async drive(target, msgs, { concurrency = 16, timeoutMs = 240_000, settleMs = 300, finishOn = 'done', light = false, poll = 200 } = {}) {
    const { body } = await this.admin('POST', '/iot-fleet-probe/runs', { target, msgs, concurrency, finishOn, light });
    const t0 = Date.now();
    let r;
    for (;;) {
      await new Promise((res) => setTimeout(res, poll));
      r = (await this.admin('GET', `/iot-fleet-probe/runs/${body.run}`)).body;
      if (r.complete) break;
      if (Date.now() - t0 > timeoutMs) throw new Error(`run on ${target}: ${r.finished}/${msgs.length} msgs done after ${timeoutMs} ms`);
    }
    // late extras (a second done, a second output) would arrive after the first done
    await new Promise((res) => setTimeout(res, settleMs));
    const full = (await this.admin('GET', `/iot-fleet-probe/runs/${body.run}?full=1`)).body;
    await this.admin('DELETE', `/iot-fleet-probe/runs/${body.run}`);
    full.ms = r.ms;
    full.cpuMs = r.cpuMs;
    return full;
  }

  async startLoad(target, msgs, concurrency = 8) {
    const { body } = await this.admin('POST', '/iot-fleet-probe/runs', { target, msgs, concurrency, continuous: true });
    return body.run;
  }

  async stopLoad(run) {
    return (await this.admin('POST', `/iot-fleet-probe/runs/${run}/stop`)).body;
  }

  async health(gc = true) {
    return (await this.admin('GET', '/iot-fleet-probe/health' + (gc ? '' : '?gc=0'))).body;
  }

  /** Stops Node-RED (SIGINT, as Ctrl-C: nodes are closed) and removes the userDir unless `keep`. */
  async stop({ keep = false } = {}) {
    if (this.child && this.child.exitCode === null) {
      this.child.kill('SIGINT');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
      this.exit = await this.exited;
      clearTimeout(timer);
    }
    if (!keep && this.userDir) fs.rmSync(this.userDir, { recursive: true, force: true });
  }
}

/** Tab + a probe wiring for one node under test: out -> probe(out), catch -> probe(caught), status -> probe(status). */
function probeWiring(tab, targetIds, { debug = false } = {}) {
  const nodes = [
    { id: `${tab}-out`, z: tab, type: 'iot-fleet-probe', role: 'out', x: 500, y: 100, wires: [] },
    { id: `${tab}-catch`, z: tab, type: 'catch', scope: targetIds, uncaught: false, x: 100, y: 200, wires: [[`${tab}-caught`]] },
    { id: `${tab}-caught`, z: tab, type: 'iot-fleet-probe', role: 'caught', x: 500, y: 200, wires: [] },
    { id: `${tab}-status`, z: tab, type: 'status', scope: targetIds, x: 100, y: 300, wires: [[`${tab}-statusp`]] },
    { id: `${tab}-statusp`, z: tab, type: 'iot-fleet-probe', role: 'status', x: 500, y: 300, wires: [] },
  ];
  if (debug) {
    // debug nodes printing the complete msg to the console log, as a user debugging a flow would
    nodes.push(
      { id: `${tab}-dbg`, z: tab, type: 'debug', active: true, tosidebar: true, console: true, tostatus: false, complete: 'true', targetType: 'full', x: 500, y: 400, wires: [] },
      { id: `${tab}-dbgerr`, z: tab, type: 'debug', active: true, tosidebar: true, console: true, tostatus: false, complete: 'true', targetType: 'full', x: 500, y: 450, wires: [] },
    );
    nodes[1].wires = [[`${tab}-caught`, `${tab}-dbgerr`]];
  }
  return nodes;
}

module.exports = { builtTypes, NodeRedProcess, probeWiring, request, CREDENTIAL_SECRET, root };
