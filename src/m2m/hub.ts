import { createHash } from 'crypto';
import { FleetError } from '../core/errors';
import { deviceKey } from './api';
import type { DeviceIdentifier, StatusUpdate } from './types';

/**
 * Joins the two halves of an M2M request (SPEC 6.2): the TrackingNumber that the HTTP answer of
 * an `m2m-sim` node carries, and the status updates that an `m2m-callback` node on the same
 * enco-account receives. Keyed by account id; no Node-RED in here.
 *
 * An update can arrive before the HTTP answer that names its TrackingNumber (the race). While a
 * waiting request of an account is in flight, unmatched updates of that account are held; they are
 * dropped as soon as no request is in flight, so nothing is held for updates nobody waits for.
 */

export interface WaitSummary {
  /** Updates received for the request (one per device). */
  received: number;
  /** Updates whose resultStatus is not "Success". */
  failed: number;
  /** True when the wait ended because the node was closed (redeploy). */
  cancelled: boolean;
}

export interface Wait {
  readonly trackingNumber: string;
  readonly promise: Promise<WaitSummary>;
  /** Ends the wait without an error (redeploy); clears its timer. */
  cancel(): void;
}

export interface WaitOptions {
  trackingNumber: string;
  devices: DeviceIdentifier[];
  timeoutMs: number;
  onUpdate(update: StatusUpdate): void;
  /** Progress after each update (received, expected). */
  onProgress?(received: number, expected: number): void;
}

/** One waiting request in flight: `wait` once the TrackingNumber is known, or `release` on failure. */
export interface Ticket {
  wait(opts: WaitOptions): Wait;
  release(): void;
}

interface PendingWait {
  opts: WaitOptions;
  open: Map<string, DeviceIdentifier>;
  answered: Set<string>;
  /** Updates that named a device by an identifier the request did not use (e.g. ICCID for an MSISDN). */
  foreign: number;
  failed: number;
  received: number;
  timer?: NodeJS.Timeout;
  settle(result: WaitSummary | FleetError): void;
}

interface AccountState {
  waits: Map<string, PendingWait>;
  inflight: number;
  early: Map<string, StatusUpdate[]>;
  earlyCount: number;
  listeners: number;
}

/** Unmatched updates held per account while requests are in flight (a bound, not a target, SPEC 3.8). */
export const MAX_EARLY = 1000;
/** Bytes of one message of a held update (serialised); longer ones are cut. */
export const MAX_HELD_MESSAGE = 4096;
/** Messages kept of a held update (a body holds at most 256 KiB; 1,000 held updates stay a few MB). */
export const MAX_HELD_MESSAGES = 8;

/**
 * What is held of an early update: its four fields only, each message at most 4 KiB (a string
 * message is cut; any other value is kept when its JSON fits, else replaced by its cut JSON text).
 */
export function heldUpdate(u: StatusUpdate): StatusUpdate {
  const held: StatusUpdate = {
    trackingNumber: String(u.trackingNumber).slice(0, 256),
    device: { identifier: String(u.device?.identifier ?? '').slice(0, 64), identifierType: String(u.device?.identifierType ?? '').slice(0, 16) },
    resultStatus: String(u.resultStatus).slice(0, 256),
  };
  if (Array.isArray(u.messages)) {
    held.messages = u.messages.slice(0, MAX_HELD_MESSAGES).map((m) => {
      if (typeof m === 'string') return m.length > MAX_HELD_MESSAGE ? m.slice(0, MAX_HELD_MESSAGE) : m;
      let text: string;
      try {
        text = JSON.stringify(m) ?? 'null';
      } catch {
        return null;
      }
      return text.length <= MAX_HELD_MESSAGE ? (JSON.parse(text) as unknown) : text.slice(0, MAX_HELD_MESSAGE);
    });
  }
  return held;
}
/** Devices named in a CALLBACK_TIMEOUT sentence before "and N more". */
const MAX_NAMED = 20;

/**
 * The updates already handed to a wait, as short fingerprints, oldest first; bounded (SPEC 11).
 * With several instances an update comes twice: from this instance's m2m-callback and again
 * through the user's broker (`msg.m2mUpdate`). The same update again is a duplicate delivery.
 */
export class SeenUpdates {
  private readonly keys = new Set<string>();
  constructor(private readonly max = 10_000) {}
  static key(accountId: string, u: StatusUpdate): string {
    const messages = Array.isArray(u.messages) ? u.messages : [];
    return createHash('sha256').update(JSON.stringify([accountId, u.trackingNumber, deviceKey(u.device), u.resultStatus, messages])).digest('base64');
  }
  has(key: string): boolean {
    return this.keys.has(key);
  }
  /** False when the key was there already. */
  add(key: string): boolean {
    if (this.keys.has(key)) return false;
    if (this.keys.size >= this.max) this.keys.delete(this.keys.values().next().value as string);
    this.keys.add(key);
    return true;
  }
  get size(): number {
    return this.keys.size;
  }
}

export class M2mHub {
  private readonly accounts = new Map<string, AccountState>();
  private readonly seen = new SeenUpdates();

  private state(accountId: string): AccountState {
    let s = this.accounts.get(accountId);
    if (!s) {
      s = { waits: new Map(), inflight: 0, early: new Map(), earlyCount: 0, listeners: 0 };
      this.accounts.set(accountId, s);
    }
    return s;
  }

  private tidy(accountId: string): void {
    const s = this.accounts.get(accountId);
    if (!s) return;
    if (s.inflight === 0) {
      s.early.clear();
      s.earlyCount = 0;
    }
    if (s.inflight === 0 && s.waits.size === 0 && s.listeners === 0) this.accounts.delete(accountId);
  }

  /** An m2m-callback node on this account started; returns its unregister function. */
  listen(accountId: string): () => void {
    this.state(accountId).listeners++;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.state(accountId).listeners--;
      this.tidy(accountId);
    };
  }

  hasListener(accountId: string): boolean {
    return (this.accounts.get(accountId)?.listeners ?? 0) > 0;
  }

  /** Call before sending a request whose updates will be waited for. */
  begin(accountId: string): Ticket {
    const s = this.state(accountId);
    s.inflight++;
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      s.inflight--;
      this.tidy(accountId);
    };
    return {
      release,
      wait: (opts) => {
        const w = this.register(accountId, opts);
        release();
        return w;
      },
    };
  }

  private register(accountId: string, opts: WaitOptions): Wait {
    const s = this.state(accountId);
    const tn = opts.trackingNumber;
    let resolve!: (v: WaitSummary) => void;
    let reject!: (e: FleetError) => void;
    const promise = new Promise<WaitSummary>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const pending: PendingWait = {
      opts,
      open: new Map(opts.devices.map((d) => [deviceKey(d), d])),
      answered: new Set(),
      foreign: 0,
      failed: 0,
      received: 0,
      settle: (result) => {
        if (s.waits.get(tn) !== pending) return;
        s.waits.delete(tn);
        if (pending.timer) clearTimeout(pending.timer);
        pending.timer = undefined;
        this.tidy(accountId);
        if (result instanceof FleetError) reject(result);
        else resolve(result);
      },
    };
    if (s.waits.has(tn)) s.waits.get(tn)?.settle(new FleetError('REJECTED', `TrackingNumber ${tn} was answered twice.`));
    s.waits.set(tn, pending);
    const summary = (cancelled: boolean): WaitSummary => ({ received: pending.received, failed: pending.failed, cancelled });
    pending.timer = setTimeout(() => pending.settle(timeoutError(pending, opts.timeoutMs)), opts.timeoutMs);
    const held = s.early.get(tn);
    if (held) {
      s.early.delete(tn);
      s.earlyCount -= held.length;
      for (const u of held) this.apply(accountId, pending, u);
    }
    return { trackingNumber: tn, promise, cancel: () => pending.settle(summary(true)) };
  }

  /** Feeds one update in; true when a waiting request took it. */
  deliver(accountId: string, update: StatusUpdate): boolean {
    const s = this.accounts.get(accountId);
    if (!s) return false;
    // a second delivery of an update a wait already took: nothing more to do (not held either)
    if (this.seen.has(SeenUpdates.key(accountId, update))) return true;
    const pending = s.waits.get(update.trackingNumber);
    if (pending) {
      this.apply(accountId, pending, update);
      return true;
    }
    if (s.inflight > 0) {
      if (s.earlyCount >= MAX_EARLY) {
        const oldest = s.early.keys().next().value as string;
        s.earlyCount -= s.early.get(oldest)?.length ?? 0;
        s.early.delete(oldest);
      }
      const list = s.early.get(update.trackingNumber) ?? [];
      list.push(heldUpdate(update));
      s.early.set(update.trackingNumber, list);
      s.earlyCount++;
      return true;
    }
    return false;
  }

  private apply(accountId: string, p: PendingWait, update: StatusUpdate): void {
    // the same update twice (held twice during the race): output once
    if (!this.seen.add(SeenUpdates.key(accountId, update))) return;
    const key = deviceKey(update.device);
    if (p.answered.has(key)) {
      // Another update for a device that answered already: passed on, but it does not count twice.
      p.opts.onUpdate(update);
      return;
    }
    p.answered.add(key);
    if (p.open.has(key)) p.open.delete(key);
    else p.foreign++;
    p.received++;
    if (update.resultStatus !== 'Success') p.failed++;
    p.opts.onUpdate(update);
    const expected = p.opts.devices.length;
    p.opts.onProgress?.(p.received, expected);
    if (p.received >= expected) p.settle({ received: p.received, failed: p.failed, cancelled: false });
  }

  /** How many update fingerprints are kept for the duplicate check (bounded). */
  seenCount(): number {
    return this.seen.size;
  }

  /** Counts for tests and diagnostics. */
  stats(): { accounts: number; waits: number; timers: number; held: number; inflight: number } {
    let waits = 0;
    let timers = 0;
    let held = 0;
    let inflight = 0;
    for (const s of this.accounts.values()) {
      waits += s.waits.size;
      for (const w of s.waits.values()) if (w.timer) timers++;
      held += s.earlyCount;
      inflight += s.inflight;
    }
    return { accounts: this.accounts.size, waits, timers, held, inflight };
  }
}

function timeoutError(p: PendingWait, timeoutMs: number): FleetError {
  const expected = p.opts.devices.length;
  const missing = expected - p.received;
  const open = [...p.open.values()];
  // When the vendor named some devices by another identifier, which of `open` answered is unknown.
  const named = p.foreign > 0 ? open : open.slice(0, missing);
  const list = named.slice(0, MAX_NAMED).map((d) => `${d.identifierType} ${d.identifier}`);
  const more = named.length > MAX_NAMED ? ` and ${named.length - MAX_NAMED} more` : '';
  const hedge = p.foreign > 0 ? ` (${p.foreign} update(s) named their SIM by another identifier, so some of these may have answered)` : '';
  const seconds = Math.round(timeoutMs / 100) / 10;
  const err = new FleetError(
    'CALLBACK_TIMEOUT',
    `No status update within ${seconds} s for ${missing} of ${expected} device(s) of TrackingNumber ${p.opts.trackingNumber}: ${list.join(', ')}${more}${hedge}.`,
  );
  Object.defineProperty(err, 'openDevices', { value: named, enumerable: false });
  return err;
}

/** The open devices of a CALLBACK_TIMEOUT error of the hub. */
export function openDevicesOf(err: unknown): DeviceIdentifier[] | undefined {
  const v = (err as { openDevices?: unknown } | null)?.openDevices;
  return Array.isArray(v) ? (v as DeviceIdentifier[]) : undefined;
}

/** One hub per runtime: m2m-sim and m2m-callback nodes load the same module. */
export const hub = new M2mHub();
