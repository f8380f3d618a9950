'use strict';
// Every way a request node's path could leave the account's server or its base path (SPEC 10):
// the unit table of checkPath and the node tests of the three request nodes (no request sent) use it.
module.exports = {
  escapes: [
    ['absolute URL', 'https://evil.example/steal'],
    ['absolute URL, http', 'http://127.0.0.1:1/x'],
    ['scheme without slashes', 'javascript:alert(1)'],
    ['protocol-relative host', '//evil.example/steal'],
    ['protocol-relative after blanks', '  //evil.example/x'],
    ['no leading slash', 'v3/sites'],
    ['dot-dot segment', '/../admin'],
    ['dot-dot in the middle', '/v3/../../admin'],
    ['trailing dot-dot', '/v3/..'],
    ['bare dot-dot', '..'],
    ['dot segment', '/./v3/sites'],
    ['Tomcat path parameter', '/v3/..;/admin'],
    ['encoded dot-dot', '/%2e%2e/admin'],
    ['encoded dot-dot, upper case', '/%2E%2E/admin'],
    ['half-encoded dot-dot', '/.%2e/admin'],
    ['half-encoded dot-dot, other half', '/%2e./admin'],
    ['encoded dot segment', '/v3/%2e/sites'],
    ['encoded slash', '/v3%2fsites'],
    ['encoded slash, upper case', '/v3%2Fsites'],
    ['encoded slash and dot-dot', '/v3%2f..%2fadmin'],
    ['encoded double slash', '/%2f%2fevil.example/x'],
    ['double-encoded dot-dot', '/%252e%252e/admin'],
    ['triple-encoded dot-dot', '/%25252e%25252e/admin'],
    ['double-encoded slash', '/v3%252fsites'],
    ['backslash', '/v3\\..\\admin'],
    ['leading backslashes', '\\\\evil.example\\x'],
    ['slash backslash host', '/\\evil.example/x'],
    ['encoded backslash', '/v3%5c..%5cadmin'],
    ['encoded backslashes as host', '/%5c%5cevil.example/x'],
    ['double-encoded backslash', '/v3%255cadmin'],
    ['overlong UTF-8 dot', '/%c0%ae%c0%ae/admin'],
    ['overlong UTF-8 slash', '/v3%c0%afadmin'],
    ['3-byte overlong dot', '/%e0%80%ae%e0%80%ae/admin'],
    ['full-width dots', '/\uff0e\uff0e/admin'],
    ['encoded full-width dots', '/%ef%bc%8e%ef%bc%8e/admin'],
    ['IIS %u encoding', '/%u002e%u002e/admin'],
    ['malformed percent', '/v3/%zz'],
    ['query in the path', '/v3/sites?limit=1'],
    ['fragment', '/v3/sites#x'],
    ['encoded query mark', '/v3/sites%3flimit=1'],
    ['encoded fragment', '/v3/sites%23x'],
    ['space', '/v3/si tes'],
    ['NUL', '/v3/sites\u0000'],
    ['encoded NUL', '/v3/sites%00'],
    ['line break', '/v3/sites\r\nHost: evil.example'],
    ['encoded line break', '/v3/sites%0d%0aHost:%20evil.example'],
    ['empty', ''],
    ['not a string', 42],
  ],
  // paths that are fine (escaped identifiers included)
  accepted: ['/v3/sites', '/v3/sites/', '/integration/devices', '/mythings/1.1.0/things/0011223344556677', '/v3/sites/a%20b', '/a.b/c-d_e~f', "/x/!$&'()*+,;=:@", '/file.json'],
};

/**
 * Sends every escape form through request node `id` (msg.path) and asserts INVALID_INPUT each
 * time, no request at all at `sim` (token requests included), and that the node still answers a
 * good request afterwards (`good`: a msg, `check(result)`).
 */
module.exports.assertGuard = async function assertGuard({ run, sim, id = 'n1', good, check }) {
  sim.clearLog();
  // an empty msg.path means "the node's path" (a default), so it is not an escape here
  for (const [name, path] of module.exports.escapes.filter(([, p]) => p !== '')) {
    const r = await run(id, { path, payload: { a: 1 }, method: 'POST' });
    if (!r.error) throw new Error(`${name} (${JSON.stringify(path)}) was not refused: ${JSON.stringify(r.msg && r.msg.payload)}`);
    if (r.error.code !== 'INVALID_INPUT') throw new Error(`${name}: ${r.error.code} instead of INVALID_INPUT`);
  }
  if (sim.requests().length !== 0) throw new Error(`requests were sent: ${sim.requests().map((q) => q.method + ' ' + q.path).join(', ')}`);
  const r = await run(id, good);
  check(r);
};
