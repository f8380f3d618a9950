import type { Node, NodeAPI, NodeDef, NodeMessage } from 'node-red';
import { FleetError } from '../../core/errors';
import { text, translator } from '../../core/i18n';
import { FleetMsg, InputResult, handleInput, pickOperation, registerType, requireAccount } from '../../core/node';
import { isNoPayload, numberProp, payloadFields, withDefaults } from '../../core/fields';
import type { EncoAccountNode } from '../../enco/auth';
import { asStatusUpdate, checkCallbackToken, parseCallbackConfig, parseDevices, parseMsisdn } from '../api';
import { Wait, hub, openDevicesOf } from '../hub';
import { OPERATIONS, StatusUpdate } from '../types';

interface M2mSimConfig extends NodeDef {
  account?: string;
  operation?: string;
  msisdn?: string;
  identifier?: string;
  identifierType?: string;
  callbackUrl?: string;
  wait?: boolean | string;
  waitTimeout?: number | string;
}

interface M2mSimCredentials {
  callbackToken?: string;
}

export = function (RED: NodeAPI): void {
  const t = translator(RED, 'm2m-sim');
  function M2mSim(this: Node<M2mSimCredentials>, config: M2mSimConfig): void {
    RED.nodes.createNode(this, config);
    const node = this;
    const wait = config.wait === true || config.wait === 'true';
    const waitTimeoutMs = Math.max(1, numberProp(config.waitTimeout, 300)) * 1000;
    const waits = new Set<Wait>();
    let closed = false;

    handleInput(this, async (msg, ctx) => {
      // A msg.callbackToken is a secret: it never travels further, not even to a Catch node.
      const msgToken = msg.callbackToken;
      delete msg.callbackToken;

      const account = requireAccount<EncoAccountNode>(RED, config.account, 'EnCo account');
      if (msg.m2mUpdate !== undefined) return handOver(account.id, msg.m2mUpdate);
      const op = pickOperation(msg, config.operation, OPERATIONS);
      const api = account.m2m;

      if (op === 'get') {
        const msisdn = parseMsisdn(payloadFields(msg.payload, { msisdn: config.msisdn }, 'msisdn'));
        const res = await api.getSim(msisdn);
        msg.payload = res.body;
        msg.statusCode = res.status;
        ctx.send([msg, null]);
        const first = Array.isArray(res.body) ? res.body[0] : undefined;
        return {
          status: first && typeof first.State === 'string' ? text('status.state', { state: first.State }) : text('status.sims', { n: Array.isArray(res.body) ? res.body.length : 0 }),
        };
      }

      if (op === 'configureCallback') {
        const fields = payloadFields(msg.payload, { url: config.callbackUrl }, 'url');
        const cfg = parseCallbackConfig(fields);
        const res = await api.configureCallback(cfg);
        msg.payload = res.body;
        msg.statusCode = res.status;
        ctx.send([msg, null]);
        return { status: text('status.callbackConfigured') };
      }

      // activate | deactivate | reactivate | terminate
      const devices = parseDevices(devicesOf(msg.payload, config));
      const token = checkCallbackToken(isEmpty(msgToken) ? node.credentials?.callbackToken : msgToken);
      api.checkCredentials();
      if (wait && !hub.hasListener(account.id)) {
        throw new FleetError(
          'NOT_CONFIGURED',
          'Waiting for the result needs a deployed m2m-callback node on the same EnCo account (its URL configured as the callback URL); nothing was sent.',
        );
      }
      if (!wait) {
        const res = await api.request(op, devices, token);
        msg.payload = res.body;
        msg.statusCode = res.status;
        ctx.send([msg, null]);
        return { status: text(`status.requested.${op}`) };
      }

      // With wait: output 2 gets copies of the msg as it came in; done() only when the wait ends.
      const original = RED.util.cloneMessage(msg as NodeMessage) as FleetMsg;
      const ticket = hub.begin(account.id);
      let trackingNumber: string;
      let w: Wait;
      try {
        const res = await api.request(op, devices, token);
        trackingNumber = res.body && typeof res.body.TrackingNumber === 'string' ? res.body.TrackingNumber : '';
        if (!trackingNumber) {
          throw new FleetError('REJECTED', 'EnCo answered the request without a TrackingNumber.', { statusCode: res.status, body: res.body });
        }
        if (closed) {
          ticket.release();
          return { status: text('common.status.closed') };
        }
        const first = RED.util.cloneMessage(original as NodeMessage) as FleetMsg;
        first.payload = res.body;
        first.statusCode = res.status;
        ctx.send([first, null]);
        ctx.progress(text('status.waiting', { received: 0, total: devices.length }));
        // Synchronous from here to wait(): no update can slip between the answer and the registration.
        w = ticket.wait({
          trackingNumber,
          devices,
          timeoutMs: waitTimeoutMs,
          onUpdate: (update: StatusUpdate) => {
            const copy = RED.util.cloneMessage(original as NodeMessage) as FleetMsg;
            copy.payload = update;
            ctx.send([null, copy]);
          },
          onProgress: (received, expected) => ctx.progress(text('status.updates', { received, total: expected })),
        });
      } catch (e) {
        ticket.release();
        throw e;
      }
      waits.add(w);
      try {
        const result = await w.promise;
        if (result.cancelled) return { status: text('common.status.closed') };
        const done = text(`status.done.${op}`, { ok: result.received - result.failed, total: devices.length });
        return { status: result.failed ? text('status.withFailed', { text: done, failed: result.failed }) : done };
      } catch (e) {
        msg.trackingNumber = trackingNumber;
        const open = openDevicesOf(e);
        if (open) msg.openDevices = open;
        throw e;
      } finally {
        waits.delete(w);
      }
    }, t);

    this.on('close', () => {
      closed = true;
      for (const w of [...waits]) w.cancel();
      waits.clear();
    });
  }

  registerType(RED, 'm2m-sim', M2mSim, { credentials: { callbackToken: { type: 'password' } } });
};

/**
 * SPEC 11: a status update that an m2m-callback node of ANOTHER instance received, carried here by
 * the user's broker. Handed to the waits of the account on this instance; nothing is sent, and no
 * request is made. The hub drops it when this instance's callback node had it already.
 */
function handOver(accountId: string, value: unknown): InputResult {
  const update = asStatusUpdate(parsedJson(value));
  if (!update) {
    throw new FleetError('INVALID_INPUT', 'msg.m2mUpdate must be a status update as the M2M callback node outputs it: {trackingNumber, device: {identifier, identifierType}, resultStatus, messages?}.');
  }
  const taken = hub.deliver(accountId, update);
  return { status: text(taken ? 'status.updateTaken' : 'status.updateNotWaited') };
}

/** An update as the broker may hand it on: an object, or its JSON as text or a Buffer (mqtt in "string"/"buffer"). */
function parsedJson(v: unknown): unknown {
  if (typeof v !== 'string' && !Buffer.isBuffer(v)) return v;
  try {
    return JSON.parse(v.toString());
  } catch {
    return undefined;
  }
}

/**
 * The devices of a request under the input rule (core/node.ts): a string or an array is the
 * device list as given; an object's fields win over the node's identifier and type; no payload
 * (an inject's timestamp included) is the node's device.
 */
function devicesOf(payload: unknown, config: M2mSimConfig): unknown {
  const own = { identifier: config.identifier, identifierType: config.identifier ? config.identifierType || 'MSISDN' : undefined };
  if (isNoPayload(payload)) return config.identifier ? own : undefined;
  if (typeof payload === 'string' || Array.isArray(payload)) return payload;
  if (payload && typeof payload === 'object' && !Buffer.isBuffer(payload)) {
    const fields = withDefaults(own, payload as Record<string, unknown>);
    return Object.keys(fields).length ? fields : undefined;
  }
  return payload;
}

function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || v === '' || (typeof v === 'object' && !Array.isArray(v) && !Buffer.isBuffer(v) && Object.keys(v as object).length === 0);
}
