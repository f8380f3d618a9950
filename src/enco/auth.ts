import { staticAuth, tokenAuth } from '../core/auth';
import { FleetError } from '../core/errors';
import { Auth, HttpClient, HttpResponse, HttpSettings } from '../core/http';
import { TokenCache } from '../core/token';
import type { M2mApi } from '../m2m/api';
import type { MyThingsApi } from '../mythings/api';

import { AuthType, DEFAULT_URL } from './account-types';

/** EnCo (api.enco.io) account, shared by MyThings and M2M (SPEC 5.1). */
export { AuthType, DEFAULT_URL };

export interface EncoCredentials {
  clientId?: string;
  clientSecret?: string;
  token?: string;
  m2mApiKey?: string;
}

/** A token answered with less `expires_in` (seconds) than this is waited out (see requestToken). */
const EXPIRING_S = 2;
/** Taken off `expires_in` for the time the answer took to arrive. */
const LATENCY_MS = 500;

/** POST /token answer (seed 001 / 002). */
export interface TokenResponse {
  access_token: string;
  expires_in: number;
  token_type?: string;
  scope?: string;
}

/** EnCo error bodies: the API gateway's `{fault:{code,message,description}}` or OAuth's `{error, error_description}`. */
export interface EncoFaultBody {
  fault?: { code?: number | string; message?: string; description?: string };
  error?: string;
  error_description?: string;
  message?: string;
  errors?: Array<{ field?: string; message?: string } | null>;
}

export function describeEncoError(_status: number, body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const b = body as EncoFaultBody;
  if (b.fault && typeof b.fault === 'object') {
    const { message, description } = b.fault;
    if (message && description && description !== message) return `${message} (${description})`;
    return message ?? description;
  }
  if (typeof b.error_description === 'string') return b.error ? `${b.error}: ${b.error_description}` : b.error_description;
  if (typeof b.error === 'string') return b.error;
  if (typeof b.message === 'string') {
    // MyThings validation answers (DownlinkResponse shape): {code, message, errors: [{field, message}]}
    const details = Array.isArray(b.errors)
      ? b.errors
          .map((e) => (e && typeof e.message === 'string' ? (e.field ? `${e.field}: ${e.message}` : e.message) : ''))
          .filter((t) => t !== '')
      : [];
    return details.length ? `${b.message} (${details.join('; ')})` : b.message;
  }
  return undefined;
}

/**
 * The EnCo connection of one account: one HttpClient, one token cache (client credentials) or a
 * permanent token. MyThings and M2M clients are built on it.
 */
export class EncoConnection {
  readonly http: HttpClient;
  readonly tokens?: TokenCache;
  private readonly bearer: Auth;

  constructor(
    settings: Omit<HttpSettings, 'describe' | 'vendor' | 'secrets'>,
    readonly authType: AuthType,
    private readonly credentials: () => EncoCredentials,
  ) {
    this.http = new HttpClient({
      ...settings,
      vendor: 'EnCo',
      describe: describeEncoError,
      secrets: () => {
        const c = this.credentials();
        return [c.clientSecret, c.token, c.m2mApiKey, this.tokens?.peek()];
      },
    });
    if (authType === 'client') {
      this.tokens = new TokenCache(() => this.requestToken());
      this.bearer = tokenAuth(this.tokens, (t) => ({ Authorization: `Bearer ${t}` }));
    } else {
      this.bearer = staticAuth(() => ({ Authorization: `Bearer ${this.credentials().token ?? ''}` }));
    }
  }

  /** The bearer Auth for API calls; NOT_CONFIGURED when the credentials it needs are missing. */
  auth(): Auth {
    const c = this.credentials();
    if (this.authType === 'client' && (!c.clientId || !c.clientSecret)) {
      throw new FleetError('NOT_CONFIGURED', 'The EnCo account has no client ID or client secret.');
    }
    if (this.authType === 'token' && !c.token) throw new FleetError('NOT_CONFIGURED', 'The EnCo account has no permanent token.');
    return this.bearer;
  }

  /** The M2M Cockpit API key (x-api-key), required by the m2m-* nodes only. */
  m2mApiKey(): string {
    const key = this.credentials().m2mApiKey;
    if (!key) throw new FleetError('NOT_CONFIGURED', 'The EnCo account has no M2M API key.');
    return key;
  }

  /**
   * A token for the cache. EnCo keeps one active token per application and hands the SAME one back
   * until it expires, so a token that is about to expire cannot be renewed early: asking again
   * would only bring it back with a smaller `expires_in` (a burst of token requests). When the
   * answer says less than 2 s, wait until it has surely expired and ask once more (only once).
   */
  async requestToken(): Promise<{ token: string; lifetimeMs?: number }> {
    const first = await this.postToken();
    const left = first.seconds;
    if (left === undefined || left >= EXPIRING_S) return first.issued;
    // expires_in is whole seconds (rounded down): the token may live up to 1 s longer than it says
    await new Promise((resolve) => setTimeout(resolve, left * 1000 + 1100));
    return (await this.postToken()).issued;
  }

  /**
   * POST /token (client credentials). The credentials travel in the form body, never in the query
   * (SPEC 5.1/3.6: gateway and proxy logs keep URLs; the seed's curl puts them in the query, the
   * gateway reads both). Only the harmless Accept parameter of the seed's curl stays in the query.
   */
  private async postToken(): Promise<{ issued: { token: string; lifetimeMs?: number }; seconds?: number }> {
    const c = this.credentials();
    if (!c.clientId || !c.clientSecret) throw new FleetError('NOT_CONFIGURED', 'The EnCo account has no client ID or client secret.');
    const res = await this.http.request<TokenResponse>({
      method: 'POST',
      path: '/token',
      query: { Accept: 'application/json' },
      form: { grant_type: 'client_credentials', scope: 'openid', client_id: c.clientId, client_secret: c.clientSecret },
      // one attempt: the request that needs the token retries (HttpClient.request), so a failing
      // token endpoint sees at most 1 + retries token requests per msg, not (1 + retries)^2
      retries: 0,
      classify: (status) => (status === 400 || status === 401 ? 'AUTH_FAILED' : undefined),
    });
    const body = res.body;
    if (!body || typeof body.access_token !== 'string' || body.access_token === '') {
      throw new FleetError('AUTH_FAILED', 'EnCo answered the token request without an access_token.', { statusCode: res.status, body });
    }
    const n = Number(body.expires_in);
    const seconds = Number.isFinite(n) ? Math.max(0, n) : undefined;
    // counted from the answer, less a little for the way back: never used past EnCo's own expiry
    const lifetimeMs = seconds === undefined ? undefined : Math.max(0, seconds * 1000 - LATENCY_MS);
    return { issued: { token: body.access_token, lifetimeMs }, seconds };
  }

  /**
   * POST /revoke (seed 001, "Revoking an access token"; SPEC 10): revokes the account's current
   * token with the seed's form body (token, client_id, client_secret; no bearer) and drops it from
   * the cache, so the next request of any node on this account gets a new one. The current token is
   * the one EnCo keeps active for the application: this instance asks for it when it holds none.
   */
  async revokeToken(): Promise<HttpResponse<{ revoked: true }>> {
    const c = this.credentials();
    if (this.authType !== 'client' || !this.tokens) {
      throw new FleetError('NOT_CONFIGURED', 'Revoking a token needs an EnCo account with client credentials (a permanent token is deleted in the EnCo portal).');
    }
    if (!c.clientId || !c.clientSecret) throw new FleetError('NOT_CONFIGURED', 'The EnCo account has no client ID or client secret.');
    const token = await this.tokens.get();
    const res = await this.http.request({
      method: 'POST',
      path: '/revoke',
      form: { token, client_id: c.clientId, client_secret: c.clientSecret },
      secrets: [token],
      classify: (status) => (status === 400 || status === 401 ? 'AUTH_FAILED' : undefined),
    });
    this.tokens.invalidate(token);
    return { status: res.status, headers: res.headers, body: { revoked: true } };
  }

  destroy(): void {
    this.http.destroy();
  }
}

/** The deployed `enco-account` config node as the MyThings and M2M nodes see it. */
/**
 * A deployed enco-account. Like every account it hands out its clients as properties made once by
 * the account (and ended with it): the connection (token, transport) and the two API clients on it.
 */
export interface EncoAccountNode {
  id: string;
  enco: EncoConnection;
  mythings: MyThingsApi;
  m2m: M2mApi;
  concurrency: number;
}
