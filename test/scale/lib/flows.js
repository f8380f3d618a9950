'use strict';
// The flows that every Node-RED instance of the scale suite runs (the same on both):
//  - M2M: the shipped example examples/m2m-several-instances.json with its "values to replace"
//    replaced (broker, EnCo URL, credentials, callback token), its "deactivate + wait" node wired
//    to the probe; without the bridge, its mqtt nodes are taken out;
//  - stream: a mythings-stream endpoint whose msgs are counted per instance (function node +
//    global context, read back with GET /scale/stats on that instance, with the state of its mqtt nodes);
//  - tokens: one read node per platform (EnCo M2M get, enCloud devices, Enapter re-provision).
// Each instance reaches the simulators through its own "tap" (the URL comes from the process's
// environment, `${IOT_FLEET_SCALE_*_URL}`), so every request can be counted per instance.
const fs = require('fs');
const path = require('path');
const secrets = require('../../lib/secrets');
const { probeWiring, root } = require('../../chaos/lib/nodered');

const EXAMPLE = 'm2m-several-instances.json';
const SITE = 'sitebba0-79f2-4e9e-a6f0-69a310ab110b';
const hw = (i) => `PRE${String(i).padStart(24, '0')}`.slice(0, 32);

const ENV = { enco: 'IOT_FLEET_SCALE_ENCO_URL', encloud: 'IOT_FLEET_SCALE_ENCLOUD_URL', enapter: 'IOT_FLEET_SCALE_ENAPTER_URL' };

function example() {
  return JSON.parse(fs.readFileSync(path.join(root, 'examples', EXAMPLE), 'utf8'));
}

/** The example, made to run here. `bridge: false` removes the mqtt nodes (the failure the bridge removes). */
function m2mTab({ brokerPort, bridge, waitTimeout }) {
  const flow = example();
  const tab = flow.find((n) => n.type === 'tab').id;
  const byId = (id) => flow.find((n) => n.id === id);
  const m2mCreds = { callbackToken: secrets.m2mCallbackToken };
  for (const n of flow) {
    if (n.type === 'enco-account') {
      n.url = '${' + ENV.enco + '}';
      n.credentials = { clientId: secrets.encoClientId, clientSecret: secrets.encoClientSecret, m2mApiKey: secrets.m2mApiKey };
    }
    if (n.type === 'm2m-sim' || n.type === 'm2m-callback') n.credentials = m2mCreds;
    if (n.type === 'mqtt-broker') Object.assign(n, { broker: '127.0.0.1', port: String(brokerPort) });
    if (n.type === 'debug') n.active = false;
  }
  const deactivate = flow.find((n) => n.type === 'm2m-sim' && n.wait === true);
  const configure = flow.find((n) => n.type === 'm2m-sim' && n.operation === 'configureCallback');
  const callback = flow.find((n) => n.type === 'm2m-callback');
  deactivate.waitTimeout = String(waitTimeout);
  deactivate.wires = [[`${tab}-out`], [`${tab}-out`]];
  configure.wires = [[`${tab}-out`], []];
  let nodes = flow;
  const mqtt = flow.filter((n) => /^mqtt/.test(n.type)).map((n) => n.id);
  if (!bridge) {
    nodes = flow.filter((n) => !mqtt.includes(n.id));
    callback.wires = [[]];
  } else {
    // the state of the mqtt nodes, for the test to wait until both are connected
    nodes.push(
      { id: `${tab}-mqttstatus`, z: tab, type: 'status', scope: mqtt.filter((id) => byId(id).type !== 'mqtt-broker'), x: 100, y: 600, wires: [[`${tab}-mqttstate`]] },
      {
        id: `${tab}-mqttstate`,
        z: tab,
        type: 'function',
        name: 'mqtt state',
        func: "const s = global.get('scaleMqtt') || {}; s[msg.status.source.id] = String(msg.status.text || ''); global.set('scaleMqtt', s); return null;",
        outputs: 1,
        x: 300,
        y: 600,
        wires: [[]],
      },
    );
  }
  return {
    tab,
    deactivate: deactivate.id,
    configure: configure.id,
    callbackPath: callback.url,
    mqtt: mqtt.filter((id) => byId(id).type !== 'mqtt-broker'),
    nodes: [...nodes, ...probeWiring(tab, [deactivate.id, configure.id])],
  };
}

function streamTab() {
  const tab = 'scale-stream';
  const fn = (id, name, func, y, wires) => ({ id, z: tab, type: 'function', name, func, outputs: 1, x: 350, y, wires });
  return {
    tab,
    path: '/scale/stream',
    nodes: [
      { id: tab, type: 'tab', label: 'scale: stream' },
      { id: `${tab}-in`, z: tab, type: 'mythings-stream', name: 'uplinks', url: '/scale/stream', auth: 'none', output: 'normalized', split: false, timezone: 'UTC', x: 120, y: 100, wires: [[`${tab}-count`]] },
      fn(`${tab}-count`, 'count', "const s = global.get('scaleStream') || { count: 0, keys: [] }; s.count++; s.keys.push(msg.payload.devEUI + ':' + msg.payload.fCntUp); global.set('scaleStream', s); return null;", 100, [[]]),
      { id: `${tab}-stats`, z: tab, type: 'http in', name: '', url: '/scale/stats', method: 'get', upload: false, swaggerDoc: '', x: 130, y: 200, wires: [[`${tab}-read`]] },
      fn(`${tab}-read`, 'read', "msg.payload = { stream: global.get('scaleStream') || { count: 0, keys: [] }, mqtt: global.get('scaleMqtt') || {} }; msg.statusCode = 200; return msg;", 200, [[`${tab}-res`]]),
      { id: `${tab}-res`, z: tab, type: 'http response', name: '', statusCode: '', headers: {}, x: 550, y: 200, wires: [] },
    ],
  };
}

function tokensTab() {
  const tab = 'scale-tokens';
  const acc = (id, type, url, extra) => ({ id, type, name: `scale ${type}`, url, timeout: 10000, retries: 3, concurrency: 4, ...extra });
  const targets = {
    enco: `${tab}-m2mget`,
    encloud: `${tab}-devices`,
    enapter: `${tab}-provision`,
  };
  const node = (id, props) => ({ id, z: tab, x: 300, y: 100, wires: [[`${tab}-out`]], ...props });
  return {
    tab,
    targets,
    nodes: [
      { id: tab, type: 'tab', label: 'scale: tokens' },
      acc(`${tab}-enco`, 'enco-account', '${' + ENV.enco + '}', {
        authType: 'client',
        credentials: { clientId: secrets.encoClientId, clientSecret: secrets.encoClientSecret, m2mApiKey: secrets.m2mApiKey },
      }),
      acc(`${tab}-encloud`, 'encloud-account', '${' + ENV.encloud + '}', {
        hashedPassword: false,
        credentials: { email: secrets.encloudEmail, password: secrets.encloudPassword, apiKey: secrets.encloudApiKey },
      }),
      acc(`${tab}-enapter`, 'enapter-account', '${' + ENV.enapter + '}', { credentials: { token: secrets.enapterToken } }),
      node(targets.enco, { type: 'm2m-sim', name: 'read SIM', account: `${tab}-enco`, operation: 'get', wait: false }),
      node(targets.encloud, { type: 'encloud-devices', name: 'devices', account: `${tab}-encloud`, keys: 'cell.rssi,cell.status', limit: '10', pages: 'one', output: 'single', timestamp: '0' }),
      node(targets.enapter, { type: 'enapter-provision', name: 're-provision', account: `${tab}-enapter`, operation: 'ucm', site_id: SITE, protocol: 'MQTTS' }),
      ...probeWiring(tab, Object.values(targets)),
    ],
    msgs: {
      enco: (i) => ({ topic: `r${i}`, payload: '3247' + String(i % 400).padStart(7, '0') }),
      encloud: (i) => ({ topic: `r${i}`, payload: { page: (i % 12) + 1 } }),
      enapter: (i) => ({ topic: `r${i}`, payload: { hardware_id: hw(i % 100), name: `pre ${i % 100}` } }),
    },
  };
}

/** Every flow of one instance. */
function scaleFlows({ brokerPort, bridge = true, waitTimeout = 60 }) {
  const m2m = m2mTab({ brokerPort, bridge, waitTimeout });
  const stream = streamTab();
  const tokens = tokensTab();
  return { m2m, stream, tokens, flows: [...m2m.nodes, ...stream.nodes, ...tokens.nodes] };
}

module.exports = { scaleFlows, ENV, SITE, hw };
