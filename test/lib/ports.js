'use strict';
// A free TCP port on 127.0.0.1 for a server a test starts itself (a process that takes the port
// as an argument: Node-RED, nginx, mosquitto). Servers the test runs in-process listen on port 0.
const net = require('net');

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

module.exports = { freePort };
