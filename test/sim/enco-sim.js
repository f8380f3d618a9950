'use strict';
// EnCo (api.enco.io) simulator: the OAuth2 token rules of seeds 001/002, and the MyThings and M2M
// APIs, installed from enco-mythings-routes.js and enco-m2m-routes.js (one server, as one host
// serves them all in reality).
//   POST /token   client credentials (query or form). One active token per application: asking
//                 again while it is valid returns the SAME token with expires_in counting down.
//                 Bad credentials -> 401 {"error":"invalid_client", ...}
//   POST /revoke  token=..&client_id=..&client_secret=.. (form) -> the token stops working
//   Bearer check  missing -> 401 fault 900902, invalid/expired/revoked -> 401 fault 900901
const crypto = require('crypto');
const { Sim } = require('./framework');

const fault = (code, message, description) => ({ fault: { code, message, description } });

/**
 * @param {{clients?: Record<string,string>, permanentTokens?: string[], tokenLifetimeSec?: number, seed?: number}} [opts]
 */
function create(opts = {}) {
  const sim = new Sim('EnCo', opts);
  sim.clients = new Map(Object.entries(opts.clients || { 'enco-client-id-public-1': 'enco-SECRET-client-8d2b6f01' }));
  sim.permanentTokens = new Set(opts.permanentTokens || []);
  sim.tokenLifetimeSec = opts.tokenLifetimeSec ?? 3600;
  sim.active = new Map(); // clientId -> {token, expiresAt}
  sim.valid = new Map(); // token -> {clientId, expiresAt}
  sim.counts.tokenRequests = 0;
  sim.issued = []; // every distinct token issued (the secret audit reads it)

  sim.faultBody = (status) =>
    status === 429
      ? fault(900800, 'Message throttled out', 'You have exceeded your quota')
      : fault(101503, 'Runtime Error', `Injected error ${status}`);
  sim.notFound = (req) => ({ status: 404, body: fault(404, 'Not Found', `No resource for ${req.method} ${req.path}`) });

  function params(req) {
    const p = { ...req.query };
    if (typeof req.raw === 'string' && req.raw && /x-www-form-urlencoded/.test(req.headers['content-type'] || '')) {
      for (const [k, v] of new URLSearchParams(req.raw)) p[k] = v;
    }
    return p;
  }

  sim.route('POST', '/token', (req) => {
    // clearLog() resets sim.counts: count from whatever is there
    sim.counts.tokenRequests = (sim.counts.tokenRequests || 0) + 1;
    const p = params(req);
    if (p.grant_type !== 'client_credentials') return { status: 400, body: { error: 'unsupported_grant_type', error_description: 'Unsupported grant_type value' } };
    if (!p.client_id || sim.clients.get(p.client_id) !== p.client_secret) {
      return { status: 401, body: { error: 'invalid_client', error_description: 'Client Authentication failed.' } };
    }
    const now = Date.now();
    let a = sim.active.get(p.client_id);
    if (!a || a.expiresAt <= now || !sim.valid.has(a.token)) {
      a = { token: crypto.randomBytes(16).toString('hex'), expiresAt: now + sim.tokenLifetimeSec * 1000 };
      sim.active.set(p.client_id, a);
      sim.valid.set(a.token, { clientId: p.client_id, expiresAt: a.expiresAt });
      sim.issued.push(a.token);
    }
    return {
      status: 200,
      body: { access_token: a.token, token_type: 'Bearer', scope: 'openid', expires_in: Math.max(0, Math.floor((a.expiresAt - now) / 1000)) },
    };
  });

  // POST /revoke (seed 001, "Revoking an access token"): Content-Type
  // application/x-www-form-urlencoded (required), payload token=..&client_id=..&client_secret=..
  // (the body only: secrets stay out of URLs). The client's token stops working and, being the
  // single active token, is forgotten: the next /token issues a NEW one. A token that is unknown,
  // expired or another client's is left alone and answered 200 as well (RFC 7009 2.2). No body.
  sim.counts.revokes = 0;
  sim.route('POST', '/revoke', (req) => {
    sim.counts.revokes = (sim.counts.revokes || 0) + 1;
    if (!/^application\/x-www-form-urlencoded\b/i.test(req.headers['content-type'] || '')) {
      return { status: 400, body: { error: 'invalid_request', error_description: 'Content-Type must be application/x-www-form-urlencoded' } };
    }
    const p = Object.fromEntries(new URLSearchParams(typeof req.raw === 'string' ? req.raw : ''));
    if (!p.client_id || sim.clients.get(p.client_id) !== p.client_secret) {
      return { status: 401, body: { error: 'invalid_client', error_description: 'Client Authentication failed.' } };
    }
    if (!p.token) return { status: 400, body: { error: 'invalid_request', error_description: 'Missing token parameter' } };
    const v = sim.valid.get(p.token);
    if (v && v.clientId === p.client_id) sim.revoke(p.token);
    return { status: 200, body: '' };
  });

  /** Revokes a token as if POST /revoke had been called. */
  sim.revoke = (token) => {
    const v = sim.valid.get(token);
    sim.valid.delete(token);
    if (v && sim.active.get(v.clientId)?.token === token) sim.active.delete(v.clientId);
  };

  /** Every issued token expires now (chaos: "a token expiry every few seconds"). */
  sim.expireTokens = () => {
    for (const t of [...sim.valid.keys()]) sim.revoke(t);
  };

  /** null when the request carries a valid bearer token, else the 401 answer to send. */
  sim.checkBearer = (req) => {
    const h = req.headers.authorization || '';
    const m = /^Bearer (.+)$/.exec(h);
    if (!m) return { status: 401, body: fault(900902, 'Missing Credentials', 'Required OAuth credentials not provided. Make sure your API invocation call has a header: "Authorization: Bearer ACCESS_TOKEN"') };
    const token = m[1];
    if (sim.permanentTokens.has(token)) return null;
    const v = sim.valid.get(token);
    if (!v || v.expiresAt <= Date.now()) {
      return { status: 401, body: fault(900901, 'Invalid Credentials', 'Access failure for API, status: (900901) - Invalid Credentials. Make sure you have given the correct access token') };
    }
    return null;
  };

  for (const mod of ['./enco-mythings-routes', './enco-m2m-routes']) {
    let routes;
    try {
      routes = require(mod);
    } catch (e) {
      if (e && e.code === 'MODULE_NOT_FOUND' && String(e.message).includes(mod.slice(2))) continue;
      throw e;
    }
    routes.install(sim, opts);
  }
  return sim;
}

module.exports = {
  name: 'enco',
  create,
  sandbox: {
    accountType: 'enco-account',
    credentials: { clientId: 'enco-client-id-public-1', clientSecret: 'enco-SECRET-client-8d2b6f01', m2mApiKey: 'm2m-SECRET-apikey-9e4d2c18' },
    // Credentials of other node types in the examples (by type).
    nodeCredentials: {
      'm2m-sim': { callbackToken: 'm2m-SECRET-callback-61b0f7aa' },
      'm2m-callback': { callbackToken: 'm2m-SECRET-callback-61b0f7aa' },
      // the live-stream example registers its Basic auth with MyThings (test/lib/secrets.js streamPassword)
      'mythings-stream': { user: 'mythings', password: 'stream-SECRET-pass-2d9a4b' },
    },
    // The M2M example ships a placeholder callback URL that the user must edit (and the node refuses):
    // the sandbox points it at its own Node-RED.
    prepareNode(n) {
      if (n.type === 'inject' && typeof n.payload === 'string') n.payload = n.payload.replace('https://<your-node-red-host>/', 'http://127.0.0.1:1880/');
    },
    // http://127.0.0.1:1880/m2m/callback: deliver to the real port. The sandbox account's callback URL
    // is configured from the start, so the deactivate example works before its button is clicked.
    // The MyThings stream: uplinks to every active stream definition (the live-stream example's node
    // registers one at http://127.0.0.1:1880/...: delivered to the real port too).
    start(sim, { nodeRedUrl }) {
      const toNodeRed = (u) => u.replace(/^http:\/\/127\.0\.0\.1:1880(?=\/)/, String(nodeRedUrl).replace(/\/$/, ''));
      if (sim.m2m) {
        sim.m2m.rewriteUrl = toNodeRed;
        sim.m2m.callbacks.set(module.exports.sandbox.credentials.m2mApiKey, { url: 'http://127.0.0.1:1880/m2m/callback', headers: {} });
      }
      if (sim.startStream) {
        sim.streamRewrite = toNodeRed;
        sim.startStream({ rate: 0.4 });
      }
    },
  },
};
