import { orderedFetch } from './pool';

/**
 * A Spring-style page (`PageResource«T»`): `content` of one page, `number` 0-based, `totalPages`,
 * `last`. Other fields (`size`, `totalElements`, `sort`, `links`...) are kept as they came.
 */
export interface PageResource<T = unknown> {
  content?: T[];
  number?: number;
  totalPages?: number;
  totalElements?: number;
  numberOfElements?: number;
  first?: boolean;
  last?: boolean;
  [key: string]: unknown;
}

export interface FetchedPage<T> {
  status: number;
  body: PageResource<T>;
}

export interface AllPagesOptions {
  /** 0-based page to start from (default 0). */
  start?: number;
  /** Pages fetched at once once `totalPages` is known (default 1). */
  concurrency?: number;
  /** A safety bound when the vendor keeps saying `last: false` (default 10000). */
  maxPages?: number;
  /** Called after every page: pages fetched so far and the total (when known). */
  onProgress?: (fetched: number, total: number | undefined) => void;
}

const contentOf = <T>(page: PageResource<T> | undefined): T[] => (page && Array.isArray(page.content) ? page.content : []);

/**
 * "pages: all": fetches every page from `start` on and answers ONE page whose `content` holds every
 * page's content in order. When the first page states `totalPages`, the rest are fetched with
 * bounded concurrency (emitted in order); otherwise pages are followed one by one until `last`.
 */
export async function fetchAllPages<T>(fetchPage: (page: number) => Promise<FetchedPage<T>>, opts: AllPagesOptions = {}): Promise<FetchedPage<T> & { pages: number }> {
  const start = opts.start ?? 0;
  const maxPages = opts.maxPages ?? 10_000;
  const first = await fetchPage(start);
  const body = first.body && typeof first.body === 'object' ? first.body : {};
  const content: T[] = [...contentOf(body)];
  let status = first.status;
  let pages = 1;
  const total = typeof body.totalPages === 'number' && Number.isFinite(body.totalPages) ? body.totalPages : undefined;
  opts.onProgress?.(pages, total);

  if (total !== undefined) {
    const remaining = Math.min(Math.max(0, total - start - 1), maxPages - 1);
    await orderedFetch(
      remaining,
      opts.concurrency ?? 1,
      (i) => fetchPage(start + 1 + i),
      (page) => {
        content.push(...contentOf(page.body));
        status = page.status;
        pages++; // not inside onProgress?.(...): optional chaining would skip the increment
        opts.onProgress?.(pages, total);
      },
    );
  } else {
    let last = body.last !== false || contentOf(body).length === 0;
    while (!last && pages < maxPages) {
      const page = await fetchPage(start + pages);
      const items = contentOf(page.body);
      content.push(...items);
      status = page.status;
      pages++;
      opts.onProgress?.(pages, undefined);
      last = page.body?.last !== false || items.length === 0;
    }
  }
  return { status, pages, body: { ...body, content, numberOfElements: content.length, first: true, last: true } };
}

export interface OffsetPage<T> {
  status: number;
  items: T[];
}

/**
 * limit/offset paging (Enapter v3, as its SDK pages): asks `limit` items at `offset` 0, `limit`,
 * 2*`limit`... (or, without `limit`, advances by what each page held) and stops at the first empty
 * page. Answers every item of every page, in order, and the status of the last page.
 */
export async function fetchOffsetPages<T>(
  fetchPage: (offset: number, limit: number | undefined) => Promise<OffsetPage<T>>,
  opts: { limit?: number; maxPages?: number; onProgress?: (pages: number) => void } = {},
): Promise<{ status: number; items: T[]; pages: number }> {
  const maxPages = opts.maxPages ?? 10_000;
  const items: T[] = [];
  let status = 0;
  let pages = 0;
  for (let offset = 0; pages < maxPages; ) {
    const page = await fetchPage(offset, opts.limit);
    pages++;
    status = page.status;
    const got = Array.isArray(page.items) ? page.items : [];
    if (got.length === 0) break;
    items.push(...got);
    offset += opts.limit ?? got.length;
    opts.onProgress?.(pages);
  }
  return { status, items, pages };
}
