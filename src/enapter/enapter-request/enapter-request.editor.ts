import { requestNode } from '../../editor-common/spec';

export default requestNode('enapter-request', 'enapter', 'enapter-account');
