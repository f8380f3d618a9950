'use strict';
// Assertions every node spec shares (issue 14): the answer to bad input (SPEC 3.4: INVALID_INPUT
// before any request, token requests included) and an error of a given code.
const should = require('should');

/** `r` (from harness `run`) is the catchable error `code` whose message matches `re` (when given); returns `r`. */
function failsWith(r, code, re) {
  should.exist(r.error, `expected ${code}, got ${r.msg ? 'an output msg' : 'nothing'}`);
  r.error.code.should.equal(code);
  if (re) r.error.message.should.match(re);
  return r;
}

/**
 * Bad input: `r` is INVALID_INPUT (message matching `re`) and not one request reached any of `sims`
 * (simulators of test/sim/, their request logs cleared before the call).
 */
function invalidInput(r, re, ...sims) {
  failsWith(r, 'INVALID_INPUT', re);
  for (const sim of sims) sim.requests().should.have.length(0);
  return r;
}

/** The pure function call `fn()` throws INVALID_INPUT, its message matching `re` (when given). */
function throwsInvalid(fn, re) {
  let err;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  should.exist(err, 'expected INVALID_INPUT');
  err.code.should.equal('INVALID_INPUT');
  if (re) err.message.should.match(re);
}

module.exports = { failsWith, invalidInput, throwsInvalid };
