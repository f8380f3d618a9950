// Editor helpers shared by every node of the package. Inlined into each node's .html by the build;
// the guard keeps one copy when the editor loads them all.

/** The `validate` functions of `defaults`, mirroring src/core/validate.ts (blank = given by msg). */
interface IotFleetValidators {
  hex(length: number): (v: string) => boolean | string;
  intRange(min: number, max: number): (v: string) => boolean | string;
  numRange(min: number, max: number): (v: string) => boolean | string;
  oneOf(values: string[]): (v: string) => boolean | string;
  email(): (v: string) => boolean | string;
  required(): (v: string) => boolean | string;
  path(): (v: string) => boolean | string;
  /** A request node's path (blank = msg.path), mirroring checkPath of src/core/request.ts. */
  requestPath(): (v: string) => boolean | string;
  /** An IANA time zone the browser knows (mirrors isTimeZone of src/core/validate.ts). */
  timeZone(): (v: string) => boolean | string;
}

interface IotFleetApi extends IotFleetValidators {
  /** Shows the `.form-row` of each field the selected operation uses (rows marked data-iotf-field). */
  operationFields(selectId: string, fieldsByOp: Record<string, string[]>): void;
  /** Wires the "Test connection" button of an account dialog to POST iot-fleet/test/<type>. */
  testConnection(node: EditorNode, props: string[], creds: string[]): void;
}

interface Window {
  IotFleet?: IotFleetApi;
}

(function () {
  if (window.IotFleet) return;
  const blank = (v: unknown): boolean => v === undefined || v === null || String(v).trim() === '';
  // A value that starts with "msg." or "{{" is filled from the msg at run time: not checked here.
  const dynamic = (v: string): boolean => /^(msg\.|\{\{)/.test(String(v).trim());

  const api: IotFleetApi = {
    hex: (length) => (v) => blank(v) || dynamic(v) || (new RegExp('^[0-9a-fA-F]{' + length + '}$').test(String(v).trim()) ? true : length + ' hexadecimal characters'),
    intRange: (min, max) => (v) => {
      if (blank(v)) return true;
      const n = Number(v);
      return Number.isInteger(n) && n >= min && n <= max ? true : 'an integer ' + min + '..' + max;
    },
    numRange: (min, max) => (v) => {
      if (blank(v)) return true;
      const n = Number(v);
      return Number.isFinite(n) && n >= min && n <= max ? true : 'a number ' + min + '..' + max;
    },
    oneOf: (values) => (v) => blank(v) || values.indexOf(String(v)) >= 0 || 'one of ' + values.join(', '),
    email: () => (v) => blank(v) || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(String(v)) || 'an e-mail address',
    required: () => (v) => !blank(v) || 'required',
    path: () => (v) => (!blank(v) && String(v).trim().charAt(0) === '/') || 'a path starting with /',
    requestPath: () => (v) => {
      if (blank(v)) return true;
      const p = String(v).trim();
      const ok = p.charAt(0) === '/' && p.charAt(1) !== '/' && /^[A-Za-z0-9\-._~!$&'()*+,;=:@/%]*$/.test(p) && p.indexOf('..') < 0 && !/%(2e|2f|5c|25|3f|23|c0|c1|e0)/i.test(p);
      return ok || 'a path relative to the account URL, starting with / (no .., no encoded / or .)';
    },
    timeZone: () => (v) => {
      if (blank(v) || dynamic(v)) return true;
      const zone = String(v).trim();
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: zone });
        return zone.indexOf('/') >= 0 || ['UTC', 'Etc/UTC', 'GMT'].indexOf(zone) >= 0 || 'an IANA time zone';
      } catch {
        return 'an IANA time zone';
      }
    },

    operationFields(selectId, fieldsByOp) {
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
    },

    testConnection(node, props, creds) {
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
    },
  };
  // Node-RED treats a validator of ONE parameter as a 2.x validator and coerces its answer to a
  // boolean, so a reason string would count as valid: every validator takes (value, opt).
  const withReason = (f: (v: string) => boolean | string) =>
    function (v: string, opt?: unknown): boolean | string {
      void opt;
      return f(v);
    };
  (['hex', 'intRange', 'numRange', 'oneOf', 'email', 'required', 'path', 'requestPath', 'timeZone'] as const).forEach((k) => {
    const make = api[k] as (...a: never[]) => (v: string) => boolean | string;
    (api as unknown as Record<string, unknown>)[k] = (...a: never[]) => withReason(make(...a));
  });
  window.IotFleet = api;
})();
