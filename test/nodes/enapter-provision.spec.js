'use strict';
const should = require('should');
const { invalidInput } = require('../lib/assert');
const { helper, load, unload, run, useSim, simFlow, capture } = require('../lib/harness');
const secrets = require('../lib/secrets');
const enapterSim = require('../sim/enapter-sim');

const SITE = 'sitebba0-79f2-4e9e-a6f0-69a310ab110b';
const TYPES = ['enapter-account', 'enapter-provision'];

describe('enapter-provision (against the Enapter simulator)', function () {
  let sim;
  let url;
  const env = useSim(() => enapterSim.create({ tokens: [secrets.enapterToken] }), { started: (s, u) => ([sim, url] = [s, u]) });

  const flow = simFlow(env, { type: 'enapter-provision', operation: 'ucm' }, { type: 'enapter-account', timeout: 3000, retries: 3, concurrency: 4 });
  const creds = (token = secrets.enapterToken) => ({ acc: { token } });

  const ucm = (hw = 'C8795CBA5375484E829105E959663C8B') => ({ site_id: SITE, hardware_id: hw, name: 'My UCM', protocol: 'MQTTS' });

  const cases = {
    ucm: { payload: ucm('UCM00000000000000000000000000001'), expect: ['config', 'device_id', 'slug'] },
    vucm: { payload: { site_id: SITE, hardware_id: 'V8795CBA5375484E829105E959663C8B', name: 'My VUCM' }, expect: ['device_id'] },
    embedded: {
      payload: { device_type: 'ELECTROLYSER', site_id: SITE, hardware_id: 'BCC415CBA5375484E829105E959663C8B', name: 'My Electrolyser', protocol: 'MQTT' },
      expect: ['config', 'device_id', 'slug'],
    },
    link_master: { payload: { site_id: SITE, hardware_id: 'LINKMASTER000000000000000000000A', name: 'Enapter Link 1' }, expect: ['device_id'] },
    standalone: { payload: { site_id: SITE, name: 'My Device' }, expect: ['device_id', 'slug'] },
    gateway: {
      payload: {
        hardware_id: 'B27925CBA5375484E829105E959663C8B',
        gateway_version: '3.0.0',
        site_name: 'My Site',
        site_timezone: 'Europe/Berlin',
        site_location: { latitude: 52.520008, longitude: 13.404954 },
      },
      expect: ['config', 'gateway_device_id'],
    },
  };

  for (const [op, c] of Object.entries(cases)) {
    it(`provisions ${op}: POST /v3/provisioning/${op} with the seed's body, answer in msg.payload`, async function () {
      await load(TYPES, flow({ operation: op }), creds());
      const r = await run('n1', { payload: c.payload, topic: 'keep-me', custom: 42 });
      should.not.exist(r.error);
      r.msg.statusCode.should.equal(200);
      r.msg.topic.should.equal('keep-me');
      r.msg.custom.should.equal(42);
      for (const k of c.expect) r.msg.payload.should.have.property(k);
      const reqs = sim.requests({ method: 'POST', path: `/v3/provisioning/${op}` });
      reqs.should.have.length(1);
      reqs[0].headers['x-enapter-auth-token'].should.equal(secrets.enapterToken);
      reqs[0].headers['x-enapter-allow-http'].should.equal('true');
      reqs[0].headers['content-type'].should.match(/application\/json/);
      if (op === 'ucm' || op === 'embedded') should(reqs[0].body.protocol).be.oneOf('MQTT', 'MQTTS');
    });
  }

  it('provisions link_slave to an existing master and a lua_device on a runtime', async function () {
    await load(TYPES, flow({ operation: 'link_master' }), creds());
    const master = await run('n1', { payload: { site_id: SITE, hardware_id: 'MASTER00000000000000000000000001', name: 'Link M' } });
    const masterId = master.msg.payload.device_id;
    const slave = await run('n1', {
      operation: 'link_slave',
      payload: { site_id: SITE, hardware_id: '435840FFE5CD4E9DA93545DDF7E6D5FB', name: 'ENP-AO6 BCC4', master_device_id: masterId },
    });
    should.not.exist(slave.error);
    slave.msg.payload.should.have.property('device_id');
    sim.requests({ path: '/v3/provisioning/link_slave' }).should.have.length(1);

    const runtime = await run('n1', { operation: 'ucm', payload: ucm('RUNTIME0000000000000000000000001') });
    const lua = await run('n1', {
      operation: 'lua_device',
      payload: { runtime_id: runtime.msg.payload.device_id, blueprint_id: 'bluepri1-50n3-4t9d-e6v0-69i310cb110e', name: 'Gas sensor', slug: 'gas-sensor-1' },
    });
    should.not.exist(lua.error);
    lua.msg.payload.should.eql({ device_id: lua.msg.payload.device_id, slug: 'gas-sensor-1' });
  });

  it('sends MQTTS when protocol is absent, and takes node properties as defaults (msg wins)', async function () {
    await load(TYPES, flow({ operation: 'ucm', site_id: 'not-used-because-msg-wins' }), creds());
    const r = await run('n1', { payload: { site_id: SITE, hardware_id: 'DEFAULTS000000000000000000000001', name: 'X' } });
    should.not.exist(r.error);
    r.msg.statusCode.should.equal(200);
    r.msg.payload.device_id.should.equal(sim.byHardware.get('DEFAULTS000000000000000000000001'));
    r.msg.payload.config.mqtt_credentials.protocol.should.equal('MQTTS');
    const body = sim.requests({ path: '/v3/provisioning/ucm' })[0].body;
    body.should.eql({ site_id: SITE, hardware_id: 'DEFAULTS000000000000000000000001', name: 'X', protocol: 'MQTTS' });
  });

  it('uses the node default site_id when the msg has none', async function () {
    await load(TYPES, flow({ operation: 'standalone', site_id: SITE }), creds());
    const r = await run('n1', { payload: { name: 'Standalone from defaults' } });
    should.not.exist(r.error);
    r.msg.statusCode.should.equal(200);
    r.msg.payload.should.have.properties({ slug: 'standalone-from-defaults' });
    sim.devices.get(r.msg.payload.device_id).site_id.should.equal(SITE);
    sim.requests({ path: '/v3/provisioning/standalone' })[0].body.site_id.should.equal(SITE);
  });

  it('reprovisioning the same site + hardware answers the same device_id and creates nothing', async function () {
    await load(TYPES, flow(), creds());
    const first = await run('n1', { payload: ucm('REPROV00000000000000000000000001') });
    const created = sim.created;
    const again = await run('n1', { payload: ucm('REPROV00000000000000000000000001') });
    should.not.exist(again.error);
    again.msg.payload.device_id.should.equal(first.msg.payload.device_id);
    sim.created.should.equal(created);
  });

  it('a Lua device cannot be reprovisioned: CONFLICT with the vendor sentence', async function () {
    await load(TYPES, flow(), creds());
    const rt = await run('n1', { payload: ucm('LUART000000000000000000000000001') });
    const lua = { runtime_id: rt.msg.payload.device_id, blueprint_id: 'bp', name: 'Lua', slug: 'lua-1' };
    const first = await run('n1', { operation: 'lua_device', payload: lua });
    should.not.exist(first.error);
    first.msg.statusCode.should.equal(200);
    first.msg.payload.slug.should.equal('lua-1');
    sim.devices.has(first.msg.payload.device_id).should.be.true();
    const r = await run('n1', { operation: 'lua_device', payload: lua });
    r.error.code.should.equal('CONFLICT');
    r.error.message.should.match(/can not be reprovisioned/);
    r.msg.statusCode.should.equal(409);
  });

  it('409 when the hardware is provisioned to another site -> CONFLICT, msg.payload left as it came', async function () {
    sim.sites.set('other-site', { id: 'other-site', name: 'Other' });
    await load(TYPES, flow(), creds());
    await run('n1', { payload: ucm('CONFLICT000000000000000000000001') });
    const payload = { ...ucm('CONFLICT000000000000000000000001'), site_id: 'other-site' };
    const r = await run('n1', { payload });
    r.error.code.should.equal('CONFLICT');
    r.msg.payload.should.eql(payload);
    r.error.cause.should.have.property('statusCode', 409);
  });

  describe('validation: INVALID_INPUT and no request at all', function () {
    // The fields of each operation as the vendor document shows them (seed 003: the curl body of
    // each operation), written here by hand, NOT read from the code under test. Two decisions of
    // SPEC 7.2 on top of the document: `protocol` may be absent (MQTTS is sent), and a gateway's
    // `site_id` is optional (the gateway creates its site from site_name/site_timezone/site_location).
    const REQUIRED = {
      ucm: ['site_id', 'hardware_id', 'name'],
      vucm: ['site_id', 'hardware_id', 'name'],
      embedded: ['device_type', 'site_id', 'hardware_id', 'name'],
      link_master: ['site_id', 'hardware_id', 'name'],
      link_slave: ['site_id', 'hardware_id', 'name', 'master_device_id'],
      standalone: ['site_id', 'name'],
      lua_device: ['runtime_id', 'blueprint_id', 'name', 'slug'],
      gateway: ['hardware_id', 'gateway_version', 'site_name', 'site_timezone', 'site_location'],
    };
    const full = {
      ucm: ucm(),
      vucm: cases.vucm.payload,
      embedded: cases.embedded.payload,
      link_master: cases.link_master.payload,
      link_slave: { site_id: SITE, hardware_id: 'H', name: 'n', master_device_id: 'm' },
      standalone: cases.standalone.payload,
      lua_device: { runtime_id: 'r', blueprint_id: 'b', name: 'n', slug: 's' },
      gateway: cases.gateway.payload,
    };
    const bad = [];
    for (const [op, fields] of Object.entries(REQUIRED)) {
      for (const f of fields) {
        const p = { ...full[op] };
        delete p[f];
        bad.push([`${op} without ${f}`, op, p, new RegExp(f)]);
      }
    }
    bad.push(['ucm with protocol HTTP', 'ucm', { ...ucm(), protocol: 'HTTP' }, /protocol must be one of MQTT, MQTTS/]);
    bad.push(['embedded with device_type TOASTER', 'embedded', { ...cases.embedded.payload, device_type: 'TOASTER' }, /device_type/]);
    bad.push(['gateway with zone Mars/Base', 'gateway', { ...cases.gateway.payload, site_timezone: 'Mars/Base' }, /site_timezone/]);
    bad.push(['gateway with latitude 91', 'gateway', { ...cases.gateway.payload, site_location: { latitude: 91, longitude: 0 } }, /latitude/]);
    bad.push(['gateway with longitude -181', 'gateway', { ...cases.gateway.payload, site_location: { latitude: 0, longitude: -181 } }, /longitude/]);
    bad.push(['gateway with site_location a string', 'gateway', { ...cases.gateway.payload, site_location: '52,13' }, /site_location/]);
    bad.push(['a payload that is a number (an inject timestamp: the node values, here none)', 'ucm', 42, /site_id, hardware_id, name are required/]);
    bad.push(['a payload that is a string', 'ucm', 'abc', /msg.payload must be an object with the request fields \(got a string\)/]);
    bad.push(['an unknown operation', 'toaster', ucm(), /operation must be one of/]);

    for (const [title, op, payload, re] of bad) {
      it(title, async function () {
        await load(TYPES, flow(), creds());
        invalidInput(await run('n1', { operation: op, payload }), re, sim);
        // the node keeps working
        const ok = await run('n1', { operation: 'standalone', payload: { site_id: SITE, name: 'after' } });
        should.not.exist(ok.error);
        ok.msg.statusCode.should.equal(200);
        ok.msg.payload.device_id.should.be.a.String();
      });
    }
  });

  it('NOT_CONFIGURED without an account, and without a token; no request', async function () {
    await load(TYPES, flow({ account: '' }), creds());
    const r = await run('n1', { payload: ucm() });
    r.error.code.should.equal('NOT_CONFIGURED');
    await unload();
    await load(TYPES, flow(), { acc: {} });
    const r2 = await run('n1', { payload: ucm() });
    r2.error.code.should.equal('NOT_CONFIGURED');
    sim.requests().should.have.length(0);
  });

  it('403 for an invalid token -> AUTH_FAILED with the vendor sentence, not retried', async function () {
    await load(TYPES, flow(), creds('enapter-wrong-token'));
    const r = await run('n1', { payload: ucm() });
    r.error.code.should.equal('AUTH_FAILED');
    r.error.message.should.match(/invalid or expired/);
    r.msg.statusCode.should.equal(403);
    sim.requests().should.have.length(1);
  });

  it('401 (missing token at the API) -> AUTH_FAILED', async function () {
    sim.inject({ match: { method: 'POST' }, status: 401, body: { errors: [{ code: 'unauthorized', message: 'Authentication token is missing.' }] } });
    await load(TYPES, flow(), creds());
    const r = await run('n1', { payload: ucm() });
    r.error.code.should.equal('AUTH_FAILED');
    r.error.message.should.match(/token is missing/);
    sim.requests().should.have.length(1);
  });

  it('a 429 with Retry-After: 1 is retried after a second and succeeds', async function () {
    sim.inject({ match: { method: 'POST' }, status: 429, retryAfter: 1, times: 1 });
    await load(TYPES, flow(), creds());
    const t0 = Date.now();
    const r = await run('n1', { payload: ucm('RETRY429000000000000000000000001') });
    should.not.exist(r.error);
    r.msg.statusCode.should.equal(200);
    r.msg.payload.device_id.should.equal(sim.byHardware.get('RETRY429000000000000000000000001'));
    (Date.now() - t0).should.be.aboveOrEqual(950);
    sim.requests({ path: '/v3/provisioning/ucm' }).should.have.length(2);
  });

  it('429 still returned after the retries -> RATE_LIMITED after 1 + retries requests', async function () {
    sim.inject({ match: { method: 'POST' }, status: 429, retryAfter: 0 });
    await load(TYPES, flow({}, { retries: 2 }), creds());
    const r = await run('n1', { payload: ucm() });
    r.error.code.should.equal('RATE_LIMITED');
    sim.requests().should.have.length(3);
  });

  it('a 503 on POST is not retried: one request, SERVER_ERROR', async function () {
    sim.inject({ match: { method: 'POST' }, status: 503, times: 1 });
    await load(TYPES, flow(), creds());
    const r = await run('n1', { payload: ucm() });
    r.error.code.should.equal('SERVER_ERROR');
    r.msg.statusCode.should.equal(503);
    sim.requests().should.have.length(1);
  });

  it('a POST whose connection is reset is not retried (it may have reached the server): NETWORK', async function () {
    sim.inject({ match: { method: 'POST' }, reset: true, times: 1 });
    await load(TYPES, flow(), creds());
    const r = await run('n1', { payload: ucm() });
    r.error.code.should.equal('NETWORK');
    sim.requests().should.have.length(1);
  });

  it('a POST to a refused port is retried, then NETWORK', async function () {
    await load(TYPES, flow({}, { url: 'http://127.0.0.1:9', retries: 2 }), creds());
    const r = await run('n1', { payload: ucm() });
    r.error.code.should.equal('NETWORK');
    r.error.message.should.match(/ECONNREFUSED/);
  });

  it('no answer within the timeout -> TIMEOUT (POST not retried)', async function () {
    sim.inject({ match: { method: 'POST' }, delayMs: 1500, times: 1 });
    await load(TYPES, flow({}, { timeout: 300 }), creds());
    const r = await run('n1', { payload: ucm('TIMEOUT0000000000000000000000001') });
    r.error.code.should.equal('TIMEOUT');
    sim.requests().should.have.length(1);
  });

  it('bulk of 10 with one bad item: 10 entries in input order, the bad one INVALID_INPUT, 9 requests', async function () {
    await load(TYPES, flow({ operation: 'ucm', site_id: SITE }), creds());
    const items = Array.from({ length: 10 }, (_, i) => ({ hardware_id: `BULK${String(i).padStart(28, '0')}`, name: `ucm ${i}` }));
    items[6] = { name: 'no hardware id' };
    const r = await run('n1', { payload: items, topic: 'bulk' });
    should.not.exist(r.error);
    r.msg.topic.should.equal('bulk');
    r.msg.statusCode.should.equal(200); // the last answered item (SPEC 3.3)
    r.msg.payload.should.have.length(10);
    r.msg.payload.forEach((e, i) => {
      e.input.should.eql(items[i]);
      if (i === 6) {
        e.ok.should.be.false();
        e.error.code.should.equal('INVALID_INPUT');
        e.error.message.should.match(/hardware_id/);
      } else {
        e.ok.should.be.true();
        e.statusCode.should.equal(200);
        e.result.should.have.property('device_id');
      }
    });
    sim.requests({ path: '/v3/provisioning/ucm' }).should.have.length(9);
  });

  it('bulk with a 503 on one item reports it and keeps the others', async function () {
    let n = 0;
    sim.inject({ match: (req) => req.method === 'POST' && ++n === 3, status: 503 });
    await load(TYPES, flow({ operation: 'standalone', site_id: SITE }, { concurrency: 1 }), creds());
    const r = await run('n1', { payload: [{ name: 'a' }, { name: 'b' }, { name: 'c' }, { name: 'd' }] });
    r.msg.payload.map((e) => e.ok).should.eql([true, true, false, true]);
    r.msg.payload[2].error.code.should.equal('SERVER_ERROR');
    r.msg.payload[2].statusCode.should.equal(503);
  });

  it('keeps the private key out of status and log (it is in msg.payload only)', async function () {
    await load(TYPES, flow(), creds());
    const r = await run('n1', { payload: ucm('PRIVKEY0000000000000000000000001') });
    const key = r.msg.payload.config.mqtt_credentials.private_key;
    key.should.match(/PRIVATE KEY/);
    const seen = capture.statuses.concat(capture.logs, capture.errors).join('\n');
    seen.should.not.containEql(key);
  });

  describe('Test connection (POST /iot-fleet/test/enapter-account)', function () {
    it('answers ok for a good token, and the vendor sentence for a bad one, without echoing it', async function () {
      await load(TYPES, flow(), creds());
      const good = await helper.request().post('/iot-fleet/test/enapter-account').send({ id: 'acc', url, credentials: { token: '__PWRD__' } }).expect(200);
      good.body.should.eql({ ok: true });
      sim.requests({ method: 'GET', path: '/v3/sites' }).should.have.length(1);
      const bad = await helper.request().post('/iot-fleet/test/enapter-account').send({ url, credentials: { token: 'enapter-bad-token-xyz' } }).expect(200);
      bad.body.ok.should.be.false();
      bad.body.code.should.equal('AUTH_FAILED');
      bad.body.message.should.match(/invalid or expired/);
      JSON.stringify(bad.body).should.not.containEql('enapter-bad-token-xyz');
      sim.requests({ method: 'POST' }).should.have.length(0);
    });
  });
});
