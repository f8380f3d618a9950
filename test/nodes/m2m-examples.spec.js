'use strict';
// The M2M example flow runs as shipped (core inject/switch/debug/catch/comment nodes), its account
// pointed at the EnCo simulator the way the sandbox does it, and its m2m-* nodes given a callback
// token (the sandbox fills them the same way). As shipped, nothing is sent on deploy and the
// callback URL is a placeholder the node refuses; with the URL edited (here: the test's Node-RED,
// as the sandbox does), the full round trip: click "configure callback URL" -> deactivate -> the
// simulator POSTs the update to the m2m-callback node -> output 2.
const fs = require('fs');
const path = require('path');
const should = require('should');
const { helper, load, root, nextMsg } = require('../lib/harness');
const { useM2mSim } = require('../lib/m2m-http');
const encoSim = require('../sim/enco-sim');
const { checkShippedExamples, exampleAgainst } = require('../lib/examples');
const secrets = require('../lib/secrets');

const core = (p) => require('../lib/harness').coreNode(p);
const CORE = ['common/20-inject.js', 'common/21-debug.js', 'common/25-catch.js', 'common/90-comment.js', 'function/10-switch.js'].map(core);
const TYPES = ['enco-account', 'm2m-sim', 'm2m-callback', ...CORE];

function example(name, simUrl, nodeRedUrl, { edited = true } = {}) {
  return exampleAgainst(name, {
    accountType: 'enco-account',
    vendorUrl: 'https://api.enco.io',
    url: simUrl,
    credentials: encoSim.sandbox.credentials,
    edit: (n, creds) => {
      if (n.type === 'm2m-sim' || n.type === 'm2m-callback') creds[n.id] = { callbackToken: secrets.m2mCallbackToken };
      // the shipped URL is a placeholder the user edits; here it becomes the test's Node-RED
      if (edited && n.type === 'inject' && typeof n.payload === 'string' && n.payload.includes('https://<your-node-red-host>/')) {
        n.payload = n.payload.replace('https://<your-node-red-host>', nodeRedUrl);
      }
    },
  });
}
/** The next msg that reaches node `id` (a debug node). */
const next = (id, ms = 8000) => nextMsg(id, ms);

describe('M2M example flows', function () {
  let sim;
  let url;
  let nodeServer;
  useM2mSim(() => encoSim.create({}), (env) => ({ sim, url, nodeServer } = env));

  it('every M2M example is a tab with unique, prefixed ids, positioned nodes and no credentials', function () {
    checkShippedExamples('m2m-', { noText: /SECRET/ });
  });

  it('as shipped: nothing is sent on deploy; the placeholder callback URL is refused before any request', async function () {
    sim.m2m.reset();
    sim.clearLog();
    const { flow, creds } = example('m2m-deactivate-wait.json', url, nodeServer.url, { edited: false });
    for (const n of flow.filter((x) => x.type === 'inject')) {
      n.once.should.be.false(`${n.id} fires on deploy`);
      (n.repeat || '').should.equal('', `${n.id} repeats`);
    }
    await load(TYPES, flow, creds);
    await new Promise((r) => setTimeout(r, 1500));
    sim.requests().should.have.length(0);
    const err = next('m2mdw.debug.error');
    helper.getNode('m2mdw.inject.configure').receive({});
    const e = await err;
    e.error.code.should.equal('INVALID_INPUT');
    e.error.message.should.match(/url must be an absolute http\(s\) URL/);
    sim.requests().should.have.length(0);
    sim.m2m.callbacks.size.should.equal(0);
  });

  it('deactivate and wait: callback configured by its button, the confirmation comes back through the callback node', async function () {
    sim.m2m.reset();
    const { flow, creds } = example('m2m-deactivate-wait.json', url, nodeServer.url);
    await load(TYPES, flow, creds);
    const ok = next('m2mdw.debug.configured');
    helper.getNode('m2mdw.inject.configure').receive({});
    (await ok).statusCode.should.equal(200);
    sim.m2m.callbacks.get(secrets.m2mApiKey).url.should.equal(nodeServer.url + '/m2m/callback');

    // tamper alert -> deactivate -> TrackingNumber at once, then the confirmation
    const tracking = next('m2mdw.debug.tracking');
    const confirmed = next('m2mdw.debug.confirmed');
    const seenByCallback = next('m2mdw.debug.callback');
    helper.getNode('m2mdw.inject.tamper').receive({});
    const tn = (await tracking).payload.TrackingNumber;
    const c = await confirmed;
    c.payload.trackingNumber.should.equal(tn);
    c.payload.resultStatus.should.equal('Success');
    c.topic.should.equal('sensor-42 tamper');
    (await seenByCallback).trackingNumber.should.equal(tn);
    sim.m2m.find('MSISDN', '32470000001').state.should.equal('Deactivated');
    sim.requests({ path: '/m2m/1.0.0/requests/deactivation' })[0].headers['x-callback-token'].should.equal(secrets.m2mCallbackToken);

    // the same again: EnCo refuses the transition
    const refused = next('m2mdw.debug.refused');
    helper.getNode('m2mdw.inject.tamper').receive({});
    (await refused).payload.messages.should.eql(['SIM card is already deactivated.']);

    // reactivate, then read the profile
    const back = next('m2mdw.debug.confirmed');
    helper.getNode('m2mdw.inject.reactivate').receive({});
    (await back).topic.should.equal('sensor-42 cleared');
    const profile = next('m2mdw.debug.profile');
    helper.getNode('m2mdw.inject.read').receive({});
    (await profile).payload[0].State.should.equal('Active');
  });

  it('a SIM that never answers ends in CALLBACK_TIMEOUT at the Catch node', async function () {
    sim.m2m.reset();
    const { flow, creds } = example('m2m-deactivate-wait.json', url, nodeServer.url);
    flow.find((n) => n.id === 'm2mdw.deactivate').waitTimeout = '1';
    await load(TYPES, flow, creds);
    const configured = next('m2mdw.debug.configured');
    helper.getNode('m2mdw.inject.configure').receive({});
    await configured;
    sim.m2m.mode = 'never';
    const err = next('m2mdw.debug.error', 5000);
    helper.getNode('m2mdw.inject.tamper').receive({});
    const e = await err;
    e.error.code.should.equal('CALLBACK_TIMEOUT');
    e.error.message.should.containEql('MSISDN 32470000001');
  });

  it('several instances: callback -> mqtt out, mqtt in -> m2mUpdate -> m2m-sim of the same account; nothing runs on deploy; values to replace named', function () {
    const flow = JSON.parse(fs.readFileSync(path.join(root, 'examples', 'm2m-several-instances.json'), 'utf8'));
    const byId = (id) => flow.find((n) => n.id === id);
    const one = (type) => {
      const list = flow.filter((n) => n.type === type);
      list.should.have.length(1, type);
      return list[0];
    };
    // nothing changes a real account on deploy: no inject fires by itself
    for (const n of flow.filter((x) => x.type === 'inject')) {
      n.once.should.be.false();
      n.repeat.should.equal('');
      n.crontab.should.equal('');
    }
    const cb = one('m2m-callback');
    const out = one('mqtt out');
    const inn = one('mqtt in');
    const broker = one('mqtt-broker');
    cb.wires[0].should.eql([out.id]);
    out.broker.should.equal(broker.id);
    inn.broker.should.equal(broker.id);
    out.topic.should.equal(inn.topic);
    out.topic.should.match(/m2m/);
    inn.datatype.should.equal('json');
    broker.clientid.should.equal(''); // each instance gets its own client id
    const change = byId(inn.wires[0][0]);
    change.type.should.equal('change');
    change.rules.should.eql([{ t: 'move', p: 'payload', pt: 'msg', to: 'm2mUpdate', tot: 'msg' }]);
    const handover = byId(change.wires[0][0]);
    handover.type.should.equal('m2m-sim');
    handover.account.should.equal(cb.account);
    handover.wait.should.be.false();
    // the values to replace are named in a comment
    const note = flow.find((n) => n.type === 'comment' && /replace/.test(n.name));
    should.exist(note);
    note.info.should.containEql(broker.broker);
    note.info.should.containEql(broker.port);
    note.info.should.containEql(out.topic);
    note.info.should.match(/callback token/i);
    // the request side waits
    flow.filter((n) => n.type === 'm2m-sim' && n.wait === true && n.account === cb.account).should.have.length(1);
  });
});
