#!/usr/bin/env node
'use strict';
// The sandbox (`npm start`): the simulators of all four clouds plus a Node-RED with this package
// and every example flow, the accounts wired to the simulators. userDir: .sandbox/ (git-ignored).
//   npm start                 start (keeps your edits to the sandbox flows between starts)
//   npm start -- --reset      rebuild the sandbox flows from examples/
// Environment: PORT (default 1880). Simulators listen on fixed ports from 18801 so saved flows keep working.
const fs = require('fs');
const path = require('path');
const http = require('http');
const { spawn } = require('child_process');

const root = path.resolve(__dirname, '..');
/** The examples that need FlowFuse Dashboard 2.0 (`@flowfuse/node-red-dashboard`). */
const DASHBOARD_EXAMPLE = /^dashboard2-/;
const SIM_PORTS = { enapter: 18801, enco: 18802, encloud: 18803, 'mythings-stream': 18804, 'mqtt-broker': 18805 };

function simModules() {
  const dir = path.join(root, 'test', 'sim');
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('-sim.js'))
    .sort()
    .map((f) => require(path.join(dir, f)));
}

async function startSims({ fixedPorts = true } = {}) {
  const sims = {};
  let next = 18810;
  for (const mod of simModules()) {
    const sim = mod.create({});
    if (typeof sim.start === 'function') {
      const port = fixedPorts ? SIM_PORTS[mod.name] ?? next++ : 0;
      await sim.start({ port });
    }
    sims[mod.name] = { mod, sim };
  }
  return sims;
}

/** Every example flow, each on its own tab, accounts pointed at the simulators. */
function buildFlows(sims) {
  const flows = [];
  const credentials = {};
  const byAccountType = {};
  for (const { mod, sim } of Object.values(sims)) {
    if (mod.sandbox && mod.sandbox.accountType) byAccountType[mod.sandbox.accountType] = { mod, sim };
  }
  const seen = new Set();
  const exDir = path.join(root, 'examples');
  // Without Dashboard 2.0 its node types would be missing and Node-RED would start no flow at all.
  const dashboard = hasDashboard();
  for (const file of fs.readdirSync(exDir).filter((f) => f.endsWith('.json') && (dashboard || !DASHBOARD_EXAMPLE.test(f))).sort()) {
    const nodes = JSON.parse(fs.readFileSync(path.join(exDir, file), 'utf8'));
    let tab = nodes.find((n) => n.type === 'tab');
    if (!tab) {
      tab = { id: `sandbox.${file}`, type: 'tab', label: file.replace(/\.json$/, '') };
      nodes.forEach((n) => {
        if (n.wires && !n.z) n.z = tab.id;
      });
      nodes.unshift(tab);
    }
    for (const n of nodes) {
      // The Dashboard 2.0 examples share their ui-base and ui-theme (same ids): keep the first.
      if (seen.has(n.id)) continue;
      seen.add(n.id);
      for (const { mod } of Object.values(sims)) {
        const c = mod.sandbox && mod.sandbox.nodeCredentials && mod.sandbox.nodeCredentials[n.type];
        if (c) credentials[n.id] = { ...c };
        // the shipped examples carry placeholders a user must edit; the sandbox fills in its own values
        if (mod.sandbox && typeof mod.sandbox.prepareNode === 'function') mod.sandbox.prepareNode(n);
      }
      const target = byAccountType[n.type];
      if (target) {
        if (target.sim.url) n.url = target.sim.url;
        Object.assign(n, target.mod.sandbox.props || {});
        // values known only once the simulator runs (the MQTT broker's port)
        if (typeof target.mod.sandbox.propsFor === 'function') Object.assign(n, target.mod.sandbox.propsFor(target.sim));
        credentials[n.id] = { ...target.mod.sandbox.credentials };
      }
      flows.push(n);
    }
  }
  return { flows, credentials };
}

function writeUserDir(userDir, sims, { reset, port }) {
  fs.mkdirSync(path.join(userDir, 'node_modules'), { recursive: true });
  const link = path.join(userDir, 'node_modules', 'node-red-contrib-iot-fleet');
  if (!fs.existsSync(link)) fs.symlinkSync(root, link, 'dir');
  fs.writeFileSync(
    path.join(userDir, 'settings.js'),
    `module.exports = ${JSON.stringify(
      {
        uiHost: '127.0.0.1',
        uiPort: port,
        flowFile: 'flows.json',
        credentialSecret: false,
        logging: { console: { level: 'info', metrics: false, audit: false } },
        editorTheme: { tours: false, projects: { enabled: false } },
        diagnostics: { enabled: false },
        telemetry: { enabled: false },
        externalModules: { palette: { allowInstall: false } },
      },
      null,
      2,
    )};\n`,
  );
  const flowFile = path.join(userDir, 'flows.json');
  if (reset || !fs.existsSync(flowFile)) {
    const { flows, credentials } = buildFlows(sims);
    fs.writeFileSync(flowFile, JSON.stringify(flows, null, 2));
    fs.writeFileSync(path.join(userDir, 'flows_cred.json'), JSON.stringify(credentials, null, 2));
  }
}

/** The environment variables the simulators' sandbox settings give the sandbox's Node-RED. */
function sandboxEnv(sims) {
  const env = {};
  for (const { mod } of Object.values(sims)) Object.assign(env, (mod.sandbox && mod.sandbox.env) || {});
  return env;
}

/** Resolves once Node-RED answers GET /flows with the deployed flows (the HTTP server is up before the flows are). */
function waitForFlows(base, ms) {
  const until = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const retry = () => (Date.now() > until ? reject(new Error(`Node-RED did not start its flows at ${base}`)) : setTimeout(tryOnce, 250));
    const tryOnce = () => {
      http
        .get(`${base}/flows`, { headers: { 'Node-RED-API-Version': 'v2' } }, (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => {
            let flows;
            try {
              flows = JSON.parse(Buffer.concat(chunks).toString('utf8')).flows;
            } catch {
              flows = undefined;
            }
            if (res.statusCode === 200 && Array.isArray(flows)) resolve();
            else retry();
          });
        })
        .on('error', retry);
    };
    tryOnce();
  });
}

/**
 * Starts the sandbox. Used by `npm start` and by the sandbox test.
 * @returns {Promise<{url: string, sims: object, stop: () => Promise<void>}>}
 */
async function start({ port = Number(process.env.PORT) || 1880, userDir = path.join(root, '.sandbox'), reset = false, fixedPorts = true, quiet = false } = {}) {
  if (!fs.existsSync(path.join(root, 'nodes', 'enapter-provision.js'))) {
    throw new Error('The package is not built: run `npm run build` (npm install does it) first.');
  }
  const sims = await startSims({ fixedPorts });
  writeUserDir(userDir, sims, { reset, port });
  // IOT_FLEET_NODE_RED=<folder with node_modules/node-red> selects another Node-RED (as the tests do)
  const redJs = require.resolve('node-red/red.js', process.env.IOT_FLEET_NODE_RED ? { paths: [path.resolve(process.env.IOT_FLEET_NODE_RED)] } : undefined);
  const red = spawn(process.execPath, [redJs, '--userDir', userDir, '--settings', path.join(userDir, 'settings.js'), '--port', String(port)], {
    stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    // environment the examples read (e.g. ENCLOUD_HOTLINK_KEY), sandbox values unless already set
    env: { ...sandboxEnv(sims), ...process.env, NODE_RED_ENABLE_PROJECTS: 'false' },
  });
  if (quiet) {
    red.stdout.resume();
    red.stderr.resume();
  }
  const url = `http://127.0.0.1:${port}`;
  await waitForFlows(url, 60_000);
  // the flows are loaded; give their nodes (routes, injects) a moment to start
  await new Promise((r) => setTimeout(r, 500));
  for (const { mod, sim } of Object.values(sims)) {
    if (mod.sandbox && typeof mod.sandbox.start === 'function') await mod.sandbox.start(sim, { nodeRedUrl: url });
  }
  const stop = async () => {
    for (const { mod, sim } of Object.values(sims)) {
      if (mod.sandbox && typeof mod.sandbox.stop === 'function') await mod.sandbox.stop(sim);
      if (typeof sim.stop === 'function') await sim.stop();
    }
    if (red.exitCode === null) {
      const exited = new Promise((r) => red.once('exit', r));
      red.kill('SIGINT');
      await exited;
    }
  };
  return { url, sims, stop, process: red };
}

/** True when FlowFuse Dashboard 2.0 (a dev dependency) is installed: the dashboard2-* examples need it. */
function hasDashboard() {
  try {
    require.resolve('@flowfuse/node-red-dashboard/package.json', { paths: [root] });
    return true;
  } catch {
    return false;
  }
}

module.exports = { start, buildFlows, startSims, hasDashboard, DASHBOARD_EXAMPLE };

if (require.main === module) {
  const reset = process.argv.includes('--reset');
  start({ reset })
    .then(({ url, sims, stop }) => {
      console.log('\n  node-red-contrib-iot-fleet sandbox');
      console.log(`  Node-RED editor:  ${url}/`);
      if (hasDashboard()) console.log(`  Dashboard 2.0:    ${url}/dashboard`);
      for (const [name, { sim }] of Object.entries(sims)) if (sim.url) console.log(`  ${name} simulator: ${sim.url}`);
      console.log('  Ctrl+C stops everything.\n');
      const bye = () => stop().then(() => process.exit(0));
      process.on('SIGINT', bye);
      process.on('SIGTERM', bye);
    })
    .catch((e) => {
      console.error(e.message);
      process.exit(1);
    });
}
