import type { NodeAPI } from 'node-red';
import { invalidInput } from '../../core/errors';
import { RequestTarget, canonicalPath, registerRequestNode } from '../../core/request';
import type { EncoAccountNode, EncoConnection } from '../auth';

/**
 * enco-request (SPEC 10): any EnCo endpoint with the account's bearer token; the M2M key
 * (x-api-key) under /m2m/. POST /revoke revokes the account's current token (the node builds the
 * seed's form body itself: nothing secret passes through the msg). /token is the account's own.
 */
function encoTarget(conn: EncoConnection): RequestTarget {
  return {
    http: conn.http,
    auth: () => conn.auth(),
    headers: (path): Record<string, string> => (canonicalPath(path).startsWith('/m2m/') ? { 'x-api-key': conn.m2mApiKey() } : {}),
    special: (req) => {
      const path = canonicalPath(req.path);
      if (path === '/token') throw invalidInput('/token is requested by the EnCo account itself (its tokens never pass through a msg).');
      if (path === '/revoke' && req.method === 'POST') return () => conn.revokeToken();
      return undefined;
    },
  };
}

export = function (RED: NodeAPI): void {
  registerRequestNode<EncoAccountNode>(RED, 'enco-request', 'EnCo account', (account) => encoTarget(account.enco));
};
