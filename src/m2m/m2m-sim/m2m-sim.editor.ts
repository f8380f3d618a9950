import { defineNode, fromMsg, rule } from '../../editor-common/spec';
import { IDENTIFIER_DIGITS, IDENTIFIER_TYPES, IdentifierType, SIM_FIELDS } from '../types';

/** The digits rule of SPEC 6.1 (as the runtime's parse in m2m/api.ts); blank = from msg. */
function digits(type: string, v: string): boolean | string {
  const s = String(v || '').trim();
  if (!s) return true;
  const r = IDENTIFIER_DIGITS[type as IdentifierType] || IDENTIFIER_DIGITS.MSISDN;
  return (/^\d+$/.test(s) && s.length >= r.min && s.length <= r.max) || type + ': ' + (r.min === r.max ? r.min : r.min + '-' + r.max) + ' digits';
}

export default defineNode({
  type: 'm2m-sim',
  platform: 'm2m',
  account: 'enco-account',
  outputs: 2,
  operations: { value: 'get', fields: SIM_FIELDS },
  props: {
    msisdn: {
      icon: 'phone',
      placeholder: fromMsg,
      validate: function (v: string, opt?: unknown) {
        void opt;
        return digits('MSISDN', v);
      },
    },
    identifierType: { value: 'MSISDN', options: IDENTIFIER_TYPES, icon: 'list', show: 'identifier' },
    identifier: {
      icon: 'id-card',
      placeholder: fromMsg,
      validate: function (v: string, opt?: unknown) {
        void opt;
        const t = $('#node-input-identifierType').length ? $('#node-input-identifierType').val() : (this.identifierType as string);
        return digits(t || 'MSISDN', v);
      },
    },
    callbackToken: { credential: 'password', icon: 'key', label: true },
    wait: { value: false, icon: 'hourglass-half', label: true, hint: 'm2m-sim.label.waitHint' },
    waitTimeout: { value: 300, rule: rule.intRange(1, 86400), icon: 'clock-o', label: true, width: '100px', suffix: 's', show: 'wait', cls: 'iotf-m2m-timeout' },
    callbackUrl: { rule: rule.httpUrl(), icon: 'globe', label: true, placeholder: 'https://example.com/m2m/callback' },
  },
  outputLabels: function (index: number) {
    return this._(index === 0 ? 'm2m-sim.outputLabel.answer' : 'm2m-sim.outputLabel.updates');
  },
  prepare: function () {
    const toggleTimeout = (): void => {
      const op = $('#node-input-operation').val() as keyof typeof SIM_FIELDS;
      $('.iotf-m2m-timeout').toggle((SIM_FIELDS[op] || []).indexOf('wait') >= 0 && $('#node-input-wait').is(':checked'));
    };
    $('#node-input-wait').on('change', toggleTimeout);
    $('#node-input-operation').on('change', toggleTimeout);
    toggleTimeout();
  },
});
