/**
 * The dialog template of a node, rendered at build time from its NodeEditor (spec.ts), and the
 * build's checks of it. Used by scripts/build.js only (Node): the browser gets the rendered HTML.
 */
import { Extra, NodeEditor, Prop, TRANSPORT_PROPS, allProps } from './spec';

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The data-iotf-field of each property row: its `show`, else the property when an operation uses it. */
function marks(spec: NodeEditor): Record<string, string | undefined> {
  const used = new Set(Object.values(spec.operations?.fields ?? {}).flat());
  const out: Record<string, string | undefined> = {};
  for (const [name, p] of Object.entries(spec.props)) out[name] = p.show ?? (used.has(name) ? name : undefined);
  return out;
}

function inputKind(name: string, p: Prop): NonNullable<Prop['input']> {
  if (p.input) return p.input;
  if (p.options) return 'select';
  if (typeof p.value === 'boolean') return 'checkbox';
  if (p.credential === 'password') return 'password';
  return 'text';
}

function row(spec: NodeEditor, prefix: string, name: string, p: Prop, mark: string | undefined): string {
  const id = prefix + name;
  const cls = ['form-row', ...(p.cls ? [p.cls] : [])].join(' ');
  const open = `  <div class="${cls}"${mark ? ` data-iotf-field="${esc(mark)}"` : ''}>`;
  const labelKey = p.label === true ? `${spec.type}.label.${name}` : p.label;
  const kind = inputKind(name, p);
  if (kind === 'toggle') {
    return [
      open,
      '    <label>&nbsp;</label>',
      `    <input type="checkbox" id="${id}" style="display:inline-block; width:auto; vertical-align:top;">`,
      `    <label for="${id}" style="width:auto;" data-i18n="${labelKey}"></label>`,
      '  </div>',
    ].join('\n');
  }
  const icon = p.icon ? `<i class="fa fa-${p.icon}"></i> ` : '';
  const text = labelKey ? `<span data-i18n="${labelKey}"></span>` : name;
  const lines = [open, `    <label for="${id}">${icon}${text}</label>`];
  if (kind === 'select') {
    lines.push(`    <select id="${id}">`);
    if (p.blank) lines.push(`      <option value="" data-i18n="${p.blank}"></option>`);
    const keys = p.optionKeys === true ? `${spec.type}.${name}` : p.optionKeys;
    for (const v of p.options ?? []) {
      const key = p.optionLabels?.[v] ?? (keys ? `${keys}.${v}` : undefined);
      lines.push(key ? `      <option value="${esc(v)}" data-i18n="${key}"></option>` : `      <option value="${esc(v)}">${esc(v)}</option>`);
    }
    lines.push('    </select>');
  } else if (kind === 'checkbox') {
    lines.push(`    <input type="checkbox" id="${id}" style="width:auto; vertical-align:top;">`);
    if (p.hint) lines.push(`    <span data-i18n="${p.hint}"></span>`);
  } else {
    const ph = typeof p.placeholder === 'string' ? ` placeholder="${esc(p.placeholder)}"` : p.placeholder ? ` data-i18n="[placeholder]${p.placeholder.key}"` : '';
    const width = p.width ? ` style="width:${p.width}"` : '';
    lines.push(`    <input type="${kind}" id="${id}"${width}${ph}>${p.suffix ? ' ' + p.suffix : ''}`);
  }
  lines.push('  </div>');
  return lines.join('\n');
}

/** The default layout: name (+ account), operation, every property, the tip. */
function layoutOf(spec: NodeEditor): Array<string | Extra> {
  if (spec.layout) return spec.layout;
  const head: Array<string | Extra> = [spec.account ? { include: 'name-account' } : { include: 'name' }];
  if (spec.operations) head.push({ include: 'operation' });
  const rows: Array<string | Extra> = [...head, ...Object.keys(spec.props).filter((k) => spec.props[k].row !== false)];
  if (spec.transport) rows.push({ include: 'account-transport' });
  if (spec.tip !== false) rows.push({ tip: `${spec.type}.tip` });
  return rows;
}

/** The `<script type="text/html" data-template-name>` of the node's dialog. */
export function renderTemplate(spec: NodeEditor): string {
  const config = spec.category === 'config';
  const prefix = config ? 'node-config-input-' : 'node-input-';
  const props = allProps(spec);
  const mark = marks(spec);
  const prop = (name: string, p: Prop = props[name]): string => row(spec, prefix, name, p, mark[name]);
  const common: Record<string, Prop> = {
    name: { icon: 'tag', label: 'common.label.name', placeholder: { key: 'common.label.name' } },
    account: { icon: 'user', label: 'common.label.account' },
    operation: { icon: 'wrench', label: 'common.label.operation', options: props.operation?.options, optionKeys: `${spec.type}.operation` },
  };
  const out: string[] = [`<script type="text/html" data-template-name="${spec.type}">`];
  for (const item of layoutOf(spec)) {
    if (typeof item === 'string') {
      if (!props[item]) throw new Error(`${spec.type}: the layout names "${item}", which is no property`);
      out.push(prop(item, item in spec.props ? spec.props[item] : common[item] ?? props[item]));
    } else if ('tip' in item) out.push(`  <div class="form-tips" data-i18n="[html]${item.tip}"></div>`);
    else if ('heading' in item) out.push(`  <h4 data-i18n="${item.heading}"></h4>`);
    else if (item.include === 'name') out.push(row(spec, prefix, 'name', common.name, undefined));
    else if (item.include === 'name-account') out.push(row(spec, prefix, 'name', common.name, undefined), row(spec, prefix, 'account', common.account, undefined));
    else if (item.include === 'operation') out.push(row(spec, prefix, 'operation', common.operation, undefined));
    else if (item.include === 'request-rows') out.push(prop('method'), prop('path'));
    else if (item.include === 'account-transport') {
      for (const k of Object.keys(TRANSPORT_PROPS)) out.push(row(spec, prefix, k, TRANSPORT_PROPS[k], undefined));
      out.push(
        '  <div class="form-row">\n    <label>&nbsp;</label>\n' +
          '    <button type="button" class="red-ui-button" id="iotf-test-button"><i class="fa fa-plug"></i> <span data-i18n="common.test.button"></span></button>\n' +
          '    <span id="iotf-test-result" style="margin-left:8px"></span>\n  </div>',
      );
    }
  }
  out.push('</script>');
  return out.join('\n');
}

/**
 * What the build refuses: a row marked for a field no operation uses (it would never show), an
 * operation table naming a property the node does not have, a layout naming no property.
 */
export function checkSpec(spec: NodeEditor): string[] {
  const problems: string[] = [];
  const props = allProps(spec);
  if (spec.operations) {
    const used = new Set(Object.values(spec.operations.fields).flat());
    for (const [name, m] of Object.entries(marks(spec))) {
      for (const f of (m ?? '').split(/\s+/).filter(Boolean)) if (!used.has(f)) problems.push(`${spec.type}: the row of "${name}" is shown for "${f}", a field no operation uses`);
    }
    for (const f of used) if (!props[f]) problems.push(`${spec.type}: the operation table names "${f}", which is no property of the node`);
    if (!Object.keys(spec.operations.fields).includes(spec.operations.value)) problems.push(`${spec.type}: the default operation "${spec.operations.value}" is not in the operation table`);
  } else {
    for (const [name, p] of Object.entries(spec.props)) if (p.show) problems.push(`${spec.type}: the row of "${name}" is marked for an operation, but the node has none`);
  }
  for (const item of spec.layout ?? []) if (typeof item === 'string' && !props[item]) problems.push(`${spec.type}: the layout names "${item}", which is no property`);
  return problems;
}
