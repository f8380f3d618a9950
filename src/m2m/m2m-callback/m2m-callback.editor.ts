import { defineNode, rule } from '../../editor-common/spec';

export default defineNode({
  type: 'm2m-callback',
  platform: 'm2m',
  inputs: 0,
  props: {
    url: { value: '/m2m/callback', required: true, rule: rule.path(), icon: 'globe', label: 'common.label.url', placeholder: '/m2m/callback' },
    account: { type: 'enco-account', required: false, icon: 'user', label: 'common.label.account' },
    callbackToken: { credential: 'password', icon: 'key', label: true },
    // not required: flows saved before it existed lack it; blank means the default (10 s)
    bodyTimeout: { value: 10, rule: rule.intRange(1, 3600), icon: 'hourglass-half', label: true, placeholder: '10' },
  },
  label: function () {
    return (this.name as string) || this._('m2m-callback.nodeLabel', { url: this.url });
  },
});
