'use strict';
// Runs last (file order): searches everything the node tests captured — every log line, status,
// error and msg — for the known secret values (test/lib/secrets.js) and for the tokens the
// simulators issued at run time (harness.dynamicSecrets). SPEC 3.6.
require('should');
const { capture, dynamicSecrets } = require('../lib/harness');
const secrets = require('../lib/secrets');

describe('secret audit of everything the node tests captured', function () {
  // Not secret: identifiers a user sees anyway (client id, the API user's e-mail).
  const notSecret = new Set(['encoClientId', 'encloudEmail']);
  const values = Object.entries(secrets)
    .filter(([k]) => !notSecret.has(k))
    .map(([, v]) => v);

  const channels = ['logs', 'statuses', 'errors', 'msgs'];
  for (const channel of channels) {
    it(`no secret in ${channel}`, function () {
      const all = [...values, ...dynamicSecrets].filter((s) => s && s.length >= 6);
      const text = capture[channel].join('\n');
      const leaks = all.filter((s) => text.includes(s));
      leaks.should.eql([], `secrets found in ${channel}`);
    });
  }

  // Secrets of an answer (MQTT credentials of enapter-device generateConfig): they belong in
  // msg.payload, so only the other channels are searched for them.
  for (const channel of ['logs', 'statuses', 'errors']) {
    it(`no secret of an answer in ${channel}`, function () {
      const all = [...(capture.answerSecrets || [])].filter((s) => s && s.length >= 6);
      const text = capture[channel].join('\n');
      all.filter((s) => text.includes(s)).should.eql([], `answer secrets found in ${channel}`);
    });
  }

  it('captured something to search (the audit is not vacuous)', function () {
    capture.statuses.length.should.be.above(0);
    capture.msgs.length.should.be.above(0);
    capture.errors.length.should.be.above(0);
  });
});
