import type { NodeAPI } from 'node-red';
import { RequestTarget, registerRequestNode } from '../../core/request';
import type { EnapterAccountNode, EnapterApi } from '../api';

/** enapter-request (SPEC 10): any Enapter v3 endpoint with the account's X-Enapter-Auth-Token. */
function enapterTarget(api: EnapterApi): RequestTarget {
  return { http: api.http, auth: () => api.auth() };
}

export = function (RED: NodeAPI): void {
  registerRequestNode<EnapterAccountNode>(RED, 'enapter-request', 'Enapter account', (account) => enapterTarget(account.api));
};
