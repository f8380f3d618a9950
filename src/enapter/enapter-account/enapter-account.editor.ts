import { accountUrl, defineNode } from '../../editor-common/spec';
import { DEFAULT_URL } from '../types';

export default defineNode({
  type: 'enapter-account',
  category: 'config',
  transport: { label: 'Enapter' },
  props: {
    url: accountUrl(DEFAULT_URL),
    token: { credential: 'password', icon: 'key', label: true },
  },
  tip: false,
});
