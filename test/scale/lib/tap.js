'use strict';
// A "tap": a second HTTP listener in front of a running simulator, one per Node-RED instance.
// It hands every request to the simulator's own handler (one simulator, one token state, as the
// vendor has one) and counts what that instance asked: requests, token requests / authorise calls
// (`tokenPath`) and the 401 answers it got.
const http = require('http');

async function startTap(sim, { tokenPath }) {
  const counts = { requests: 0, tokenRequests: 0, unauthorized: 0 };
  const sockets = new Set();
  const server = http.createServer((req, res) => {
    counts.requests++;
    if (tokenPath && req.url.split('?')[0] === tokenPath) counts.tokenRequests++;
    res.on('finish', () => {
      if (res.statusCode === 401) counts.unauthorized++;
    });
    sim.server.emit('request', req, res);
  });
  server.keepAliveTimeout = 10_000;
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    counts,
    reset() {
      Object.assign(counts, { requests: 0, tokenRequests: 0, unauthorized: 0 });
    },
    stop() {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

module.exports = { startTap };
