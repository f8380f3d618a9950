import { FleetError } from './errors';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export interface PollOptions<T> {
  /** Time between two reads (ms). */
  intervalMs: number;
  /** Bound of the whole wait (ms), measured from the call. */
  timeoutMs: number;
  /** Whether a read is the final answer. */
  isFinal: (value: T) => boolean;
  /** Whether a failed read may be followed by another (a passing 5xx / timeout); else it ends the wait. */
  tolerate?: (err: unknown) => boolean;
  /** The error when `timeoutMs` passes without a final answer (gets the last value read, if any). */
  onTimeout: (last: T | undefined) => FleetError;
  /** Called after every read (progress). */
  onRead?: (value: T, reads: number) => void;
  /** When it answers an error, the wait ends with it before the next read (e.g. the node was closed). */
  stopped?: () => FleetError | undefined;
}

/**
 * Reads `read()` every `intervalMs` until `isFinal`, for at most `timeoutMs` (then `onTimeout`).
 * Only ever reads: the caller owns whatever started the thing being waited for.
 */
export async function pollUntil<T>(read: () => Promise<T>, opts: PollOptions<T>): Promise<T> {
  const until = Date.now() + opts.timeoutMs;
  let last: T | undefined;
  let reads = 0;
  for (;;) {
    const left = until - Date.now();
    if (left <= 0) throw opts.onTimeout(last);
    await sleep(Math.min(opts.intervalMs, left));
    const stop = opts.stopped?.();
    if (stop) throw stop;
    try {
      last = await read();
    } catch (e) {
      if (!opts.tolerate?.(e)) throw e;
      continue;
    }
    reads++;
    opts.onRead?.(last, reads);
    if (opts.isFinal(last)) return last;
  }
}
