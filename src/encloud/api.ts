import { createHash } from 'node:crypto';
import { tokenAuth } from '../core/auth';
import { ErrorCode, FleetError, invalidInput } from '../core/errors';
import { Auth, HttpClient, HttpResponse, HttpSettings } from '../core/http';
import type { Fields } from '../core/fields';
import { orderedFetch } from '../core/pool';
import { TokenCache } from '../core/token';
import { bool, email, int, list, oneOf, str, toEpochMs } from '../core/validate';
import {
  AuthoriseResponse,
  DEVICE_STATES,
  DevicesPage,
  DevicesQuery,
  EncloudErrorBody,
  EncloudStatusBody,
  Hotlink,
  HotlinkQuery,
  HotlinkResponse,
  LIMITS,
  Limit,
  USER_TYPES,
  UpdateUser,
  UserOperation,
  UserRequest,
  DEFAULT_URL,
} from './types';

export { DEFAULT_URL };
export const VENDOR = 'enCloud';

export interface EncloudCredentials {
  email?: string;
  password?: string;
  apiKey?: string;
}

export function md5hex(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}

/** `Basic base64(email:md5hex(password))`, or the password as given when it is already hashed. */
export function basicAuthorization(emailAddress: string, password: string, hashedPassword: boolean): string {
  const secret = hashedPassword ? password : md5hex(password);
  return 'Basic ' + Buffer.from(`${emailAddress}:${secret}`, 'utf8').toString('base64');
}

/** enCloud's own sentence: `description` and `ivenCode` ("Bad credentials (ivenCode 9007)"). */
export function describeEncloudError(_status: number, body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const b = body as EncloudErrorBody;
  if (typeof b.description !== 'string' || b.description === '') return undefined;
  const sentence = b.description.replace(/\.+$/, '');
  return b.ivenCode !== undefined && b.ivenCode !== null ? `${sentence} (ivenCode ${b.ivenCode})` : sentence;
}

/** "User with this email already exists." comes as a 400: it is a CONFLICT. */
export function classifyEncloudError(_status: number, body: unknown): ErrorCode | undefined {
  const d = body && typeof body === 'object' ? (body as EncloudErrorBody).description : undefined;
  if (typeof d === 'string' && /already exists/i.test(d)) return 'CONFLICT';
  return undefined;
}

// ---- pure request builders (validation: INVALID_INPUT before any request) ----

/** `timestamp`: 0 = all time; an integer of Unix seconds; a Date or ISO string is converted to seconds. */
export function unixSeconds(value: unknown): number {
  if (value === undefined || value === null || value === '') return 0;
  if (typeof value === 'number' || (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value))) {
    return int({ timestamp: value }, 'timestamp', { min: 0 }) as number;
  }
  if (value instanceof Date || typeof value === 'string') {
    let ms: number;
    try {
      ms = toEpochMs(value, 'timestamp');
    } catch {
      throw invalidInput(`timestamp must be 0, Unix seconds, a Date or an ISO-8601 string (got ${JSON.stringify(value)}).`);
    }
    if (ms < 0) throw invalidInput('timestamp must not be before 1970.');
    return Math.floor(ms / 1000);
  }
  throw invalidInput(`timestamp must be 0, Unix seconds, a Date or an ISO-8601 string (got ${JSON.stringify(value)}).`);
}

export function parseLimit(value: unknown): Limit {
  if (value === undefined || value === null || value === '') return 100;
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!(LIMITS as readonly number[]).includes(n)) throw invalidInput(`limit must be one of ${LIMITS.join(', ')} (got ${JSON.stringify(value)}).`);
  return n as Limit;
}

/** Validates the device pull fields and returns the query of seed 000 (unknown keys dropped). */
export function buildDevicesQuery(fields: Fields): DevicesQuery {
  const keys = list(fields, 'keys', { required: true }) as string[];
  const query: DevicesQuery = { timestamp: unixSeconds(fields.timestamp), keys, limit: parseLimit(fields.limit) };
  const devices = list(fields, 'devices');
  if (devices) query.devices = devices;
  const customerId = str(fields, 'customer_id');
  if (customerId !== undefined) query.customer_id = customerId;
  const state = oneOf(fields, 'state', DEVICE_STATES);
  if (state !== undefined) query.state = state;
  const online = bool(fields, 'is_online');
  if (online !== undefined) query.is_online = online ? 'true' : 'false';
  const search = str(fields, 'search');
  if (search !== undefined) query.search = search;
  const page = int(fields, 'page', { min: 1 });
  if (page !== undefined) query.page = page;
  return query;
}

/** Pages of a pull: `limit` -1 is one page; an empty result is still one page. */
export function pageCount(totalFilteredResults: number, limit: Limit): number {
  if (limit === -1) return 1;
  const total = Number.isFinite(totalFilteredResults) && totalFilteredResults > 0 ? totalFilteredResults : 0;
  return Math.max(1, Math.ceil(total / limit));
}

/** Validates one user item for `operation` and returns the `?email=` and the `{user: {...}}` body. */
export function buildUserRequest(operation: UserOperation, fields: Fields): UserRequest {
  const address = email(fields, 'email', { required: true }) as string;
  switch (operation) {
    case 'create': {
      const user_type = oneOf(fields, 'user_type', USER_TYPES, { required: true }) as (typeof USER_TYPES)[number];
      const customer_id = str(fields, 'customer_id', { required: true }) as string;
      const name = str(fields, 'name');
      return { operation, body: { user: { user_type, email: address, ...(name !== undefined ? { name } : {}), customer_id } } };
    }
    case 'update': {
      const user: UpdateUser = {};
      const user_type = oneOf(fields, 'user_type', USER_TYPES);
      if (user_type !== undefined) user.user_type = user_type;
      const name = str(fields, 'name');
      if (name !== undefined) user.name = name;
      const changed = email(fields, 'changed_email');
      if (changed !== undefined) user.changed_email = changed;
      if (Object.keys(user).length === 0) throw invalidInput('update needs at least one of user_type, name, changed_email.');
      return { operation, email: address, body: { user } };
    }
    case 'delete':
      return { operation, email: address };
  }
}

export function buildHotlinkQuery(fields: Fields): HotlinkQuery {
  const address = email(fields, 'email', { required: true }) as string;
  const customer_id = str(fields, 'customer_id', { required: true }) as string;
  const device_id = str(fields, 'device_id');
  return { email: address, customer_id, ...(device_id !== undefined ? { device_id } : {}) };
}

export interface PageEvent {
  response: HttpResponse<DevicesPage>;
  /** 0-based among the pages of this pull. */
  index: number;
  /** Number of pages of this pull (from the first page's totalFilteredResults). */
  count: number;
}

function checkPage(res: HttpResponse<DevicesPage>): HttpResponse<DevicesPage> {
  const b = res.body;
  if (!b || typeof b !== 'object' || !Array.isArray(b.devices)) {
    throw new FleetError('REJECTED', `${VENDOR} answered a device page without a devices array.`, { statusCode: res.status, body: res.body });
  }
  return res;
}

/**
 * The pure enCloud / enSite client: no Node-RED in here. One auth_token per account, kept until a
 * call answers 401 (it has no stated lifetime), then authorised again once (single-flight).
 */
export class EncloudApi {
  readonly http: HttpClient;
  readonly tokens: TokenCache;
  private readonly tokenAuth: Auth;

  constructor(
    settings: Omit<HttpSettings, 'describe' | 'vendor' | 'secrets' | 'classify'>,
    private readonly credentials: () => EncloudCredentials,
    private readonly hashedPassword = false,
  ) {
    this.http = new HttpClient({
      ...settings,
      vendor: VENDOR,
      describe: describeEncloudError,
      classify: classifyEncloudError,
      secrets: () => {
        const c = this.credentials();
        return [c.password, c.password ? md5hex(c.password) : undefined, c.apiKey, this.tokens.peek()];
      },
    });
    this.tokens = new TokenCache(async () => ({ token: (await this.authorise()).user.auth_token }));
    this.tokenAuth = tokenAuth(this.tokens, (token) => ({ Authorization: token, 'API-KEY': this.credentials().apiKey ?? '' }));
  }

  private required(): Required<EncloudCredentials> {
    const c = this.credentials();
    if (!c.email || !c.password || !c.apiKey) {
      const missing = [!c.email && 'e-mail', !c.password && 'password', !c.apiKey && 'API-KEY'].filter(Boolean).join(', ');
      throw new FleetError('NOT_CONFIGURED', `The enCloud account has no ${missing}.`);
    }
    return c as Required<EncloudCredentials>;
  }

  /** The Auth of every call but authorise; NOT_CONFIGURED (and no request) without credentials. */
  auth(): Auth {
    this.required();
    return this.tokenAuth;
  }

  /** GET /integration/users/authorise with Basic auth; 404 (user not found) and 422 (bad credentials) => AUTH_FAILED. */
  async authorise(): Promise<AuthoriseResponse> {
    const c = this.required();
    const res = await this.http.request<AuthoriseResponse>({
      method: 'GET',
      path: '/integration/users/authorise',
      // one attempt: the request that needs the token retries (HttpClient.request)
      retries: 0,
      headers: { Authorization: basicAuthorization(c.email, c.password, this.hashedPassword), 'API-KEY': c.apiKey },
      classify: (status) => (status === 401 || status === 404 || status === 422 ? 'AUTH_FAILED' : undefined),
    });
    const token = res.body?.user?.auth_token;
    if (typeof token !== 'string' || token === '') {
      throw new FleetError('AUTH_FAILED', `${VENDOR} answered the authorisation without a user.auth_token.`, { statusCode: res.status, body: res.body });
    }
    return res.body;
  }

  async devices(query: DevicesQuery): Promise<HttpResponse<DevicesPage>> {
    const auth = this.auth();
    return checkPage(await this.http.request<DevicesPage>({ method: 'GET', path: '/integration/devices', query: { ...query }, auth }));
  }

  /**
   * Every page from `query.page` (default 1) to the last: the first alone (it tells how many there
   * are), the others `concurrency` at a time, handed to `onPage` in page order.
   */
  async pullPages(query: DevicesQuery, concurrency: number, onPage: (e: PageEvent) => void | Promise<void>): Promise<number> {
    const start = query.page ?? 1;
    const first = await this.devices({ ...query, page: start });
    const count = Math.max(1, pageCount(first.body.totalFilteredResults, query.limit) - (start - 1));
    await onPage({ response: first, index: 0, count });
    await orderedFetch(
      count - 1,
      concurrency,
      (i) => this.devices({ ...query, page: start + 1 + i }),
      (response, i) => onPage({ response, index: i + 1, count }),
    );
    return count;
  }

  async user(request: UserRequest): Promise<HttpResponse<EncloudStatusBody>> {
    const auth = this.auth();
    const path = '/integration/users';
    switch (request.operation) {
      case 'create':
        return this.http.request<EncloudStatusBody>({ method: 'POST', path, body: request.body, auth });
      case 'update':
        // A rename (changed_email) is not idempotent: a retry after a lost answer would address the old email
        return this.http.request<EncloudStatusBody>({
          method: 'PUT',
          path,
          query: { email: request.email },
          body: request.body,
          auth,
          retryAs: request.body?.user?.changed_email !== undefined ? 'POST' : undefined,
        });
      case 'delete':
        return this.http.request<EncloudStatusBody>({ method: 'DELETE', path, query: { email: request.email }, auth, headers: { 'Content-Type': 'application/json' } });
    }
  }

  /** Step 1 of the hot link; the answer carries the step-2 URL `{url}/redirect?token=`. */
  async hotlink(query: HotlinkQuery): Promise<HttpResponse<Hotlink>> {
    const auth = this.auth();
    const res = await this.http.request<HotlinkResponse>({ method: 'GET', path: '/integration/hotlink', query: { ...query }, auth });
    const token = res.body?.token;
    if (typeof token !== 'string' || token === '') {
      throw new FleetError('REJECTED', `${VENDOR} answered the hot link request without a token.`, { statusCode: res.status, body: res.body });
    }
    const url = `${this.http.settings.baseURL.replace(/\/+$/, '')}/redirect?token=${encodeURIComponent(token)}`;
    return { ...res, body: { token, url } };
  }

  destroy(): void {
    this.http.destroy();
  }
}

/** The deployed `encloud-account` config node as the action nodes see it. */
export interface EncloudAccountNode {
  api: EncloudApi;
  concurrency: number;
}
