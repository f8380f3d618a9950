'use strict';
// What the four MyThings action-node specs (test/nodes/mythings-{thing,downlink,query,admin}.spec.js)
// share: the seeded things of the EnCo simulator, thing bodies as in the seed, and useMyThings(),
// the simulator and a flow with all four nodes wired to "out" through one enco-account.
const should = require('should');
const { failsWith, invalidInput } = require('./assert');
const { load, unload, run, actionFlow, dynamicSecrets } = require('./harness');
const secrets = require('./secrets');
const encoSim = require('../sim/enco-sim');
const { catalogNode } = require('./i18n-catalog'); // status texts from the en-US catalogs

const TYPES = ['enco-account', 'mythings-thing', 'mythings-downlink', 'mythings-query', 'mythings-admin'].map((t) => catalogNode(t));
const BASE = '/mythings/1.1.0';
const OTAA_ID = '0004A30B001C0001'; // seeded by the simulator (type 10: temperature, humidity, battery)
const ABP_ID = '0004A30B001C0002'; // seeded (type 33: motion, battery)

let counter = 0;
/** A fresh 16-hex thing identifier. */
const newId = (prefix = 'AB') => (prefix + (Date.now() % 1e8).toString(16) + (++counter).toString(16)).toUpperCase().padEnd(16, '0').slice(0, 16);
/** `n` times the hex digit `c` (validation cases). */
const hex = (n, c = 'A') => c.repeat(n);
const otaa = (id) => ({
  connectivityType: 'LORA.OTAA',
  thingIdentifier: id,
  companyId: 162,
  thingName: 'mythingname',
  description: 'mythingsdescription',
  isPublic: false,
  thingTypeId: 10,
  longitude: '4.35',
  latitude: '50.85',
  locationFN1: 'mythingsfn1',
  locationFN2: 'mythingsfn1',
  connectivityPlan: 'pxs-iot-cs/288-up-transactions-24-down',
  keys: { applicationKey: '12341234123412341234123412341234', applicationEUI: '1234123412341234' },
  motionIndicator: 'Random',
});
const abp = (id, addr) => ({
  connectivityType: 'LORA.ABP',
  thingIdentifier: id,
  companyId: 77,
  thingName: 'testmythingname',
  thingTypeId: 33,
  deviceAddress: addr,
  keys: { applicationSessionkeys: [{ applicationSessionKey: '11111234123412341234123412341243', port: '1' }], networkSessionKey: '44341234123412344444123412341241' },
  tags: ['tag1', 'tag2'],
  motionIndicator: 'Vehicle speed',
});
const ethernet = (serial) => ({ connectivityType: 'ETHERNET', companyId: 376, thingName: 'eth', thingTypeId: 24, serialNumber: serial });

/** Node properties of the "node properties are defaults, the msg wins" flows. */
const NODE_DEFAULTS = {
  nt: { operation: 'create', connectivityType: 'LORA.OTAA', companyId: '162', thingTypeId: '10', thingIdentifier: 'ABABABABABABABAB' },
  nd: { operation: 'send', devEUI: OTAA_ID, fPort: '12', ack: '1', encrypted: '0', templateUid: 'tpl-interval-0015' },
  nq: { operation: 'decodedLogs', thingIdentifier: OTAA_ID, pages: 'all' },
  na: { operation: 'deviceAddresses', companyId: '162', amount: '1' },
};

/**
 * The hooks of a MyThings spec, registered in the calling describe: before, a fresh EnCo simulator
 * (10 per page, 25 logs per thing), handed to `started(sim)`; after, the tokens it issued join the
 * audit's secrets and it stops. Returns `my`: `my.sim` and `my.url` once `before` has run, and the
 * helpers below.
 */
function useMyThings(started) {
  const my = { sim: null, url: null };
  before(async function () {
    my.sim = encoSim.create({ permanentTokens: [secrets.encoPermanentToken], pageSize: 10, logsPerThing: 25 });
    my.url = await my.sim.start();
    if (started) started(my.sim);
  });
  after(async function () {
    for (const t of my.sim.issued) dynamicSecrets.add(t);
    await my.sim.stop();
  });
  const node = { thing: 'nt', downlink: 'nd', query: 'nq', admin: 'na' };
  Object.assign(my, {
    /** All four nodes wired to "out", one account (`props.nt/nd/nq/na` override a node's). */
    flow(props = {}, accountProps = {}) {
      const extra = [
        { id: 'nd', z: 'f1', type: 'mythings-downlink', account: 'acc', operation: 'send', wires: [['out']], ...props.nd },
        { id: 'nq', z: 'f1', type: 'mythings-query', account: 'acc', operation: 'status', wires: [['out']], ...props.nq },
        { id: 'na', z: 'f1', type: 'mythings-admin', account: 'acc', operation: 'thingTypes', wires: [['out']], ...props.na },
      ];
      return actionFlow(
        { id: 'nt', type: 'mythings-thing', account: 'acc', operation: 'get', ...props.nt },
        { id: 'acc', type: 'enco-account', url: my.url, authType: 'client', timeout: 3000, retries: 3, concurrency: 4, ...accountProps },
        extra,
      );
    },
    creds: { acc: { clientId: secrets.encoClientId, clientSecret: secrets.encoClientSecret } },
    /** Runs `operation` on node kind `kind` (thing, downlink, query, admin): {msg} or {error, msg}. */
    call: (kind, operation, payload, extra = {}) => run(node[kind], { operation, payload, ...extra }),
    ok(r) {
      should.not.exist(r.error, r.error && r.error.message);
      should.exist(r.msg, 'expected an output msg');
      return r.msg;
    },
    fails: failsWith,
    /** The simulator's log of MyThings API requests (under BASE). */
    apiRequests: (method, path) => my.sim.requests({ method, path: BASE + path }),
    /**
     * describe(title) with the four-node flow loaded once for its tests (node properties `props`,
     * as flow() takes them) and the simulator's log and faults cleared before each test.
     */
    withFlow(title, props, body) {
      describe(title, function () {
        before(async function () {
          await load(TYPES, my.flow(props), my.creds);
        });
        after(() => unload());
        beforeEach(() => {
          my.sim.clearLog();
          my.sim.clearFaults();
        });
        body();
      });
    },
    /** One test per [kind, operation, payload, /message/]: INVALID_INPUT and no request at all (not even /token). */
    validation(cases) {
      my.withFlow('validation: INVALID_INPUT and no request at all (not even /token)', {}, () => {
        for (const [kind, op, payload, re] of cases) {
          it(`${kind} ${op}: ${re.source.replace(/\\/g, '')}`, async function () {
            invalidInput(await my.call(kind, op, payload), re, my.sim);
          });
        }
      });
    },
  });
  return my;
}

module.exports = { TYPES, BASE, OTAA_ID, ABP_ID, NODE_DEFAULTS, newId, hex, otaa, abp, ethernet, useMyThings };
