import { isValidTimeZone } from '../../core/timezone';
import { defineNode, preferring, rule } from '../../editor-common/spec';
import { STREAM_CONTENT_TYPES, STREAM_TYPES } from '../types';

/** A zone the browser's Intl knows: the runtime's own check (core/timezone.ts isValidTimeZone). */
function zone(v: string, opt?: unknown): boolean | string {
  void opt;
  return !String(v || '').trim() || isValidTimeZone(v) || 'an IANA time zone (Europe/Brussels) or UTC';
}

const STREAM_AUTH = ['none', 'basic', 'header'];
const STREAM_OUTPUT = ['normalized', 'raw'];

export default defineNode({
  type: 'mythings-stream',
  platform: 'mythings',
  inputs: 0,
  props: {
    url: { value: '/mythings/stream', required: true, rule: rule.path(), icon: 'globe', label: true, placeholder: '/mythings/stream' },
    auth: { value: 'none', required: true, options: STREAM_AUTH, icon: 'lock', label: true, optionKeys: true },
    user: { credential: 'text', icon: 'user', label: true, cls: 'iotf-stream-basic' },
    password: { credential: 'password', icon: 'key', label: true, cls: 'iotf-stream-basic' },
    headerName: { credential: 'text', icon: 'tag', label: true, cls: 'iotf-stream-header', placeholder: 'X-Stream-Token' },
    headerValue: { credential: 'password', icon: 'key', label: true, cls: 'iotf-stream-header' },
    output: { value: 'normalized', required: true, options: STREAM_OUTPUT, icon: 'sign-out', label: 'common.label.output', optionKeys: true },
    split: { value: false, input: 'toggle', label: true, cls: 'iotf-stream-split' },
    timezone: { value: 'UTC', validate: zone, icon: 'clock-o', label: true, placeholder: 'UTC' },
    maxBytes: { value: 1048576, required: true, rule: rule.intRange(1, 104857600), icon: 'arrows-v', label: true, placeholder: '1048576' },
    // not required: flows saved before they existed lack them; blank means the default (100, 10 s)
    maxParts: { value: 100, rule: rule.intRange(1, 1000), icon: 'th-list', label: true, placeholder: '100' },
    bodyTimeout: { value: 10, rule: rule.intRange(1, 3600), icon: 'hourglass-half', label: true, placeholder: '10' },
    // registration with MyThings (SPEC 5.6): optional, on when account and publicUrl are set
    account: { type: 'enco-account', required: false, icon: 'user', label: true },
    publicUrl: { validate: (v: string): boolean => !v || /^https?:\/\/[^\s/?#]+[^\s?#]*$/i.test(String(v).trim()), icon: 'cloud', label: true, placeholder: 'https://nr.example.com' },
    streamName: { icon: 'tag', label: true },
    streamType: { value: 'DECODED', options: preferring(STREAM_TYPES, 'DECODED'), icon: 'random', label: true },
    contentType: { value: 'JSON', options: STREAM_CONTENT_TYPES, icon: 'file-code-o', label: true },
    companyId: { rule: rule.intRange(0, 2147483647), icon: 'building', label: true, placeholder: '162' },
    template: { icon: 'file-text-o', label: true, cls: 'iotf-stream-template' },
  },
  layout: [
    { include: 'name' },
    ...['url', 'auth', 'user', 'password', 'headerName', 'headerValue', 'output', 'split', 'timezone', 'maxBytes', 'maxParts', 'bodyTimeout'],
    { tip: 'mythings-stream.tip' },
    { heading: 'mythings-stream.label.registration' },
    ...['account', 'publicUrl', 'streamName', 'streamType', 'contentType', 'companyId', 'template'],
    { tip: 'mythings-stream.tipRegistration' },
  ],
  label: function () {
    return (this.name as string) || this._('mythings-stream.nodeLabel', { url: String(this.url || '') });
  },
  outputLabels: function () {
    return this._('mythings-stream.outputLabel.' + (this.output === 'raw' ? 'raw' : 'normalized'));
  },
  prepare: function () {
    const toggle = (): void => {
      const auth = $('#node-input-auth').val();
      $('.iotf-stream-basic').toggle(auth === 'basic');
      $('.iotf-stream-header').toggle(auth === 'header');
      $('.iotf-stream-split').toggle($('#node-input-output').val() !== 'raw');
      $('.iotf-stream-template').toggle($('#node-input-contentType').val() === 'FREEFORM');
    };
    $('#node-input-contentType').on('change', toggle);
    $('#node-input-auth').on('change', toggle);
    $('#node-input-output').on('change', toggle);
    toggle();
  },
});
