// The one module that knows Express internals (the router stack of Express 4 and 5): the request /
// response types the package uses, and adding / removing / reordering layers. Node-RED offers no
// API to remove a route; core `http in` edits the stack the same way.
import type { IncomingMessage, ServerResponse } from 'node:http';

/** The Express request/response as far as the package uses them (no express types at runtime). */
export interface Req extends IncomingMessage {
  body?: unknown;
  _body?: boolean;
  params?: Record<string, string>;
}
export interface Res extends ServerResponse {
  status(code: number): Res;
  json(body: unknown): Res;
  send(body?: unknown): Res;
  set(field: string, value: string): Res;
  type(t: string): Res;
}
export type Handler = (req: Req, res: Res, next: (err?: unknown) => void) => void;

/** A layer of an Express router stack, as far as route removal needs it. */
export interface Layer {
  handle?: unknown;
  route?: { path: string; methods: Record<string, boolean>; stack?: Array<{ handle?: unknown }> };
}

/** An Express app (RED.httpAdmin, RED.httpNode) as far as the package uses it. */
export interface ExpressApp {
  (req: unknown, res: unknown, next: (err?: unknown) => void): void;
  post(path: string, ...handlers: Handler[]): void;
  use(fn: Handler): void;
  path?(): string;
  parent?: ExpressApp;
  _router?: { stack: Layer[] };
  router?: { stack: Layer[] };
}

/** The router stack: Express 4 `_router` (created lazily; its `router` getter throws), Express 5 `router`. */
export function stackOf(app: { _router?: { stack: Layer[] }; router?: { stack: Layer[] } }): Layer[] | undefined {
  if (app._router) return app._router.stack;
  // Express 4 creates _router lazily and its `app.router` getter throws ("deprecated"); Express 5
  // has `app.router`. A fresh app without any route yet has no stack to clean.
  try {
    return app.router?.stack;
  } catch {
    return undefined;
  }
}

/** The app a (sub) app is mounted in, up to the root (where middleware runs before every route). */
export function rootOf(app: ExpressApp): ExpressApp {
  let a = app;
  while (a.parent && a.parent !== a) a = a.parent;
  return a;
}

/** Removes every layer `match` selects; the number removed. */
export function removeLayers(app: { _router?: { stack: Layer[] }; router?: { stack: Layer[] } }, match: (l: Layer) => boolean): number {
  const stack = stackOf(app);
  if (!stack) return 0;
  let removed = 0;
  for (let i = stack.length - 1; i >= 0; i--) {
    if (match(stack[i])) {
      stack.splice(i, 1);
      removed++;
    }
  }
  return removed;
}

/** Removes every route for `path` + `method` from an Express app (what core `http in` does on close). */
export function removeRoute(app: { _router?: { stack: Layer[] }; router?: { stack: Layer[] } }, method: string, path: string): number {
  return removeLayers(app, (l) => !!l.route && l.route.path === path && !!l.route.methods[method]);
}

/** Moves the layer whose handle is `handle` to the top of the stack (it runs before everything else). */
export function moveToTop(app: ExpressApp, handle: unknown): boolean {
  const stack = stackOf(app);
  if (!stack) return false;
  const i = stack.findIndex((l) => l.handle === handle);
  if (i < 0) return false;
  stack.unshift(stack.splice(i, 1)[0]);
  return true;
}
