'use strict';
// Shared helpers for the input-rule tests (README "How msg.payload is read"): a core inject node
// exactly as the palette drops it (payload = timestamp), fired like a click on its button.
const { helper, coreNode } = require('./harness');

/** The core inject module of the runtime under test (load it with the node types under test). */
const injectModule = coreNode('common/20-inject.js');

/** A default inject node: payload = Date.now() (payloadType date), topic "", no repeat, not once. */
function defaultInject(id, target, z = 'f1') {
  return {
    id,
    z,
    type: 'inject',
    name: '',
    props: [{ p: 'payload' }, { p: 'topic', vt: 'str' }],
    repeat: '',
    crontab: '',
    once: false,
    onceDelay: 0.1,
    topic: '',
    payload: '',
    payloadType: 'date',
    x: 100,
    y: 100,
    wires: [[target]],
  };
}

/**
 * Clicks inject `id` (the editor's button sends an empty msg; the inject builds its own payload)
 * and resolves with {msg} at helper `outId` or {error, msg} at catch `catchId`, or {none} after `ms`.
 */
function clickInject(id, { outId = 'out', catchId = 'catch', ms = 8000 } = {}) {
  const out = helper.getNode(outId);
  const c = helper.getNode(catchId);
  return new Promise((resolve) => {
    const finish = (r) => {
      clearTimeout(t);
      out.removeListener('input', onOut);
      c.removeListener('input', onErr);
      resolve(r);
    };
    const onOut = (m) => finish({ msg: m });
    const onErr = (m) => finish({ error: m.error, msg: m });
    const t = setTimeout(() => finish({ none: true }), ms);
    out.on('input', onOut);
    c.on('input', onErr);
    helper.getNode(id).receive({});
  });
}

/** True when `v` looks like what a default inject sends: a millisecond timestamp of about now. */
const isInjectTimestamp = (v) => typeof v === 'number' && Math.abs(Date.now() - v) < 60000;

module.exports = { injectModule, defaultInject, clickInject, isInjectTimestamp };
