'use strict';
// A real Node-RED process for the hostile suite: the chaos suite's launcher (test/chaos/lib/
// nodered.js: temp userDir, this package's build copied in, console log captured) with the
// hostile probe node from nodesDir and adminAuth on (users admin "*", reader "read", writer with
// only "enapter-account.write"), so the Test connection endpoint is checked with permissions.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');
const { NodeRedProcess, builtTypes, request, CREDENTIAL_SECRET, root } = require('../../chaos/lib/nodered');

const USERS = {
  admin: { password: 'hostile-admin-pass-7c2e', permissions: '*' },
  reader: { password: 'hostile-reader-pass-1a9d', permissions: 'read' },
  writer: { password: 'hostile-writer-pass-5b3f', permissions: ['read', 'enapter-account.write'] },
};

function redJs() {
  const alt = process.env.IOT_FLEET_NODE_RED;
  const pkgJson = alt ? require.resolve('node-red/package.json', { paths: [path.resolve(alt)] }) : require.resolve('node-red/package.json');
  return path.join(path.dirname(pkgJson), 'red.js');
}

function bcryptHash(pw) {
  const nodeRedDir = path.dirname(require.resolve('node-red/package.json', { paths: [process.env.IOT_FLEET_NODE_RED ? path.resolve(process.env.IOT_FLEET_NODE_RED) : root] }));
  const bcrypt = require(require.resolve('bcryptjs', { paths: [nodeRedDir, root] }));
  return bcrypt.hashSync(pw, 8);
}

class HostileNodeRed extends NodeRedProcess {
  async start() {
    this.userDir = fs.mkdtempSync(path.join(os.tmpdir(), 'iot-fleet-hostile-'));
    const pkgDir = path.join(this.userDir, 'node_modules', 'node-red-contrib-iot-fleet');
    const { pkg, nodes } = await builtTypes();
    fs.mkdirSync(pkgDir, { recursive: true });
    fs.cpSync(path.join(root, 'nodes'), path.join(pkgDir, 'nodes'), { recursive: true });
    if (fs.existsSync(path.join(root, 'resources'))) fs.cpSync(path.join(root, 'resources'), path.join(pkgDir, 'resources'), { recursive: true });
    const present = Object.fromEntries(Object.entries(nodes).filter(([, f]) => fs.existsSync(path.join(pkgDir, f))));
    fs.writeFileSync(path.join(pkgDir, 'package.json'), JSON.stringify({ ...pkg, 'node-red': { ...pkg['node-red'], nodes: present } }, null, 2));
    fs.symlinkSync(path.join(root, 'node_modules'), path.join(pkgDir, 'node_modules'), 'dir');
    fs.writeFileSync(path.join(this.userDir, 'package.json'), JSON.stringify({ name: 'iot-fleet-hostile-userdir', private: true, dependencies: { 'node-red-contrib-iot-fleet': '*' } }));
    const getPort = require('net');
    this.port = await new Promise((resolve) => {
      const s = getPort.createServer();
      s.listen(0, '127.0.0.1', () => {
        const p = s.address().port;
        s.close(() => resolve(p));
      });
    });
    const settings = {
      uiPort: this.port,
      uiHost: '127.0.0.1',
      userDir: this.userDir,
      flowFile: 'flows.json',
      credentialSecret: CREDENTIAL_SECRET,
      nodesDir: [path.join(__dirname, 'probe')],
      logging: { console: { level: 'warn', metrics: false, audit: false } },
      editorTheme: { tours: false, projects: { enabled: false } },
      externalModules: { autoInstall: false, palette: { allowInstall: false }, modules: { allowInstall: false } },
      diagnostics: { enabled: false },
      telemetry: { enabled: false },
      adminAuth: {
        type: 'credentials',
        users: Object.entries(USERS).map(([username, u]) => ({ username, password: bcryptHash(u.password), permissions: u.permissions })),
      },
    };
    this.settingsFile = path.join(this.userDir, 'settings.js');
    fs.writeFileSync(this.settingsFile, 'module.exports = ' + JSON.stringify(settings, null, 2) + ';\n');
    const env = { ...process.env, NODE_RED_HOME: this.userDir };
    for (const k of ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy']) delete env[k];
    this.child = spawn(process.execPath, ['--expose-gc', redJs(), '--userDir', this.userDir, '--settings', this.settingsFile], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
    for (const stream of [this.child.stdout, this.child.stderr]) {
      stream.setEncoding('utf8');
      stream.on('data', (d) => {
        this.output.push(d);
        if (this.output.length > 5000) this.output.splice(0, 1000);
        if (process.env.IOT_FLEET_NR_LOG) process.stderr.write(d);
      });
    }
    this.url = `http://127.0.0.1:${this.port}`;
    const t0 = Date.now();
    for (;;) {
      if (this.child.exitCode !== null) throw new Error('Node-RED exited while starting:\n' + this.log().slice(-3000));
      try {
        const r = await request(this.url, 'GET', '/settings');
        if (r.status === 200 || r.status === 401) break;
      } catch {
        /* not listening yet */
      }
      if (Date.now() - t0 > 60_000) throw new Error('Node-RED did not start within 60 s:\n' + this.log().slice(-3000));
      await new Promise((r) => setTimeout(r, 150));
    }
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
