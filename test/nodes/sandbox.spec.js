'use strict';
// `npm start` as a new user runs it: the sandbox starts, loads every example, and the Enapter
// example provisions against the simulator when its inject is clicked (admin API POST /inject/:id).
require('should');
const fs = require('fs');
const os = require('os');
const path = require('path');
const http = require('http');
const { start } = require('../../scripts/sandbox');
const { freePort } = require('../lib/ports');

function request(method, url, body) {
  return new Promise((resolve, reject) => {
    const data = body ? JSON.stringify(body) : '';
    const req = http.request(url, { method, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(data), 'Node-RED-API-Version': 'v2' } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(data);
  });
}

describe('sandbox (npm start)', function () {
  this.timeout(90_000);
  let sandbox;
  let userDir;
  before(async function () {
    userDir = fs.mkdtempSync(path.join(os.tmpdir(), 'iotf-sandbox-'));
    sandbox = await start({ port: await freePort(), userDir, reset: true, fixedPorts: false, quiet: true });
  });
  after(async function () {
    if (sandbox) await sandbox.stop();
    fs.rmSync(userDir, { recursive: true, force: true });
  });

  it('loads every example flow with its account pointed at a simulator', async function () {
    const res = await request('GET', `${sandbox.url}/flows`);
    res.status.should.equal(200);
    const flows = JSON.parse(res.body).flows;
    const examples = fs.readdirSync(path.join(__dirname, '..', '..', 'examples')).filter((f) => f.endsWith('.json'));
    flows.filter((n) => n.type === 'tab').length.should.be.aboveOrEqual(examples.length);
    const enapter = flows.find((n) => n.type === 'enapter-account');
    enapter.url.should.equal(sandbox.sims.enapter.sim.url);
    JSON.stringify(flows).should.not.containEql(require('../../test/sim/enapter-sim').sandbox.credentials.token);
  });

  it("runs a broker for the several-instances example: its mqtt nodes connect (no endless reconnects to a broker that is not there)", async function () {
    const broker = sandbox.sims['mqtt-broker'].sim;
    const flows = JSON.parse((await request('GET', `${sandbox.url}/flows`)).body).flows;
    const node = flows.find((n) => n.type === 'mqtt-broker');
    node.should.containEql({ broker: '127.0.0.1', port: String(broker.port) });
    const until = Date.now() + 15_000;
    while (broker.clients() === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
    broker.clients().should.be.aboveOrEqual(1);
  });

  it('fills in the values the shipped examples leave to the user: the callback URL, the hot link key, stream credentials', async function () {
    const flows = JSON.parse((await request('GET', `${sandbox.url}/flows`)).body).flows;
    const configure = flows.find((n) => n.id === 'm2mdw.inject.configure');
    configure.payload.should.containEql('http://127.0.0.1:1880/m2m/callback');
    configure.once.should.be.false();
    // the sandbox account's callback URL is set from the start (the example's button is not needed)
    const enco = sandbox.sims.enco;
    [...enco.sim.m2m.callbacks.values()].map((c) => c.url).should.containEql('http://127.0.0.1:1880/m2m/callback');
    // the hot link endpoint: closed without the key, open with the sandbox's
    const key = require('../../test/sim/encloud-sim').sandbox.env.ENCLOUD_HOTLINK_KEY;
    const q = 'email=sandbox.user%40example.com&customer_id=SDK15';
    (await request('GET', `${sandbox.url}/encloud/open?${q}`)).status.should.equal(401);
    (await request('GET', `${sandbox.url}/encloud/open?${q}&key=${encodeURIComponent(key)}`)).status.should.equal(302);
  });

  it('the Enapter example provisions a UCM against the simulator', async function () {
    const sim = sandbox.sims.enapter.sim;
    // the inject node answers once the flows have started
    let res;
    for (const until = Date.now() + 10_000; Date.now() < until; await new Promise((r) => setTimeout(r, 200))) {
      res = await request('POST', `${sandbox.url}/inject/enap.inject.ucm`);
      if (res.status === 200) break;
    }
    res.status.should.equal(200);
    const until = Date.now() + 10_000;
    while (sim.requests({ path: '/v3/provisioning/ucm' }).length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    const reqs = sim.requests({ path: '/v3/provisioning/ucm' });
    reqs.length.should.equal(1);
    reqs[0].headers['x-enapter-auth-token'].should.equal(require('../../test/sim/enapter-sim').sandbox.credentials.token);
  });
  it('the Enapter telemetry example lists the seeded devices and reads their telemetry', async function () {
    const sim = sandbox.sims.enapter.sim;
    let res;
    for (const until = Date.now() + 10_000; Date.now() < until; await new Promise((r) => setTimeout(r, 200))) {
      res = await request('POST', `${sandbox.url}/inject/enapinv.inject`);
      if (res.status === 200) break;
    }
    res.status.should.equal(200);
    const until = Date.now() + 10_000;
    while (sim.requests({ path: '/v3/telemetry/latest' }).length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    const reqs = sim.requests({ path: '/v3/telemetry/latest' });
    reqs.length.should.equal(1);
    const { electrolyser, tank } = require('../../test/sim/enapter-sim').SEED;
    reqs[0].query[`devices[${electrolyser.device_id}]`].should.match(/state/);
    reqs[0].query[`devices[${tank.device_id}]`].should.equal('level');
  });
});
