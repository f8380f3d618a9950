import type { Node, NodeAPI, NodeDef } from 'node-red';
import { Req, Res, normalisePath, registerPostRoute } from '../core/endpoint';
import { registerType } from '../core/node';
import { asStatusUpdate, sameToken } from './m2m-api';
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

type Body = { ok: true; value: unknown } | { ok: false; status: 400 | 413 };

/**
 * The request body: already parsed when Node-RED's admin JSON parser ran first (httpAdminRoot and
 * httpNodeRoot both `/`), else read here.
 */
function readBody(req: Req): Promise<Body> {
  if (req._body) return Promise.resolve({ ok: true, value: req.body });
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > MAX_BYTES) return Promise.resolve({ ok: false, status: 413 });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BYTES) over = true;
      else if (!over) chunks.push(c);
    });
    req.on('end', () => {
      if (over) return resolve({ ok: false, status: 413 });
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        resolve({ ok: true, value: JSON.parse(text) });
      } catch {
        resolve({ ok: false, status: 400 });
      }
    });
    req.on('error', () => resolve({ ok: false, status: 400 }));
  });
}

export = function (RED: NodeAPI): void {
  function M2mCallback(this: Node<M2mCallbackCredentials>, config: M2mCallbackConfig): void {
    RED.nodes.createNode(this, config);
    const node = this;
    const path = normalisePath(config.url);
    const accountId = config.account || '';
    let count = 0;

    if (!path) {
      node.status({ fill: 'red', shape: 'ring', text: 'no URL' });
      node.warn('m2m-callback: no URL path is set; the node receives nothing.');
      return;
    }
    if (!RED.httpNode) {
      node.status({ fill: 'red', shape: 'ring', text: 'httpNodeRoot disabled' });
      node.warn('m2m-callback: the HTTP node endpoints are disabled (httpNodeRoot: false).');
      return;
    }
    // Matching needs the account: the m2m-sim nodes of that account wait on this node's updates.
    const unlisten = accountId ? hub.listen(accountId) : () => undefined;

    registerPostRoute(RED, node, path, (req: Req, res: Res) => {
      const expected = node.credentials?.callbackToken;
      // Fixed answer texts: nothing of the request is echoed.
      if (expected && !sameToken(req.headers['x-callback-token'], expected)) {
        req.resume();
        res.status(401).type('text/plain').send('Unauthorized');
        return;
      }
      readBody(req).then((body) => {
        if (!body.ok) {
          res.status(body.status).type('text/plain').send(body.status === 413 ? 'Payload Too Large' : 'Bad Request');
          return;
        }
        const update = asStatusUpdate(body.value);
        if (!update) {
          res.status(400).type('text/plain').send('Bad Request');
          return;
        }
        count++;
        node.send({ payload: update, trackingNumber: update.trackingNumber, resultStatus: update.resultStatus });
        if (accountId) hub.deliver(accountId, update);
        node.status({ fill: update.resultStatus === 'Success' ? 'green' : 'yellow', shape: 'dot', text: `${count} updates, last ${update.resultStatus}`.slice(0, 60) });
        res.status(200).type('text/plain').send('OK');
      });
    });

    node.on('close', () => {
      unlisten();
      node.status({});
    });
  }

  registerType(RED, 'm2m-callback', M2mCallback, { credentials: { callbackToken: { type: 'password' } } });
};
