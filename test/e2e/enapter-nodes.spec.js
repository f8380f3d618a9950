'use strict';
// The edit dialogs of enapter-device, enapter-telemetry and enapter-command in Chromium against a
// real Node-RED with this package (test/e2e/lib): each operation shows exactly the rows of the
// fields it uses (SPEC 7.3-7.5), invalid values are flagged before deploy as the runtime would
// reject them, labels and help come from the catalogs, and nothing logs a console error.
const assert = require('assert');
const browser = require('./lib/browser');

// The rows (data-iotf-field) each operation shows.
const ROWS = {
  'enapter-device': {
    list: ['site_id', 'expand'],
    get: ['device_id', 'expand'],
    update: ['device_id'],
    delete: ['device_id'],
    assignBlueprint: ['device_id', 'blueprint_id'],
    generateConfig: ['device_id', 'protocol'],
    sites: [],
    site: ['site_id'],
  },
  'enapter-command': {
    execute: ['command', 'wait'],
    start: ['command'],
    get: [],
    list: [],
  },
};
// Values the runtime refuses with INVALID_INPUT: the dialog flags them.
const INVALID = [
  { type: 'enapter-device', operation: 'list', input: 'expand', value: 'manifest,secrets' },
  { type: 'enapter-telemetry', input: 'relevance', value: '0' },
  { type: 'enapter-telemetry', input: 'relevance', value: '1.5' },
  { type: 'enapter-command', operation: 'execute', input: 'pollInterval', value: '0' },
  { type: 'enapter-command', operation: 'execute', input: 'waitTimeout', value: 'soon' },
];

describe('Enapter device, telemetry and command dialogs in Chromium', function () {
  this.timeout(120000);
  let srv;
  let b;
  let page;

  const addNode = (type) => browser.addNode(page, type);
  const openDialog = (id) => browser.openDialog(page, id);
  const closeDialog = (ok) => browser.closeDialog(page, ok);
  const shownRows = () =>
    page.evaluate(() => [...document.querySelectorAll('#dialog-form [data-iotf-field]')].filter((e) => e.offsetParent !== null).map((e) => e.getAttribute('data-iotf-field')));
  const assertNoErrors = (when) => {
    const errs = b.errors.splice(0, b.errors.length);
    assert.deepStrictEqual(errs, [], `console errors ${when}`);
  };

  browser.useEditor('enapter-device', (env) => ({ srv, b, page } = env));
  afterEach(async function () {
    if (!page) return;
    const open = await page.evaluate(() => {
      const c = document.querySelector('#node-dialog-cancel');
      if (c) c.click();
      return !!c;
    });
    if (open) await page.waitForTimeout(400);
  });

  it('the three nodes are in the palette with their catalog labels', async function () {
    const labels = await page.evaluate(() =>
      ['enapter-device', 'enapter-telemetry', 'enapter-command'].map((t) => {
        const el = document.querySelector(`#red-ui-palette .red-ui-palette-node[data-palette-type="${t}"] .red-ui-palette-label`);
        return el ? el.textContent.replace(/\s+/g, ' ').trim() : null;
      }),
    );
    assert.deepStrictEqual(labels, ['Enapter device', 'Enapter telemetry', 'Enapter command']);
  });

  for (const [type, rows] of Object.entries(ROWS)) {
    it(`${type}: each operation shows exactly the rows of its fields; the label names the operation`, async function () {
      b.errors.splice(0);
      const id = await addNode(type);
      await openDialog(id);
      const options = await page.evaluate(() => [...document.querySelectorAll('#node-input-operation option')].map((o) => ({ value: o.value, text: o.textContent.trim() })));
      assert.deepStrictEqual(options.map((o) => o.value), Object.keys(rows));
      assert.ok(options.every((o) => o.text && !/\./.test(o.text)), `untranslated options ${JSON.stringify(options)}`);
      for (const [op, expected] of Object.entries(rows)) {
        await page.selectOption('#node-input-operation', op);
        await page.waitForTimeout(50);
        assert.deepStrictEqual([...new Set(await shownRows())].sort(), [...expected].sort(), `${type} ${op}`);
      }
      // the wait settings of execute: the checkbox and both numbers
      if (type === 'enapter-command') {
        await page.selectOption('#node-input-operation', 'execute');
        for (const f of ['wait', 'pollInterval', 'waitTimeout']) assert.ok(await page.isVisible(`#node-input-${f}`), `${f} hidden for execute`);
        await page.selectOption('#node-input-operation', 'get');
        assert.ok(!(await page.isVisible('#node-input-pollInterval')), 'pollInterval shown for get');
      }
      const last = Object.keys(rows)[1];
      await page.selectOption('#node-input-operation', last);
      await closeDialog(true);
      const label = await page.evaluate((i) => {
        const n = RED.nodes.node(i);
        return n._def.label.call(n);
      }, id);
      const opText = options.find((o) => o.value === last).text;
      assert.ok(label.includes(opText), `label "${label}" does not name "${opText}"`);
      assertNoErrors(`in the ${type} dialog`);
    });
  }

  it('enapter-telemetry: device, attributes, relevance and output rows; one object by default', async function () {
    b.errors.splice(0);
    const id = await addNode('enapter-telemetry');
    await openDialog(id);
    for (const f of ['device_id', 'attributes', 'relevance', 'output']) assert.ok(await page.isVisible(`#node-input-${f}`), `${f} hidden`);
    assert.strictEqual(await page.inputValue('#node-input-output'), 'object');
    const outputs = await page.evaluate(() => [...document.querySelectorAll('#node-input-output option')].map((o) => o.textContent.trim()));
    assert.deepStrictEqual(outputs, ['one object', 'one msg per value']);
    await closeDialog(false);
    assertNoErrors('in the enapter-telemetry dialog');
  });

  for (const c of INVALID) {
    it(`${c.type}: "${c.value}" in ${c.input} is flagged before deploy`, async function () {
      const id = await addNode(c.type);
      await openDialog(id);
      if (c.operation) await page.selectOption('#node-input-operation', c.operation);
      const input = page.locator(`#node-input-${c.input}`);
      await input.fill(c.value);
      await input.press('End');
      await input.dispatchEvent('change');
      await page.waitForTimeout(150);
      assert.ok(await input.evaluate((e) => e.classList.contains('input-error')), `"${c.value}" in ${c.input} is not flagged`);
      await closeDialog(true);
      const v = await page.evaluate((i) => {
        const n = RED.nodes.node(i);
        RED.editor.validateNode(n);
        return { valid: n.valid, errors: n.validationErrors || [] };
      }, id);
      assert.strictEqual(v.valid, false);
      // Node-RED lists the property name, or the validator's reason when it gives one (besides the missing account)
      assert.strictEqual(v.errors.filter((e) => e !== 'account').length, 1, `validation errors ${JSON.stringify(v.errors)}`);
    });
  }

  it('the help of each node has Properties, Inputs, Outputs, Details and References', async function () {
    for (const type of ['enapter-device', 'enapter-telemetry', 'enapter-command']) {
      const heads = await page.evaluate(async (t) => {
        const html = RED.nodes.getNodeHelp ? RED.nodes.getNodeHelp(t) : $(`script[data-help-name="${t}"]`).html();
        const d = document.createElement('div');
        d.innerHTML = html || '';
        return [...d.querySelectorAll('h3')].map((h) => h.textContent.trim());
      }, type);
      assert.deepStrictEqual(heads, ['Properties', 'Inputs', 'Outputs', 'Details', 'References'], type);
    }
  });
});
