// HTTP endpoints that read their own request body (the MyThings stream, callbacks).
//
// Node-RED fact (SPEC 5.6): with the default settings httpAdminRoot and httpNodeRoot are both `/`,
// and the admin app's JSON/urlencoded body parsers run before any node route. A JSON body then
// arrives parsed, with Node-RED's size limit and Node-RED's own answer to malformed JSON. Core
// `http in` (21-httpin.js, "skipBodyParsing") solves this with a middleware at the top of the root
// app that reads the raw body of its routes first. We do the same with one difference: the
// middleware only marks the request (`req._body = true`, so every body parser skips it) and the
// route reads the body itself, after httpNodeAuth, httpNodeMiddleware and the node's own auth
// check, with the node's own size limit. Where the marker cannot see the request (path with
// parameters, an embedding app that mounts httpNode differently) the route still works on the
// already-parsed body: `readBody` answers both cases.
import type { Node, NodeAPI } from 'node-red';
import { createHash, timingSafeEqual } from 'node:crypto';
import { valueShape } from './depth';
import { normalisePath } from './endpoint';
import type { Translate } from './i18n';
import { ExpressApp, moveToTop, removeLayers, rootOf, stackOf, type Handler, type Req, type Res } from './express';

const RAW = Symbol.for('node-red-contrib-iot-fleet.rawBody');
const OWNED = Symbol.for('node-red-contrib-iot-fleet.rawRoute');
const MARKER_STATE = Symbol.for('node-red-contrib-iot-fleet.rawPaths');

type Marked = Req & { [RAW]?: boolean };
type Marker = Handler & { [MARKER_STATE]?: Map<string, number> };

/** The key the marker compares: lower case (Express routes are case-insensitive), no `//`, no trailing `/`. */
export function routeKey(path: string): string {
  let p = path.replace(/\/{2,}/g, '/').toLowerCase();
  if (p.length > 1 && p.endsWith('/')) p = p.slice(0, -1);
  return p;
}

/** The marker middleware at the top of the root app (one per app; its path set lives on it). */
function markerOf(root: ExpressApp): Map<string, number> | undefined {
  if (typeof root.use !== 'function') return undefined;
  for (const layer of stackOf(root) ?? []) {
    const h = layer.handle as Marker | undefined;
    if (h && h[MARKER_STATE]) return h[MARKER_STATE];
  }
  const paths = new Map<string, number>();
  const marker: Marker = (req, _res, next) => {
    if (req.method === 'POST' && paths.size) {
      const url = req.url ?? '';
      const q = url.indexOf('?');
      if (paths.has(routeKey(q < 0 ? url : url.slice(0, q))) && !(req as Marked)._body) {
        (req as Marked)._body = true;
        (req as Marked)[RAW] = true;
      }
    }
    next();
  };
  marker[MARKER_STATE] = paths;
  root.use(marker);
  // Move it before everything else, as core http-in does with its raw body capture
  if (!moveToTop(root, marker)) return undefined;
  return paths;
}

export type RouteResult = { ok: true } | { ok: false; reason: 'disabled' | 'duplicate' };

const owners = new WeakMap<object, Map<string, string>>();

/**
 * Registers `POST path` on RED.httpNode (httpNodeRoot, httpNodeAuth, httpNodeMiddleware apply)
 * whose handler reads the raw body with `readBody`. On close exactly this route is removed (not a
 * route another node registered for the same path); a stale route left for the path by an earlier
 * load is replaced, so a redeploy never leaves two handlers. Two deployed nodes cannot share a
 * path: the second gets `{ ok: false, reason: 'duplicate' }`.
 */
export function registerRawPostRoute(RED: NodeAPI, node: Node, path: string, handler: Handler): RouteResult {
  if (RED.settings.httpNodeRoot === false || typeof RED.httpNode !== 'function') return { ok: false, reason: 'disabled' };
  const app = RED.httpNode as unknown as ExpressApp;
  let byPath = owners.get(app);
  if (!byPath) owners.set(app, (byPath = new Map()));
  const own = routeKey(path);
  const holder = byPath.get(own);
  if (holder && holder !== node.id) return { ok: false, reason: 'duplicate' };
  byPath.set(own, node.id);

  // A route of ours left for this path by an earlier load (never another node type's route)
  removeLayers(app, (l) => !!l.route && routeKey(l.route.path) === own && !!l.route.stack && l.route.stack.some((s) => isOwned(s.handle)));
  (handler as Handler & { [OWNED]?: boolean })[OWNED] = true;
  app.post(path, handler);

  const mount = typeof app.path === 'function' ? app.path() : '';
  const key = routeKey(mount + path);
  const paths = markerOf(rootOf(app));
  if (paths) paths.set(key, (paths.get(key) ?? 0) + 1);

  node.on('close', () => {
    removeLayers(app, (l) => !!l.route && !!l.route.stack && l.route.stack.some((s) => s.handle === handler));
    if (byPath!.get(own) === node.id) byPath!.delete(own);
    if (paths) {
      const n = (paths.get(key) ?? 1) - 1;
      if (n > 0) paths.set(key, n);
      else paths.delete(key);
    }
  });
  return { ok: true };
}

/** The catalog keys of the warnings of an HTTP-in node that does not listen (its own words); `__path__` is the path. */
export interface HttpInWarnings {
  noPath: string;
  httpDisabled: string;
  duplicatePath: string;
}

/**
 * The path of an HTTP-in node (mythings-stream, m2m-callback) from its `url` property, or
 * undefined after the red ring (common.status.noPath) and the node's warning.
 */
export function httpInPath(node: Node, t: Translate, url: string | undefined, warnings: HttpInWarnings): string | undefined {
  const path = normalisePath(url);
  if (path) return path;
  node.status({ fill: 'red', shape: 'ring', text: t('common.status.noPath') });
  node.warn(t(warnings.noPath));
  return undefined;
}

/**
 * Serves `handler` at `POST path` for an HTTP-in node (registerRawPostRoute); when it cannot, the
 * red ring (common.status.duplicatePath / httpDisabled), the node's warning, and false.
 */
export function serveHttpIn(RED: NodeAPI, node: Node, t: Translate, path: string, handler: Handler, warnings: HttpInWarnings): boolean {
  const route = registerRawPostRoute(RED, node, path, handler);
  if (route.ok) return true;
  const duplicate = route.reason === 'duplicate';
  node.status({ fill: 'red', shape: 'ring', text: t(duplicate ? 'common.status.duplicatePath' : 'common.status.httpDisabled') });
  node.warn(t(duplicate ? warnings.duplicatePath : warnings.httpDisabled, { path }));
  return false;
}

function isOwned(h: unknown): boolean {
  return typeof h === 'function' && (h as { [OWNED]?: boolean })[OWNED] === true;
}


export type BodyResult =
  | { kind: 'raw'; data: Buffer }
  | { kind: 'parsed'; value: unknown; size: number }
  | { kind: 'tooLarge' }
  | { kind: 'tooDeep' }
  | { kind: 'timeout' }
  | { kind: 'aborted' };

function declaredLength(req: Req): number | undefined {
  const h = req.headers['content-length'];
  if (h === undefined) return undefined;
  const n = Number(h);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/**
 * The request body, at most `limit` bytes: read raw when nothing parsed it yet (or the marker
 * kept the parsers away), else what a body parser left in `req.body` with its size
 * (Content-Length, or the serialised size). Over the limit (declared or counted) -> `tooLarge`,
 * without buffering the rest: the remainder is drained by Node.js so the connection stays usable.
 * A parsed body nested deeper than MAX_DEPTH -> `tooDeep`, holding more than MAX_VALUES values ->
 * `tooLarge` (checked iteratively, before anything serialises it). With `deadlineMs`, a raw body that has not fully arrived by then -> `timeout`.
 */
export function readBody(req: Req, limit: number, cb: (r: BodyResult) => void, deadlineMs?: number): void {
  const declared = declaredLength(req);
  if (declared !== undefined && declared > limit) return cb({ kind: 'tooLarge' });
  const marked = (req as Marked)[RAW] === true;
  if (!marked && req._body) {
    const value = req.body;
    const shape = valueShape(value);
    if (shape === 'deep') return cb({ kind: 'tooDeep' });
    if (shape === 'large') return cb({ kind: 'tooLarge' });
    let size = declared;
    if (size === undefined) {
      if (typeof value === 'string') size = Buffer.byteLength(value);
      else if (Buffer.isBuffer(value)) size = value.length;
      else {
        try {
          size = Buffer.byteLength(JSON.stringify(value) ?? '');
        } catch {
          size = Infinity;
        }
      }
    }
    return cb(size > limit ? { kind: 'tooLarge' } : { kind: 'parsed', value, size });
  }
  if (req.readableEnded) return cb({ kind: 'raw', data: Buffer.alloc(0) });
  const chunks: Buffer[] = [];
  let size = 0;
  let finished = false;
  let timer: NodeJS.Timeout | undefined;
  const finish = (r: BodyResult): void => {
    if (finished) return;
    finished = true;
    if (timer) clearTimeout(timer);
    req.removeListener('data', onData);
    req.removeListener('end', onEnd);
    req.removeListener('error', onError);
    req.removeListener('aborted', onError);
    if (r.kind === 'tooLarge' || r.kind === 'timeout') req.resume(); // discard the rest
    cb(r);
  };
  const onData = (c: Buffer): void => {
    size += c.length;
    if (size > limit) finish({ kind: 'tooLarge' });
    else chunks.push(c);
  };
  const onEnd = (): void => finish({ kind: 'raw', data: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size) });
  const onError = (): void => finish({ kind: 'aborted' });
  req.on('data', onData);
  req.on('end', onEnd);
  req.on('error', onError);
  req.on('aborted', onError);
  if (deadlineMs !== undefined && deadlineMs > 0) {
    timer = setTimeout(() => finish({ kind: 'timeout' }), deadlineMs);
    timer.unref?.();
  }
}

/** A constant-time check of `given` against a secret (digests compared, so lengths do not leak). */
export function secretMatcher(secret: string): (given: string | undefined) => boolean {
  const expected = createHash('sha256').update(secret, 'utf8').digest();
  return (given) => {
    const actual = createHash('sha256')
      .update(given ?? '', 'utf8')
      .digest();
    return timingSafeEqual(actual, expected) && given !== undefined;
  };
}

/** Sends a fixed answer: the reason phrase is the body (no variable data), closed with text/plain. */
export function answerFixed(res: Res, status: number, text: string, headers?: Record<string, string>): void {
  if (res.headersSent || res.writableEnded) return;
  const h: Record<string, string | number> = { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) };
  if (headers) Object.assign(h, headers);
  res.writeHead(status, text, h);
  res.end(text);
}
