/** Runs `fn` over `items` with at most `limit` in flight; results keep input order. */
export async function mapLimit<I, O>(items: readonly I[], limit: number, fn: (item: I, index: number) => Promise<O>): Promise<O[]> {
  const out = new Array<O>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  const n = Math.max(1, Math.min(Math.floor(limit) || 1, items.length));
  await Promise.all(Array.from({ length: n }, worker));
  return out;
}

/**
 * Fetches `count` items (pages) with at most `limit` in flight and hands each to `emit` in index
 * order as soon as it and all before it are there. At most `limit` fetched items wait in memory.
 */
export async function orderedFetch<T>(
  count: number,
  limit: number,
  fetch: (index: number) => Promise<T>,
  emit: (item: T, index: number) => void | Promise<void>,
): Promise<void> {
  const ready = new Map<number, T>();
  let nextToEmit = 0;
  let failed: unknown;
  const flush = async (): Promise<void> => {
    while (ready.has(nextToEmit)) {
      const item = ready.get(nextToEmit) as T;
      ready.delete(nextToEmit);
      await emit(item, nextToEmit++);
    }
  };
  let flushing: Promise<void> = Promise.resolve();
  await mapLimit(
    Array.from({ length: count }, (_, i) => i),
    limit,
    async (i) => {
      if (failed !== undefined) return;
      try {
        ready.set(i, await fetch(i));
      } catch (e) {
        failed ??= e;
        return;
      }
      flushing = flushing.then(flush);
      await flushing;
    },
  );
  await flushing;
  if (failed !== undefined) throw failed;
}
