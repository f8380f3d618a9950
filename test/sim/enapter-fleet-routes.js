'use strict';
// Enapter Cloud v3 beyond provisioning (SPEC 7.3-7.5, shared/enapter-v3.md): the device and site
// inventory, latest telemetry and command executions, with the shapes of Enapter's public SDK.
// Installed by enapter-sim.js (`install(sim, helpers)`), kept apart from the provisioning routes.
//
// The plant model: electrolysers (state, production_rate %, h2_flow_rate NL/h, stack_temperature
// °C) and water tanks (level %) whose values change with time; a running electrolyser draws water
// from the tanks of its site. Commands move NEW -> IN_PROGRESS -> SUCCESS | ERROR after
// `sim.commandDelayMs` (half-way IN_PROGRESS) and change the plant: `start`, `stop`,
// `set_production_rate {value: 0..100}`; `self_test` always fails. `sim.commandOutcome`
// = 'TIMEOUT' | 'UNSYNC' makes executions end that way, 'hang' keeps them IN_PROGRESS for ever.
// Everything is computed lazily from the clock on each request (no timers left behind).
const crypto = require('crypto');

const TYPE_OF_KIND = {
  ucm: 'HARDWARE_UCM',
  vucm: 'VIRTUAL_UCM',
  embedded: 'NATIVE',
  link_master: 'LINK_MASTER_UCM',
  link_slave: 'LINK_SLAVE_UCM',
  standalone: 'STANDALONE',
  lua_device: 'LUA',
  gateway: 'GATEWAY',
};
const EXPANDS = ['manifest', 'properties', 'connectivity', 'communication', 'raised_alert_names'];
const FINAL = ['SUCCESS', 'ERROR', 'TIMEOUT', 'UNSYNC'];
const STATES = ['NEW', 'IN_PROGRESS', ...FINAL];
const MAX_LIMIT = 100;

/** The seeded plant of the sandbox and the examples (values to replace in a real account). */
const SEED = {
  electrolyser: { device_id: 'a7e10000-e1ec-4000-8000-000000000e01', kind: 'embedded', device_type: 'ELECTROLYSER', hardware_id: 'SIMEL0000000000000000000000000001', name: 'Electrolyser EL 4.0', slug: 'electrolyser' },
  tank: { device_id: 'a7e10000-7a2c-4000-8000-000000000a01', kind: 'embedded', device_type: 'WATER_TANK', hardware_id: 'SIMWT0000000000000000000000000001', name: 'Water tank', slug: 'water-tank' },
};

function install(sim, { authorise, errors, mqttConfig, opts = {} }) {
  sim.commandDelayMs = opts.commandDelayMs ?? 500;
  sim.executeWaitMs = opts.executeWaitMs ?? 0;
  sim.commandOutcome = null;
  sim.plant = new Map(); // device_id -> model state
  sim.executions = new Map(); // execution id -> execution (internal)
  sim.commandsReceived = 0; // command POSTs that created an execution
  sim.offline = new Set(); // device ids whose telemetry is frozen
  sim.blueprints = new Set(['bp-electrolyser-el40', 'bp-water-tank', 'bp-ucm-generic', ...(opts.blueprints || [])]);
  sim.issuedSecrets = []; // MQTT passwords / private keys handed out by generate_config
  let lastTick = Date.now();

  const now = () => Date.now();
  const body = (req) => (req.body && typeof req.body === 'object' && !Array.isArray(req.body) && req.body.__invalidJson === undefined ? req.body : null);
  const notFound = (what) => ({ status: 404, body: errors('not_found', `${what} not found.`) });
  const page = (req, list) => {
    const limit = req.query.limit === undefined ? 50 : Number(req.query.limit);
    const offset = req.query.offset === undefined ? 0 : Number(req.query.offset);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) return { error: { status: 400, body: errors('invalid_argument', `limit must be between 1 and ${MAX_LIMIT}.`) } };
    if (!Number.isInteger(offset) || offset < 0) return { error: { status: 400, body: errors('invalid_argument', 'offset must be a non-negative integer.') } };
    return { items: list.slice(offset, offset + limit) };
  };

  // ---- the plant
  function modelFor(d) {
    let m = sim.plant.get(d.device_id);
    if (!m && d.device_type === 'ELECTROLYSER') m = { type: 'ELECTROLYSER', running: false, setpoint: 100, temp: 24.5, updatedAt: now() };
    if (!m && d.device_type === 'WATER_TANK') m = { type: 'WATER_TANK', level: 62, updatedAt: now() };
    if (m) sim.plant.set(d.device_id, m);
    return m;
  }

  /** Integrates the plant from the last tick to `to` (ms). */
  function advance(to) {
    const dt = Math.max(0, (to - lastTick) / 1000);
    lastTick = Math.max(lastTick, to);
    if (dt === 0) return;
    const drawBySite = new Map();
    for (const d of sim.devices.values()) {
      const m = modelFor(d);
      if (!m || m.type !== 'ELECTROLYSER' || sim.offline.has(d.device_id)) continue;
      const target = m.running ? 30 + 0.25 * m.setpoint : 24.5;
      m.temp += (target - m.temp) * (1 - Math.exp(-dt / 60));
      m.updatedAt = to;
      if (m.running) drawBySite.set(d.site_id, (drawBySite.get(d.site_id) || 0) + m.setpoint / 100);
    }
    for (const d of sim.devices.values()) {
      const m = modelFor(d);
      if (!m || m.type !== 'WATER_TANK' || sim.offline.has(d.device_id)) continue;
      const draw = drawBySite.get(d.site_id) || 0;
      // 0.2 %/s at full production, refilled at 0.05 %/s
      m.level = Math.min(100, Math.max(0, m.level + dt * (draw ? -0.2 * draw : 0.05)));
      m.updatedAt = to;
    }
  }

  /** Settles due command transitions in time order, then brings the plant to now. */
  function tick() {
    const t = now();
    const due = [...sim.executions.values()].filter((e) => !FINAL.includes(e.state)).sort((a, b) => a.createdMs - b.createdMs);
    for (const e of due) {
      const half = e.createdMs + sim.commandDelayMs / 2;
      const end = e.createdMs + sim.commandDelayMs;
      if (e.state === 'NEW' && t >= half) {
        advance(half);
        e.state = 'IN_PROGRESS';
        e.response = { state: 'STARTED', payload: null, received_at: new Date(half).toISOString() };
        e.log.push(e.response);
      }
      if (e.state === 'IN_PROGRESS' && t >= end && sim.commandOutcome !== 'hang') {
        advance(end);
        finish(e, end);
      }
    }
    advance(t);
  }

  function finish(e, at) {
    const received_at = new Date(at).toISOString();
    if (sim.commandOutcome === 'TIMEOUT' || sim.commandOutcome === 'UNSYNC') {
      e.state = sim.commandOutcome;
      return;
    }
    const d = sim.devices.get(e.device_id);
    const m = d && modelFor(d);
    const fail = (payload) => {
      e.state = 'ERROR';
      e.response = { state: 'ERROR', payload, received_at };
      e.log.push(e.response);
    };
    const ok = (payload) => {
      e.state = 'SUCCESS';
      e.response = { state: 'SUCCEEDED', payload, received_at };
      e.log.push(e.response);
    };
    const { name, arguments: args } = e.request;
    if (name === 'self_test') return fail({ message: 'Self test failed: stack voltage out of range.', code: 'E_STACK_VOLTAGE' });
    if (!m || m.type !== 'ELECTROLYSER') return fail({ message: `Unknown command "${name}".` });
    if (name === 'start') {
      m.running = true;
      return ok({ state: 'steady', production_rate: m.setpoint });
    }
    if (name === 'stop') {
      m.running = false;
      return ok({ state: 'idle' });
    }
    if (name === 'set_production_rate') {
      const v = args && Number(args.value);
      if (!Number.isFinite(v) || v < 0 || v > 100) return fail({ message: 'value must be a number between 0 and 100.' });
      m.setpoint = v;
      return ok({ production_rate: v });
    }
    return fail({ message: `Unknown command "${name}".` });
  }

  function attributes(d, m) {
    if (!m) return {};
    const jitter = (amp) => (sim.random() - 0.5) * 2 * amp;
    if (m.type === 'ELECTROLYSER') {
      return {
        state: m.running ? 'steady' : 'idle',
        production_rate: m.running ? m.setpoint : 0,
        h2_flow_rate: m.running ? Math.round((500 * m.setpoint) / 100 + jitter(3)) : 0,
        stack_temperature: Math.round((m.temp + jitter(0.2)) * 10) / 10,
      };
    }
    return { level: Math.round(m.level * 10) / 10 };
  }

  // ---- views
  function deviceView(d, expand = []) {
    d.updated_at ??= new Date().toISOString();
    const v = {
      id: d.device_id,
      blueprint_id: d.blueprint_id ?? null,
      name: d.name ?? null,
      site_id: d.site_id,
      updated_at: d.updated_at,
      slug: d.slug ?? null,
      type: TYPE_OF_KIND[d.kind] || 'STANDALONE',
      authorized_role: 'OWNER',
    };
    const m = modelFor(d);
    if (expand.includes('manifest')) {
      // a blueprint manifest names the telemetry attributes (name -> {type, display_name})
      const telemetry = {};
      for (const [k, val] of Object.entries(attributes(d, m))) telemetry[k] = { type: typeof val === 'number' ? 'float' : 'string', display_name: k.replace(/_/g, ' ') };
      v.manifest = { description: d.device_type || d.kind, telemetry, commands: m && m.type === 'ELECTROLYSER' ? { start: {}, stop: {}, set_production_rate: { arguments: { value: { type: 'float' } } }, self_test: {} } : {} };
    }
    if (expand.includes('properties')) v.properties = { hardware_id: d.hardware_id ?? null, ...(d.device_type ? { device_type: d.device_type } : {}) };
    if (expand.includes('connectivity')) v.connectivity = { status: sim.offline.has(d.device_id) ? 'OFFLINE' : m ? 'ONLINE' : 'UNKNOWN' };
    if (expand.includes('communication')) v.communication = { protocol: 'MQTTS' };
    if (expand.includes('raised_alert_names')) v.raised_alert_names = m && m.type === 'WATER_TANK' && m.level < 10 ? ['low_level'] : [];
    return v;
  }
  function parseExpand(req) {
    const parts = String(req.query.expand || '').split(',').filter(Boolean);
    const bad = parts.find((p) => !EXPANDS.includes(p));
    return bad ? { error: { status: 400, body: errors('invalid_argument', `Unknown expand "${bad}".`) } } : { parts };
  }
  const executionView = (e, withLog) => ({
    id: e.id,
    device_id: e.device_id,
    state: e.state,
    created_at: e.created_at,
    request: e.request,
    response: e.response,
    ...(withLog ? { log: e.log } : {}),
  });

  // wrap: authorise, settle the plant, answer
  const route = (method, path, fn) =>
    sim.route(method, path, (req) => {
      const denied = authorise(req);
      if (denied) return denied;
      tick();
      return fn(req);
    });

  // ---- inventory
  route('GET', '/v3/devices', (req) => {
    const ex = parseExpand(req);
    if (ex.error) return ex.error;
    const p = page(req, [...sim.devices.values()]);
    return p.error || { status: 200, body: { devices: p.items.map((d) => deviceView(d, ex.parts)) } };
  });
  route('GET', '/v3/sites/:site_id/devices', (req) => {
    if (!sim.sites.has(req.params.site_id)) return notFound('Site');
    const ex = parseExpand(req);
    if (ex.error) return ex.error;
    const p = page(req, [...sim.devices.values()].filter((d) => d.site_id === req.params.site_id));
    return p.error || { status: 200, body: { devices: p.items.map((d) => deviceView(d, ex.parts)) } };
  });
  route('GET', '/v3/devices/:id', (req) => {
    const d = sim.devices.get(req.params.id);
    if (!d) return notFound('Device');
    const ex = parseExpand(req);
    return ex.error || { status: 200, body: { device: deviceView(d, ex.parts) } };
  });
  route('PATCH', '/v3/devices/:id', (req) => {
    const d = sim.devices.get(req.params.id);
    if (!d) return notFound('Device');
    const b = body(req);
    if (!b) return { status: 400, body: errors('invalid_request', 'Request body must be a JSON object.') };
    if (b.slug !== undefined && !/^[a-z0-9][a-z0-9_-]*$/.test(String(b.slug))) return { status: 422, body: errors('invalid_argument', 'slug may contain lowercase letters, digits, - and _ only.', { field: 'slug' }) };
    if (b.slug !== undefined && [...sim.devices.values()].some((o) => o !== d && o.site_id === d.site_id && o.slug === b.slug)) {
      return { status: 409, body: errors('already_exists', 'A device with this slug already exists on the site.') };
    }
    if (b.name !== undefined) d.name = String(b.name);
    if (b.slug !== undefined) d.slug = String(b.slug);
    d.updated_at = new Date().toISOString();
    return { status: 200, body: { device: deviceView(d) } };
  });
  route('DELETE', '/v3/devices/:id', (req) => {
    const d = sim.devices.get(req.params.id);
    if (!d) return notFound('Device');
    sim.devices.delete(d.device_id);
    if (d.hardware_id && sim.byHardware.get(d.hardware_id) === d.device_id) sim.byHardware.delete(d.hardware_id);
    sim.plant.delete(d.device_id);
    return { status: 204 };
  });
  route('POST', '/v3/devices/:id/assign_blueprint', (req) => {
    const d = sim.devices.get(req.params.id);
    if (!d) return notFound('Device');
    const b = body(req);
    if (!b || !b.blueprint_id) return { status: 422, body: errors('invalid_argument', 'blueprint_id is required.', { field: 'blueprint_id' }) };
    if (!sim.blueprints.has(b.blueprint_id)) return notFound('Blueprint');
    d.blueprint_id = b.blueprint_id;
    d.updated_at = new Date().toISOString();
    return { status: 200, body: { device: deviceView(d) } };
  });
  route('POST', '/v3/devices/:id/generate_config', (req) => {
    const d = sim.devices.get(req.params.id);
    if (!d) return notFound('Device');
    const b = body(req);
    if (!b || !['MQTT', 'MQTTS'].includes(b.protocol)) return { status: 422, body: errors('invalid_argument', 'protocol must be MQTT or MQTTS.', { field: 'protocol' }) };
    const config = mqttConfig(d.hardware_id || d.device_id.replace(/-/g, '').toUpperCase(), b.protocol, 'ucm');
    const c = config.mqtt_credentials;
    for (const s of [c.password, c.private_key, c.certificate]) if (s) sim.issuedSecrets.push(s);
    return { status: 200, body: { config } };
  });

  route('GET', '/v3/sites/:site_id', (req) => {
    const s = sim.sites.get(req.params.site_id);
    return s ? { status: 200, body: { site: siteView(s) } } : notFound('Site');
  });
  route('GET', '/v3/site', () => {
    const s = sim.sites.values().next().value;
    return s ? { status: 200, body: { site: siteView(s) } } : notFound('Site');
  });
  const siteView = (s) => ({ version: 'V3', authorized_role: 'OWNER', location: null, ...s });
  sim.siteView = siteView;
  sim.pageOf = page;

  // ---- telemetry
  route('GET', '/v3/telemetry/latest', (req) => {
    const asked = [];
    for (const [k, values] of Object.entries(req.queryAll)) {
      const m = /^devices\[(.+)\]$/.exec(k);
      if (m) asked.push([m[1], values.join(',').split(',').filter(Boolean)]);
    }
    if (asked.length === 0) return { status: 400, body: errors('invalid_argument', 'At least one devices[<device_id>] parameter is required.') };
    let relevance;
    if (req.query.relevance_interval !== undefined) {
      const r = /^(\d+)s$/.exec(req.query.relevance_interval);
      if (!r) return { status: 400, body: errors('invalid_argument', 'relevance_interval must look like 60s.') };
      relevance = Number(r[1]);
    }
    const t = now();
    const telemetry = {};
    for (const [id, attrs] of asked) {
      const d = sim.devices.get(id);
      if (!d) return { status: 404, body: errors('not_found', `Device ${id} not found.`) };
      const m = modelFor(d);
      const values = attributes(d, m);
      const ts = m ? Math.floor(m.updatedAt / 1000) : undefined;
      const fresh = ts !== undefined && (relevance === undefined || t / 1000 - ts <= relevance);
      telemetry[id] = {};
      for (const a of attrs) telemetry[id][a] = fresh && a in values ? { timestamp: ts, value: values[a] } : {};
    }
    return { status: 200, body: { telemetry } };
  });

  // ---- commands
  function newExecution(req) {
    const d = sim.devices.get(req.params.id);
    if (!d) return { answer: notFound('Device') };
    const b = body(req);
    if (!b || typeof b.name !== 'string' || b.name === '') return { answer: { status: 422, body: errors('invalid_argument', 'name is required.', { field: 'name' }) } };
    const t = now();
    const e = {
      id: crypto.randomUUID(),
      device_id: d.device_id,
      state: 'NEW',
      createdMs: t,
      created_at: new Date(t).toISOString(),
      request: { name: b.name, arguments: b.arguments && typeof b.arguments === 'object' ? b.arguments : {} },
      response: null,
      log: [],
    };
    sim.executions.set(e.id, e);
    sim.commandsReceived++;
    tick(); // a zero delay settles at once
    return { e };
  }
  route('POST', '/v3/devices/:id/execute_command', async (req) => {
    const { e, answer } = newExecution(req);
    if (answer) return answer;
    // the real API waits server-side; this one waits at most executeWaitMs
    for (const until = now() + sim.executeWaitMs; !FINAL.includes(e.state) && now() < until; ) {
      await new Promise((r) => setTimeout(r, 20));
      tick();
    }
    return { status: 200, body: { execution: executionView(e, req.query.expand === 'log') } };
  });
  route('POST', '/v3/devices/:id/command_executions', (req) => {
    const { e, answer } = newExecution(req);
    return answer || { status: 200, body: { execution_id: e.id } };
  });
  route('GET', '/v3/devices/:id/command_executions/:eid', (req) => {
    const e = sim.executions.get(req.params.eid);
    if (!e || e.device_id !== req.params.id) return notFound('Command execution');
    return { status: 200, body: { execution: executionView(e, req.query.expand === 'log') } };
  });
  function listExecutions(req, filter) {
    const q = req.query;
    const inList = (k) => (q[k] ? String(q[k]).split(',').filter(Boolean) : null);
    const states = inList('state.in');
    if (states && states.some((s) => !STATES.includes(s))) return { status: 400, body: errors('invalid_argument', 'state.in lists unknown states.') };
    if (q.order && !['CREATED_AT_ASC', 'CREATED_AT_DESC'].includes(q.order)) return { status: 400, body: errors('invalid_argument', 'order must be CREATED_AT_ASC or CREATED_AT_DESC.') };
    const names = inList('name.in');
    const devices = inList('device_id.in');
    const gte = q['created_at.gte'] ? Date.parse(q['created_at.gte']) : null;
    const lt = q['created_at.lt'] ? Date.parse(q['created_at.lt']) : null;
    let list = [...sim.executions.values()].filter(
      (e) =>
        filter(e) &&
        (!states || states.includes(e.state)) &&
        (!names || names.includes(e.request.name)) &&
        (!devices || devices.includes(e.device_id)) &&
        (gte === null || e.createdMs >= gte) &&
        (lt === null || e.createdMs < lt),
    );
    list.sort((a, b) => a.createdMs - b.createdMs);
    if (q.order === 'CREATED_AT_DESC') list = list.reverse();
    const p = page(req, list);
    return p.error || { status: 200, body: { executions: p.items.map((e) => executionView(e, false)) } };
  }
  route('GET', '/v3/devices/:id/command_executions', (req) => {
    if (!sim.devices.has(req.params.id)) return notFound('Device');
    return listExecutions(req, (e) => e.device_id === req.params.id);
  });
  route('GET', '/v3/sites/:site_id/commands/executions', (req) => {
    if (!sim.sites.has(req.params.site_id)) return notFound('Site');
    return listExecutions(req, (e) => {
      const d = sim.devices.get(e.device_id);
      return !d || d.site_id === req.params.site_id;
    });
  });

  /** The seeded plant: an electrolyser and a water tank on `siteId` (not counted as created). */
  sim.seedPlant = (siteId) => {
    for (const s of Object.values(SEED)) {
      const d = { ...s, site_id: siteId, blueprint_id: s.device_type === 'ELECTROLYSER' ? 'bp-electrolyser-el40' : 'bp-water-tank', updated_at: new Date().toISOString() };
      sim.devices.set(d.device_id, d);
      sim.byHardware.set(d.hardware_id, d.device_id);
      modelFor(d);
    }
  };
  sim.tick = tick;
}

module.exports = { install, SEED };
