import type { Node, NodeAPI, NodeDef } from 'node-red';
import { Req, Res, normalisePath } from '../core/endpoint';
import { BodyResult, answerFixed, readBody, registerRawPostRoute, secretMatcher } from '../core/raw-route';
import { translator } from '../core/i18n';
import { registerType } from '../core/node';
import { asStatusUpdate } from './m2m-api';
import { hub } from './m2m-hub';

interface M2mCallbackConfig extends NodeDef {
  url?: string;
  account?: string;
}

interface M2mCallbackCredentials {
  callbackToken?: string;
}

/** A status update is a few hundred bytes; anything far larger is not one. */
const MAX_BYTES = 256 * 1024;

/** The body as JSON: parsed here when read raw, or as Node-RED's admin JSON parser left it. */
function jsonOf(body: BodyResult): { ok: true; value: unknown } | { ok: false; status: 400 | 413 } {
  switch (body.kind) {
    case 'tooLarge':
      return { ok: false, status: 413 };
    case 'aborted':
      return { ok: false, status: 400 };
    case 'parsed':
      return { ok: true, value: body.value };
    case 'raw':
      try {
        return { ok: true, value: JSON.parse(body.data.toString('utf8')) };
      } catch {
        return { ok: false, status: 400 };
      }
  }
}

export = function (RED: NodeAPI): void {
  const t = translator(RED, 'm2m-callback');
  function M2mCallback(this: Node<M2mCallbackCredentials>, config: M2mCallbackConfig): void {
    RED.nodes.createNode(this, config);
    const node = this;
    const path = normalisePath(config.url);
    const accountId = config.account || '';
    let count = 0;

    if (!path) {
      node.status({ fill: 'red', shape: 'ring', text: t('status.noPath') });
      node.warn(t('errors.noPath'));
      return;
    }
    if (!RED.httpNode) {
      node.status({ fill: 'red', shape: 'ring', text: t('status.httpDisabled') });
      node.warn(t('errors.httpDisabled'));
      return;
    }
    // Matching needs the account: the m2m-sim nodes of that account wait on this node's updates.
    const unlisten = accountId ? hub.listen(accountId) : () => undefined;

    const expected = node.credentials?.callbackToken;
    const tokenMatches = expected ? secretMatcher(expected) : undefined;
    const route = registerRawPostRoute(RED, node, path, (req: Req, res: Res) => {
      // Fixed answer texts: nothing of the request is echoed.
      const given = req.headers['x-callback-token'];
      if (tokenMatches && !tokenMatches(typeof given === 'string' ? given : undefined)) {
        req.resume();
        answerFixed(res, 401, 'Unauthorized');
        return;
      }
      readBody(req, MAX_BYTES, (raw) => {
        const body = jsonOf(raw);
        if (!body.ok) {
          answerFixed(res, body.status, body.status === 413 ? 'Payload Too Large' : 'Bad Request');
          return;
        }
        const update = asStatusUpdate(body.value);
        if (!update) {
          answerFixed(res, 400, 'Bad Request');
          return;
        }
        count++;
        node.send({ payload: update, trackingNumber: update.trackingNumber, resultStatus: update.resultStatus });
        if (accountId) hub.deliver(accountId, update);
        node.status({ fill: update.resultStatus === 'Success' ? 'green' : 'yellow', shape: 'dot', text: t('status.updates', { n: count, result: update.resultStatus.slice(0, 40) }) });
        answerFixed(res, 200, 'OK');
      });
    });
    if (!route.ok) {
      node.status({ fill: 'red', shape: 'ring', text: t(route.reason === 'duplicate' ? 'status.duplicatePath' : 'status.httpDisabled') });
      node.warn(t(route.reason === 'duplicate' ? 'errors.duplicatePath' : 'errors.httpDisabled', { path }));
    }

    node.on('close', () => {
      unlisten();
      node.status({});
    });
  }

  registerType(RED, 'm2m-callback', M2mCallback, { credentials: { callbackToken: { type: 'password' } } });
};
