import type { NodeAPI } from 'node-red';
import { FleetError, scrub, toFleetError } from './errors';
import { ExpressApp, Handler, removeRoute } from './express';

// The Express types and route removal moved to express.ts (the one module that knows Express internals).
export type { Handler, Layer, Req, Res } from './express';
export { removeRoute, stackOf } from './express';

/** Normalises a node's path property: leading slash, no trailing slash. */
export function normalisePath(url: string | undefined): string {
  let p = (url ?? '').trim();
  if (!p) return '';
  if (!p.startsWith('/')) p = '/' + p;
  if (p.length > 1) p = p.replace(/\/+$/, '');
  return p;
}

export interface TestAnswer {
  ok: boolean;
  code?: string;
  message?: string;
}

export type CredentialMap = Record<string, string | undefined>;

/**
 * Credentials from the dialog; unchanged ones (absent or `__PWRD__`) come from the deployed node
 * `id`, and only when that node is of `type` (SPEC 3.7): the stored secret of another node type
 * (an EnCo token as an Enapter token) is never handed to the URL a request names.
 */
export function mergeCredentials(RED: NodeAPI, id: string | undefined, given: unknown, type?: string): CredentialMap {
  const deployed = id ? (RED.nodes.getNode(id) as { type?: string } | null) : null;
  const sameType = type === undefined || (deployed !== null && deployed.type === type);
  const stored: CredentialMap = (id && sameType ? (RED.nodes.getCredentials(id) as CredentialMap | undefined) : undefined) ?? {};
  const out: CredentialMap = { ...stored };
  if (given && typeof given === 'object') {
    for (const [k, v] of Object.entries(given as Record<string, unknown>)) {
      if (v === undefined || v === null || v === '__PWRD__') continue;
      if (typeof v === 'string') out[k] = v;
    }
  }
  return out;
}

/**
 * The Test connection button (SPEC 3.7): `POST <httpAdminRoot>/iot-fleet/test/<type>`, permission
 * `<type>.write`. `probe` makes only harmless reads; the answer never echoes a secret.
 */
export function registerTestEndpoint(
  RED: NodeAPI,
  type: string,
  probe: (props: Record<string, unknown>, credentials: CredentialMap) => Promise<void>,
): void {
  const app = RED.httpAdmin as unknown as ExpressApp;
  const path = `/iot-fleet/test/${type}`;
  removeRoute(app, 'post', path);
  const permission = RED.auth.needsPermission(`${type}.write`) as unknown as Handler;
  app.post(path, permission, (req, res) => {
    // JSON only (SPEC 3.7): a plain HTML form from another site cannot trigger a test
    const ct = String(req.headers['content-type'] ?? '')
      .split(';')[0]
      .trim()
      .toLowerCase();
    if (ct !== 'application/json') {
      res.status(415).json({ ok: false, code: 'INVALID_INPUT', message: 'Content-Type must be application/json.' });
      return;
    }
    const body = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;
    const id = typeof body.id === 'string' ? body.id : undefined;
    const credentials = mergeCredentials(RED, id, body.credentials, type);
    const props: Record<string, unknown> = { ...body };
    delete props.credentials;
    probe(props, credentials).then(
      () => res.json({ ok: true } satisfies TestAnswer),
      (e: unknown) => {
        const err: FleetError = toFleetError(e);
        const message = scrub(err.message, Object.values(credentials));
        res.json({ ok: false, code: err.code, message } satisfies TestAnswer);
      },
    );
  });
}
