'use strict';
// EnCo M2M SIM API (seed 002), installed into the EnCo simulator (enco-sim.js) by install(sim, opts).
// Base /m2m/1.0.0. Every call: the API gateway's bearer check (sim.checkBearer), then x-api-key.
//   GET  /simcards?msisdn=              -> 200 [SIM profile] (the seed's full profile), 404 unknown MSISDN
//   POST /configure/callback            {url, headers?} -> 200, no payload; headers: only Authorization
//                                       and names starting with x- (the vendor's whitelist), else 400
//   POST /requests/{activation,deactivation,reactivation,termination}
//        [{identifier, identifierType}] + x-callback-token -> 200 {TrackingNumber}; then, after
//        sim.m2m.delayMs, one status update per device POSTed to the callback URL of that API key with
//        x-callback-token and the configured headers. A transition that the SIM's State does not
//        allow -> resultStatus "Failed" with the reason in messages.
// Faults beyond the framework's inject(): sim.m2m.mode = 'after' (default) | 'before' (updates are
// POSTed and answered BEFORE the HTTP answer: the race) | 'never' (no update at all: the timeout);
// sim.m2m.skip (a Set of identifiers whose update is never sent); sim.m2m.answerAs = 'ICCID' names
// every SIM by its ICCID in the updates, as the seed's sample does.
const crypto = require('crypto');
const http = require('http');
const { post } = require('./framework');

const BASE = '/m2m/1.0.0';
const fault = (code, message, description) => ({ fault: { code, message, description } });
const DIGITS = { MSISDN: [8, 15], ICCID: [18, 22], IMSI: [15, 15] };
const OPERATIONS = ['activation', 'deactivation', 'reactivation', 'termination'];

// State machine: for each operation, the states it may start from, and where it leads.
const TRANSITIONS = {
  activation: { from: ['Ready'], to: 'Active' },
  deactivation: { from: ['Active'], to: 'Deactivated' },
  reactivation: { from: ['Deactivated'], to: 'Active' },
  termination: { from: ['Ready', 'Active', 'Deactivated'], to: 'Terminated' },
};
const REFUSAL = {
  activation: { Active: 'SIM card is already active.', Deactivated: 'SIM card is deactivated; use a reactivation request.' },
  deactivation: { Ready: 'SIM card was never activated.', Deactivated: 'SIM card is already deactivated.' },
  reactivation: { Ready: 'SIM card was never activated; use an activation request.', Active: 'SIM card is already active.' },
  termination: {},
};

/** The seed's full SIM profile for one SIM. */
function profile(s) {
  return {
    AccessPoints: [{ Code: 'm2m.proximus.be', Properties: { StaticIP: s.staticIp, UserName: '', CustomName: 'Fleet APN' } }],
    CustomFields: {
      'Custom Field 1': s.customer,
      'Custom Field 2': 'fleet',
      'Custom Field 3': '',
      'Custom Field 4': '',
      'Custom Field 5': '',
      'Custom Field 6': '',
      'Custom Field 7': '',
    },
    DataService: {
      Plan: { Code: 'M2M-DATA-1GB', Description: 'M2M data 1 GB', ServiceType: 'Data' },
      ServiceAreas: [{ Code: 'EU', Description: 'European Union' }],
      Features: [
        { Code: 'ROAMING', Enabled: true },
        { Code: 'LTE-M', Enabled: true },
      ],
      DailyTreshold: 50,
      MonthlyTreshold: 1024,
    },
    SMSService: { PlanCode: 'M2M-SMS-100', ServiceAreas: [{ Code: 'BE', Description: 'Belgium' }], FeatureCodes: ['MO-SMS', 'MT-SMS'], DailyTreshold: 10, MonthlyTreshold: 100 },
    VoiceService: { PlanCode: 'M2M-VOICE-NONE', ServiceAreas: [], FeatureCodes: [], DailyTreshold: 0, MonthlyTreshold: 0 },
    CostCenter: s.costCenter,
    State: s.state,
    Device: { Identifier: s.imsi, IdentifierType: 'IMSI' },
  };
}

/** `count` SIMs with MSISDN 324700000nn, ICCID 893201000000000000nn (20 digits), IMSI 2060100000000nn. */
function defaultSims(count) {
  const sims = [];
  for (let i = 0; i < count; i++) {
    sims.push({
      msisdn: '3247' + String(i).padStart(7, '0'),
      iccid: '893201' + String(i).padStart(14, '0'),
      imsi: '206010' + String(i).padStart(9, '0'),
      state: 'Active',
      staticIp: `10.64.${Math.floor(i / 250)}.${(i % 250) + 1}`,
      customer: `customer-${i % 7}`,
      costCenter: `CC-${100 + (i % 5)}`,
    });
  }
  return sims;
}

/**
 * @param {import('./framework').Sim} sim  the EnCo simulator
 * @param {{m2mApiKeys?: string[], m2mSims?: object[], m2mSimCount?: number, m2mDelayMs?: number}} [opts]
 */
function install(sim, opts = {}) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  const m2m = {
    apiKeys: new Set(opts.m2mApiKeys || ['m2m-SECRET-apikey-9e4d2c18']),
    sims: [],
    byKey: new Map(), // 'MSISDN:324...' -> sim
    callbacks: new Map(), // apiKey -> {url, headers}
    delayMs: opts.m2mDelayMs ?? 150,
    mode: 'after',
    skip: new Set(),
    answerAs: null,
    /** Where an update for a configured URL really goes (the sandbox maps the example's 127.0.0.1:1880 to its Node-RED). */
    rewriteUrl: (u) => u,
    tracking: new Map(), // TrackingNumber -> {operation, devices, apiKey, at}
    deliveries: [], // {trackingNumber, device, url, status?, error?}
    timers: new Set(),
    /** Replaces the SIM inventory. */
    setSims(list) {
      m2m.sims = list.map((s) => ({ ...s }));
      m2m.byKey.clear();
      for (const s of m2m.sims) {
        m2m.byKey.set('MSISDN:' + s.msisdn, s);
        m2m.byKey.set('ICCID:' + s.iccid, s);
        m2m.byKey.set('IMSI:' + s.imsi, s);
      }
    },
    find(identifierType, identifier) {
      return m2m.byKey.get(`${String(identifierType).toUpperCase()}:${identifier}`);
    },
    /** Sets the State of the SIM with this MSISDN. */
    setState(msisdn, state) {
      m2m.find('MSISDN', msisdn).state = state;
    },
    /** Back to the defaults (between tests). */
    reset() {
      for (const t of m2m.timers) clearTimeout(t);
      m2m.timers.clear();
      m2m.setSims(opts.m2mSims || defaultSims(opts.m2mSimCount ?? 100));
      m2m.callbacks.clear();
      m2m.tracking.clear();
      m2m.deliveries = [];
      m2m.mode = 'after';
      m2m.skip = new Set();
      m2m.answerAs = null;
      m2m.delayMs = opts.m2mDelayMs ?? 150;
    },
    /** Resolves once every scheduled update has been delivered (or dropped). */
    async settled(ms = 5000) {
      const t0 = Date.now();
      while ((m2m.timers.size || m2m.inFlight) && Date.now() - t0 < ms) await new Promise((r) => setTimeout(r, 10));
    },
    inFlight: 0,
  };
  m2m.reset();
  sim.m2m = m2m;
  sim.counts.m2mUpdates = 0;

  const stop = sim.stop.bind(sim);
  sim.stop = () => {
    for (const t of m2m.timers) clearTimeout(t);
    m2m.timers.clear();
    agent.destroy();
    return stop();
  };

  /** Gateway bearer check, then the M2M Cockpit API key. null = go on. */
  function guard(req) {
    const denied = sim.checkBearer(req);
    if (denied) return denied;
    const key = req.headers['x-api-key'];
    if (!key) return { status: 403, body: fault(403, 'Forbidden', 'Missing x-api-key header: provide your M2M Cockpit API key') };
    if (!m2m.apiKeys.has(key)) return { status: 403, body: fault(403, 'Forbidden', 'Invalid M2M Cockpit API key') };
    return null;
  }

  sim.route('GET', `${BASE}/simcards`, (req) => {
    const denied = guard(req);
    if (denied) return denied;
    const msisdn = req.query.msisdn;
    if (!msisdn) return { status: 400, body: fault(400, 'Bad Request', 'Query parameter msisdn is required') };
    if (!/^\d{8,15}$/.test(msisdn)) return { status: 400, body: fault(400, 'Bad Request', `Invalid MSISDN ${msisdn}`) };
    const s = m2m.find('MSISDN', msisdn);
    if (!s) return { status: 404, body: fault(404, 'Not Found', `No SIM card found with MSISDN ${msisdn}`) };
    return { status: 200, body: [profile(s)] };
  });

  sim.route('POST', `${BASE}/configure/callback`, (req) => {
    const denied = guard(req);
    if (denied) return denied;
    const b = req.body;
    if (!b || typeof b !== 'object' || Array.isArray(b) || b.__invalidJson !== undefined) return { status: 400, body: fault(400, 'Bad Request', 'Body must be {"url": ..., "headers"?: {...}}') };
    let u;
    try {
      u = new URL(b.url);
    } catch {
      return { status: 400, body: fault(400, 'Bad Request', 'url must be an absolute URL') };
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return { status: 400, body: fault(400, 'Bad Request', 'url must be http or https') };
    const headers = b.headers === undefined || b.headers === null ? {} : b.headers;
    if (typeof headers !== 'object' || Array.isArray(headers)) return { status: 400, body: fault(400, 'Bad Request', 'headers must be an object') };
    for (const [name, value] of Object.entries(headers)) {
      if (!/^authorization$/i.test(name) && !/^x-/i.test(name)) {
        return { status: 400, body: fault(400, 'Bad Request', `Header ${name} is not allowed: only Authorization and headers starting with "x-" can be customised`) };
      }
      if (typeof value !== 'string') return { status: 400, body: fault(400, 'Bad Request', `Header ${name} must be a string`) };
    }
    m2m.callbacks.set(req.headers['x-api-key'], { url: b.url, headers: { ...headers } });
    return { status: 200, body: '' };
  });

  sim.route('POST', `${BASE}/requests/:operation`, async (req) => {
    const operation = req.params.operation;
    if (!OPERATIONS.includes(operation)) return sim.notFound(req);
    const denied = guard(req);
    if (denied) return denied;
    const token = req.headers['x-callback-token'];
    if (!token) return { status: 400, body: fault(400, 'Bad Request', 'Header x-callback-token is required') };
    const devices = req.body;
    if (!Array.isArray(devices) || devices.length === 0) {
      return { status: 400, body: fault(400, 'Bad Request', 'Body must be a non-empty array of {"identifier", "identifierType"}') };
    }
    for (const d of devices) {
      const range = d && DIGITS[d.identifierType];
      if (!range) return { status: 400, body: fault(400, 'Bad Request', `identifierType must be MSISDN, ICCID or IMSI`) };
      if (typeof d.identifier !== 'string' || !new RegExp(`^\\d{${range[0]},${range[1]}}$`).test(d.identifier)) {
        return { status: 400, body: fault(400, 'Bad Request', `Invalid ${d.identifierType} ${JSON.stringify(d.identifier)}`) };
      }
    }
    for (const d of devices) sim.accepted(operation, d.identifier); // one request per device (a repeated one counts again)
    const apiKey = req.headers['x-api-key'];
    const trackingNumber = crypto.randomUUID();
    m2m.tracking.set(trackingNumber, { operation, devices, apiKey, at: Date.now() });
    const answer = { status: 200, body: { TrackingNumber: trackingNumber } };
    const job = () => processRequest(trackingNumber, operation, devices, apiKey, token);
    if (m2m.mode === 'before') {
      await job();
      return answer;
    }
    const t = setTimeout(() => {
      m2m.timers.delete(t);
      job();
    }, m2m.delayMs);
    m2m.timers.add(t);
    return answer;
  });

  /** Applies the operation to each device (state machine) and POSTs one update per device. */
  async function processRequest(trackingNumber, operation, devices, apiKey, token) {
    const updates = devices.map((d) => {
      const s = m2m.find(d.identifierType, d.identifier);
      let resultStatus = 'Success';
      const messages = [];
      if (!s) {
        resultStatus = 'Failed';
        messages.push(`SIM card ${d.identifierType} ${d.identifier} not found`);
      } else if (!TRANSITIONS[operation].from.includes(s.state)) {
        resultStatus = 'Failed';
        messages.push(s.state === 'Terminated' ? 'SIM card is terminated.' : REFUSAL[operation][s.state] || `${operation} is not allowed in state ${s.state}.`);
      } else {
        s.state = TRANSITIONS[operation].to;
      }
      const device = m2m.answerAs === 'ICCID' && s ? { identifier: s.iccid, identifierType: 'ICCID' } : { identifier: d.identifier, identifierType: d.identifierType };
      return { skip: m2m.skip.has(d.identifier), update: { trackingNumber, device, resultStatus, messages } };
    });
    if (m2m.mode === 'never') return;
    const cb = m2m.callbacks.get(apiKey);
    m2m.inFlight++;
    try {
      await Promise.all(
        updates.map(async ({ skip, update }) => {
          if (skip) return;
          if (!cb) {
            m2m.deliveries.push({ trackingNumber, device: update.device, error: 'no callback URL configured' });
            return;
          }
          const headers = { 'Content-Type': 'application/json', ...cb.headers, 'x-callback-token': token };
          const target = m2m.rewriteUrl(cb.url);
          try {
            const res = await post(target, update, headers, { agent: target.startsWith('http:') ? agent : undefined, timeout: 10_000 });
            sim.counts.m2mUpdates = (sim.counts.m2mUpdates || 0) + 1;
            m2m.deliveries.push({ trackingNumber, device: update.device, url: target, status: res.status });
          } catch (e) {
            m2m.deliveries.push({ trackingNumber, device: update.device, url: target, error: String(e && e.message) });
          }
        }),
      );
    } finally {
      m2m.inFlight--;
    }
  }
}

module.exports = { install, defaultSims, profile };
