/**
 * The one description of a node's edit dialog (issue 14). A node's `src/<platform>/<type>/<type>.editor.ts` exports
 * `defineNode({...})`: its properties (default, rule, row), and for a node with operations the
 * runtime's operation table (operation -> the node properties it uses). From it:
 *   - the build renders the dialog template (scripts/build.js, src/editor-common/template.ts), and
 *     fails when a row is marked for a field no operation uses;
 *   - the editor registers the type (IotFleet.register, src/editor-common/common.ts): defaults,
 *     credentials, validators, labels, the rows each operation shows.
 * Pure data and functions: no DOM at import time, so Node (the build, the tests) can read it too.
 */

/** An editor validator by name, made by IotFleet (common.ts) in the browser. Blank = from msg. */
export type Rule =
  | { kind: 'oneOf'; values: readonly string[] }
  | { kind: 'intRange' | 'numRange'; min: number; max: number }
  | { kind: 'hex'; length: number }
  | { kind: 'email' | 'required' | 'path' | 'requestPath' | 'timeZone' | 'url' | 'httpUrl' };

export const rule = {
  oneOf: (values: readonly string[]): Rule => ({ kind: 'oneOf', values }),
  intRange: (min: number, max: number): Rule => ({ kind: 'intRange', min, max }),
  numRange: (min: number, max: number): Rule => ({ kind: 'numRange', min, max }),
  hex: (length: number): Rule => ({ kind: 'hex', length }),
  /** A path of an HTTP-in node ("/..."). */
  path: (): Rule => ({ kind: 'path' }),
  /** A request node's path (blank = msg.path), mirroring checkPath of src/core/request.ts. */
  requestPath: (): Rule => ({ kind: 'requestPath' }),
  /** An IANA time zone the browser knows. */
  timeZone: (): Rule => ({ kind: 'timeZone' }),
  /** An account URL: http(s)://... (required). */
  url: (): Rule => ({ kind: 'url' }),
  /** An optional http(s) URL (blank passes). */
  httpUrl: (): Rule => ({ kind: 'httpUrl' }),
  email: (): Rule => ({ kind: 'email' }),
};

/** A validator written for one node (Node-RED takes its reason only when it declares (value, opt)). */
export type Validate = (this: EditorNodeLike, v: string, opt?: unknown) => boolean | string;

export interface EditorNodeLike {
  id: string;
  type: string;
  name?: string;
  _(key: string, subs?: Record<string, unknown>): string;
  [prop: string]: unknown;
}

/** One node property: its default and rule, and the dialog row that edits it. */
export interface Prop {
  value?: unknown;
  required?: boolean;
  /** A config node type (the account, tls-config, http proxy). */
  type?: string;
  rule?: Rule;
  validate?: Validate;
  /** A credential (not a default): 'text' or 'password'. */
  credential?: 'text' | 'password';
  /** No dialog row (a property the dialog does not show). */
  row?: false;
  /** Font Awesome icon name, without "fa-". */
  icon?: string;
  /** Catalog key of the label; `true` = `<type>.label.<prop>`; absent = the property name itself. */
  label?: string | true;
  /** Default: select when there are options, checkbox for a boolean value, password for a password credential, else text. */
  input?: 'text' | 'password' | 'select' | 'checkbox' | 'toggle';
  /** Select options (also the oneOf rule unless `rule` is given). */
  options?: readonly string[];
  /** Option labels from the catalog: `<prefix>.<value>` (`true` = `<type>.<prop>`); else the value itself. */
  optionKeys?: string | true;
  /** Catalog keys of single option labels (value -> key), over optionKeys. */
  optionLabels?: Record<string, string>;
  /** Catalog key of a leading "" option (e.g. common.placeholder.fromMsg). */
  blank?: string;
  /** A literal placeholder, or `{ key }` from the catalog. */
  placeholder?: string | { key: string };
  /** The text input's width (e.g. "100px"). */
  width?: string;
  /** Text after the input (a unit). */
  suffix?: string;
  /** Catalog key of a text after a checkbox. */
  hint?: string;
  /** data-iotf-field of the row (the fields that show it); default: the property when an operation uses it. */
  show?: string;
  /** Extra classes of the row (for a node's own toggling). */
  cls?: string;
}

/** Rows that are not a property: the form tip, a heading, the shared parts. */
export type Extra = { tip: string } | { heading: string } | { include: 'name-account' | 'name' | 'request-rows' | 'account-transport' | 'operation' };

export interface NodeEditor {
  type: string;
  /** Palette platform (colour and icon) of an action node. */
  platform?: Platform;
  /** An account (config node): not in the palette. */
  category?: 'config';
  inputs?: number;
  outputs?: number;
  /** The account type every action node needs (required). */
  account?: string;
  /** The runtime's operation table: every operation with the node properties it uses (its order is the select's). */
  operations?: { value: string; fields: Readonly<Record<string, readonly string[]>> };
  props: Record<string, Prop>;
  /** The dialog, top to bottom; default: name + account, operation, every prop, the tip. */
  layout?: Array<string | Extra>;
  /** `<type>.tip` under the rows (default true). */
  tip?: boolean;
  /** An account: the transport rows and Test connection (SPEC 3.6/3.7), its label prefix. */
  transport?: { label: string };
  label?: (this: EditorNodeLike) => string;
  outputLabels?: (this: EditorNodeLike, index: number) => string;
  /** Extra oneditprepare work (after the operation rows are wired). */
  prepare?: (this: EditorNodeLike) => void;
}

/** The colour and icon of each platform (docs/ARCHITECTURE.md "Palette"). */
export type Platform = 'encloud' | 'mythings' | 'm2m' | 'enapter';
export const PLATFORMS: Record<Platform, { color: string; icon: string }> = {
  encloud: { color: '#87A9D6', icon: 'encloud.svg' },
  mythings: { color: '#C0A5E3', icon: 'mythings.svg' },
  m2m: { color: '#E6B0D0', icon: 'm2m.svg' },
  enapter: { color: '#7FD0B0', icon: 'enapter.svg' },
};

/** The transport settings every account has (core/account.ts transportSettings). */
export const TRANSPORT_PROPS: Record<string, Prop> = {
  timeout: { value: 30000, required: true, rule: rule.intRange(1, 600000), icon: 'clock-o', label: 'common.label.timeout', width: '100px', suffix: 'ms' },
  retries: { value: 3, required: true, rule: rule.intRange(0, 10), icon: 'repeat', label: 'common.label.retries', width: '100px' },
  concurrency: { value: 4, required: true, rule: rule.intRange(1, 64), icon: 'tasks', label: 'common.label.concurrency', width: '100px' },
  tls: { value: '', type: 'tls-config', required: false, icon: 'lock', label: 'common.label.tls' },
  proxy: { value: '', type: 'http proxy', required: false, icon: 'globe', label: 'common.label.proxy' },
};

/** The Method and Path of the request nodes (SPEC 10). */
export const REQUEST_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export const REQUEST_PROPS: Record<string, Prop> = {
  method: { value: 'GET', required: true, options: REQUEST_METHODS, icon: 'tasks', label: 'common.label.method' },
  path: { value: '', rule: rule.requestPath(), icon: 'globe', label: 'common.label.path', placeholder: { key: 'common.placeholder.pathFromMsg' } },
};

/** `values` with `first` moved to the front (a select's order, the runtime's enum unchanged). */
export function preferring(values: readonly string[], ...first: string[]): string[] {
  return [...first.filter((v) => values.includes(v)), ...values.filter((v) => !first.includes(v))];
}

/** The URL row of an account (required http(s) URL, its default as the placeholder). */
export function accountUrl(url: string): Prop {
  return { value: url, required: true, rule: rule.url(), icon: 'globe', label: 'common.label.url', placeholder: url };
}

/** The placeholder of a field the msg may give instead (most action-node rows). */
export const fromMsg = { key: 'common.placeholder.fromMsg' } as const;

/** Identity with a type: a node's editor module says `export default defineNode({...})`. */
export function defineNode(spec: NodeEditor): NodeEditor {
  return spec;
}

/** A request node (SPEC 10): name, account, method, path; label "METHOD path". */
export function requestNode(type: string, platform: Platform, account: string): NodeEditor {
  return {
    type,
    platform,
    account,
    inputs: 1,
    outputs: 1,
    props: { ...REQUEST_PROPS },
    layout: [{ include: 'name-account' }, 'method', 'path', { tip: 'common.tip.request' }],
    tip: false,
    label: function () {
      return (this.name as string) || (this.method as string) + ' ' + ((this.path as string) || this._(type + '.nodeLabel'));
    },
  };
}

/** Every property with the ones a kind of node always has (name, account, operation, transport). */
export function allProps(spec: NodeEditor): Record<string, Prop> {
  const out: Record<string, Prop> = { name: { value: '' } };
  if (spec.account) out.account = { value: '', type: spec.account, required: true };
  if (spec.operations) out.operation = { value: spec.operations.value, required: true, options: Object.keys(spec.operations.fields) };
  Object.assign(out, spec.props);
  if (spec.transport) Object.assign(out, TRANSPORT_PROPS);
  return out;
}

/**
 * What the palette shows, as plain values: the category and, for a flow node, its colour, icon,
 * inputs and outputs. The build writes them as literals into each node's registerType call, so
 * tools that read the .html (node-red-dev validate, the flow library) see them.
 */
export function paletteOf(spec: NodeEditor): { category: string; color?: string; icon?: string; inputs?: number; outputs?: number } {
  const palette: { category: string; color?: string; icon?: string; inputs?: number; outputs?: number } = { category: spec.category || 'IoT fleet' };
  if (spec.platform) Object.assign(palette, { color: PLATFORMS[spec.platform].color, icon: PLATFORMS[spec.platform].icon, inputs: spec.inputs ?? 1, outputs: spec.outputs ?? 1 });
  return palette;
}

/** The functions of an editor definition (registerType's second argument) besides the palette and the properties. */
export const EDITOR_FUNCTIONS = ['paletteLabel', 'label', 'oneditprepare', 'inputLabels', 'outputLabels'] as const;

/** The validator rule of a property (its options are a oneOf). */
export function ruleOf(p: Prop): Rule | undefined {
  return p.rule || (p.options ? rule.oneOf(p.options) : undefined);
}
