'use strict';
// The sandbox's MQTT broker: "your MQTT broker" of the m2m-several-instances example, so that the
// example runs in the sandbox (`npm start`) instead of reconnecting forever to a broker that is not
// there. aedes (a dev dependency) on 127.0.0.1; the sandbox points the example's broker node at it.
// With one instance every M2M update also comes back through the broker and completes its wait once.
//
//   const sim = require('./mqtt-broker-sim').create();
//   await sim.start({ port })   -> listens (port 0: any free one); sim.port
//   sim.clients()               -> the clients connected now
//   await sim.stop()            -> closes the broker and every connection
const net = require('net');

function create() {
  let broker = null;
  let server = null;
  const sockets = new Set();
  const sim = {
    name: 'mqtt-broker',
    host: '127.0.0.1',
    port: null,
    async start({ port = 0 } = {}) {
      const { Aedes } = require('aedes');
      broker = await Aedes.createBroker();
      server = net.createServer((socket) => {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
        broker.handle(socket);
      });
      await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, sim.host, resolve);
      });
      sim.port = server.address().port;
      return `mqtt://${sim.host}:${sim.port}`;
    },
    clients: () => (broker ? broker.connectedClients : 0),
    async stop() {
      if (!server) return;
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(() => resolve()));
      await new Promise((resolve) => broker.close(() => resolve()));
      server = null;
      broker = null;
    },
  };
  return sim;
}

module.exports = {
  name: 'mqtt-broker',
  create,
  sandbox: {
    // the example's `mqtt-broker` config node: host and port of this broker (known once it listens)
    accountType: 'mqtt-broker',
    propsFor: (sim) => ({ broker: sim.host, port: String(sim.port) }),
  },
};
