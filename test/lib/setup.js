'use strict';
// Shorter backoff in tests (Retry-After from a simulator is still honoured as given).
process.env.IOT_FLEET_BACKOFF_BASE_MS = process.env.IOT_FLEET_BACKOFF_BASE_MS || '20';
// Proxy variables of the machine must not reroute loopback traffic in tests.
for (const k of ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy']) delete process.env[k];
