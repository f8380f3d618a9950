'use strict';
// The chaos mix of issue 7, installed with the simulator framework's `inject` (seeded RNG):
// 10% 5xx (502/503/504: the statuses SPEC 3.6 retries; a 500 is a server bug and not retried),
// 5% 429 with Retry-After, 3% connection resets, 2% answers slower than the client's timeout.
// Faults are tried in order, each with its own probability, so the probabilities below are the
// conditional ones that give those shares of all matching requests.

const DEFAULT_MIX = { s5xx: 0.1, s429: 0.05, reset: 0.03, slow: 0.02 };

/**
 * @param {import('../../sim/framework').Sim} sim
 * @param {(req) => boolean} match which requests are subject to chaos
 * @param {{slowMs?: number, retryAfter?: number|string, mix?: typeof DEFAULT_MIX}} [opts]
 */
function installChaos(sim, match, { slowMs = 600, retryAfter = 1, mix = DEFAULT_MIX } = {}) {
  let left = 1;
  const cond = (share) => {
    const p = share / left;
    left -= share;
    return p;
  };
  const third = mix.s5xx / 3;
  const faults = [
    sim.inject({ match, status: 502, probability: cond(third), kind: '5xx' }),
    sim.inject({ match, status: 503, probability: cond(third), kind: '5xx' }),
    sim.inject({ match, status: 504, probability: cond(third), kind: '5xx' }),
    sim.inject({ match, status: 429, retryAfter, probability: cond(mix.s429), kind: '429' }),
    sim.inject({ match, reset: true, probability: cond(mix.reset), kind: 'reset' }),
    sim.inject({ match, delayMs: slowMs, probability: cond(mix.slow), kind: 'slow' }),
  ];
  return {
    /** How many requests each kind of fault hit. */
    counts() {
      const c = { '5xx': 0, 429: 0, reset: 0, slow: 0 };
      for (const f of faults) c[f.kind] += f.hits;
      return c;
    },
    remove() {
      sim.faults = sim.faults.filter((f) => !faults.includes(f));
    },
  };
}

module.exports = { installChaos, DEFAULT_MIX };
