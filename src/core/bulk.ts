import { ErrorCode, toFleetError } from './errors';
import { Text, text } from './i18n';
import { FleetMsg, InputContext, InputResult } from './node';
import { mapLimit } from './pool';

/** One entry of a bulk result (SPEC 3.2), in input order. */
export interface BulkEntry {
  ok: boolean;
  input: unknown;
  statusCode?: number;
  result?: unknown;
  error?: { code: ErrorCode; message: string };
}

export interface ItemResult {
  statusCode: number;
  result: unknown;
}

/** Runs every item with bounded concurrency; an item failing never stops the others. */
export async function runBulk<I>(
  items: readonly I[],
  concurrency: number,
  fn: (item: I, index: number) => Promise<ItemResult>,
  onProgress?: (done: number, total: number) => void,
): Promise<BulkEntry[]> {
  let finished = 0;
  return mapLimit(items, concurrency, async (item, index) => {
    let entry: BulkEntry;
    try {
      const r = await fn(item, index);
      entry = { ok: true, input: item, statusCode: r.statusCode, result: r.result };
    } catch (e) {
      const err = toFleetError(e);
      entry = { ok: false, input: item, error: { code: err.code, message: err.message } };
      if (err.statusCode !== undefined) entry.statusCode = err.statusCode;
    }
    onProgress?.(++finished, items.length);
    return entry;
  });
}

/** Bulk status text: "10 ok" or "9 ok, 1 failed" (common.status.bulkOk / bulkFailed). */
export function bulkSummary(entries: readonly BulkEntry[]): Text {
  const failed = entries.filter((e) => !e.ok).length;
  const ok = entries.length - failed;
  return failed ? text('common.status.bulkFailed', { ok, failed }) : text('common.status.bulkOk', { ok });
}

/** Bulk progress text: "3/10" (common.status.progress); fits runBulk's onProgress via ctx.progress. */
export function bulkProgress(done: number, total: number): Text {
  return text('common.status.progress', { done, total });
}

/**
 * The bulk path of an action node (SPEC 3.2): every item through `fn` with bounded concurrency and
 * progress in the status, then ONE msg with the entries in input order and `msg.statusCode` = the
 * status of the last item that got an answer (SPEC 3.3), and the summary as the green-dot text.
 */
export async function sendBulk(
  msg: FleetMsg,
  ctx: InputContext,
  items: readonly unknown[],
  concurrency: number,
  fn: (item: unknown, index: number) => Promise<ItemResult>,
): Promise<InputResult> {
  const entries = await runBulk(items, concurrency, fn, (n, total) => ctx.progress(bulkProgress(n, total)));
  msg.payload = entries;
  const answered = entries.filter((e) => e.statusCode !== undefined);
  if (answered.length) msg.statusCode = answered[answered.length - 1].statusCode;
  ctx.send(msg);
  return { status: bulkSummary(entries) };
}
