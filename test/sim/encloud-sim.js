'use strict';
// Encore enCloud / enSite integration API simulator, from seed 000 and SPEC 4 / 8.
//   GET    /integration/users/authorise   Basic base64(email:md5hex(password)) -> {user:{auth_token,name,email}}
//                                         unknown user -> 404 {status,description:"The user is not found.",ivenCode:9002}
//                                         wrong password / bad header -> 422 {..."Bad credentials.",ivenCode:9007}
//   GET    /integration/devices           every filter of the seed, limit 10/25/50/100/-1, 1-based page,
//                                         totals, created_at ASC order, last_data for the requested keys
//   POST   /integration/users             {user:{user_type,email,name,customer_id}}
//   PUT    /integration/users?email=      {user:{user_type?,name?,changed_email?}}
//   DELETE /integration/users?email=
//   GET    /integration/hotlink?email=&customer_id=&device_id=  -> {token}; creates a missing user
//   GET    /redirect?token=               302 into the UI (device page or device list), or to /404
// Token rules: the auth_token has no lifetime; `sim.rotateToken()` replaces it (enCloud "updates it
// automatically"): the old one answers 401 until the client authorises again. The token is sent
// without a scheme; API-KEY (any header case) must be a distributor key: else 403.
// Devices are kept as compact records and rendered per page, so 20,000 of them are cheap.
const crypto = require('crypto');
const { Sim } = require('./framework');

const err = (status, description, ivenCode = 0) => ({ status, body: { status, description, ivenCode } });
const md5 = (s) => crypto.createHash('md5').update(String(s), 'utf8').digest('hex');

const STATES = ['Registered', 'Waiting For Response', 'Passive', 'Expired'];
const LIMITS = [10, 25, 50, 100, -1];
const MODELS = ['EN-400', 'EN-1000', 'EN-2000', 'EN-3000', 'EN-4000'];
const CITIES = [
  ['Baltimore, MD, USA', 39.29, -76.61],
  ['Hanover, MD, USA', 39.19, -76.72],
  ['Ankara, Turkey', 39.93, 32.85],
  ['London, UK', 51.51, -0.13],
  ['Berlin, Germany', 52.52, 13.4],
];
const BASE_CREATED = Date.UTC(2016, 0, 1);

/** A small deterministic hash -> [0, 1) (FNV-1a then a murmur finaliser: cheap for 20,000 devices). */
function unit(...parts) {
  const text = parts.join('|');
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}
const between = (u, lo, hi) => Math.round(lo + u * (hi - lo));

/** The value of one sensor key of a device at a time; unknown keys are null. */
function sensorValue(uid, key, at) {
  const u = unit(uid, key, Math.floor(at / 300));
  switch (key) {
    case 'cell.rssi':
    case 'cell2.rssi':
      return between(u, -113, -51);
    case 'cell.rsrq':
    case 'cell2.rsrq':
      return between(u, -20, -3);
    case 'cell.rsrp':
      return between(u, -140, -44);
    case 'cell.sinr':
      return between(u, -20, 30);
    case 'cell.uptime':
    case 'system.uptime':
      return between(u, 60, 90 * 86400);
    case 'cell.status':
    case 'cell2.status':
      return u < 0.8 ? 'connected' : 'disconnected';
    case 'cell.operator':
      return ['Verizon', 'AT&T', 'T-Mobile', 'Vodafone'][Math.floor(u * 4)];
    case 'system.temperature':
      return between(u, 20, 70);
    default:
      return null;
  }
}

function decodeBasic(header) {
  const m = /^Basic\s+(\S+)$/i.exec(header || '');
  if (!m) return null;
  const text = Buffer.from(m[1], 'base64').toString('utf8');
  const i = text.indexOf(':');
  if (i < 0) return null;
  return { email: text.slice(0, i), secret: text.slice(i + 1) };
}

/**
 * @param {{
 *   apiUsers?: Array<{email: string, password: string, name?: string}>,
 *   apiKeys?: string[],
 *   customers?: string[],
 *   devices?: number,          // how many devices to create (default 250)
 *   defaultLimit?: number,     // the API user's page size when none is asked (default 25)
 *   pageDelayMs?: number,      // latency of each /integration/devices answer (bench: 20)
 *   pageJitterMs?: number,     // plus a random 0..jitter ms, so concurrent pages finish out of order
 *   now?: number,              // epoch ms of the live data (default: creation time; sim.clock)
 *   seed?: number,
 * }} [opts]
 */
function create(opts = {}) {
  const sim = new Sim('enCloud', opts);
  sim.apiUsers = new Map(
    (opts.apiUsers || [{ email: 'api.user@example.com', password: 'encloud-SECRET-pass-4f8e21', name: 'API User' }]).map((u) => [
      u.email.toLowerCase(),
      { email: u.email, name: u.name || 'API User', hash: md5(u.password), token: null },
    ]),
  );
  sim.apiKeys = new Set(opts.apiKeys || ['encloud-SECRET-apikey-77c3d0']);
  sim.customers = new Set(opts.customers || ['SDK15', 'SDT15', 'YRK15', 'BRAD01']);
  sim.defaultLimit = opts.defaultLimit ?? 25;
  sim.pageDelayMs = opts.pageDelayMs ?? 0;
  // "now" of the live data (timestamp 0): fixed, so two pulls see the same data until a test moves it
  sim.clock = opts.now ?? Date.now();
  sim.pageJitterMs = opts.pageJitterMs ?? 0;
  let inFlight = 0;
  sim.users = new Map(); // email (lower case) -> {email, name, user_type, customer_id}
  sim.hotlinks = new Map(); // token -> {email, device_id, used}
  sim.issued = []; // every auth_token handed out (the secret audit looks for them)
  sim.denied = []; // the requests answered 401/403: {method, path, query, status}
  const resetCounts = () => {
    Object.assign(sim.counts, { authorise: 0, devicePages: 0, maxInFlight: 0 });
    sim.denied = [];
  };
  resetCounts();
  sim.clearLog = () => {
    Sim.prototype.clearLog.call(sim);
    resetCounts();
  };
  sim.devices = []; // compact records, created_at ascending
  sim.version = 0;
  let filterCache = { key: null, version: -1, list: null };

  sim.faultBody = (status) => (status >= 500 ? 'Internal Server Error' : { status, description: status === 429 ? 'Too many requests.' : `Injected error ${status}.`, ivenCode: 0 });
  sim.notFound = (req) => ({ status: 404, body: `Cannot ${req.method} ${req.path}` });

  /** Adds `n` devices after the existing ones (created later, so they sort last). */
  sim.addDevices = (n, overrides = {}) => {
    const customers = [...sim.customers];
    for (let k = 0; k < n; k++) {
      const i = sim.devices.length;
      const u = unit('dev', i);
      sim.devices.push({
        i,
        uid: overrides.uid || '00A0EB' + (0x800000 + i).toString(16).toUpperCase(),
        name: `${MODELS[i % MODELS.length]} ${overrides.namePrefix || 'Router'} ${i + 1}`,
        customer_id: overrides.customer_id || customers[i % customers.length],
        state: overrides.state || STATES[i % 7 === 6 ? 3 : i % 5 === 4 ? 2 : i % 11 === 10 ? 1 : 0],
        online: overrides.online !== undefined ? overrides.online : i % 3 !== 0,
        created: BASE_CREATED + i * 3_600_000,
        city: Math.floor(u * CITIES.length),
        frequency: [60, 300, 900][i % 3],
      });
    }
    sim.version++;
  };
  sim.addDevices(opts.devices ?? 250);

  /** enCloud renews the token of `email` (default: every API user): the old one answers 401. */
  sim.rotateToken = (email) => {
    for (const u of sim.apiUsers.values()) if (!email || u.email.toLowerCase() === String(email).toLowerCase()) u.token = null;
  };

  /** The token currently valid for `email` (tests). */
  sim.tokenOf = (email) => {
    const u = sim.apiUsers.get(String(email).toLowerCase());
    return u && u.token;
  };

  function render(d, keys, at) {
    const city = CITIES[d.city];
    const lastSeen = at - (d.online ? d.frequency * 1000 * unit('seen', d.i) : 86_400_000 * (1 + d.i % 30));
    const lastData = {};
    for (const k of keys) lastData[k] = sensorValue(d.uid, k, at);
    return {
      device_uid: d.uid,
      name: d.name,
      sim_id: '8901260' + String(1_000_000_000_000 + d.i * 7919).slice(-12),
      location: [city[1] + (d.i % 100) / 1000, city[2] - (d.i % 100) / 1000],
      frequency: d.frequency,
      created_at: new Date(d.created).toISOString(),
      updated_at: new Date(d.created + 86_400_000).toISOString(),
      location_string: city[0],
      state: d.state,
      is_online: d.online,
      customer_id: d.customer_id,
      last_seen: new Date(lastSeen).toISOString(),
      last_data: lastData,
    };
  }

  /** null when the request may use the API; else the 401/403 answer. */
  function checkToken(req) {
    const key = req.headers['api-key'];
    const token = req.headers.authorization;
    let answer = null;
    if (!token) answer = err(401, 'Authorization header is missing.');
    else if (!Array.from(sim.apiUsers.values()).some((u) => u.token && u.token === token)) answer = err(401, 'Auth token is not valid.');
    else if (!key || !sim.apiKeys.has(key)) answer = err(403, 'API-KEY is not valid.');
    if (answer) sim.denied.push({ method: req.method, path: req.path, query: req.query, status: answer.status });
    return answer;
  }

  sim.route('GET', '/integration/users/authorise', (req) => {
    sim.counts.authorise++;
    const cred = decodeBasic(req.headers.authorization);
    if (!cred) return err(422, 'Bad credentials.', 9007);
    const u = sim.apiUsers.get(cred.email.toLowerCase());
    if (!u) return err(404, 'The user is not found.', 9002);
    if (cred.secret.toLowerCase() !== u.hash) return err(422, 'Bad credentials.', 9007);
    if (!u.token) {
      u.token = crypto.randomBytes(16).toString('base64').replace(/[^A-Za-z0-9]/g, '').slice(0, 22);
      sim.issued.push(u.token);
    }
    return { status: 200, body: { user: { auth_token: u.token, name: u.name, email: u.email } } };
  });

  function filtered(q) {
    const key = JSON.stringify([q.devices, q.customer_id, q.state, q.is_online, q.search, q.timestamp]);
    if (filterCache.key === key && filterCache.version === sim.version) return filterCache.list;
    const wanted = q.devices ? new Set(q.devices.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean)) : null;
    const search = q.search ? q.search.toLowerCase() : null;
    const at = Number(q.timestamp);
    const list = sim.devices.filter(
      (d) =>
        (!wanted || wanted.size === 0 || wanted.has(d.uid.toUpperCase())) &&
        (!q.customer_id || d.customer_id === q.customer_id) &&
        (!q.state || d.state === q.state) &&
        (q.is_online === undefined || q.is_online === '' || d.online === (q.is_online === 'true')) &&
        (!search || d.name.toLowerCase().includes(search) || d.uid.toLowerCase().includes(search)) &&
        // a device added to the inventory after the asked time has no information then
        (!at || d.created <= at * 1000),
    );
    filterCache = { key, version: sim.version, list };
    return list;
  }

  sim.route('GET', '/integration/devices', async (req) => {
    const denied = checkToken(req);
    if (denied) return denied;
    const q = req.query;
    if (q.timestamp === undefined || q.timestamp === '') return err(400, 'timestamp is not present');
    if (!/^\d+$/.test(q.timestamp)) return err(400, 'timestamp is not valid');
    if (!q.keys) return err(400, 'keys is not present');
    if (q.state && !STATES.includes(q.state)) return err(400, 'state is not valid');
    if (q.is_online && !['true', 'false'].includes(q.is_online)) return err(400, 'is_online is not valid');
    const limit = q.limit === undefined || q.limit === '' ? sim.defaultLimit : Number(q.limit);
    if (!LIMITS.includes(limit)) return err(400, 'limit is not valid');
    const page = q.page === undefined || q.page === '' ? 1 : Number(q.page);
    if (!Number.isInteger(page) || page < 1) return err(400, 'page is not valid');
    sim.counts.devicePages++;
    inFlight++;
    sim.counts.maxInFlight = Math.max(sim.counts.maxInFlight, inFlight);
    try {
      const wait = sim.pageDelayMs + (sim.pageJitterMs ? Math.floor(sim.random() * sim.pageJitterMs) : 0);
      if (wait) await new Promise((r) => setTimeout(r, wait));
    } finally {
      inFlight--;
    }
    const list = filtered(q);
    const keys = q.keys.split(',').map((s) => s.trim()).filter(Boolean);
    const at = Number(q.timestamp) ? Number(q.timestamp) * 1000 : sim.clock;
    const slice = limit === -1 ? (page === 1 ? list : []) : list.slice((page - 1) * limit, page * limit);
    return {
      status: 200,
      body: {
        totalResults: sim.devices.length,
        totalFilteredResults: list.length,
        limit,
        page,
        sort: 'created_at',
        sort_type: 'ASC',
        devices: slice.map((d) => render(d, keys, at)),
      },
    };
  });

  const userOf = (req) => (req.body && typeof req.body === 'object' && req.body.user && typeof req.body.user === 'object' ? req.body.user : null);

  sim.route('POST', '/integration/users', (req) => {
    const denied = checkToken(req);
    if (denied) return denied;
    const u = userOf(req);
    if (!u) return err(400, 'user is not present');
    if (!u.customer_id || !sim.customers.has(u.customer_id)) return err(400, 'Customer is not present');
    if (!['ADMIN', 'VIEWER'].includes(u.user_type)) return err(400, 'User Type is not present');
    if (!u.email) return err(400, 'Email is not present');
    sim.accepted('user', String(u.email).toLowerCase()); // a create request (a duplicate counts too)
    if (sim.users.has(String(u.email).toLowerCase())) return err(400, 'User with this email already exists.');
    sim.users.set(String(u.email).toLowerCase(), { email: u.email, name: u.name, user_type: u.user_type, customer_id: u.customer_id });
    return { status: 200, body: { status: 200, description: 'User is created successfully.' } };
  });

  sim.route('PUT', '/integration/users', (req) => {
    const denied = checkToken(req);
    if (denied) return denied;
    const key = String(req.query.email || '').toLowerCase();
    const existing = sim.users.get(key);
    if (!existing) return err(404, 'Given User not found');
    const u = userOf(req) || {};
    if (u.user_type !== undefined && !['ADMIN', 'VIEWER'].includes(u.user_type)) return err(400, 'User Type is not present');
    if (u.changed_email) {
      const to = String(u.changed_email).toLowerCase();
      if (to !== key && sim.users.has(to)) return err(400, 'User with this email already exists.');
    }
    if (u.user_type !== undefined) existing.user_type = u.user_type;
    if (u.name !== undefined) existing.name = u.name;
    if (u.changed_email) {
      sim.users.delete(key);
      existing.email = u.changed_email;
      sim.users.set(String(u.changed_email).toLowerCase(), existing);
    }
    return { status: 200, body: { status: 200, description: 'User is updated successfully.' } };
  });

  sim.route('DELETE', '/integration/users', (req) => {
    const denied = checkToken(req);
    if (denied) return denied;
    const key = String(req.query.email || '').toLowerCase();
    if (!sim.users.has(key)) return err(404, 'Given User not found');
    sim.users.delete(key);
    return { status: 200, body: { status: 200, description: 'User is deleted successfully.' } };
  });

  sim.route('GET', '/integration/hotlink', (req) => {
    const denied = checkToken(req);
    if (denied) return denied;
    const { email, customer_id: customerId, device_id: deviceId } = req.query;
    if (!email) return err(400, 'Email is not present');
    if (!customerId || !sim.customers.has(customerId)) return err(400, 'Customer is not present');
    if (deviceId && !sim.devices.some((d) => d.uid.toUpperCase() === String(deviceId).toUpperCase())) return err(400, 'Device is not present');
    const key = email.toLowerCase();
    // a user that does not exist yet is created in the given customer
    if (!sim.users.has(key)) sim.accepted('user', key);
    if (!sim.users.has(key)) sim.users.set(key, { email, name: email.split('@')[0], user_type: 'VIEWER', customer_id: customerId, viaHotlink: true });
    const token = crypto.randomBytes(16).toString('hex');
    sim.hotlinks.set(token, { email, device_id: deviceId || null, used: false });
    return { status: 200, body: { token } };
  });

  // Step 2: not an API call but the link the user's browser opens.
  sim.route('GET', '/redirect', (req) => {
    const h = sim.hotlinks.get(req.query.token || '');
    if (!h || h.used) return { status: 302, headers: { Location: '/404' }, body: '' };
    h.used = true;
    return { status: 302, headers: { Location: h.device_id ? `/devices/${h.device_id}` : '/devices' }, body: '' };
  });
  sim.route('GET', '/404', () => ({ status: 404, headers: { 'Content-Type': 'text/html' }, body: '<html><body><h1>404 Page Not Found</h1></body></html>' }));
  sim.route('GET', '/devices', () => ({ status: 200, headers: { 'Content-Type': 'text/html' }, body: '<html><body><h1>enCloud: Devices</h1></body></html>' }));
  sim.route('GET', '/devices/:uid', (req) => ({
    status: 200,
    headers: { 'Content-Type': 'text/html' },
    body: `<html><body><h1>enCloud: Device ${String(req.params.uid).replace(/[^0-9A-Za-z]/g, '')}</h1></body></html>`,
  }));

  return sim;
}

module.exports = {
  name: 'encloud',
  create,
  /** What the sandbox needs to wire an encloud-account to this simulator. */
  sandbox: {
    accountType: 'encloud-account',
    credentials: { email: 'api.user@example.com', password: 'encloud-SECRET-pass-4f8e21', apiKey: 'encloud-SECRET-apikey-77c3d0' },
    // the hot link example's endpoint key (README: the sandbox); a real instance sets its own
    env: { ENCLOUD_HOTLINK_KEY: 'sandbox-hotlink-key-0123456789' },
  },
};
