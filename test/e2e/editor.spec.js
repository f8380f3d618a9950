'use strict';
// The editor experience in a real browser (Debian Chromium via playwright-core) against a real
// Node-RED with this package installed, and the simulators of test/sim/. Everything is discovered:
// node types from package.json `node-red.nodes`, accounts by `category: 'config'`, examples from
// examples/*.json, simulators from test/sim/*-sim.js. Screenshots go to test-results/e2e/.
const fs = require('fs');
const path = require('path');
const http = require('http');
const assert = require('assert');
const server = require('./lib/server');
const browser = require('./lib/browser');
const { SPEC_FIELDS, EXACT, INVALID_INPUTS } = require('./lib/expectations');

const info = server.packageInfo();
const SHOTS = path.join(info.root, 'test-results', 'e2e');
const { DASHBOARD_EXAMPLE } = require('../../scripts/sandbox');
const CATEGORY = 'IoT fleet';

/** Config node types, read from the built editor files (so the test list is known before the browser). */
function isConfigType(type) {
  const file = path.join(info.root, 'nodes', `${type}.html`);
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` before the browser tests`);
  const html = fs.readFileSync(file, 'utf8');
  return /category:\s*['"]config['"]/.test(html);
}
const configTypes = info.types.filter(isConfigType);
const actionTypes = info.types.filter((t) => !configTypes.includes(t));
// Credentials of non-account nodes that the shipped examples leave empty (stream user/password,
// callback tokens): what a user types into the node's dialog, here the sandbox's values.
const nodeCredentials = {};
for (const f of fs.readdirSync(path.join(info.root, 'test', 'sim')).filter((x) => x.endsWith('-sim.js'))) {
  const mod = require(path.join(info.root, 'test', 'sim', f));
  Object.assign(nodeCredentials, (mod.sandbox && mod.sandbox.nodeCredentials) || {});
}

/** Replays a request the simulator received and returns the answer body (for the vendor's sentence). */
function replay(baseUrl, entry) {
  return new Promise((resolve, reject) => {
    const u = new URL(entry.path + (Object.keys(entry.query || {}).length ? '?' + new URLSearchParams(entry.query) : ''), baseUrl);
    const headers = { ...entry.headers };
    delete headers.host;
    delete headers.connection;
    const req = http.request(u, { method: entry.method, headers }, (res) => {
      let data = '';
      res.on('data', (c) => (data += c));
      res.on('end', () => resolve({ status: res.statusCode, body: data }));
    });
    req.on('error', reject);
    req.end(entry.raw || undefined);
  });
}

/** Every string in a (JSON or XML) answer that reads like a sentence. */
function sentences(text) {
  let leaves = [];
  try {
    const walk = (v) => {
      if (typeof v === 'string') leaves.push(v);
      else if (v && typeof v === 'object') Object.values(v).forEach(walk);
    };
    walk(JSON.parse(text));
  } catch {
    leaves = text.split(/<[^>]+>/);
  }
  return leaves.map((s) => s.trim().replace(/\.$/, '')).filter((s) => s.length >= 12 && /\s/.test(s));
}

describe('editor in Chromium', function () {
  this.timeout(120000);
  let srv;
  let b;
  let page;
  let shotCount = 0;

  async function shot(name, target) {
    fs.mkdirSync(SHOTS, { recursive: true });
    const file = path.join(SHOTS, `${String(++shotCount).padStart(2, '0')}-${name}.png`);
    // Notifications ("Successfully deployed") would cover the picture: hidden while it is taken.
    await page.evaluate(() => $('#red-ui-notifications').css('visibility', 'hidden'));
    if (target) await page.locator(target).first().screenshot({ path: file });
    else await page.screenshot({ path: file });
    await page.evaluate(() => $('#red-ui-notifications').css('visibility', ''));
    return file;
  }

  function takeErrors() {
    return b.errors.splice(0, b.errors.length);
  }

  function assertNoConsoleErrors(what) {
    const errs = takeErrors();
    assert.deepStrictEqual(errs, [], `console errors while ${what}:\n${errs.join('\n')}`);
  }

  const logMark = () => srv.logs.length;
  const logsSince = (mark) => srv.logs.slice(mark);

  /** Drops a palette node onto the workspace (drag and drop, like a user) and returns its id. */
  async function dropNode(type, x, y) {
    const before = await page.evaluate((t) => RED.nodes.filterNodes({ type: t }).map((n) => n.id), type);
    const handle = page.locator(`#red-ui-palette .red-ui-palette-node[data-palette-type="${type}"]`);
    await handle.scrollIntoViewIfNeeded();
    await handle.dragTo(page.locator('#red-ui-workspace-chart'), { targetPosition: { x, y } });
    const id = await page.waitForFunction(
      ({ t, ids }) => {
        const n = RED.nodes.filterNodes({ type: t }).find((m) => ids.indexOf(m.id) < 0);
        return n ? n.id : null;
      },
      { t: type, ids: before },
    );
    return id.jsonValue();
  }

  async function openNodeDialog(id) {
    await page.evaluate((i) => RED.view.reveal(i), id);
    await page.locator(`[id="${id}"] .red-ui-flow-node`).dblclick();
    await page.waitForSelector('#node-dialog-ok', { state: 'visible' });
    await page.waitForTimeout(300); // the tray slides in
  }

  const closeNodeDialog = (ok) => browser.closeDialog(page, ok);
  const rawKeys = (type) => browser.rawKeys(page, type);

  browser.useEditor(info.types[0], (env) => {
    ({ srv, b, page } = env);
    console.log(`      Node-RED ${srv.version} on Node ${process.version}; simulators: ${Object.keys(srv.sims).join(', ')}`);
  });

  // A failed test must not leave a dialog open for the next one.
  afterEach(async function () {
    if (!page) return;
    if (this.currentTest && this.currentTest.state === 'failed') {
      await shot(`FAILED-${this.currentTest.title.replace(/[^A-Za-z0-9-]+/g, '_').slice(0, 60)}`).catch(() => {});
    }
    for (let i = 0; i < 5; i++) {
      const open = await page.evaluate(() => {
        const cancel = document.querySelector('#node-config-dialog-cancel') || document.querySelector('#node-dialog-cancel');
        if (cancel) cancel.click();
        const clip = document.querySelector('#red-ui-clipboard-dialog');
        if (clip && clip.offsetParent !== null) $('#red-ui-clipboard-dialog').dialog('close');
        document.querySelectorAll('.red-ui-notification .ui-button, .red-ui-notification button').forEach((btn) => {
          if (/cancel|close/i.test(btn.textContent)) btn.click();
        });
        return !!cancel;
      });
      if (!open) break;
      await page.waitForTimeout(400);
    }
  });


  it('loads the package without warnings and with every node type of package.json', async function () {
    const missing = await page.evaluate((types) => types.filter((t) => !RED.nodes.getType(t)), info.types);
    assert.deepStrictEqual(missing, [], 'types not registered in the editor');
    const bad = srv.logs.filter((l) => /\[(warn|error)\]/.test(l) && /iot-fleet|enapter|enco|encloud|mythings|m2m/i.test(l));
    assert.deepStrictEqual(bad, [], 'Node-RED warned while loading the package');
    const config = await page.evaluate((types) => types.filter((t) => RED.nodes.getType(t).category === 'config'), info.types);
    assert.deepStrictEqual(config.sort(), configTypes.slice().sort());
    assertNoConsoleErrors('loading the editor');
  });

  it(`shows every node type in the palette under "${CATEGORY}", with its label, colour and icon`, async function () {
    const palette = await page.evaluate(
      ({ types, category }) =>
        types.map((t) => {
          const el = document.querySelector(`#red-ui-palette .red-ui-palette-node[data-palette-type="${t}"]`);
          if (!el) return { type: t, missing: true };
          const cat = el.closest('.red-ui-palette-category');
          const header = cat && cat.querySelector('.red-ui-palette-header');
          const icon = el.querySelector('.red-ui-palette-icon');
          return {
            type: t,
            category: header ? header.innerText.trim() : null,
            label: el.querySelector('.red-ui-palette-label').innerText.replace(/\s+/g, ' ').trim(),
            colour: getComputedStyle(el).backgroundColor,
            icon: icon ? getComputedStyle(icon).backgroundImage : '',
          };
        }),
      { types: actionTypes, category: CATEGORY },
    );
    const configInPalette = await page.evaluate((types) => types.filter((t) => document.querySelector(`#red-ui-palette .red-ui-palette-node[data-palette-type="${t}"]`)), configTypes);
    assert.deepStrictEqual(configInPalette, [], 'config nodes must not be in the palette');
    for (const p of palette) {
      assert.ok(!p.missing, `${p.type} is not in the palette`);
      assert.strictEqual(p.category, CATEGORY, `${p.type} is under "${p.category}"`);
      const expected = (info.catalog(p.type)[p.type] || {}).paletteLabel;
      assert.ok(expected, `${p.type}: no paletteLabel in locales/en-US/${p.type}.json`);
      assert.strictEqual(p.label, expected, `${p.type}: palette label`);
      assert.ok(/icons\/node-red-contrib-iot-fleet\/[a-z0-9-]+\.svg/.test(p.icon), `${p.type}: icon is ${p.icon}`);
    }
    // One colour per platform (the type's prefix), different between platforms.
    const byPlatform = {};
    for (const p of palette) (byPlatform[p.type.split('-')[0]] ||= new Set()).add(p.colour);
    for (const [platform, colours] of Object.entries(byPlatform)) assert.strictEqual(colours.size, 1, `${platform}: colours ${[...colours]}`);
    // The icons are served (no 404) and are SVG.
    for (const p of palette) {
      const url = /url\("?([^")]+)"?\)/.exec(p.icon)[1];
      const res = await page.request.get(url);
      assert.strictEqual(res.status(), 200, `${p.type}: icon ${url}`);
      assert.ok(/<svg/.test(await res.text()), `${p.type}: icon is not an SVG`);
    }
    await page.evaluate((category) => {
      document.querySelectorAll('.red-ui-palette-category').forEach((c) => {
        const h = c.querySelector('.red-ui-palette-header');
        const content = c.querySelector('.red-ui-palette-content');
        if (h && content && h.innerText.trim() !== category && content.style.display !== 'none') h.click();
      });
    }, CATEGORY);
    await page.waitForTimeout(400);
    await shot('palette', '#red-ui-palette');
    assertNoConsoleErrors('showing the palette');
  });

  const placed = {}; // type -> node id on the workspace
  actionTypes.forEach((type, i) => {
    it(`${type}: edit dialog opens without console errors and shows only the operation's fields; label and ports`, async function () {
      takeErrors();
      placed[type] = await dropNode(type, 160 + (i % 3) * 260, 80 + Math.floor(i / 3) * 90);
      await openNodeDialog(placed[type]);
      assert.deepStrictEqual(await rawKeys(type), [], 'untranslated i18n keys in the dialog');

      const ops = await page.evaluate(() => {
        const sel = document.querySelector('#dialog-form #node-input-operation');
        return sel ? [...sel.options].map((o) => ({ value: o.value, text: o.textContent.trim() })) : null;
      });
      if (ops) {
        assert.ok(ops.length >= 2, `${type}: an operation select with ${ops.length} option(s)`);
        const marked = await page.evaluate(() => [...document.querySelectorAll('#dialog-form [data-iotf-field]')].map((e) => e.getAttribute('data-iotf-field')));
        assert.ok(marked.length > 0, `${type}: no rows marked data-iotf-field`);
        const visibleFor = {};
        for (const op of ops) {
          await page.selectOption('#dialog-form #node-input-operation', op.value);
          visibleFor[op.value] = await page.evaluate(() =>
            [...document.querySelectorAll('#dialog-form [data-iotf-field]')].filter((e) => e.offsetParent !== null).map((e) => e.getAttribute('data-iotf-field')),
          );
          const spec = SPEC_FIELDS[type];
          if (spec) {
            assert.ok(spec[op.value], `${type}: operation ${op.value} is not in the SPEC table`);
            const uses = (m) => m.split(/\s+/).some((f) => spec[op.value].includes(f));
            const foreign = visibleFor[op.value].filter((m) => !uses(m));
            assert.deepStrictEqual(foreign, [], `${type}/${op.value}: rows shown for fields the operation does not use`);
            if (EXACT.has(type)) assert.deepStrictEqual(visibleFor[op.value].slice().sort(), marked.filter(uses).sort(), `${type}/${op.value}: visible rows`);
          }
        }
        // Every marked row is shown by some operation and hidden by another.
        for (const m of marked) {
          const shownBy = ops.filter((o) => visibleFor[o.value].includes(m)).length;
          assert.ok(shownBy > 0, `${type}: row "${m}" is never shown`);
          assert.ok(shownBy < ops.length, `${type}: row "${m}" is shown for every operation (then it needs no data-iotf-field)`);
        }
        // Switching back restores the first operation's rows.
        await page.selectOption('#dialog-form #node-input-operation', ops[0].value);
        const again = await page.evaluate(() =>
          [...document.querySelectorAll('#dialog-form [data-iotf-field]')].filter((e) => e.offsetParent !== null).map((e) => e.getAttribute('data-iotf-field')),
        );
        assert.deepStrictEqual(again, visibleFor[ops[0].value]);
        // The richest operation makes the best screenshot.
        const richest = ops.reduce((a, o) => (visibleFor[o.value].length > visibleFor[a.value].length ? o : a), ops[0]);
        await page.selectOption('#dialog-form #node-input-operation', richest.value);
      }
      await page.waitForTimeout(150);
      await shot(`dialog-${type}`, '.red-ui-tray');
      assertNoConsoleErrors(`opening the ${type} dialog`);
      await closeNodeDialog(true);

      // Node label shows the operation; ports are labelled.
      const labels = await page.evaluate(
        ({ id, ops }) => {
          const n = RED.nodes.node(id);
          const def = RED.nodes.getType(n.type);
          const call = (f, ctx, ...a) => (typeof f === 'function' ? f.call(ctx, ...a) : f);
          const byOp = (ops || []).map((o) => ({ op: o, label: String(call(def.label, Object.assign({}, n, { name: '', operation: o.value, _: n._ })) || '') }));
          const arr = (f, count) => [...Array(count)].map((_, i) => {
            const v = typeof f === 'function' ? f.call(n, i) : Array.isArray(f) ? f[i] : f;
            return v ? String(v) : '';
          });
          return {
            canvas: (document.querySelector(`[id="${id}"] .red-ui-flow-node-label`) || {}).textContent || '',
            plain: String(call(def.label, n) || ''),
            byOp,
            inputs: arr(def.inputLabels, n.inputs === undefined ? def.inputs || 0 : n.inputs),
            outputs: arr(def.outputLabels, n.outputs === undefined ? def.outputs || 0 : n.outputs),
          };
        },
        { id: placed[type], ops },
      );
      assert.ok(labels.canvas.trim().length > 0, `${type}: empty node label`);
      assert.ok(labels.canvas.trim() !== type, `${type}: the node label is the bare type`);
      for (const { op, label } of labels.byOp) {
        assert.ok(label.toLowerCase().includes(op.text.toLowerCase()) || label.toLowerCase().includes(op.value.toLowerCase()), `${type}: label "${label}" does not show the operation "${op.text}"`);
      }
      assert.ok(labels.inputs.every((l) => l.trim()), `${type}: unlabelled input port ${JSON.stringify(labels.inputs)}`);
      assert.ok(labels.outputs.length > 0 && labels.outputs.every((l) => l.trim()), `${type}: unlabelled output port ${JSON.stringify(labels.outputs)}`);
      assertNoConsoleErrors(`closing the ${type} dialog`);
    });

    it(`${type}: flags invalid input (and a missing account) before deploy`, async function () {
      takeErrors();
      const id = placed[type];
      assert.ok(id, 'the node was not placed by the previous test');
      const state = await page.evaluate((i) => {
        const n = RED.nodes.node(i);
        RED.editor.validateNode(n);
        const badge = document.querySelector(`[id="${i}"] .red-ui-flow-node-error`);
        return { valid: n.valid, errors: n.validationErrors || [], badge: !!badge && !badge.classList.contains('hide') && getComputedStyle(badge).display !== 'none' };
      }, id);
      const hasAccount = await page.evaluate((t) => !!(RED.nodes.getType(t).defaults.account || {}).required, type);
      if (hasAccount) {
        assert.strictEqual(state.valid, false, `${type}: a node without an account is valid`);
        assert.ok(state.errors.includes('account'), `${type}: validation errors ${JSON.stringify(state.errors)}`);
        assert.ok(state.badge, `${type}: the invalid node shows no error badge on the canvas`);
      }
      const cases = INVALID_INPUTS[type] || [];
      let tried = 0;
      for (const c of cases) {
        await openNodeDialog(id);
        if (c.operation) await page.selectOption('#dialog-form #node-input-operation', c.operation);
        const inputId = await page.evaluate((re) => {
          const r = new RegExp(re, 'i');
          const el = [...document.querySelectorAll('#dialog-form [id^="node-input-"]')].find((e) => r.test(e.id.slice('node-input-'.length)) && e.offsetParent !== null);
          return el ? el.id : null;
        }, c.field);
        if (!inputId) {
          await closeNodeDialog(false);
          continue;
        }
        tried++;
        const input = page.locator(`#${inputId}`);
        await input.fill(c.value);
        await input.press('End'); // keyup: Node-RED validates as you type
        await input.dispatchEvent('change');
        await page.waitForTimeout(150);
        assert.ok(await input.evaluate((e) => e.classList.contains('input-error')), `${type}: "${c.value}" in ${inputId} is not flagged`);
        if (tried === 1) await shot(`invalid-${type}`, '.red-ui-tray');
        await closeNodeDialog(true);
        const prop = inputId.slice('node-input-'.length);
        const after = await page.evaluate((i) => {
          const n = RED.nodes.node(i);
          return { valid: n.valid, errors: n.validationErrors || [] };
        }, id);
        assert.strictEqual(after.valid, false);
        // Node-RED lists the property name, or the validator's reason when it gives one.
        assert.ok(after.errors.length > state.errors.length, `${type}: validation errors ${JSON.stringify(after.errors)} do not report ${prop}`);
        // Deploy warns about the improperly configured node instead of deploying silently.
        const mark = logMark();
        await page.click('#red-ui-header-button-deploy');
        const dialog = page.locator('.red-ui-notification').filter({ hasText: await page.evaluate(() => RED._('deploy.confirm.improperlyConfigured')) });
        await dialog.waitFor({ state: 'visible', timeout: 5000 });
        await dialog.locator('button').filter({ hasText: await page.evaluate(() => RED._('common.label.cancel')) }).click();
        await dialog.waitFor({ state: 'detached', timeout: 5000 });
        assert.ok(!logsSince(mark).some((l) => /Starting flows/.test(l)), 'the flows were deployed anyway');
        // Put the value back.
        await openNodeDialog(id);
        await page.locator(`#${inputId}`).fill('');
        await page.locator(`#${inputId}`).dispatchEvent('change');
        await closeNodeDialog(true);
      }
      if (cases.length) assert.ok(tried > 0, `${type}: none of the invalid-input fields ${cases.map((c) => c.field)} exist in the dialog`);
      assertNoConsoleErrors(`validating ${type}`);
    });
  });

  it('every help panel shows Properties, Inputs, Outputs and Details (accounts: Properties and Details), with References; nodes with input the input rule', async function () {
    takeErrors();
    const problems = [];
    for (const type of info.types) {
      const help = await page.evaluate((t) => {
        RED.sidebar.help.show(t);
        const el = document.querySelector('.red-ui-sidebar-help-stack .red-ui-help');
        return {
          headings: [...el.querySelectorAll('h3')].map((h) => h.textContent.trim()),
          firstParagraph: (el.querySelector('p') || {}).textContent || '',
          messageProperties: el.querySelectorAll('dl.message-properties').length,
          links: [...el.querySelectorAll('a[href^="http"]')].length,
          none: !!el.querySelector('.red-ui-help-info-none'),
          text: el.textContent.replace(/\s+/g, ' '),
        };
      }, type);
      const inputs = await page.evaluate((t) => RED.nodes.getType(t).inputs || 0, type);
      const want = configTypes.includes(type) ? ['Properties', 'Details', 'References'] : ['Properties', ...(inputs ? ['Inputs'] : []), 'Outputs', 'Details', 'References'];
      // the one input rule (locales/en-US/input-rule.html), as the help panel shows it
      const rule = /How msg\.payload is read \(the same rule in every IoT fleet node\)[\s\S]*such as the timestamp of an inject node/;
      // a help may opt out (<!-- iotf:no-input-rule -->, scripts/build.js: the request nodes, whose msg.payload is the
      // body as is): then the panel must not show the rule, and must say how that node reads the msg instead
      const optedOut = fs.readFileSync(path.join(info.root, 'locales', 'en-US', `${type}.html`), 'utf8').includes('<!-- iotf:no-input-rule -->');
      if (inputs && !optedOut && !rule.test(help.text)) problems.push(`${type}: the help panel does not show the input rule`);
      if (optedOut && rule.test(help.text)) problems.push(`${type}: opts out of the input rule, but the help panel shows it`);
      if (inputs && optedOut && !/How the msg is read/.test(help.text)) problems.push(`${type}: opts out of the input rule without saying how it reads the msg`);
      const lacking = want.filter((h) => !help.headings.includes(h));
      if (help.none) problems.push(`${type}: no help`);
      else if (lacking.length) problems.push(`${type}: help lacks ${lacking.join(', ')} (has ${help.headings.join(', ')})`);
      if (!help.firstParagraph.trim()) problems.push(`${type}: no first paragraph (tooltip)`);
      if (help.messageProperties === 0) problems.push(`${type}: no dl.message-properties`);
      if (help.links === 0) problems.push(`${type}: no reference link`);
      if (type === actionTypes[0]) await shot(`help-${type}`, '.red-ui-sidebar-help-stack');
    }
    assert.deepStrictEqual(problems, []);
    assertNoConsoleErrors('showing the help');
  });

  // Test connection, for every account type that has a simulator.
  configTypes.forEach((accountType) => {
    it(`${accountType}: Test connection succeeds against the simulator and shows the vendor's error for bad credentials`, async function () {
      takeErrors();
      const s = srv.sims[accountType];
      assert.ok(s, `no simulator in test/sim/ declares sandbox.accountType "${accountType}"`);
      // Open the account dialog the way a user does: from a node that uses it (pencil button).
      const user = await page.evaluate(
        ({ acc, placedIds }) => Object.entries(placedIds).find(([t]) => (RED.nodes.getType(t).defaults.account || {}).type === acc),
        { acc: accountType, placedIds: placed },
      );
      if (user) {
        await openNodeDialog(user[1]);
        await page.click('#node-input-btn-account-add');
      } else {
        await page.evaluate((t) => RED.editor.editConfig('', t, '_ADD_'), accountType);
      }
      await page.waitForSelector('#node-config-dialog-ok', { state: 'visible' });
      await page.waitForTimeout(300);
      assert.deepStrictEqual(await rawKeys(accountType), [], 'untranslated i18n keys in the account dialog');

      const fill = async (values) => {
        for (const [k, v] of Object.entries(values)) {
          const el = page.locator(`#node-config-input-${k}`);
          if ((await el.evaluate((e) => e.tagName)) === 'SELECT') await el.selectOption(String(v));
          else await el.fill(String(v));
        }
      };
      const testConnection = async () => {
        await page.evaluate(() => $('#iotf-test-result').removeClass('iotf-ok iotf-fail').text(''));
        await page.click('#iotf-test-button');
        await page.waitForSelector('#iotf-test-result.iotf-ok, #iotf-test-result.iotf-fail', { timeout: 15000 });
        return page.evaluate(() => ({ ok: $('#iotf-test-result').hasClass('iotf-ok'), text: $('#iotf-test-result').text() }));
      };
      await fill({ name: `e2e ${s.name}`, url: s.url, ...s.props, ...s.credentials });
      s.sim.clearLog();
      const good = await testConnection();
      assert.ok(good.ok, `${accountType}: Test connection failed: ${good.text}`);
      assert.strictEqual(good.text, await page.evaluate((t) => RED._(`node-red-contrib-iot-fleet/${t}:common.test.ok`), accountType));
      const reads = s.sim.requests({});
      assert.ok(reads.length > 0, 'the test did not reach the simulator');
      await shot(`test-ok-${accountType}`, '.red-ui-tray:last-of-type');

      // Bad credentials: the vendor's own sentence, and no secret in the answer.
      const bad = Object.fromEntries(Object.entries(s.credentials).map(([k, v]) => [k, `wrong-${v}`]));
      await fill(bad);
      s.sim.clearLog();
      const failed = await testConnection();
      assert.ok(!failed.ok, `${accountType}: bad credentials passed the test`);
      assert.ok(/^AUTH_FAILED: /.test(failed.text), `${accountType}: "${failed.text}"`);
      for (const v of Object.values(bad)) assert.ok(!failed.text.includes(v), 'the answer echoes a credential');
      const last = s.sim.requests({}).slice(-1)[0];
      const answer = await replay(s.url, last);
      const vendor = sentences(answer.body);
      assert.ok(answer.status >= 400 && vendor.length > 0, `the simulator answered ${answer.status} ${answer.body}`);
      assert.ok(vendor.some((v) => failed.text.includes(v)), `"${failed.text}" does not carry the vendor's sentence (one of ${JSON.stringify(vendor)})`);
      await shot(`test-fail-${accountType}`, '.red-ui-tray:last-of-type');

      // Keep the good account: Add, then Done on the node.
      await fill(s.credentials);
      await page.click('#node-config-dialog-ok');
      await page.waitForSelector('#node-config-dialog-ok', { state: 'detached' });
      if (user) await closeNodeDialog(true);
      assertNoConsoleErrors(`testing the ${accountType} connection`);
    });
  });

  it('deploys the nodes, and Test connection then takes unchanged credentials from the deployed account', async function () {
    takeErrors();
    // Leave only valid nodes (each account type got one above) and deploy.
    await page.evaluate(() => {
      const invalid = [];
      RED.nodes.eachNode((n) => {
        RED.editor.validateNode(n);
        if (!n.valid) invalid.push(n);
      });
      if (invalid.length) {
        RED.view.select({ nodes: invalid });
        RED.view.clipboard && RED.actions.invoke('core:delete-selection');
      }
    });
    const mark = logMark();
    await deploy();
    const accounts = await page.evaluate((types) => {
      const out = [];
      RED.nodes.eachConfig((c) => {
        if (types.includes(c.type)) out.push({ id: c.id, type: c.type });
      });
      return out;
    }, configTypes);
    assert.ok(accounts.length > 0, 'no account was created');
    for (const acc of accounts) {
      await page.evaluate(({ id, type }) => RED.editor.editConfig('', type, id), acc);
      await page.waitForSelector('#node-config-dialog-ok', { state: 'visible' });
      await page.waitForTimeout(300);
      await page.evaluate(() => $('#iotf-test-result').removeClass('iotf-ok iotf-fail').text(''));
      await page.click('#iotf-test-button');
      await page.waitForSelector('#iotf-test-result.iotf-ok, #iotf-test-result.iotf-fail', { timeout: 15000 });
      const r = await page.evaluate(() => ({ ok: $('#iotf-test-result').hasClass('iotf-ok'), text: $('#iotf-test-result').text() }));
      assert.ok(r.ok, `${acc.type}: Test connection with the deployed credentials: ${r.text}`);
      await page.click('#node-config-dialog-cancel');
      await page.waitForSelector('#node-config-dialog-ok', { state: 'detached' });
    }
    const errs = logsSince(mark).filter((l) => /\[(error|warn)\]/.test(l));
    assert.deepStrictEqual(errs, []);
    // Clear the workspace for the examples (a placed HTTP endpoint node would hold their paths).
    await page.evaluate((ids) => {
      const nodes = ids.map((id) => RED.nodes.node(id)).filter(Boolean);
      if (nodes.length) {
        RED.view.select({ nodes });
        RED.actions.invoke('core:delete-selection');
      }
    }, Object.values(placed));
    await deploy();
    assertNoConsoleErrors('deploying');
  });

  // The editor in the user's language: palette labels, dialog texts and help from locales/<lang>/.
  const HELP_HEADINGS = { de: ['Eingangsdaten', 'Ausgangsdaten', 'Details', 'Eigenschaften'], fr: ['Entrées', 'Sorties', 'Détails', 'Propriétés'] };
  for (const [lang, locale] of [['de', 'de-DE'], ['fr', 'fr-FR']]) {
    it(`in a ${locale} browser: palette labels, account dialog and help come from locales/${lang}`, async function () {
      const other = await browser.launch({ locale });
      try {
        other.page.setDefaultTimeout(10000);
        await browser.openEditor(other.page, srv.url, info.types[0]);
        const problems = [];
        for (const type of actionTypes) {
          const want = (info.catalog(type, lang)[type] || {}).paletteLabel;
          const got = await other.page.evaluate(
            (t) => (document.querySelector(`#red-ui-palette .red-ui-palette-node[data-palette-type="${t}"] .red-ui-palette-label`) || {}).innerText,
            type,
          );
          if (!want || (got || '').replace(/\s+/g, ' ').trim() !== want) problems.push(`${type}: palette label "${got}", ${lang} catalog "${want}"`);
          const headings = await other.page.evaluate((t) => {
            RED.sidebar.help.show(t);
            return [...document.querySelectorAll('.red-ui-sidebar-help-stack .red-ui-help h3')].map((h) => h.textContent.trim());
          }, type);
          const inputs = await other.page.evaluate((t) => RED.nodes.getType(t).inputs || 0, type);
          const expected = HELP_HEADINGS[lang].filter((h, i) => i !== 0 || inputs);
          const lacking = expected.filter((h) => !headings.includes(h));
          if (lacking.length) problems.push(`${type}: ${lang} help lacks ${lacking.join(', ')} (has ${headings.join(', ')})`);
        }
        // An account dialog: translated labels, no raw keys.
        const accountType = configTypes[0];
        await other.page.evaluate((t) => RED.editor.editConfig('', t, '_ADD_'), accountType);
        await other.page.waitForSelector('#node-config-dialog-ok', { state: 'visible' });
        await other.page.waitForTimeout(300);
        const button = (await other.page.locator('#iotf-test-button').innerText()).trim();
        const catalogButton = JSON.parse(fs.readFileSync(path.join(info.root, 'locales', lang, 'common.json'), 'utf8')).test.button;
        if (button !== catalogButton) problems.push(`${accountType}: Test connection button reads "${button}", ${lang} catalog "${catalogButton}"`);
        const raw = await other.page.evaluate((t) => {
          const tray = document.querySelector('.red-ui-tray:last-of-type');
          return /(^|\s)(common|[a-z0-9-]+)\.(label|placeholder|test|authType)\.[A-Za-z]+/.test(tray.innerText) ? tray.innerText : '';
        }, accountType);
        if (raw) problems.push(`untranslated keys in the ${accountType} dialog: ${raw}`);
        fs.mkdirSync(SHOTS, { recursive: true });
        await other.page.locator('.red-ui-tray:last-of-type').screenshot({ path: path.join(SHOTS, `${lang}-dialog-${accountType}.png`) });
        assert.deepStrictEqual(problems, []);
        assert.deepStrictEqual(other.errors, [], `console errors in the ${locale} editor`);
      } finally {
        await other.close();
      }
    });
  }

  /** Clicks Deploy and waits for "Successfully deployed"; any confirm dialog is a failure. */
  async function deploy() {
    const ok = await page.evaluate(() => RED._('deploy.successfulDeploy'));
    await page.evaluate(() => $('.red-ui-notification').attr('data-iotf-seen', '1'));
    await page.click('#red-ui-header-button-deploy');
    const note = page.locator('.red-ui-notification:not([data-iotf-seen])').last();
    await note.waitFor({ state: 'visible', timeout: 15000 });
    const text = (await note.innerText()).trim();
    assert.ok(text.includes(ok), `deploy answered: ${text}`);
    await page.waitForSelector('#red-ui-header-button-deploy.disabled', { timeout: 15000 });
  }

  // Every example: Import menu -> Examples -> the package -> the example -> Import; the accounts get
  // the simulator's URL and credentials (as the sandbox does) in their dialog; Deploy.
  // Not the dashboard2-* examples (scripts/sandbox.js DASHBOARD_EXAMPLE): they need Dashboard 2.0 and
  // share its ui-base; test/e2e/dashboard.spec.js runs them in the sandbox, and
  // test/unit/dashboard-examples.spec.js checks that exactly the examples using ui-* nodes match.
  info.examples.filter((e) => !DASHBOARD_EXAMPLE.test(`${e.name}.json`)).forEach((example) => {
    it(`example "${example.name}" imports from the Import menu and deploys without errors`, async function () {
      takeErrors();
      await page.click('#red-ui-header-button-sidemenu');
      await page.click('#menu-item-import');
      await page.waitForSelector('#red-ui-clipboard-dialog', { state: 'visible' });
      await page.click('#red-ui-clipboard-dialog-import-tabs a[href="#red-ui-clipboard-dialog-import-tab-examples"]');
      const tab = page.locator('#red-ui-clipboard-dialog-import-tab-examples');
      const item = tab.locator('.red-ui-treeList-label', { hasText: new RegExp(`^\\s*${example.name}\\s*$`) }).first();
      const folder = tab.locator('.red-ui-treeList-label', { hasText: info.name }).first();
      await folder.waitFor();
      // The tree remembers an open folder between dialogs and animates opening it: open the package's
      // folder only if closed, and select the example again if a click landed while the tree moved
      // (under load the Import button then stayed disabled).
      const okEnabled = '#red-ui-clipboard-dialog-ok:not(.ui-state-disabled):not([disabled])';
      for (let attempt = 1; ; attempt++) {
        await page.waitForTimeout(300);
        if (!(await item.isVisible())) await folder.click();
        await item.waitFor({ state: 'visible', timeout: 5000 });
        await page.waitForTimeout(200);
        await item.click();
        try {
          await page.waitForSelector(okEnabled, { timeout: 4000 });
          break;
        } catch (e) {
          if (attempt === 3) throw e;
        }
      }
      const ids = example.flow.map((n) => n.id);
      await page.click('#red-ui-clipboard-dialog-ok');
      await page.waitForSelector('#red-ui-clipboard-dialog', { state: 'hidden' });
      const conflict = await page.locator('.red-ui-notification', { hasText: /already exist/i }).count();
      assert.strictEqual(conflict, 0, `${example.name}: its node ids clash with nodes already in the workspace`);
      const present = (want) => want.filter((id) => RED.nodes.node(id) || RED.nodes.workspace(id)).length === want.length;
      await page.waitForFunction(present, ids, { timeout: 5000 }).catch(() => {});
      const imported = await page.evaluate((want) => want.filter((id) => RED.nodes.node(id) || RED.nodes.workspace(id)).length, ids);
      assert.strictEqual(imported, ids.length, `${example.name}: ${ids.length - imported} node(s) were not imported with their ids`);

      // Accounts: wire them to the simulators in their dialogs.
      const accounts = example.flow.filter((n) => configTypes.includes(n.type));
      for (const acc of accounts) {
        const s = srv.sims[acc.type];
        assert.ok(s, `no simulator for ${acc.type}`);
        await page.evaluate(({ id, type }) => RED.editor.editConfig('', type, id), acc);
        await page.waitForSelector('#node-config-dialog-ok', { state: 'visible' });
        await page.waitForTimeout(300);
        for (const [k, v] of Object.entries({ url: s.url, ...s.props, ...s.credentials })) {
          const el = page.locator(`#node-config-input-${k}`);
          if ((await el.evaluate((e) => e.tagName)) === 'SELECT') await el.selectOption(String(v));
          else await el.fill(String(v));
        }
        await page.click('#node-config-dialog-ok');
        await page.waitForSelector('#node-config-dialog-ok', { state: 'detached' });
      }
      for (const n of example.flow.filter((x) => nodeCredentials[x.type])) {
        await openNodeDialog(n.id);
        await page.evaluate((creds) => {
          for (const [k, v] of Object.entries(creds)) $('#node-input-' + k).val(v).trigger('change');
        }, nodeCredentials[n.type]);
        await closeNodeDialog(true);
      }
      const invalid = await page.evaluate((want) => {
        const out = [];
        for (const id of want) {
          const n = RED.nodes.node(id);
          if (!n) continue;
          RED.editor.validateNode(n);
          if (!n.valid) out.push(`${n.type} ${n.id}: ${JSON.stringify(n.validationErrors || [])}`);
        }
        return out;
      }, ids);
      assert.deepStrictEqual(invalid, [], `${example.name}: invalid nodes after import`);
      const tabId = example.flow.find((n) => n.type === 'tab');
      if (tabId) await page.evaluate((id) => RED.workspaces.show(id), tabId.id);
      await page.waitForTimeout(300);
      const mark = logMark();
      await deploy();
      await page.waitForTimeout(1500); // nodes start; errors (e.g. an HTTP endpoint that can not listen) would be logged now
      const errs = logsSince(mark).filter((l) => /\[(error|warn)\]/.test(l));
      assert.deepStrictEqual(errs, [], `${example.name}: Node-RED logged while deploying`);
      await page.evaluate(() => RED.view.focus && RED.view.focus());
      await shot(`example-${example.name}`, '#red-ui-workspace');
      // The example's first node of this package opens its dialog cleanly, account filled in.
      const first = example.flow.find((n) => actionTypes.includes(n.type));
      if (first) {
        await openNodeDialog(first.id);
        assert.deepStrictEqual(await rawKeys(first.type), [], `${example.name}: untranslated keys in the ${first.type} dialog`);
        await shot(`example-${example.name}-dialog-${first.type}`, '.red-ui-tray');
        await closeNodeDialog(false);
      }
      assertNoConsoleErrors(`importing and deploying ${example.name}`);
    });
  });
});
