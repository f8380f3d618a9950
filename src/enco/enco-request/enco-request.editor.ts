import { requestNode } from '../../editor-common/spec';

export default requestNode('enco-request', 'mythings', 'enco-account');
