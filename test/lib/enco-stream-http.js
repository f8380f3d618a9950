'use strict';
// Serves the test runtime's RED.httpNode over real HTTP, laid out as Node-RED lays it out
// (node-red/red.js): one root Express app, the admin app (with its JSON and urlencoded body
// parsers) mounted first at `/`, then httpNode at httpNodeRoot. node-red-node-test-helper creates
// both apps but serves neither; `mount()` returns a node module to pass FIRST to harness.load: it
// runs before the flow's nodes are created, as Node-RED mounts its apps before loading flows.
//   mode 'mounted'  : root.use(nodeRoot, httpNode)  (httpNode.parent = root, like Node-RED)
//   mode 'dispatch' : root.use(nodeRoot, fn -> httpNode) (httpNode has no parent: nothing can be
//                     placed before the admin parsers, so JSON bodies arrive parsed)
const http = require('http');
const express = require('express');

function createStreamHttp() {
  let current = null;
  const state = { RED: null, url: null };
  const sockets = new Set();
  const server = http.createServer((req, res) => {
    if (current) current(req, res);
    else {
      res.statusCode = 503;
      res.end();
    }
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  return {
    state,
    start() {
      return new Promise((resolve) => {
        server.listen(0, '127.0.0.1', () => {
          state.url = `http://127.0.0.1:${server.address().port}`;
          resolve(state.url);
        });
      });
    },
    stop() {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
    mount({ mode = 'mounted', nodeRoot = '/', nodeAuth } = {}) {
      return function streamHttpMount(RED) {
        const root = express();
        root.use('/', RED.httpAdmin);
        if (nodeAuth) root.use(nodeRoot, nodeAuth);
        if (mode === 'mounted') root.use(nodeRoot, RED.httpNode);
        else root.use(nodeRoot, (req, res, next) => RED.httpNode(req, res, next));
        // Errors of the admin body parsers (dispatch mode): status and a short text, no stack on the console
        root.use((err, req, res, next) => { // eslint-disable-line no-unused-vars
          res.statusCode = err.status || err.statusCode || 500;
          res.end(String(err.type || 'error'));
        });
        current = root;
        state.RED = RED;
      };
    },
    /** POST routes on httpNode whose path is `path` (case-insensitive, as Express matches). */
    postRoutes(path) {
      const app = state.RED.httpNode;
      const stack = app._router ? app._router.stack : [];
      return stack.filter((l) => l.route && l.route.methods.post && l.route.path.toLowerCase() === path.toLowerCase()).length;
    },
  };
}

/** A raw HTTP POST (any body, headers as given, optionally chunked): {status, statusText, body, headers}. */
function rawPost(url, body, headers = {}, { chunked = false } = {}) {
  const u = new URL(url);
  const data = Buffer.isBuffer(body) ? body : Buffer.from(String(body ?? ''), 'utf8');
  const h = { ...headers };
  if (!chunked && !Object.keys(h).some((k) => k.toLowerCase() === 'content-length')) h['Content-Length'] = data.length;
  return new Promise((resolve, reject) => {
    const req = http.request(u, { method: 'POST', headers: h, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, statusText: res.statusMessage, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
    });
    req.on('error', reject);
    if (chunked) {
      // several writes so the body really arrives in chunks
      const step = 64 * 1024;
      for (let i = 0; i < data.length; i += step) req.write(data.subarray(i, i + step));
      req.end();
    } else req.end(data);
  });
}

/**
 * createStreamHttp() started in `before` (its base URL handed to `started(base)`) and stopped in
 * `after` of the calling describe; returns it (for `web.mount()`).
 */
function useStreamHttp(started) {
  const web = createStreamHttp();
  before(async () => {
    started(await web.start());
  });
  after(() => web.stop());
  return web;
}

module.exports = { createStreamHttp, useStreamHttp, rawPost };
