'use strict';
// The Dashboard 2.0 pages of the sandbox (examples/dashboard2-*.json) in a real browser (Debian
// Chromium via playwright-core, test/e2e/lib/browser.js): the sandbox of `npm start` (simulators +
// Node-RED + every example) on a free port, then /dashboard/<page>. Each page loads without a
// console error, every chart has data points within 15 s, the tables fill, and a SIM's Deactivate
// button ends in the notification of EnCo's confirmed outcome (the asynchronous callback); the
// Enapter gauges show the simulator's plant within 15 s, Stop / Start move them, a refused command shows as FAILED.
// Screenshots go to test-results/e2e/dashboard-*.png; IOT_FLEET_UPDATE_SCREENSHOTS=1 also writes
// them to docs/screenshots/ (the README shows those).
const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const browser = require('./lib/browser');
const { nodeRedDir } = require('./lib/server');
const sandbox = require('../../scripts/sandbox');

const root = path.resolve(__dirname, '..', '..');
const SHOTS = path.join(root, 'test-results', 'e2e');
const DOC_SHOTS = path.join(root, 'docs', 'screenshots');
const nodeRedVersion = require(path.join(nodeRedDir(), 'package.json')).version;
const { freePort } = require('../lib/ports');
// Dashboard 2.0 (1.31) declares `node-red: >=3.0.0` and runs on Node-RED 4.1 and 5 (scripts/nr5.sh runs this file too).

const examples = fs.readdirSync(path.join(root, 'examples')).filter((f) => sandbox.DASHBOARD_EXAMPLE.test(f));

describe(`Dashboard 2.0 in the sandbox (examples/dashboard2-*.json), Node-RED ${nodeRedVersion}`, function () {
  this.timeout(60_000);
  let sb;
  let userDir;
  let b;

  before(async function () {
    assert.ok(sandbox.hasDashboard(), '@flowfuse/node-red-dashboard is not installed (npm install: it is a dev dependency)');
    assert.deepStrictEqual(examples, ['dashboard2-enapter.json', 'dashboard2-encloud.json', 'dashboard2-m2m.json', 'dashboard2-mythings.json']);
    userDir = fs.mkdtempSync(path.join(os.tmpdir(), 'iotf-dashboard-'));
    sb = await sandbox.start({ port: await freePort(), userDir, reset: true, fixedPorts: false, quiet: true });
    // the sandbox runs the Node-RED these tests name (IOT_FLEET_NODE_RED, as scripts/nr5.sh sets it)
    const settings = await (await fetch(`${sb.url}/settings`)).json();
    assert.strictEqual(settings.version.replace(/-git$/, ''), nodeRedVersion.replace(/-git$/, ''));
    b = await browser.launch();
    b.page.setDefaultTimeout(15_000);
  });

  after(async function () {
    if (b) await b.close();
    if (sb) await sb.stop();
    if (userDir) fs.rmSync(userDir, { recursive: true, force: true });
  });

  /** Opens a dashboard page; the console errors collected so far start empty. */
  async function open(pagePath, title) {
    b.errors.length = 0;
    await b.page.goto(`${sb.url}/dashboard${pagePath}`);
    await b.page.locator('.v-toolbar-title, header', { hasText: title }).first().waitFor();
  }

  async function shot(name) {
    fs.mkdirSync(SHOTS, { recursive: true });
    const file = path.join(SHOTS, `dashboard-${name}.png`);
    await b.page.screenshot({ path: file, fullPage: true });
    if (process.env.IOT_FLEET_UPDATE_SCREENSHOTS) {
      fs.mkdirSync(DOC_SHOTS, { recursive: true });
      fs.copyFileSync(file, path.join(DOC_SHOTS, `dashboard-${name}.png`));
    }
  }

  /**
   * The charts of the page, from ECharts' accessible description (aria-label of each chart):
   * [{title, points}] where points counts the (x, y) pairs it lists.
   */
  function charts() {
    return b.page.evaluate(() =>
      [...document.querySelectorAll('.nrdb-ui-chart[aria-label]')].map((el) => {
        const label = el.getAttribute('aria-label');
        const title = (/chart about "([^"]*)"/.exec(label) || [])[1];
        // line charts: "The data is as follows: <ms>, <value>, ..."; bar charts: "the data for <x> is <i>, <value>"
        const line = (label.match(/(?:follows: |, )\d{13}, -?\d+(\.\d+)?/g) || []).length;
        const bar = (label.match(/the data for [^,]+ is \d+, -?\d+(\.\d+)?/g) || []).length;
        return { title, points: line + bar };
      }),
    );
  }

  async function waitForChartData(titles) {
    await b.page
      .waitForFunction(
        (want) => {
          const els = [...document.querySelectorAll('.nrdb-ui-chart[aria-label]')];
          return want.every((t) => els.some((el) => el.getAttribute('aria-label').includes(`chart about "${t}"`) && /follows: \d{13}, -?\d|the data for .+ is \d+, -?\d/.test(el.getAttribute('aria-label'))));
        },
        titles,
        { timeout: 15_000 },
      )
      .catch(() => {});
    const got = await charts();
    for (const t of titles) {
      const c = got.find((x) => x.title === t);
      assert.ok(c, `no chart "${t}" (charts: ${JSON.stringify(got)})`);
      assert.ok(c.points > 0, `chart "${t}" has no data point after 15 s`);
    }
    return got;
  }

  /** The rows of the page's table (cell texts). */
  function tableRows() {
    return b.page.evaluate(() => [...document.querySelectorAll('.nrdb-ui-table tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.innerText.trim())));
  }

  it('MyThings: a line chart per quantity with data points, and the last uplinks in the table', async function () {
    await open('/mythings', 'MyThings');
    const got = await waitForChartData(['Temperature (°C)', 'Humidity (%)', 'Battery (V)', 'Luminosity (lx)']);
    assert.strictEqual(got.length, 4);
    await b.page.waitForFunction(() => document.querySelectorAll('.nrdb-ui-table tbody tr td').length > 1);
    const rows = await tableRows();
    // device (DevEUI), ISO time, RSSI, SNR, gateways "<id> (<rssi> dBm)"
    for (const r of rows) {
      assert.match(r[0], /^[0-9A-F]{16}$/, JSON.stringify(r));
      assert.match(r[1], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/, JSON.stringify(r));
      assert.ok(Number(r[2]) <= -70 && Number(r[2]) >= -120, `RSSI ${r[2]}`);
      assert.ok(Number.isFinite(Number(r[3])), `SNR ${r[3]}`);
      assert.match(r[4], /^[0-9A-F]{8} \(-\d+ dBm\)/, JSON.stringify(r));
    }
    await shot('mythings');
    assert.deepStrictEqual(b.errors, []);
  });

  it('enCloud: the RSSI of every router as a bar chart and how many are online', async function () {
    await open('/encloud', 'enCloud routers');
    await waitForChartData(['RSSI (dBm)']);
    const sim = sb.sims.encloud.sim;
    const online = sim.devices.filter((d) => d.online).length;
    await b.page.getByText(`${online} of ${sim.devices.length} online`).waitFor();
    await shot('encloud');
    assert.deepStrictEqual(b.errors, []);
  });

  it('M2M: the SIM table fills; Deactivate and Reactivate end in the confirmed outcome (callback) as a notification', async function () {
    const m2m = sb.sims.enco.sim.m2m;
    await open('/m2m', 'M2M SIMs');
    await b.page.waitForFunction(() => document.querySelectorAll('.nrdb-ui-table tbody tr td').length > 1);
    const rows = await tableRows();
    assert.deepStrictEqual(
      rows.map((r) => r.slice(0, 2)),
      ['32470000000', '32470000001', '32470000002', '32470000003', '32470000004', '32470000005'].map((m) => [m, m2m.find('MSISDN', m).state]),
    );
    await shot('m2m');
    // Once: the callback URL of the API key -> this flow's m2m-callback node.
    await b.page.getByRole('button', { name: "Send EnCo's callbacks here" }).click();
    await b.page.getByText('EnCo now sends the status updates to this dashboard').first().waitFor();
    assert.match(m2m.callbacks.get('m2m-SECRET-apikey-9e4d2c18').url, /\/m2m\/dashboard-callback$/);

    const msisdn = '32470000003';
    const row = () => b.page.locator('.nrdb-ui-table tbody tr', { hasText: msisdn });
    await row().getByRole('button', { name: 'Deactivate' }).click();
    await b.page.getByText(`SIM ${msisdn} deactivated: confirmed by EnCo`).first().waitFor();
    assert.strictEqual(m2m.find('MSISDN', msisdn).state, 'Deactivated');
    assert.ok(m2m.deliveries.some((d) => /dashboard-callback$/.test(d.url) && d.status === 200), JSON.stringify(m2m.deliveries));
    // the table re-reads the SIM: its button now reactivates
    await row().getByRole('button', { name: 'Reactivate' }).waitFor();
    await shot('m2m-confirmed');
    await row().getByRole('button', { name: 'Reactivate' }).click();
    await b.page.getByText(`SIM ${msisdn} reactivated: confirmed by EnCo`).first().waitFor();
    assert.strictEqual(m2m.find('MSISDN', msisdn).state, 'Active');
    await row().getByRole('button', { name: 'Deactivate' }).waitFor();
    assert.deepStrictEqual(b.errors, []);
  });

  it('a refused request shows as such (deactivating a SIM that is already deactivated)', async function () {
    const m2m = sb.sims.enco.sim.m2m;
    const msisdn = '32470000004';
    await open('/m2m', 'M2M SIMs');
    const row = b.page.locator('.nrdb-ui-table tbody tr', { hasText: msisdn });
    await row.getByRole('button', { name: 'Deactivate' }).waitFor();
    // someone else deactivated it meanwhile: the table still offers Deactivate, EnCo refuses
    m2m.setState(msisdn, 'Deactivated');
    await row.getByRole('button', { name: 'Deactivate' }).click();
    await b.page.getByText(new RegExp(`SIM ${msisdn} not deactivated: Failed .*already deactivated`)).first().waitFor();
    await row.getByRole('button', { name: 'Reactivate' }).waitFor();
    assert.deepStrictEqual(b.errors, []);
  });

  describe('Enapter: gauges for production rate and tank level, commands through enapter-command', function () {
    const { electrolyser: EL, tank: TANK } = require('../sim/enapter-sim').SEED;
    /** What the page shows: the dial's value, the tank's percentage, the texts (null: not there). */
    const shown = () =>
      b.page.evaluate(() => {
        const t = (id, sel) => {
          const el = document.querySelector(`[id="nrdb-ui-widget-dash2enap.${id}"] ${sel}`);
          return el ? el.innerText.trim() : null;
        };
        return {
          rate: t('gauge.rate', '.nrdb-ui-gauge-value span'),
          level: t('gauge.level', '.nrdb-ui-gauge-tank--fglabel'),
          state: t('state', '.nrdb-ui-text-value'),
          temperature: t('temperature', '.nrdb-ui-text-value'),
          last: t('last', '.nrdb-ui-text-value'),
        };
      });
    /** Waits (15 s at most) until the page shows what `want(shown)` accepts; fails with what it showed. */
    async function until(want, what) {
      const deadline = Date.now() + 15_000;
      let last;
      while (Date.now() < deadline) {
        last = await shown();
        if (want(last)) return last;
        await b.page.waitForTimeout(200);
      }
      assert.fail(`${what}: not within 15 s (the page shows ${JSON.stringify(last)})`);
    }
    let sim;
    before(function () {
      sim = sb.sims.enapter.sim;
      sim.tick();
    });

    it('the gauges show the plant within 15 s: production rate, tank level, state, stack temperature', async function () {
      // the electrolyser runs at 40 % when the page opens (a rate the empty gauge could not show)
      const el = sim.plant.get(EL.device_id);
      el.setpoint = 40;
      el.running = true;
      const t0 = Date.now();
      await open('/enapter', 'Enapter electrolyser');
      const got = await until((s) => s.rate === '40' && s.state === 'steady' && /^\d+(\.\d+)?%$/.test(s.level || '') && /°C$/.test(s.temperature || ''), 'the gauges show the running electrolyser');
      console.log(`      (gauges with data ${Date.now() - t0} ms after opening the page)`);
      sim.tick();
      assert.ok(Math.abs(parseFloat(got.level) - sim.plant.get(TANK.device_id).level) < 5, `tank gauge ${got.level} %, simulator ${sim.plant.get(TANK.device_id).level} %`);
      assert.deepStrictEqual(b.errors, []);
    });

    it('Stop and Start go through enapter-command and move the gauge (production rate 40 -> 0 -> 40)', async function () {
      await open('/enapter', 'Enapter electrolyser');
      await until((s) => s.rate === '40', 'the running electrolyser');
      const before = sim.commandsReceived;
      await b.page.getByRole('button', { name: 'Stop' }).click();
      await until((x) => x.rate === '0' && x.state === 'idle' && x.last === 'stop: SUCCESS', 'Stop');
      assert.strictEqual(sim.plant.get(EL.device_id).running, false);
      await b.page.getByText('stop: SUCCESS').first().waitFor(); // the notification (and the text)
      await b.page.getByRole('button', { name: 'Start' }).click();
      await until((x) => x.rate === '40' && x.state === 'steady' && x.last === 'start: SUCCESS', 'Start');
      assert.strictEqual(sim.plant.get(EL.device_id).running, true);
      // one execution per click, on the electrolyser
      assert.strictEqual(sim.commandsReceived - before, 2);
      const names = [...sim.executions.values()].filter((e) => e.device_id === EL.device_id).map((e) => `${e.request.name}:${e.state}`);
      assert.deepStrictEqual(names.slice(-2), ['stop:SUCCESS', 'start:SUCCESS']);
      // the notification over the buttons closed, the needle settled: the screenshot of the README
      await b.page.getByRole('button', { name: 'Close' }).first().click();
      await b.page.waitForTimeout(1000);
      await shot('enapter');
      assert.deepStrictEqual(b.errors, []);
    });

    it('a refused command shows as FAILED with the device\'s answer (Self test: the simulator refuses it)', async function () {
      await open('/enapter', 'Enapter electrolyser');
      await until((s) => s.rate !== null, 'the page');
      await b.page.getByRole('button', { name: 'Self test' }).click();
      const s = await until((x) => /^self_test: FAILED/.test(x.last || ''), 'Self test');
      assert.strictEqual(s.last, 'self_test: FAILED - Self test failed: stack voltage out of range. (E_STACK_VOLTAGE)');
      // and the notification (in red) says the same
      await b.page.getByText(s.last).nth(1).waitFor();
      assert.strictEqual([...sim.executions.values()].pop().state, 'ERROR');
      // the electrolyser keeps running; a failed command changes nothing
      assert.strictEqual(s.rate, '40');
      await b.page.waitForTimeout(600); // the notification faded in
      await shot('enapter-failed');
      assert.deepStrictEqual(b.errors, []);
    });
  });
});
