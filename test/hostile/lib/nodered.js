'use strict';
// A real Node-RED process for the hostile suite: the chaos suite's launcher (test/chaos/lib/
// nodered.js: temp userDir, this package's build copied in, console log captured) with the
// hostile probe node from nodesDir and adminAuth on (users admin "*", reader "read", writer with
// only "enapter-account.write"), so the Test connection endpoint is checked with permissions.
const path = require('path');
const { NodeRedProcess, request, root } = require('../../chaos/lib/nodered');

const USERS = {
  admin: { password: 'hostile-admin-pass-7c2e', permissions: '*' },
  reader: { password: 'hostile-reader-pass-1a9d', permissions: 'read' },
  writer: { password: 'hostile-writer-pass-5b3f', permissions: ['read', 'enapter-account.write'] },
};

function bcryptHash(pw) {
  const nodeRedDir = path.dirname(require.resolve('node-red/package.json', { paths: [process.env.IOT_FLEET_NODE_RED ? path.resolve(process.env.IOT_FLEET_NODE_RED) : root] }));
  const bcrypt = require(require.resolve('bcryptjs', { paths: [nodeRedDir, root] }));
  return bcrypt.hashSync(pw, 8);
}

class HostileNodeRed extends NodeRedProcess {
  async start() {
    await this.makeUserDir('iot-fleet-hostile-', 'iot-fleet-hostile-userdir');
    const settings = {
      ...this.baseSettings(path.join(__dirname, 'probe')),
      logging: { console: { level: 'warn', metrics: false, audit: false } },
      adminAuth: {
        type: 'credentials',
        users: Object.entries(USERS).map(([username, u]) => ({ username, password: bcryptHash(u.password), permissions: u.permissions })),
      },
    };
    await this.spawnRed(settings, { ...process.env, NODE_RED_HOME: this.userDir }, { ready: [200, 401], maxChunks: 5000 });
    this.adminToken = await this.token('admin', '*');
    return this;
  }

  /** An access token of `user` with `scope` (as the editor's login does). */
  async token(user, scope) {
    const r = await request(this.url, 'POST', '/auth/token', { client_id: 'node-red-admin', grant_type: 'password', scope, username: user, password: USERS[user].password });
    if (r.status !== 200 || !r.body || !r.body.access_token) throw new Error(`login of ${user} answered ${r.status}: ${r.text}`);
    return r.body.access_token;
  }

  admin(method, p, body, headers = {}) {
    return request(this.url, method, p, body, this.adminToken ? { Authorization: `Bearer ${this.adminToken}`, ...headers } : headers);
  }
}

module.exports = { HostileNodeRed, USERS, request };
