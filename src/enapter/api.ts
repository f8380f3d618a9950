import { staticAuth } from '../core/auth';
import { FleetError, invalidInput } from '../core/errors';
import { HttpClient, HttpResponse, HttpSettings } from '../core/http';
import type { Fields } from '../core/node';
import { isTimeZone, num, oneOf, requireFields, str } from '../core/validate';
import {
  DEVICE_TYPES,
  EnapterErrorBody,
  Operation,
  PROTOCOLS,
  ProvisionRequest,
  ProvisionResponse,
  SitesResponse,
} from './types';

export const DEFAULT_URL = 'https://api.enapter.com';

/** Enapter's own sentence: `errors[0].message` (and its code). */
export function describeEnapterError(_status: number, body: unknown): string | undefined {
  const errors = (body as Partial<EnapterErrorBody> | undefined)?.errors;
  if (!Array.isArray(errors) || errors.length === 0) return undefined;
  const first = errors[0] ?? {};
  const message = typeof first.message === 'string' ? first.message : undefined;
  if (!message) return typeof first.code === 'string' ? first.code : undefined;
  return message;
}

/** The fields each operation requires (SPEC 7.2); `protocol` defaults to MQTTS and is not listed. */
export const REQUIRED: Record<Operation, readonly string[]> = {
  ucm: ['site_id', 'hardware_id', 'name'],
  vucm: ['site_id', 'hardware_id', 'name'],
  embedded: ['device_type', 'site_id', 'hardware_id', 'name'],
  link_master: ['site_id', 'hardware_id', 'name'],
  link_slave: ['site_id', 'hardware_id', 'name', 'master_device_id'],
  standalone: ['site_id', 'name'],
  lua_device: ['runtime_id', 'blueprint_id', 'name', 'slug'],
  gateway: ['hardware_id', 'gateway_version', 'site_name', 'site_timezone', 'site_location'],
};

const text = (f: Fields, k: string): string => str(f, k, { required: true }) as string;

/** Validates `fields` for `op` and returns the exact request body of seed 003 (unknown keys dropped). */
export function buildProvisionRequest(op: Operation, fields: Fields): ProvisionRequest {
  requireFields(fields, REQUIRED[op]);
  const protocol = (): (typeof PROTOCOLS)[number] => oneOf(fields, 'protocol', PROTOCOLS) ?? 'MQTTS';
  switch (op) {
    case 'ucm':
      return { site_id: text(fields, 'site_id'), hardware_id: text(fields, 'hardware_id'), name: text(fields, 'name'), protocol: protocol() };
    case 'embedded':
      return {
        device_type: oneOf(fields, 'device_type', DEVICE_TYPES, { required: true }) as (typeof DEVICE_TYPES)[number],
        site_id: text(fields, 'site_id'),
        hardware_id: text(fields, 'hardware_id'),
        name: text(fields, 'name'),
        protocol: protocol(),
      };
    case 'vucm':
    case 'link_master':
      return { site_id: text(fields, 'site_id'), hardware_id: text(fields, 'hardware_id'), name: text(fields, 'name') };
    case 'link_slave':
      return {
        site_id: text(fields, 'site_id'),
        hardware_id: text(fields, 'hardware_id'),
        name: text(fields, 'name'),
        master_device_id: text(fields, 'master_device_id'),
      };
    case 'standalone':
      return { site_id: text(fields, 'site_id'), name: text(fields, 'name') };
    case 'lua_device':
      return { runtime_id: text(fields, 'runtime_id'), blueprint_id: text(fields, 'blueprint_id'), name: text(fields, 'name'), slug: text(fields, 'slug') };
    case 'gateway': {
      const zone = text(fields, 'site_timezone');
      if (!isTimeZone(zone)) throw invalidInput(`site_timezone must be an IANA time zone such as Europe/Berlin (got ${JSON.stringify(zone)}).`);
      const loc = fields.site_location;
      if (!loc || typeof loc !== 'object' || Array.isArray(loc)) throw invalidInput('site_location must be an object {latitude, longitude}.');
      const l = loc as Fields;
      const latitude = num(l, 'latitude', { required: true, min: -90, max: 90 }) as number;
      const longitude = num(l, 'longitude', { required: true, min: -180, max: 180 }) as number;
      const site_id = str(fields, 'site_id');
      return {
        ...(site_id !== undefined ? { site_id } : {}),
        hardware_id: text(fields, 'hardware_id'),
        gateway_version: text(fields, 'gateway_version'),
        site_name: text(fields, 'site_name'),
        site_timezone: zone,
        site_location: { latitude, longitude },
      };
    }
  }
}

/** The pure Enapter client: no Node-RED in here. */
export class EnapterApi {
  readonly http: HttpClient;

  constructor(settings: Omit<HttpSettings, 'describe' | 'vendor'>, private readonly token: () => string | undefined) {
    this.http = new HttpClient({ ...settings, vendor: 'Enapter', describe: describeEnapterError, secrets: () => [token()] });
  }

  /** The token headers (public for enapter-request); NOT_CONFIGURED without a token. */
  auth() {
    const token = this.token();
    if (!token) throw new FleetError('NOT_CONFIGURED', 'The Enapter account has no API token.');
    const allowHttp = this.http.settings.baseURL.startsWith('http://');
    return staticAuth((): Record<string, string> => (allowHttp ? { 'X-Enapter-Auth-Token': token, 'X-Enapter-Allow-HTTP': 'true' } : { 'X-Enapter-Auth-Token': token }));
  }

  provision(op: Operation, request: ProvisionRequest): Promise<HttpResponse<ProvisionResponse>> {
    return this.http.request<ProvisionResponse>({ method: 'POST', path: `/v3/provisioning/${op}`, body: request, auth: this.auth() });
  }

  sites(): Promise<HttpResponse<SitesResponse>> {
    return this.http.request<SitesResponse>({ method: 'GET', path: '/v3/sites', auth: this.auth() });
  }

  destroy(): void {
    this.http.destroy();
  }
}

/** The deployed `enapter-account` config node as the action nodes see it. */
export interface EnapterAccountNode {
  api: EnapterApi;
  concurrency: number;
}
