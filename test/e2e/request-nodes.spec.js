'use strict';
// The dialogs of issue 16 in a real browser (Debian Chromium via playwright-core) against a real
// Node-RED with this package and the simulators (test/e2e/lib/): the three request nodes (method,
// path guard mirrored in the dialog, help) and, deployed, a request through each with the account
// wired to its simulator; the mythings-stream registration fields. Screenshots: test-results/e2e/.
const fs = require('fs');
const path = require('path');
const assert = require('assert');
const server = require('./lib/server');
const browser = require('./lib/browser');

const info = server.packageInfo();
const SHOTS = path.join(info.root, 'test-results', 'e2e');
const REQUEST = {
  'encloud-request': { account: 'encloud-account', method: 'GET', path: '/integration/devices', query: { keys: 'cell.rssi', timestamp: 0, limit: 10 } },
  'enco-request': { account: 'enco-account', method: 'GET', path: '/mythings/1.1.0/status' },
  'enapter-request': { account: 'enapter-account', method: 'POST', path: '/v3/sites', payload: { name: 'e2e site', timezone: 'Europe/Berlin' } },
};
const ESCAPES = ['/../admin', '/v3/%2e%2e/admin', '/v3%2fsites', '//evil.example/x', 'https://evil.example/x', '/v3\\sites', '/v3/sites?x=1', '/%252e%252e/x'];

describe('request nodes and stream registration in the editor (Chromium)', function () {
  this.timeout(120000);
  let srv;
  let b;
  let page;

  async function shot(name) {
    fs.mkdirSync(SHOTS, { recursive: true });
    await page.locator('.red-ui-tray').first().screenshot({ path: path.join(SHOTS, `request-${name}.png`) }).catch(() => {});
  }
  const errors = () => b.errors.splice(0, b.errors.length);

  const addNode = (type, extra) => browser.addNode(page, type, extra);
  const openNodeDialog = (id) => browser.openDialog(page, id);
  const closeNodeDialog = (ok) => browser.closeDialog(page, ok);
  const rawKeys = (type) => browser.rawKeys(page, type);
  async function flagged(inputId, value) {
    const input = page.locator(`#${inputId}`);
    await input.fill(value);
    await input.press('End');
    await input.dispatchEvent('change');
    await page.waitForTimeout(100);
    return input.evaluate((e) => e.classList.contains('input-error'));
  }
  async function deploy() {
    const mark = srv.logs.length;
    // nodes added through RED.nodes.add are validated as the editor does after an edit
    await page.evaluate(() => {
      RED.nodes.eachConfig((n) => RED.editor.validateNode(n));
      RED.nodes.eachNode((n) => RED.editor.validateNode(n));
      RED.view.redraw(true);
    });
    await page.click('#red-ui-header-button-deploy');
    await page.waitForSelector('#red-ui-header-button-deploy.disabled', { timeout: 15000 }).catch(async (e) => {
      const note = await page.evaluate(() => [...document.querySelectorAll('.red-ui-notification')].map((n) => n.innerText).join(' | '));
      const invalid = await page.evaluate(() => {
        const out = [];
        RED.nodes.eachNode((n) => {
          RED.editor.validateNode(n);
          if (!n.valid) out.push(n.type + ' ' + JSON.stringify(n.validationErrors));
        });
        return out;
      });
      throw new Error(`deploy did not finish: ${note}; invalid: ${invalid.join(', ')}; ${e.message}`);
    });
    const until = Date.now() + 15000;
    while (!srv.logs.slice(mark).some((l) => /Started (modified )?flows/.test(l)) && Date.now() < until) await page.waitForTimeout(100);
    return mark;
  }

  browser.useEditor('enco-request', (env) => ({ srv, b, page } = env));

  for (const type of Object.keys(REQUEST)) {
    it(`${type}: method and path rows, the path guard flagged in the dialog, translated, with help`, async function () {
      errors();
      const id = await addNode(type);
      await openNodeDialog(id);
      assert.deepStrictEqual(await rawKeys(type), [], 'untranslated keys');
      const methods = await page.evaluate(() => [...document.querySelectorAll('#node-input-method option')].map((o) => o.value));
      assert.deepStrictEqual(methods, ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
      for (const bad of ESCAPES) assert.ok(await flagged('node-input-path', bad), `${type}: "${bad}" is not flagged`);
      assert.ok(!(await flagged('node-input-path', '/v3/sites')), 'a plain path is flagged');
      assert.ok(!(await flagged('node-input-path', '')), 'an empty path (from msg.path) is flagged');
      await page.selectOption('#node-input-method', 'PATCH');
      await shot(type);
      await closeNodeDialog(true);
      const n = await page.evaluate((i) => {
        const x = RED.nodes.node(i);
        return { method: x.method, label: RED.nodes.getType(x.type).label.call(x) };
      }, id);
      assert.strictEqual(n.method, 'PATCH');
      assert.ok(/^PATCH/.test(n.label), `label ${n.label}`);
      const help = await page.evaluate((t) => {
        RED.sidebar.help.show(t);
        const el = document.querySelector('.red-ui-sidebar-help-stack .red-ui-help');
        return { headings: [...el.querySelectorAll('h3')].map((h) => h.textContent.trim()), text: el.textContent.replace(/\s+/g, ' ') };
      }, type);
      assert.deepStrictEqual(help.headings, ['Properties', 'Inputs', 'Outputs', 'Details', 'References']);
      // msg.payload is the body as is (SPEC 10): the help says how the msg is read, not the shared input rule
      assert.ok(/How the msg is read/.test(help.text), `${type}: the help does not say how the msg is read`);
      assert.ok(!/How msg\.payload is read \(the same rule in every IoT fleet node\)/.test(help.text), `${type}: the help shows the shared input rule`);
      await page.evaluate((i) => RED.nodes.remove(i), id);
      assert.deepStrictEqual(errors(), [], 'console errors');
    });
  }

  it('deployed: one request through each node reaches its simulator with the account (inject -> request -> debug)', async function () {
    errors();
    const made = [];
    for (const [type, r] of Object.entries(REQUEST)) {
      const s = srv.sims[r.account];
      const acc = await page.evaluate(
        ({ accountType, url, props }) => {
          const def = RED.nodes.getType(accountType);
          const n = { id: RED.nodes.id(), type: accountType, _def: def, users: [], changed: true };
          for (const [k, v] of Object.entries(def.defaults)) n[k] = v.value;
          Object.assign(n, props, { url, name: 'e2e ' + accountType });
          RED.nodes.add(n);
          return n.id;
        },
        { accountType: r.account, url: s.url, props: s.props },
      );
      await page.evaluate(({ id, creds }) => Object.assign(RED.nodes.node(id), { credentials: creds }), { id: acc, creds: s.credentials });
      const req = await addNode(type, { account: acc, method: r.method, path: r.path, name: `e2e ${type}` });
      const inject = await addNode('inject', {
        props: [{ p: 'payload', v: JSON.stringify(r.payload || {}), vt: 'json' }, ...(r.query ? [{ p: 'query', v: JSON.stringify(r.query), vt: 'json' }] : [])],
        repeat: '',
        once: false,
        wires: [[req]],
      });
      await page.evaluate(({ i, q }) => {
        const link = { source: RED.nodes.node(i), sourcePort: 0, target: RED.nodes.node(q) };
        RED.nodes.addLink(link);
        RED.nodes.node(q).account = RED.nodes.node(q).account;
        RED.nodes.dirty(true);
        RED.view.redraw(true);
      }, { i: inject, q: req });
      s.sim.clearLog();
      made.push({ type, r, s, req, inject });
    }
    const mark = await deploy();
    for (const { type, r, s, req, inject } of made) {
      await page.evaluate((i) => $.ajax({ url: 'inject/' + i, type: 'POST' }), inject);
      await page.waitForFunction(
        (i) => /\d{3}/.test((document.querySelector(`[id="${i}"] .red-ui-flow-node-status-label`) || {}).textContent || ''),
        req,
        { timeout: 15000 },
      );
      const status = await page.evaluate((i) => document.querySelector(`[id="${i}"] .red-ui-flow-node-status-label`).textContent, req);
      assert.strictEqual(status, `${r.method} 200`, `${type}: status "${status}"`);
      const hits = s.sim.requests({ method: r.method, path: r.path });
      assert.strictEqual(hits.length, 1, `${type}: ${hits.length} request(s) to ${r.method} ${r.path}`);
    }
    const bad = srv.logs.slice(mark).filter((l) => /\[(error|warn)\]/.test(l));
    assert.deepStrictEqual(bad, []);
    assert.deepStrictEqual(errors(), [], 'console errors');
  });

  it('mythings-stream: the registration fields (account, public URL, stream name/type, content type, company, FREEFORM template)', async function () {
    errors();
    const id = await addNode('mythings-stream', { url: '/e2e/registration' });
    await openNodeDialog(id);
    assert.deepStrictEqual(await rawKeys('mythings-stream'), [], 'untranslated keys');
    for (const f of ['account', 'publicUrl', 'streamName', 'streamType', 'contentType', 'companyId']) {
      assert.ok(await page.locator(`#node-input-${f}`).count(), `no #node-input-${f}`);
    }
    const types = await page.evaluate(() => [...document.querySelectorAll('#node-input-streamType option')].map((o) => o.value));
    assert.deepStrictEqual(types, ['DECODED', 'NETWORK', 'LOCATION', 'LBS']);
    const visible = () => page.evaluate(() => document.querySelector('#node-input-template').offsetParent !== null);
    assert.strictEqual(await visible(), false, 'the template row shows for JSON');
    await page.selectOption('#node-input-contentType', 'FREEFORM');
    assert.strictEqual(await visible(), true, 'the template row is hidden for FREEFORM');
    assert.ok(await flagged('node-input-publicUrl', 'ftp://nr.example.com'), 'ftp:// is not flagged');
    assert.ok(!(await flagged('node-input-publicUrl', 'https://nr.example.com')), 'an https URL is flagged');
    assert.ok(await flagged('node-input-companyId', 'abc'), 'a non-numeric company id is not flagged');
    await page.locator('#node-input-companyId').fill('162');
    await shot('mythings-stream-registration');
    await closeNodeDialog(true);
    const n = await page.evaluate((i) => {
      const x = RED.nodes.node(i);
      return { publicUrl: x.publicUrl, contentType: x.contentType, companyId: x.companyId };
    }, id);
    assert.deepStrictEqual(n, { publicUrl: 'https://nr.example.com', contentType: 'FREEFORM', companyId: '162' });
    await page.evaluate((i) => RED.nodes.remove(i), id);
    assert.deepStrictEqual(errors(), [], 'console errors');
  });
});
