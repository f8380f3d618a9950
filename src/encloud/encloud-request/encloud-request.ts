import type { NodeAPI } from 'node-red';
import { invalidInput } from '../../core/errors';
import { RequestTarget, canonicalPath, registerRequestNode } from '../../core/request';
import type { EncloudAccountNode, EncloudApi } from '../api';

/**
 * encloud-request (SPEC 10): any enCloud / enSite endpoint with the account's auth_token and
 * API-KEY, authorised again once on a 401. The authorisation endpoint is the account's own.
 */
function encloudTarget(api: EncloudApi): RequestTarget {
  return {
    http: api.http,
    auth: () => api.auth(),
    special: (req) => {
      if (canonicalPath(req.path) === '/integration/users/authorise') {
        throw invalidInput('/integration/users/authorise is called by the enCloud account itself (its token never passes through a msg).');
      }
      return undefined;
    },
  };
}

export = function (RED: NodeAPI): void {
  registerRequestNode<EncloudAccountNode>(RED, 'encloud-request', 'enCloud account', (account) => encloudTarget(account.api));
};
