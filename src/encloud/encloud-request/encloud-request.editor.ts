import { requestNode } from '../../editor-common/spec';

export default requestNode('encloud-request', 'encloud', 'encloud-account');
