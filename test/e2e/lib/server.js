'use strict';
// Starts what the browser tests need: every simulator of test/sim/ and a real Node-RED (child
// process, temp userDir, random port on 127.0.0.1) with this package installed in the userDir
// (node_modules/node-red-contrib-iot-fleet -> the repository, so its examples are in the Import
// menu). IOT_FLEET_NODE_RED=<folder with node_modules/node-red> selects another Node-RED (e.g. 5),
// like test/lib/harness.js.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');
const { freePort } = require('../../lib/ports');

const root = path.resolve(__dirname, '..', '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

function nodeRedDir() {
  const base = process.env.IOT_FLEET_NODE_RED ? path.resolve(process.env.IOT_FLEET_NODE_RED) : root;
  return path.dirname(require.resolve('node-red/package.json', { paths: [base] }));
}

/** Every simulator module of test/sim/ that follows the { name, create, sandbox } contract. */
function simulatorModules() {
  const dir = path.join(root, 'test', 'sim');
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('-sim.js'))
    .map((f) => require(path.join(dir, f)))
    .filter((m) => m && typeof m.create === 'function' && m.sandbox && m.sandbox.accountType);
}

/**
 * Starts the simulators and Node-RED. Resolves with
 * { url, version, sims: {accountType: {sim, url, credentials, props}}, logs, stop() }.
 */
async function start({ quiet = true } = {}) {
  const sims = {};
  for (const mod of simulatorModules()) {
    const sim = mod.create({});
    const url = await sim.start();
    sims[mod.sandbox.accountType] = { name: mod.name, sim, url, credentials: mod.sandbox.credentials || {}, props: mod.sandbox.props || {} };
  }

  const userDir = fs.mkdtempSync(path.join(os.tmpdir(), 'iotf-e2e-'));
  fs.mkdirSync(path.join(userDir, 'node_modules'));
  fs.symlinkSync(root, path.join(userDir, 'node_modules', pkg.name), 'dir');
  fs.writeFileSync(path.join(userDir, 'package.json'), JSON.stringify({ name: 'iotf-e2e', version: '0.0.0', dependencies: { [pkg.name]: '*' } }));
  const port = await freePort();
  const settings = {
    uiHost: '127.0.0.1',
    uiPort: port,
    userDir,
    flowFile: 'flows.json',
    credentialSecret: 'iot-fleet-e2e',
    logging: { console: { level: 'info', metrics: false, audit: false } },
    telemetry: { enabled: false, updateNotification: false },
    diagnostics: { enabled: false, ui: false },
    externalModules: { palette: { allowInstall: false } },
    editorTheme: { tours: false, projects: { enabled: false }, palette: { catalogues: [] }, multiplayer: { enabled: false } },
  };
  const settingsFile = path.join(userDir, 'settings.js');
  fs.writeFileSync(settingsFile, 'module.exports = ' + JSON.stringify(settings, null, 2) + ';\n');

  const dir = nodeRedDir();
  const version = require(path.join(dir, 'package.json')).version;
  const env = { ...process.env, NODE_RED_HOME: dir };
  for (const k of ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy']) delete env[k];
  const child = spawn(process.execPath, [path.join(dir, 'red.js'), '--userDir', userDir, '--settings', settingsFile], {
    cwd: userDir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs = [];
  let buf = '';
  const onData = (d) => {
    buf += d.toString('utf8');
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      logs.push(line);
      if (!quiet || process.env.IOT_FLEET_E2E_VERBOSE) console.log('  [node-red] ' + line);
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);

  await new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('Node-RED did not start within 60 s:\n' + logs.join('\n'))), 60000);
    const check = setInterval(() => {
      if (logs.some((l) => /Started flows/.test(l))) {
        clearInterval(check);
        clearTimeout(t);
        resolve();
      }
    }, 100);
    child.once('exit', (code) => {
      clearInterval(check);
      clearTimeout(t);
      reject(new Error(`Node-RED exited (${code}):\n` + logs.join('\n')));
    });
  });

  async function stop() {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGINT');
      const t = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(t);
    }
    for (const s of Object.values(sims)) await s.sim.stop();
    fs.rmSync(userDir, { recursive: true, force: true });
  }

  return { url: `http://127.0.0.1:${port}/`, port, version, userDir, sims, logs, stop };
}

/** The node types of package.json, the example files, and the en-US catalogs and help. */
function packageInfo() {
  const types = Object.keys(pkg['node-red'].nodes);
  const examplesDir = path.join(root, 'examples');
  const examples = fs.existsSync(examplesDir)
    ? fs.readdirSync(examplesDir).filter((f) => f.endsWith('.json')).sort().map((f) => ({ name: f.replace(/\.json$/, ''), flow: JSON.parse(fs.readFileSync(path.join(examplesDir, f), 'utf8')) }))
    : [];
  const catalog = (type, lang = 'en-US') => {
    const f = path.join(root, 'locales', lang, `${type}.json`);
    return fs.existsSync(f) ? JSON.parse(fs.readFileSync(f, 'utf8')) : {};
  };
  return { name: pkg.name, types, examples, catalog, root };
}

module.exports = { start, packageInfo, nodeRedDir };
