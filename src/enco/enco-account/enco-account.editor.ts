import { accountUrl, defineNode } from '../../editor-common/spec';
import { AUTH_TYPES, DEFAULT_URL } from '../account-types';

export default defineNode({
  type: 'enco-account',
  category: 'config',
  transport: { label: 'EnCo' },
  props: {
    url: accountUrl(DEFAULT_URL),
    authType: { value: 'client', required: true, options: AUTH_TYPES, icon: 'id-card', label: true, optionKeys: true },
    clientId: { credential: 'text', icon: 'user', label: true, cls: 'iotf-enco-client' },
    clientSecret: { credential: 'password', icon: 'key', label: true, cls: 'iotf-enco-client' },
    token: { credential: 'password', icon: 'key', label: true, cls: 'iotf-enco-token' },
    m2mApiKey: { credential: 'password', icon: 'key', label: true, placeholder: { key: 'enco-account.placeholder.m2mApiKey' } },
  },
  tip: false,
  prepare: function () {
    const toggle = (): void => {
      const client = $('#node-config-input-authType').val() !== 'token';
      $('.iotf-enco-client').toggle(client);
      $('.iotf-enco-token').toggle(!client);
    };
    $('#node-config-input-authType').on('change', toggle);
    toggle();
  },
});
