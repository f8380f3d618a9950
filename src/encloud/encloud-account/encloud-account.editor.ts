import { accountUrl, defineNode } from '../../editor-common/spec';
import { DEFAULT_URL } from '../types';

export default defineNode({
  type: 'encloud-account',
  category: 'config',
  transport: { label: 'enCloud' },
  props: {
    url: accountUrl(DEFAULT_URL),
    email: { credential: 'text', icon: 'user', label: true, placeholder: 'api.user@example.com' },
    password: { credential: 'password', icon: 'key', label: true },
    hashedPassword: { value: false, input: 'toggle', label: true },
    apiKey: { credential: 'password', icon: 'key', label: true },
  },
});
