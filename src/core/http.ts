import * as http from 'node:http';
import * as https from 'node:https';
import axios, { AxiosInstance, AxiosResponse } from 'axios';
import { HttpProxyAgent, HttpsProxyAgent } from 'hpagent';
import { ErrorCode, FleetError, codeForStatus, isFleetError, scrub, scrubDeep } from './errors';
import { Method, Outcome, backoffDelay, isRetryable, parseRetryAfter } from './retry';
import { ProxySettings, chooseProxy } from './proxy';

/** A list sent as repeated parameters (`tags=a&tags=b`, Swagger's "multi") rather than comma-joined. */
export interface MultiValue {
  readonly multi: ReadonlyArray<string | number>;
}
export type QueryValue = string | number | boolean | null | undefined | ReadonlyArray<string | number> | MultiValue;

/** Marks a list for repeated query parameters; undefined stays undefined. */
export function multi(values: ReadonlyArray<string | number> | undefined): MultiValue | undefined {
  return values === undefined ? undefined : { multi: values };
}
export type Query = Record<string, QueryValue>;
export type Headers = Record<string, string>;

/** What an account hands the client: SPEC 3.6 settings plus the vendor's way of talking. */
export interface HttpSettings {
  /** Vendor name used in error sentences ("Enapter answered ..."). */
  vendor: string;
  baseURL: string;
  timeout: number;
  retries: number;
  /** TLS options from a core tls-config node (ca, cert, key, rejectUnauthorized ...). */
  tls?: https.AgentOptions;
  proxy?: ProxySettings;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** The vendor's own sentence for an error body, if it has one. */
  describe?: (status: number, body: unknown) => string | undefined;
  /** Overrides the status->code mapping (e.g. "already exists" answered with a 400). */
  classify?: (status: number, body: unknown) => ErrorCode | undefined;
  /** Secrets to scrub from any text this client produces, looked up lazily. */
  secrets?: () => ReadonlyArray<string | undefined>;
}

/** How a request is authenticated. `headers` may fetch a token; `invalidate` reports a 401. */
export interface Auth {
  headers(): Promise<Headers>;
  /** Returns true when a fresh authentication is worth one more try. */
  invalidate(used: Headers): boolean;
}

export interface RequestOptions {
  method: Method;
  path: string;
  query?: Query;
  body?: unknown;
  /** application/x-www-form-urlencoded body instead of JSON. */
  form?: Record<string, string>;
  /** A body sent as is (request nodes, SPEC 10), with the Content-Type of `headers`. */
  rawBody?: Buffer | string;
  headers?: Headers;
  auth?: Auth;
  /** Per-request override of the status->code mapping. */
  classify?: (status: number, body: unknown) => ErrorCode | undefined;
  /** Statuses that are a normal answer for this call (default: 2xx). */
  okStatus?: (status: number) => boolean;
  /** Extra attempts for this call (default: the account's `retries`). */
  retries?: number;
  /** Secrets of this call only (e.g. an M2M callback token), removed from any error it produces. */
  secrets?: ReadonlyArray<string | undefined>;
  /**
   * Retried as if it were this method (SPEC 3.6): a PUT that renames what it addresses (enCloud
   * update with `changed_email`) is not idempotent, so it is retried like a POST.
   */
  retryAs?: Method;
}

export interface HttpResponse<T = unknown> {
  status: number;
  body: T;
  headers: Record<string, string>;
}

/** Observers see every attempt (tests and the bench count them); never the headers. */
export interface AttemptEvent {
  method: Method;
  path: string;
  attempt: number;
  outcome: Outcome | { kind: 'ok'; status: number };
}

/** Failures of a token request after which the request that needed the token may try again. */
const TRANSIENT_AUTH_FAILURES: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['SERVER_ERROR', 'NETWORK', 'TIMEOUT', 'RATE_LIMITED']);

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms).unref?.());

/** Serialises a query the way the vendors read it: arrays joined by commas (or repeated, see `multi`), empty values left out. */
export function buildQuery(query: Query | undefined): string {
  if (!query) return '';
  const parts: string[] = [];
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    if (typeof v === 'object' && 'multi' in v) {
      for (const item of v.multi) parts.push(encodeURIComponent(k) + '=' + encodeURIComponent(String(item)));
      continue;
    }
    const text = Array.isArray(v) ? v.join(',') : String(v);
    parts.push(encodeURIComponent(k) + '=' + encodeURIComponent(text));
  }
  return parts.length ? '?' + parts.join('&') : '';
}

function transportOutcome(e: unknown): Outcome {
  const code = (e as { code?: string }).code;
  if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || code === 'ERR_CANCELED') return { kind: 'timeout' };
  if (code === 'ECONNREFUSED') return { kind: 'refused' };
  return { kind: 'network' };
}

/**
 * The one HTTP client of the package: keep-alive agents per account, the retry policy of 3.6, one
 * re-authentication on 401, and errors turned into FleetError without any header or axios object.
 */
export class HttpClient {
  private readonly axios: AxiosInstance;
  private readonly agents: { http: http.Agent; https: https.Agent };
  observer?: (e: AttemptEvent) => void;

  constructor(readonly settings: HttpSettings) {
    const base = settings.baseURL;
    const proxyUrl = chooseProxy(base, settings.proxy);
    const common = { keepAlive: true, keepAliveMsecs: 1000, maxSockets: 256, maxFreeSockets: 64, scheduling: 'lifo' as const };
    this.agents = proxyUrl
      ? {
          http: new HttpProxyAgent({ ...common, proxy: proxyUrl }),
          https: new HttpsProxyAgent({ ...common, ...settings.tls, proxy: proxyUrl }),
        }
      : { http: new http.Agent(common), https: new https.Agent({ ...common, ...settings.tls }) };
    this.axios = axios.create({
      baseURL: base.replace(/\/+$/, ''),
      timeout: settings.timeout,
      httpAgent: this.agents.http,
      httpsAgent: this.agents.https,
      proxy: false,
      maxRedirects: 0,
      validateStatus: () => true,
      transitional: { silentJSONParsing: true, forcedJSONParsing: true, clarifyTimeoutError: true },
      maxContentLength: 64 * 1024 * 1024,
    });
  }

  async request<T = unknown>(opts: RequestOptions): Promise<HttpResponse<T>> {
    const { settings } = this;
    // One re-authentication per 401, never two in a row: a 401 right after a re-authentication is
    // AUTH_FAILED. Once an attempt after it got another answer (a 503, a 429, a timeout: each one
    // spends a retry), a later 401 is a new expiry of the new token (a long retry sequence can
    // outlive a token) and gets its own single re-authentication. Bounded by `retries`.
    let reauthed = false;
    let retry = 0;
    const retries = opts.retries ?? settings.retries;
    const retryMethod = opts.retryAs ?? opts.method;
    // An earlier attempt ended without a usable answer (it may have done its work): a DELETE whose
    // retry then answers 404 has succeeded (SPEC 3.6), it must not turn into NOT_FOUND.
    let unanswered = false;
    for (let attempt = 0; ; attempt++) {
      let authHeaders: Headers;
      try {
        authHeaders = opts.auth ? await opts.auth.headers() : {};
      } catch (e) {
        // The token request failed for a passing reason (a 5xx, a reset, a timeout, throttled): this
        // request was never sent, so trying again is safe for every method, as for a refused
        // connection. Token requests make one attempt each (see tokenRequest), so this loop owns
        // the retry budget: at most 1 + retries token requests. Rejected credentials end it at once.
        if (retry < retries && isFleetError(e) && TRANSIENT_AUTH_FAILURES.has(e.code)) {
          await sleep(backoffDelay(retry++, e.retryAfterMs, this.backoff()));
          continue;
        }
        throw e;
      }
      let res: AxiosResponse<unknown>;
      // `timeout` bounds the whole attempt, first byte to last (SPEC 3.6): axios' own timeout is
      // an idle timer that a server answering byte by byte keeps resetting.
      const abort = new AbortController();
      const deadline = settings.timeout > 0 ? setTimeout(() => abort.abort(), settings.timeout) : undefined;
      try {
        res = await this.axios.request({
          method: opts.method,
          url: opts.path + buildQuery(opts.query),
          headers: this.headersFor(opts, authHeaders),
          data: opts.form ? new URLSearchParams(opts.form).toString() : opts.rawBody !== undefined ? opts.rawBody : opts.body === undefined ? undefined : JSON.stringify(opts.body),
          signal: abort.signal,
        });
      } catch (e) {
        const outcome = transportOutcome(e);
        if (outcome.kind === 'timeout' || outcome.kind === 'network') unanswered = true;
        reauthed = false;
        this.observer?.({ method: opts.method, path: opts.path, attempt, outcome });
        if (retry < retries && isRetryable(retryMethod, outcome)) {
          await sleep(backoffDelay(retry++, undefined, this.backoff()));
          continue;
        }
        throw this.transportError(outcome, e);
      } finally {
        clearTimeout(deadline);
      }
      const status = res.status;
      const ok = (opts.okStatus ? opts.okStatus(status) : status >= 200 && status < 300) || (status === 404 && opts.method === 'DELETE' && unanswered);
      this.observer?.({ method: opts.method, path: opts.path, attempt, outcome: ok ? { kind: 'ok', status } : { kind: 'status', status } });
      if (ok) return { status, body: res.data as T, headers: flatHeaders(res.headers) };
      if (status === 401 && opts.auth && !reauthed && opts.auth.invalidate(authHeaders)) {
        reauthed = true;
        continue;
      }
      const outcome: Outcome = { kind: 'status', status };
      if (status !== 401) reauthed = false;
      if (status >= 502 && status <= 504) unanswered = true;
      const retryAfter = parseRetryAfter(headerValue(res.headers, 'retry-after'));
      if (retry < retries && isRetryable(retryMethod, outcome)) {
        await sleep(backoffDelay(retry++, retryAfter, this.backoff()));
        continue;
      }
      const err = this.statusError(status, res.data, opts);
      if (retryAfter !== undefined) err.retryAfterMs = retryAfter;
      throw err;
    }
  }

  /**
   * On account close / redeploy: idle keep-alive sockets close now; a request still in flight (a
   * msg that arrived before the close, its retries, a background token refresh) completes, and
   * its socket closes as soon as its answer is read. Nothing is kept alive after this call. (The
   * agents' own destroy() would cut the requests in flight, and a retry after it would open a new
   * keep-alive socket that nobody closes any more.)
   */
  destroy(): void {
    for (const agent of [this.agents.http, this.agents.https]) {
      agent.keepSocketAlive = () => false;
      for (const list of Object.values(agent.freeSockets)) for (const socket of list ?? []) socket.destroy();
    }
  }

  private backoff() {
    return { baseMs: this.settings.backoffBaseMs ?? 300, maxMs: this.settings.backoffMaxMs ?? 30_000 };
  }

  private headersFor(opts: RequestOptions, auth: Headers): Headers {
    const h: Headers = { Accept: 'application/json', ...opts.headers, ...auth };
    if (opts.form) h['Content-Type'] = 'application/x-www-form-urlencoded';
    else if (opts.rawBody !== undefined) h['Content-Type'] = h['Content-Type'] || 'application/octet-stream';
    else if (opts.body !== undefined) h['Content-Type'] = h['Content-Type'] || 'application/json';
    // no body: no Content-Type at all (axios would otherwise add its form default to a POST)
    else (h as Record<string, string | false>)['Content-Type'] = false;
    return h;
  }

  /**
   * The FleetError for a failed answer: the vendor's sentence, the code, and the body as cause,
   * with every secret removed by name (redact) and by value (the account's and this call's).
   */
  statusError(status: number, body: unknown, opts?: Pick<RequestOptions, 'classify' | 'secrets'>): FleetError {
    const s = this.settings;
    const code = opts?.classify?.(status, body) ?? s.classify?.(status, body) ?? codeForStatus(status);
    const said = s.describe?.(status, body) ?? plainText(body);
    const text = `${s.vendor} answered HTTP ${status}${said ? ': ' + said : ''}`;
    const secrets = [...(s.secrets?.() ?? []), ...(opts?.secrets ?? [])];
    return new FleetError(code, scrub(text.endsWith('.') ? text : text + '.', secrets), { statusCode: status, body: scrubDeep(body, secrets) });
  }

  private transportError(outcome: Outcome, e: unknown): FleetError {
    const s = this.settings;
    if (outcome.kind === 'timeout') return new FleetError('TIMEOUT', `${s.vendor} did not answer within ${s.timeout} ms.`);
    const code = (e as { code?: string }).code;
    const why = code ? ` (${code})` : '';
    const host = safeHost(s.baseURL);
    return new FleetError('NETWORK', scrub(`Could not reach ${s.vendor} at ${host}${why}.`, s.secrets?.() ?? []));
  }

}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the configured URL';
  }
}

function headerValue(headers: unknown, name: string): string | undefined {
  const h = headers as Record<string, unknown> | undefined;
  const v = h?.[name];
  return v === undefined || v === null ? undefined : String(v);
}

function flatHeaders(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries((headers as Record<string, unknown>) ?? {})) {
    if (v !== undefined && v !== null) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
  }
  return out;
}

/** A short readable excerpt of a body that has no vendor sentence. */
function plainText(body: unknown): string | undefined {
  if (typeof body === 'string') {
    const t = body.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
    return t ? t.slice(0, 200) : undefined;
  }
  return undefined;
}
