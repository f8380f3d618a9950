'use strict';
// enapter-device (SPEC 7.3) against the Enapter simulator: every operation succeeds and fails,
// every validation rule sends nothing, generate_config credentials stay in msg.payload.
const should = require('should');
const { invalidInput } = require('../lib/assert');
const { load, unload, run, useSim, simFlow, capture } = require('../lib/harness');
const secrets = require('../lib/secrets');
const enapterSim = require('../sim/enapter-sim');

const SITE = 'sitebba0-79f2-4e9e-a6f0-69a310ab110b';
const OTHER = 'site0002-0000-4000-8000-000000000002';
const { electrolyser: EL, tank: TANK } = enapterSim.SEED;
const TYPES = ['enapter-account', 'enapter-device'];
// secrets of an answer: allowed in msg.payload, never in a log, status or error (zz-secret-audit)
capture.answerSecrets = capture.answerSecrets || new Set();

describe('enapter-device (against the Enapter simulator)', function () {
  let sim;
  const env = useSim(() => enapterSim.create({ tokens: [secrets.enapterToken] }), { started: (s) => (sim = s) });

  const flow = simFlow(env, { type: 'enapter-device', operation: 'list' }, { type: 'enapter-account', timeout: 3000, retries: 2, concurrency: 4 });
  const creds = (token = secrets.enapterToken) => ({ acc: { token } });
  const addDevices = (n, site, prefix) => {
    const ids = [];
    for (let i = 0; i < n; i++) {
      const id = `${prefix}-${String(i).padStart(4, '0')}`;
      sim.devices.set(id, { device_id: id, kind: 'standalone', site_id: site, name: `${prefix} ${i}`, slug: `${prefix}-${i}` });
      ids.push(id);
    }
    return ids;
  };
  const removeDevices = (ids) => ids.forEach((id) => sim.devices.delete(id));

  describe('list', function () {
    it('merges every page in order (limit 50, offset until an empty page) and keeps the msg', async function () {
      const ids = addDevices(118, SITE, 'pg');
      try {
        await load(TYPES, flow(), creds());
        const r = await run('n1', { payload: {}, topic: 'inv' });
        should.not.exist(r.error);
        r.msg.topic.should.equal('inv');
        r.msg.statusCode.should.equal(200);
        r.msg.payload.map((d) => d.id).should.eql([EL.device_id, TANK.device_id, ...ids]);
        const reqs = sim.requests({ method: 'GET', path: '/v3/devices' });
        reqs.map((q) => q.query.offset).should.eql(['0', '50', '100', '150']);
        reqs.every((q) => q.query.limit === '50').should.be.true();
      } finally {
        removeDevices(ids);
      }
    });

    it('by site, with expand (array or comma list): GET /v3/sites/{site_id}/devices', async function () {
      sim.sites.set(OTHER, { id: OTHER, name: 'Other', timezone: 'Europe/Paris' });
      const ids = addDevices(3, OTHER, 'oth');
      try {
        await load(TYPES, flow({ site_id: OTHER }), creds());
        const r = await run('n1', { payload: { expand: ['connectivity', 'properties'] } });
        should.not.exist(r.error);
        r.msg.payload.map((d) => d.id).should.eql(ids);
        r.msg.payload[0].should.have.property('connectivity');
        r.msg.payload[0].should.have.property('properties');
        const q = sim.requests({ path: `/v3/sites/${OTHER}/devices` });
        q[0].query.expand.should.equal('connectivity,properties');
        const r2 = await run('n1', { payload: { site_id: SITE, expand: 'manifest' } });
        r2.msg.payload.map((d) => d.id).should.eql([EL.device_id, TANK.device_id]);
        r2.msg.payload[0].should.have.property('manifest');
      } finally {
        removeDevices(ids);
        sim.sites.delete(OTHER);
      }
    });

    it('an unknown site -> NOT_FOUND with the vendor sentence', async function () {
      await load(TYPES, flow(), creds());
      const r = await run('n1', { payload: { site_id: 'no-such-site' } });
      r.error.code.should.equal('NOT_FOUND');
      r.error.message.should.match(/Site not found/);
      r.msg.statusCode.should.equal(404);
    });

    it('a 503 on a later page is retried (GET) and the list completes', async function () {
      const ids = addDevices(60, SITE, 'rt');
      try {
        sim.inject({ match: (req) => req.path === '/v3/devices' && req.query.offset === '50', status: 503, times: 1 });
        await load(TYPES, flow(), creds());
        const r = await run('n1', { payload: null });
        should.not.exist(r.error);
        r.msg.payload.should.have.length(62);
      } finally {
        removeDevices(ids);
      }
    });
  });

  describe('get', function () {
    it('reads one device (string payload = the id) with expand from the node', async function () {
      await load(TYPES, flow({ operation: 'get', expand: 'connectivity' }), creds());
      const r = await run('n1', { payload: EL.device_id });
      should.not.exist(r.error);
      r.msg.payload.id.should.equal(EL.device_id);
      r.msg.payload.connectivity.status.should.equal('ONLINE');
      sim.requests({ path: `/v3/devices/${EL.device_id}` })[0].query.expand.should.equal('connectivity');
    });
    it('an unknown device -> NOT_FOUND, msg.payload left as it came', async function () {
      await load(TYPES, flow({ operation: 'get' }), creds());
      const r = await run('n1', { payload: { device_id: 'nope' } });
      r.error.code.should.equal('NOT_FOUND');
      r.msg.payload.should.eql({ device_id: 'nope' });
    });
  });

  describe('update (PATCH) and delete, single and bulk', function () {
    it('renames a device: PATCH /v3/devices/{id} {name, slug}', async function () {
      const [id] = addDevices(1, SITE, 'ren');
      try {
        await load(TYPES, flow({ operation: 'update' }), creds());
        const r = await run('n1', { payload: { device_id: id, name: 'Renamed', slug: 'renamed-1' } });
        should.not.exist(r.error);
        r.msg.payload.should.containEql({ id, name: 'Renamed', slug: 'renamed-1' });
        const q = sim.requests({ method: 'PATCH' });
        q.should.have.length(1);
        q[0].body.should.eql({ name: 'Renamed', slug: 'renamed-1' });
      } finally {
        removeDevices([id]);
      }
    });
    it('a slug taken on the site -> CONFLICT (409)', async function () {
      await load(TYPES, flow({ operation: 'update' }), creds());
      const r = await run('n1', { payload: { device_id: TANK.device_id, slug: 'electrolyser' } });
      r.error.code.should.equal('CONFLICT');
      r.error.message.should.match(/slug already exists/);
      sim.devices.get(TANK.device_id).slug.should.equal('water-tank');
    });
    it('bulk update: one entry per item in order, a bad item INVALID_INPUT without a request', async function () {
      const ids = addDevices(3, SITE, 'bu');
      try {
        await load(TYPES, flow({ operation: 'update' }), creds());
        const items = [{ device_id: ids[0], name: 'A' }, { device_id: ids[1] }, { device_id: ids[2], name: 'C' }, { device_id: 'gone', name: 'D' }];
        const r = await run('n1', { payload: items });
        should.not.exist(r.error);
        r.msg.payload.map((e) => e.ok).should.eql([true, false, true, false]);
        r.msg.payload[1].error.code.should.equal('INVALID_INPUT');
        r.msg.payload[3].error.code.should.equal('NOT_FOUND');
        r.msg.payload[2].result.name.should.equal('C');
        sim.requests({ method: 'PATCH' }).should.have.length(3);
      } finally {
        removeDevices(ids);
      }
    });
    it('deletes one device (string id) and a bulk of them; an unknown one NOT_FOUND', async function () {
      const ids = addDevices(4, SITE, 'del');
      await load(TYPES, flow({ operation: 'delete' }), creds());
      const one = await run('n1', { payload: ids[0] });
      should.not.exist(one.error);
      one.msg.statusCode.should.equal(204);
      one.msg.payload.should.eql({ device_id: ids[0], deleted: true });
      sim.devices.has(ids[0]).should.be.false();
      const bulk = await run('n1', { payload: [ids[1], { device_id: ids[2] }, ids[3]] });
      bulk.msg.payload.map((e) => e.ok).should.eql([true, true, true]);
      [1, 2, 3].forEach((i) => sim.devices.has(ids[i]).should.be.false());
      const missing = await run('n1', { payload: ids[0] });
      missing.error.code.should.equal('NOT_FOUND');
    });
  });

  describe('assignBlueprint', function () {
    it('POST /v3/devices/{id}/assign_blueprint {blueprint_id}', async function () {
      await load(TYPES, flow({ operation: 'assignBlueprint', blueprint_id: 'bp-ucm-generic' }), creds());
      const r = await run('n1', { payload: { device_id: TANK.device_id } });
      should.not.exist(r.error);
      r.msg.payload.blueprint_id.should.equal('bp-ucm-generic');
      sim.requests({ method: 'POST' })[0].body.should.eql({ blueprint_id: 'bp-ucm-generic' });
      sim.devices.get(TANK.device_id).blueprint_id = 'bp-water-tank';
    });
    it('an unknown blueprint -> NOT_FOUND; a 503 on the POST is not retried', async function () {
      await load(TYPES, flow({ operation: 'assignBlueprint' }), creds());
      const r = await run('n1', { payload: { device_id: TANK.device_id, blueprint_id: 'bp-nope' } });
      r.error.code.should.equal('NOT_FOUND');
      r.error.message.should.match(/Blueprint not found/);
      sim.clearLog();
      sim.inject({ match: { method: 'POST' }, status: 503, times: 1 });
      const r2 = await run('n1', { payload: { device_id: TANK.device_id, blueprint_id: 'bp-water-tank' } });
      r2.error.code.should.equal('SERVER_ERROR');
      sim.requests().should.have.length(1);
    });
  });

  describe('generateConfig (MQTT credentials: secrets of the answer)', function () {
    it('MQTTS by default; MQTT with username/password; credentials only in msg.payload', async function () {
      await load(TYPES, flow({ operation: 'generateConfig' }), creds());
      const r = await run('n1', { payload: EL.device_id });
      should.not.exist(r.error);
      sim.requests({ method: 'POST' })[0].body.should.eql({ protocol: 'MQTTS' });
      r.msg.payload.mqtt_credentials.private_key.should.match(/PRIVATE KEY/);
      const r2 = await run('n1', { payload: { device_id: EL.device_id, protocol: 'MQTT' } });
      r2.msg.payload.mqtt_credentials.password.should.match(/^mqtt-pass-/);
      sim.issuedSecrets.forEach((s) => capture.answerSecrets.add(s));
      const seen = capture.statuses.concat(capture.logs, capture.errors).join('\n');
      for (const s of sim.issuedSecrets) seen.should.not.containEql(s);
      capture.statuses.join('\n').should.match(/new MQTT credentials/);
    });
    it('an error answer carrying credentials is redacted in err.cause.body', async function () {
      const leaked = { config: { mqtt_credentials: { password: 'mqtt-pass-LEAKED-77aa', private_key: 'KEY-LEAKED-99bb' } } };
      capture.answerSecrets.add('mqtt-pass-LEAKED-77aa');
      capture.answerSecrets.add('KEY-LEAKED-99bb');
      sim.inject({ match: { method: 'POST' }, status: 422, body: { errors: [{ code: 'invalid', message: 'Cannot rotate now.' }], ...leaked }, times: 1 });
      await load(TYPES, flow({ operation: 'generateConfig' }), creds());
      const r = await run('n1', { payload: EL.device_id });
      r.error.code.should.equal('REJECTED');
      r.error.message.should.match(/Cannot rotate now/);
      r.error.cause.statusCode.should.equal(422);
      r.error.cause.body.config.mqtt_credentials.should.eql({ password: '[redacted]', private_key: '[redacted]' });
      JSON.stringify(r.msg.error).should.not.containEql('LEAKED');
    });
  });

  describe('sites and site', function () {
    it('sites: every page of GET /v3/sites merged in order', async function () {
      const extra = Array.from({ length: 55 }, (_, i) => ({ id: `s-${String(i).padStart(3, '0')}`, name: `Site ${i}`, timezone: 'UTC' }));
      extra.forEach((s) => sim.sites.set(s.id, s));
      try {
        await load(TYPES, flow({ operation: 'sites' }), creds());
        const r = await run('n1', { payload: '' });
        should.not.exist(r.error);
        r.msg.payload.map((s) => s.id).should.eql([SITE, ...extra.map((s) => s.id)]);
        sim.requests({ path: '/v3/sites' }).map((q) => q.query.offset).should.eql(['0', '50', '100']);
      } finally {
        extra.forEach((s) => sim.sites.delete(s.id));
      }
    });
    it('sites: 403 for a bad token -> AUTH_FAILED, not retried', async function () {
      await load(TYPES, flow({ operation: 'sites' }), creds('enapter-wrong-token-x'));
      const r = await run('n1', { payload: {} });
      r.error.code.should.equal('AUTH_FAILED');
      sim.requests().should.have.length(1);
    });
    it('site: GET /v3/sites/{site_id}; unknown -> NOT_FOUND', async function () {
      await load(TYPES, flow({ operation: 'site' }), creds());
      const r = await run('n1', { payload: SITE });
      should.not.exist(r.error);
      r.msg.payload.should.containEql({ id: SITE, name: 'My Site', timezone: 'Europe/Berlin' });
      const r2 = await run('n1', { payload: { site_id: 'nope' } });
      r2.error.code.should.equal('NOT_FOUND');
    });
  });

  describe('validation: INVALID_INPUT and no request at all', function () {
    const bad = [
      ['an unknown operation', 'toaster', {}, /operation must be one of/],
      ['list with an unknown expand', 'list', { expand: 'manifest,secrets' }, /expand must list some of/],
      ['get without device_id', 'get', {}, /device_id is required/],
      ['get with a number payload of an object type', 'get', { device_id: { x: 1 } }, /device_id must be a string/],
      ['update without name or slug', 'update', { device_id: 'x' }, /name or slug/],
      ['update without device_id', 'update', { name: 'n' }, /device_id is required/],
      ['delete without device_id', 'delete', {}, /device_id is required/],
      ['assignBlueprint without blueprint_id', 'assignBlueprint', { device_id: 'x' }, /blueprint_id is required/],
      ['generateConfig with protocol HTTP', 'generateConfig', { device_id: 'x', protocol: 'HTTP' }, /protocol must be one of MQTT, MQTTS/],
      ['site without site_id', 'site', {}, /site_id is required/],
      ['a payload that is an array for get', 'get', ['a'], /msg.payload must be an object/],
    ];
    for (const [title, op, payload, re] of bad) {
      it(title, async function () {
        await load(TYPES, flow(), creds());
        invalidInput(await run('n1', { operation: op, payload }), re, sim);
        const ok = await run('n1', { operation: 'get', payload: EL.device_id });
        ok.msg.payload.id.should.equal(EL.device_id);
      });
    }
    it('NOT_CONFIGURED without an account or token; no request', async function () {
      await load(TYPES, flow({ account: '' }), creds());
      (await run('n1', { payload: {} })).error.code.should.equal('NOT_CONFIGURED');
      await unload();
      await load(TYPES, flow(), { acc: {} });
      (await run('n1', { payload: {} })).error.code.should.equal('NOT_CONFIGURED');
      sim.requests().should.have.length(0);
    });
  });
});
