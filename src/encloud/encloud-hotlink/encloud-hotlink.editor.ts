import { defineNode, fromMsg } from '../../editor-common/spec';

export default defineNode({
  type: 'encloud-hotlink',
  platform: 'encloud',
  account: 'encloud-account',
  props: {
    customer_id: { icon: 'building', placeholder: fromMsg },
    device_id: { icon: 'hdd-o', placeholder: { key: 'encloud-hotlink.placeholder.device_id' } },
  },
  label: function () {
    return (this.name as string) || this._('encloud-hotlink.nodeLabel');
  },
});
