'use strict';
// Enapter Cloud v3 provisioning simulator, from seed 003 and SPEC 7.
// Token rules: no X-Enapter-Auth-Token -> 401, unknown token -> 403 (both {"errors":[...]}).
// Plain HTTP needs X-Enapter-Allow-HTTP: true, as on the real API.
// Reprovisioning: same site + hardware -> same device_id, nothing created; a Lua device -> 409.
const crypto = require('crypto');
const { Sim } = require('./framework');
const fleet = require('./enapter-fleet-routes');

const OPERATIONS = ['ucm', 'vucm', 'embedded', 'link_master', 'link_slave', 'standalone', 'lua_device', 'gateway'];
const REQUIRED = {
  ucm: ['site_id', 'hardware_id', 'name', 'protocol'],
  vucm: ['site_id', 'hardware_id', 'name'],
  embedded: ['device_type', 'site_id', 'hardware_id', 'name', 'protocol'],
  link_master: ['site_id', 'hardware_id', 'name'],
  link_slave: ['site_id', 'hardware_id', 'name', 'master_device_id'],
  standalone: ['site_id', 'name'],
  lua_device: ['runtime_id', 'blueprint_id', 'name', 'slug'],
  gateway: ['hardware_id', 'gateway_version', 'site_name', 'site_timezone', 'site_location'],
};

const errors = (code, message, details) => ({ errors: [{ code, message, ...(details ? { details } : {}) }] });

function slugify(name) {
  return String(name).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'device';
}

function mqttConfig(hardwareId, protocol, channel) {
  const credentials =
    protocol === 'MQTT'
      ? { protocol: 'MQTT', username: 'dev-' + hardwareId.slice(0, 8).toLowerCase(), password: 'mqtt-pass-' + crypto.randomBytes(8).toString('hex') }
      : {
          protocol: 'MQTTS',
          private_key: '-----BEGIN PRIVATE KEY-----\nSIM' + crypto.randomBytes(24).toString('base64') + '\n-----END PRIVATE KEY-----',
          certificate: '-----BEGIN CERTIFICATE-----\nSIMCERT' + crypto.randomBytes(12).toString('base64') + '\n-----END CERTIFICATE-----',
          ca_chain: '-----BEGIN CERTIFICATE-----\nSIMCA\n-----END CERTIFICATE-----',
        };
  return {
    mqtt_host: 'mqtt.enapter.com',
    mqtt_port: protocol === 'MQTT' ? 1883 : 8883,
    mqtt_credentials: credentials,
    time_sync_protocol: 'HTTP',
    time_sync_host: '127.0.0.1',
    time_sync_port: 80,
    hardware_id: hardwareId,
    channel_id: channel,
  };
}

/**
 * @param {{tokens?: string[], sites?: Array<{id:string,name?:string,timezone?:string}>, seed?: number,
 *   plant?: boolean, commandDelayMs?: number, executeWaitMs?: number}} [opts]
 */
function create(opts = {}) {
  const sim = new Sim('Enapter', opts);
  sim.tokens = new Set(opts.tokens || ['enapter-test-token']);
  sim.sites = new Map((opts.sites || [{ id: 'sitebba0-79f2-4e9e-a6f0-69a310ab110b', name: 'My Site', timezone: 'Europe/Berlin' }]).map((s) => [s.id, { ...s }]));
  sim.devices = new Map(); // device_id -> device
  sim.byHardware = new Map(); // hardware_id -> device_id
  sim.created = 0;
  sim.requireAllowHttp = true;

  sim.faultBody = (status) => errors(status === 429 ? 'too_many_requests' : 'internal', status === 429 ? 'Too many requests.' : `Injected error ${status}.`);
  sim.notFound = () => ({ status: 404, body: errors('not_found', 'Not found.') });

  function authorise(req) {
    const token = req.headers['x-enapter-auth-token'];
    if (!token) return { status: 401, body: errors('unauthorized', 'Authentication token is missing.') };
    if (!sim.tokens.has(token)) return { status: 403, body: errors('forbidden', 'Authentication token is invalid or expired.') };
    if (sim.requireAllowHttp && sim.url && sim.url.startsWith('http:') && String(req.headers['x-enapter-allow-http']).toLowerCase() !== 'true') {
      return { status: 400, body: errors('http_not_allowed', 'Plain HTTP requires the X-Enapter-Allow-HTTP header.') };
    }
    return null;
  }

  function newDevice(fields) {
    const id = crypto.randomUUID();
    const d = { device_id: id, ...fields };
    sim.devices.set(id, d);
    if (fields.hardware_id) sim.byHardware.set(fields.hardware_id, id);
    sim.created++;
    return d;
  }

  function uniqueSlug(siteId, name) {
    const base = slugify(name);
    let slug = base;
    for (let i = 2; [...sim.devices.values()].some((d) => d.site_id === siteId && d.slug === slug); i++) slug = `${base}-${i}`;
    return slug;
  }

  sim.route('GET', '/v3/sites', (req) => {
    const denied = authorise(req);
    if (denied) return denied;
    const sites = [...sim.sites.values()];
    // limit/offset paging (inventory, enapter-fleet-routes.js); total_count is all of them
    const p = sim.pageOf(req, sites);
    return p.error || { status: 200, body: { sites: p.items.map(sim.siteView), total_count: sites.length } };
  });

  sim.route('POST', '/v3/provisioning/:op', (req) => {
    const denied = authorise(req);
    if (denied) return denied;
    const op = req.params.op;
    if (!OPERATIONS.includes(op)) return sim.notFound();
    const b = req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? req.body : null;
    if (!b || b.__invalidJson !== undefined) return { status: 400, body: errors('invalid_request', 'Request body must be a JSON object.') };
    const missing = REQUIRED[op].filter((k) => b[k] === undefined || b[k] === null || b[k] === '');
    if (missing.length) return { status: 422, body: errors('invalid_argument', `${missing[0]} is required.`, { field: missing[0] }) };
    if (b.protocol !== undefined && !['MQTT', 'MQTTS'].includes(b.protocol)) return { status: 422, body: errors('invalid_argument', 'protocol must be MQTT or MQTTS.') };
    if (op === 'embedded' && !['ELECTROLYSER', 'DRYER', 'WATER_TANK'].includes(b.device_type)) {
      return { status: 422, body: errors('invalid_argument', 'device_type must be one of ELECTROLYSER, DRYER, WATER_TANK.') };
    }
    sim.accepted(op, b.hardware_id || `${b.site_id || b.runtime_id}/${b.slug || b.name}`); // a create request (a reprovision counts too)

    if (op === 'lua_device') {
      const runtime = sim.devices.get(b.runtime_id);
      if (!runtime) return { status: 404, body: errors('not_found', 'Runtime device not found.') };
      if ([...sim.devices.values()].some((d) => d.kind === 'lua_device' && d.runtime_id === b.runtime_id && d.slug === b.slug)) {
        return { status: 409, body: errors('already_exists', 'Lua device can not be reprovisioned.') };
      }
      const d = newDevice({ kind: op, site_id: runtime.site_id, runtime_id: b.runtime_id, blueprint_id: b.blueprint_id, name: b.name, slug: b.slug });
      return { status: 200, body: { device_id: d.device_id, slug: d.slug } };
    }

    if (op === 'gateway') {
      const loc = b.site_location;
      if (!loc || typeof loc !== 'object' || !Number.isFinite(Number(loc.latitude)) || !Number.isFinite(Number(loc.longitude))) {
        return { status: 422, body: errors('invalid_argument', 'site_location must have latitude and longitude.') };
      }
      let siteId = b.site_id;
      if (siteId && !sim.sites.has(siteId)) return { status: 404, body: errors('not_found', 'Site not found.') };
      const existing = sim.byHardware.get(b.hardware_id);
      if (existing) {
        const d = sim.devices.get(existing);
        if (siteId && d.site_id !== siteId) return { status: 409, body: errors('already_exists', 'This hardware is already provisioned to another site.') };
        return { status: 200, body: { config: mqttConfig(b.hardware_id, 'MQTTS', 'gw'), gateway_device_id: d.device_id } };
      }
      if (!siteId) {
        siteId = crypto.randomUUID();
        sim.sites.set(siteId, { id: siteId, name: b.site_name, timezone: b.site_timezone });
      }
      const d = newDevice({ kind: op, site_id: siteId, hardware_id: b.hardware_id, name: b.site_name });
      return { status: 200, body: { config: mqttConfig(b.hardware_id, 'MQTTS', 'gw'), gateway_device_id: d.device_id } };
    }

    if (!sim.sites.has(b.site_id)) return { status: 404, body: errors('not_found', 'Site not found.') };
    if (op === 'link_slave') {
      const master = sim.devices.get(b.master_device_id);
      if (!master || master.kind !== 'link_master') return { status: 404, body: errors('not_found', 'Master device not found.') };
    }

    let device;
    if (b.hardware_id && sim.byHardware.has(b.hardware_id)) {
      device = sim.devices.get(sim.byHardware.get(b.hardware_id));
      if (device.site_id !== b.site_id) return { status: 409, body: errors('already_exists', 'This hardware is already provisioned to another site.') };
      // reprovisioning: no new device, same device_id
    } else {
      device = newDevice({ kind: op, site_id: b.site_id, hardware_id: b.hardware_id, name: b.name, slug: uniqueSlug(b.site_id, b.name) });
    }
    switch (op) {
      case 'ucm':
      case 'embedded':
        return { status: 200, body: { config: mqttConfig(b.hardware_id, b.protocol, 'ucm'), device_id: device.device_id, slug: device.slug } };
      case 'standalone':
        return { status: 200, body: { device_id: device.device_id, slug: device.slug } };
      default:
        return { status: 200, body: { device_id: device.device_id } };
    }
  });

  // Beyond provisioning: inventory, telemetry, commands (SPEC 7.3-7.5), and the seeded plant
  // (an electrolyser and a water tank on the first site) unless `plant: false`.
  fleet.install(sim, { authorise, errors, mqttConfig, opts });
  if (opts.plant !== false) sim.seedPlant(sim.sites.keys().next().value);

  // ---- issue 16: site create / update / delete (reached by enapter-request; ../shared/enapter-v3.md
  // "Sites"). A GET of one site is added only when no other block defines it. -------------------
  const siteOr404 = (id) => sim.sites.get(id) || null;
  const siteErrors = (b, create) => {
    if (!b || typeof b !== 'object' || Array.isArray(b) || b.__invalidJson !== undefined) return { status: 400, body: errors('invalid_request', 'Request body must be a JSON object.') };
    if (create && (typeof b.name !== 'string' || b.name === '')) return { status: 422, body: errors('invalid_argument', 'name is required.', { field: 'name' }) };
    if ((create || b.timezone !== undefined) && (typeof b.timezone !== 'string' || !/^[A-Za-z_]+\/[A-Za-z_+\-\/]+$|^UTC$/.test(b.timezone))) {
      return { status: 422, body: errors('invalid_argument', 'timezone must be an IANA time zone.', { field: 'timezone' }) };
    }
    return null;
  };
  sim.counts.sitesCreated = 0;
  sim.route('POST', '/v3/sites', (req) => {
    const denied = authorise(req);
    if (denied) return denied;
    const bad = siteErrors(req.body, true);
    if (bad) return bad;
    sim.accepted('site', req.body.name); // a create request (one of the same name sent twice counts twice)
    const site = { id: crypto.randomUUID(), name: req.body.name, timezone: req.body.timezone, version: 'V3', authorized_role: 'OWNER', ...(req.body.location ? { location: req.body.location } : {}) };
    sim.sites.set(site.id, site);
    sim.counts.sitesCreated = (sim.counts.sitesCreated || 0) + 1;
    return { status: 200, body: { site } };
  });
  if (!sim.routes.some((r) => r.method === 'GET' && r.match('/v3/sites/x'))) {
    sim.route('GET', '/v3/sites/:site_id', (req) => {
      const denied = authorise(req);
      if (denied) return denied;
      const site = siteOr404(req.params.site_id);
      return site ? { status: 200, body: { site } } : { status: 404, body: errors('not_found', 'Site not found.') };
    });
  }
  sim.route('PATCH', '/v3/sites/:site_id', (req) => {
    const denied = authorise(req);
    if (denied) return denied;
    const site = siteOr404(req.params.site_id);
    if (!site) return { status: 404, body: errors('not_found', 'Site not found.') };
    const bad = siteErrors(req.body, false);
    if (bad) return bad;
    for (const k of ['name', 'timezone', 'location']) if (req.body[k] !== undefined) site[k] = req.body[k];
    return { status: 200, body: { site } };
  });
  sim.route('DELETE', '/v3/sites/:site_id', (req) => {
    const denied = authorise(req);
    if (denied) return denied;
    if (!sim.sites.delete(req.params.site_id)) return { status: 404, body: errors('not_found', 'Site not found.') };
    return { status: 204 };
  });
  // ---- end of issue 16 block ------------------------------------------------------------------

  return sim;
}

module.exports = {
  name: 'enapter',
  create,
  /** What the sandbox needs to wire an enapter-account to this simulator. */
  sandbox: { accountType: 'enapter-account', credentials: { token: 'enapter-test-token' } },
  /** The seeded electrolyser and water tank (ids the examples use). */
  SEED: fleet.SEED,
};
