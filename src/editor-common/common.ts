// Editor helpers shared by every node of the package, served once from the package's resources/
// (resources/iot-fleet-editor.js, bundled by scripts/build.js) and loaded by every node's .html with
// <script src="resources/node-red-contrib-iot-fleet/iot-fleet-editor.js">. The guard keeps one copy.
import { isTimeZone } from '../core/timezone';
import { EditorNodeLike, NodeEditor, Rule, allProps, paletteOf, ruleOf } from './spec';

type Check = (v: string) => boolean | string;
type Validator = (v: string, opt?: unknown) => boolean | string;

/** The `validate` functions of `defaults`, mirroring src/core/validate.ts (blank = given by msg). */
export interface IotFleetApi {
  hex(length: number): Validator;
  intRange(min: number, max: number): Validator;
  numRange(min: number, max: number): Validator;
  oneOf(values: readonly string[]): Validator;
  email(): Validator;
  required(): Validator;
  path(): Validator;
  requestPath(): Validator;
  timeZone(): Validator;
  url(): Validator;
  httpUrl(): Validator;
  /** The validator of a Rule (spec.ts). */
  validator(r: Rule): Validator;
  /** Shows the `.form-row` of each field the selected operation uses (rows marked data-iotf-field). */
  operationFields(selectId: string, fieldsByOp: Readonly<Record<string, readonly string[]>>): void;
  /** Wires the "Test connection" button of an account dialog to POST iot-fleet/test/<type>. */
  testConnection(node: EditorNodeLike, props: string[], creds: string[]): void;
  /** The editor definition (registerType's second argument) of a node's NodeEditor (spec.ts). */
  definition(spec: NodeEditor): Record<string, unknown>;
  /** RED.nodes.registerType from a node's NodeEditor (spec.ts). */
  register(spec: NodeEditor): void;
}

declare global {
  interface Window {
    IotFleet?: IotFleetApi;
  }
}

const blank = (v: unknown): boolean => v === undefined || v === null || String(v).trim() === '';
// A value that starts with "msg." or "{{" is filled from the msg at run time: not checked here.
const dynamic = (v: string): boolean => /^(msg\.|\{\{)/.test(String(v).trim());

// Node-RED treats a validator of ONE parameter as a 2.x validator and coerces its answer to a
// boolean, so a reason string would count as valid: every validator takes (value, opt).
const withReason = (f: Check): Validator =>
  function (v: string, opt?: unknown): boolean | string {
    void opt;
    return f(v);
  };

const checks = {
  hex: (length: number): Check => (v) => blank(v) || dynamic(v) || (new RegExp('^[0-9a-fA-F]{' + length + '}$').test(String(v).trim()) ? true : length + ' hexadecimal characters'),
  intRange: (min: number, max: number): Check => (v) => {
    if (blank(v)) return true;
    const n = Number(v);
    return Number.isInteger(n) && n >= min && n <= max ? true : 'an integer ' + min + '..' + max;
  },
  numRange: (min: number, max: number): Check => (v) => {
    if (blank(v)) return true;
    const n = Number(v);
    return Number.isFinite(n) && n >= min && n <= max ? true : 'a number ' + min + '..' + max;
  },
  oneOf: (values: readonly string[]): Check => (v) => blank(v) || values.indexOf(String(v)) >= 0 || 'one of ' + values.join(', '),
  email: (): Check => (v) => blank(v) || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(String(v)) || 'an e-mail address',
  required: (): Check => (v) => !blank(v) || 'required',
  path: (): Check => (v) => (!blank(v) && String(v).trim().charAt(0) === '/') || 'a path starting with /',
  requestPath: (): Check => (v) => {
    if (blank(v)) return true;
    const p = String(v).trim();
    const ok = p.charAt(0) === '/' && p.charAt(1) !== '/' && /^[A-Za-z0-9\-._~!$&'()*+,;=:@/%]*$/.test(p) && p.indexOf('..') < 0 && !/%(2e|2f|5c|25|3f|23|c0|c1|e0)/i.test(p);
    return ok || 'a path relative to the account URL, starting with / (no .., no encoded / or .)';
  },
  // the runtime's own check (core/timezone.ts), as enapter-provision's site_timezone is validated
  timeZone: (): Check => (v) => blank(v) || dynamic(v) || isTimeZone(String(v).trim()) || 'an IANA time zone',
  url: (): Check => (v) => /^https?:\/\/\S+$/.test(String(v || '')) || 'an http(s) URL',
  httpUrl: (): Check => (v) => !v || /^https?:\/\/\S+$/.test(String(v)) || 'an http(s) URL',
};

function validator(r: Rule): Validator {
  switch (r.kind) {
    case 'oneOf':
      return withReason(checks.oneOf(r.values));
    case 'intRange':
    case 'numRange':
      return withReason(checks[r.kind](r.min, r.max));
    case 'hex':
      return withReason(checks.hex(r.length));
    default:
      return withReason(checks[r.kind]());
  }
}

function operationFields(selectId: string, fieldsByOp: Readonly<Record<string, readonly string[]>>): void {
  const update = (): void => {
    const op = $('#' + selectId).val();
    const wanted = fieldsByOp[op] || [];
    $('[data-iotf-field]').each(function () {
      const names = ($(this).attr('data-iotf-field') || '').split(/\s+/);
      $(this).toggle(names.some((n) => wanted.indexOf(n) >= 0));
    });
  };
  $('#' + selectId).on('change', update);
  update();
}

function testConnection(node: EditorNodeLike, props: string[], creds: string[]): void {
  const button = $('#iotf-test-button');
  const result = $('#iotf-test-result');
  button.on('click', function (ev: Event) {
    ev.preventDefault();
    const body: Record<string, unknown> = { id: node.id, credentials: {} };
    props.forEach((p) => {
      const el = $('#node-config-input-' + p);
      body[p] = el.is('[type=checkbox]') ? el.is(':checked') : el.val();
    });
    const c = body.credentials as Record<string, string>;
    creds.forEach((p) => {
      c[p] = $('#node-config-input-' + p).val();
    });
    result.removeClass('iotf-ok iotf-fail').text(RED._('node-red-contrib-iot-fleet/' + node.type + ':common.test.running'));
    $.ajax({
      url: 'iot-fleet/test/' + node.type,
      type: 'POST',
      contentType: 'application/json',
      dataType: 'json',
      data: JSON.stringify(body),
      success: (data) => {
        const answer = data as { ok: boolean; code?: string; message?: string };
        if (answer.ok) result.addClass('iotf-ok').text(RED._('node-red-contrib-iot-fleet/' + node.type + ':common.test.ok'));
        else result.addClass('iotf-fail').text((answer.code ? answer.code + ': ' : '') + (answer.message || ''));
      },
      error: (xhr) => {
        result.addClass('iotf-fail').text('HTTP ' + xhr.status + ' ' + (xhr.responseText || '').slice(0, 200));
      },
    });
  });
}

/** The editor definition of a spec: its palette, defaults, credentials, labels and rows. */
function definition(spec: NodeEditor): Record<string, unknown> {
  const type = spec.type;
  const defaults: Record<string, Record<string, unknown>> = {};
  const credentials: Record<string, { type: string }> = {};
  for (const [name, p] of Object.entries(allProps(spec))) {
    if (p.credential) {
      credentials[name] = { type: p.credential };
      continue;
    }
    const d: Record<string, unknown> = { value: p.value === undefined ? '' : p.value };
    if (p.required !== undefined) d.required = p.required;
    if (p.type) d.type = p.type;
    const r = ruleOf(p);
    if (p.validate) d.validate = p.validate;
    else if (r) d.validate = validator(r);
    defaults[name] = d;
  }
  const palette = paletteOf(spec);
  const def: Record<string, unknown> = {
    ...palette,
    defaults,
    paletteLabel: function (this: EditorNodeLike) {
      return this._(type + '.paletteLabel');
    },
    label:
      spec.label ||
      (spec.transport
        ? function (this: EditorNodeLike) {
            return (this.name as string) || spec.transport!.label + ' ' + String(this.url || '').replace(/^https?:\/\//, '');
          }
        : function (this: EditorNodeLike) {
            return (this.name as string) || this._(type + '.nodeLabel', { operation: this._(type + '.operation.' + this.operation) });
          }),
    oneditprepare: function (this: EditorNodeLike) {
      if (spec.operations) operationFields('node-input-operation', spec.operations.fields);
      if (spec.transport) {
        const props = Object.keys(defaults).filter((k) => k !== 'name');
        testConnection(this, props, Object.keys(credentials));
      }
      if (spec.prepare) spec.prepare.call(this);
    },
  };
  if (Object.keys(credentials).length) def.credentials = credentials;
  if (spec.platform) {
    if (palette.inputs)
      def.inputLabels = function (this: EditorNodeLike) {
        return this._(type + '.inputLabel');
      };
    def.outputLabels =
      spec.outputLabels ||
      function (this: EditorNodeLike) {
        return this._(type + '.outputLabel');
      };
  }
  return def;
}

/** RED.nodes.registerType(spec.type, ...) with the definition of the spec. */
function register(spec: NodeEditor): void {
  RED.nodes.registerType(spec.type, definition(spec));
}

if (!window.IotFleet) {
  const make = <A extends unknown[]>(f: (...a: A) => Check) => (...a: A): Validator => withReason(f(...a));
  window.IotFleet = {
    hex: make(checks.hex),
    intRange: make(checks.intRange),
    numRange: make(checks.numRange),
    oneOf: make(checks.oneOf),
    email: make(checks.email),
    required: make(checks.required),
    path: make(checks.path),
    requestPath: make(checks.requestPath),
    timeZone: make(checks.timeZone),
    url: make(checks.url),
    httpUrl: make(checks.httpUrl),
    validator,
    operationFields,
    testConnection,
    definition,
    register,
  };
}
