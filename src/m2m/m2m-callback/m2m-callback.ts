import type { Node, NodeAPI, NodeDef } from 'node-red';
import { jsonTextShape } from '../../core/depth';
import type { Req } from '../../core/express';
import { translator } from '../../core/i18n';
import { bodyTimeoutMsOf, inboundHandler, type ReadyBody } from '../../core/inbound';
import { httpInPath, secretMatcher, serveHttpIn, type HttpInWarnings } from '../../core/raw-route';
import { registerType } from '../../core/node';
import { asStatusUpdate } from '../api';
import { hub } from '../hub';

interface M2mCallbackConfig extends NodeDef {
  url?: string;
  account?: string;
  bodyTimeout?: number | string;
}

interface M2mCallbackCredentials {
  callbackToken?: string;
}

/** A status update is a few hundred bytes; anything far larger is not one. */
const MAX_BYTES = 256 * 1024;

/** The body as JSON (depth and size checked before parsing), or the status to answer. */
function jsonOf(body: ReadyBody): { value: unknown } | 400 | 413 {
  if (body.kind === 'parsed') return { value: body.value }; // checked by readBody
  const text = body.data.toString('utf8');
  const shape = jsonTextShape(text);
  if (shape !== 'ok') return shape === 'deep' ? 400 : 413;
  try {
    return { value: JSON.parse(text) };
  } catch {
    return 400;
  }
}

/** Why the node does not listen (its catalog keys, core/raw-route.ts httpInPath / serveHttpIn). */
const warnings: HttpInWarnings = { noPath: 'errors.noPath', httpDisabled: 'errors.httpDisabled', duplicatePath: 'errors.duplicatePath' };

export = function (RED: NodeAPI): void {
  const t = translator(RED, 'm2m-callback');
  function M2mCallback(this: Node<M2mCallbackCredentials>, config: M2mCallbackConfig): void {
    RED.nodes.createNode(this, config);
    const node = this;
    const path = httpInPath(node, t, config.url, warnings);
    const accountId = config.account || '';
    let count = 0;
    if (!path) return;
    if (!RED.httpNode) {
      node.status({ fill: 'red', shape: 'ring', text: t('common.status.httpDisabled') });
      node.warn(t('errors.httpDisabled'));
      return;
    }
    // Matching needs the account: the m2m-sim nodes of that account wait on this node's updates.
    const unlisten = accountId ? hub.listen(accountId) : () => undefined;

    const expected = node.credentials?.callbackToken;
    if (!expected) {
      // SPEC 3.8/6.3: an endpoint is never open by mistake. Breaking change of 0.2: set the token.
      unlisten();
      node.status({ fill: 'red', shape: 'ring', text: t('status.noToken') });
      // info, not a warning: an imported example has no credentials and says so by its red ring
      node.log(t('errors.noToken'));
      return;
    }
    const tokenMatches = secretMatcher(expected);
    const handler = inboundHandler(node, {
      maxBytes: MAX_BYTES,
      bodyTimeoutMs: bodyTimeoutMsOf(config.bodyTimeout),
      // Fixed answer texts: nothing of the request is echoed.
      admit: (req: Req) => {
        const given = req.headers['x-callback-token'];
        return tokenMatches(typeof given === 'string' ? given : undefined) ? 0 : 401;
      },
      process: (body) => {
        const json = jsonOf(body);
        if (typeof json === 'number') return json;
        const update = asStatusUpdate(json.value);
        if (!update) return 400;
        count++;
        node.send({ payload: update, trackingNumber: update.trackingNumber, resultStatus: update.resultStatus });
        if (accountId) hub.deliver(accountId, update);
        node.status({ fill: update.resultStatus === 'Success' ? 'green' : 'yellow', shape: 'dot', text: t('status.updates', { n: count, result: update.resultStatus.slice(0, 40) }) });
        return 200;
      },
      report: (e) => node.error(t('errors.unexpected', { message: e instanceof Error ? e.message : String(e) })),
    });
    serveHttpIn(RED, node, t, path, handler, warnings);

    node.on('close', () => {
      unlisten();
      node.status({});
    });
  }

  registerType(RED, 'm2m-callback', M2mCallback, { credentials: { callbackToken: { type: 'password' } } });
};
