'use strict';
// Debian Chromium driven by playwright-core (no browser download): a fresh profile per run, and
// every console error and page error collected so that a test can assert there were none.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const EXECUTABLE = process.env.IOT_FLEET_CHROMIUM || '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

async function launch({ locale = 'en-US' } = {}) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'iotf-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: EXECUTABLE,
    headless: true,
    args: ARGS,
    locale,
    viewport: { width: 1440, height: 900 },
    deviceScaleFactor: 1,
  });
  const page = context.pages()[0] || (await context.newPage());
  const errors = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  // The first frames of the stack say whose code threw (the package's editor script or Node-RED's).
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}${(e.stack || '').split('\n').slice(1, 4).map((l) => ' | ' + l.trim()).join('')}`));
  async function close() {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  return { context, page, errors, close };
}

/** Opens the editor and waits until the palette has loaded the package's nodes. */
async function openEditor(page, url, anyType) {
  await page.goto(url);
  await page.waitForFunction(
    (t) => window.RED && window.RED.nodes && window.RED.nodes.getType(t) && document.querySelector('#red-ui-palette .red-ui-palette-node'),
    anyType,
    { timeout: 60000 },
  );
  // Let the editor finish its start-up before the tests click around: the flows loaded, a workspace
  // shown, and the loading bar gone (Node-RED hides it last, after the sidebar and its outline are
  // built). Selecting a node before the outline has its item throws inside Node-RED's treeList.
  await page.waitForSelector('#red-ui-header-button-deploy', { state: 'visible' });
  await page.waitForFunction(() => RED.workspaces.active() && RED.nodes.workspace(RED.workspaces.active()), null, { timeout: 60000 });
  await page.waitForSelector('#red-ui-loading-progress', { state: 'hidden', timeout: 60000 });
  await page.waitForTimeout(500);
}

/**
 * Adds a node of `type` with its defaults (and the properties in `extra`) to the active workspace, as
 * the editor does for a palette drop, and returns its id. Call it once openEditor has returned.
 */
async function addNode(page, type, extra = {}) {
  return page.evaluate(
    ({ t, extra }) => {
      const def = RED.nodes.getType(t);
      const n = { id: RED.nodes.id(), type: t, z: RED.workspaces.active(), x: 300, y: 100 + Math.floor(Math.random() * 400), _def: def, inputs: def.inputs || 0, outputs: def.outputs || 0, dirty: true, changed: true };
      for (const [k, d] of Object.entries(def.defaults)) n[k] = JSON.parse(JSON.stringify(d.value === undefined ? null : d.value));
      Object.assign(n, extra);
      RED.nodes.add(n);
      RED.view.redraw(true);
      return n.id;
    },
    { t: type, extra },
  );
}

/** Opens the edit tray of node `id` (as a double click does) and waits until it has slid in. */
async function openDialog(page, id) {
  await page.evaluate((i) => RED.editor.edit(RED.nodes.node(i)), id);
  await page.waitForSelector('#node-dialog-ok', { state: 'visible' });
  await page.waitForTimeout(300);
}

/** Closes the open edit tray with Done (`ok`) or Cancel. */
async function closeDialog(page, ok = true) {
  await page.click(ok ? '#node-dialog-ok' : '#node-dialog-cancel');
  await page.waitForSelector('#node-dialog-ok', { state: 'detached' });
}

/** Raw i18n keys (e.g. "enapter-provision.label.token") visible in the open tray: untranslated text. */
async function rawKeys(page, type) {
  return page.evaluate((t) => {
    const tray = document.querySelector('.red-ui-tray:last-of-type') || document.body;
    const re = new RegExp('(^|\\s)(common|' + t.replace(/-/g, '\\-') + ')\\.[A-Za-z0-9_]+\\.[A-Za-z0-9_.]+');
    const texts = [tray.innerText];
    tray.querySelectorAll('[placeholder]').forEach((e) => texts.push(e.getAttribute('placeholder')));
    tray.querySelectorAll('option').forEach((e) => texts.push(e.textContent));
    return texts.filter((s) => re.test(s));
  }, type);
}

/**
 * The hooks of an editor spec, registered in the calling describe: before, the test Node-RED
 * (lib/server) and Chromium with the editor open on `type`'s palette entry; after, both closed.
 * Returns {srv, b, page}, set once `before` has run; `started(env)` hands them to the spec.
 */
function useEditor(type, started) {
  const server = require('./server');
  const env = { srv: null, b: null, page: null };
  before(async function () {
    this.timeout(180000);
    env.srv = await server.start();
    env.b = await launch();
    env.page = env.b.page;
    env.page.setDefaultTimeout(10000);
    await openEditor(env.page, env.srv.url, type);
    if (started) started(env);
  });
  after(async function () {
    if (env.b) await env.b.close();
    if (env.srv) await env.srv.stop();
  });
  return env;
}

module.exports = { launch, openEditor, addNode, openDialog, closeDialog, rawKeys, useEditor, EXECUTABLE, ARGS };
