'use strict';
// node-red-node-test-helper gives RED.httpNode an Express app that no socket serves. The M2M
// simulator must POST its status updates to the m2m-callback node over real HTTP, so this serves
// the CURRENT httpNode app (a new one per helper.load) on 127.0.0.1.
const http = require('http');
const { helper, unload, dynamicSecrets } = require('./harness');

function httpNodeApp() {
  const util = helper._registryUtil;
  if (!util) throw new Error('node-red-node-test-helper internals changed: no _registryUtil');
  return util.createNodeApi({}).httpNode;
}

/**
 * Starts a server that forwards every request to RED.httpNode.
 * `preParse: true` mimics Node-RED with httpAdminRoot and httpNodeRoot both "/": the admin JSON
 * parser has already consumed the body (req.body, req._body) before any node route runs.
 */
async function startNodeServer({ preParse = false } = {}) {
  const sockets = new Set();
  const server = http.createServer((req, res) => {
    const app = httpNodeApp();
    if (!preParse || !/json/.test(req.headers['content-type'] || '')) return app(req, res);
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      try {
        req.body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        req._body = true;
      } catch {
        res.writeHead(400, { 'Content-Type': 'text/plain' });
        return res.end('Bad Request');
      }
      app(req, res);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    server,
    stop: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * The hooks of an M2M spec, registered in the calling describe: before, the EnCo simulator of
 * `create()` and the node server; after, both stopped (the tokens it issued to the secret audit);
 * after each test, the simulator's pending callbacks settled and the flow unloaded.
 * `started({sim, url, nodeServer})` hands them to the spec.
 */
function useM2mSim(create, started) {
  const env = { sim: null, url: null, nodeServer: null };
  before(async function () {
    env.sim = create();
    env.url = await env.sim.start();
    env.nodeServer = await startNodeServer();
    started(env);
  });
  after(async function () {
    for (const t of env.sim.issued) dynamicSecrets.add(t);
    await env.nodeServer.stop();
    await env.sim.stop();
  });
  afterEach(async function () {
    await env.sim.m2m.settled();
    await unload();
  });
  return env;
}

module.exports = { startNodeServer, httpNodeApp, useM2mSim };
