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
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
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
  // Let the editor finish its start-up (tabs, sidebar) before the tests click around.
  await page.waitForSelector('#red-ui-header-button-deploy', { state: 'visible' });
  await page.waitForTimeout(500);
}

module.exports = { launch, openEditor, EXECUTABLE, ARGS };
