import { defineNode, fromMsg } from '../../editor-common/spec';
import { USER_FIELDS, USER_TYPES } from '../types';

export default defineNode({
  type: 'encloud-user',
  platform: 'encloud',
  account: 'encloud-account',
  operations: { value: 'create', fields: USER_FIELDS },
  props: {
    user_type: { options: USER_TYPES, blank: fromMsg.key },
    customer_id: { placeholder: fromMsg },
  },
});
