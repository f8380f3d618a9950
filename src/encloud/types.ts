/** enCloud / enSite integration API shapes, typed from seed 000. */

/** The account's default URL. */
export const DEFAULT_URL = 'https://myenCloud.com';

/** GET /integration/users/authorise answer. */
export interface AuthoriseResponse {
  user: {
    auth_token: string;
    name?: string;
    email?: string;
  };
}

/** Every enCloud error body: `{status, description, ivenCode}`. */
export interface EncloudErrorBody {
  status?: number;
  description?: string;
  ivenCode?: number;
}

/** The success body of the user calls: `{status: 200, description: "User is created successfully."}`. */
export interface EncloudStatusBody {
  status: number;
  description: string;
}

export const DEVICE_STATES = ['Registered', 'Waiting For Response', 'Passive', 'Expired'] as const;
export type DeviceState = (typeof DEVICE_STATES)[number];

/** The permitted page sizes; -1 = all records in one page. */
export const LIMITS = [10, 25, 50, 100, -1] as const;
export type Limit = (typeof LIMITS)[number];
/** encloud-devices: `pages` (all pages or the first) and `output` (one msg, one per page, one per device). */
export const DEVICE_PAGES = ['all', 'one'] as const;
export const DEVICE_OUTPUTS = ['single', 'page', 'device'] as const;
export type DeviceOutput = (typeof DEVICE_OUTPUTS)[number];

/** GET /integration/devices query (URL parameters of the seed). */
export interface DevicesQuery {
  timestamp: number;
  keys: string[];
  devices?: string[];
  customer_id?: string;
  state?: DeviceState;
  is_online?: 'true' | 'false';
  search?: string;
  limit: Limit;
  page?: number;
}

/** One device of the device pull. `last_data` holds the requested keys. */
export interface EncloudDevice {
  device_uid: string;
  sim_id?: string;
  location?: [number, number] | number[];
  frequency?: number;
  created_at?: string;
  updated_at?: string;
  location_string?: string;
  state?: string;
  last_seen?: string;
  last_data?: Record<string, unknown>;
  [key: string]: unknown;
}

/** One page of the device pull (example_result.json of the seed). */
export interface DevicesPage {
  totalResults: number;
  totalFilteredResults: number;
  limit?: number;
  page?: number;
  sort?: string;
  sort_type?: 'ASC' | 'DESC';
  devices: EncloudDevice[];
}

/** What `pages: all` + `output: single` sends. */
export interface DevicesPull {
  totalResults: number;
  totalFilteredResults: number;
  devices: EncloudDevice[];
}

export const USER_OPERATIONS = ['create', 'update', 'delete'] as const;
export type UserOperation = (typeof USER_OPERATIONS)[number];
/** The node properties each operation of encloud-user takes as defaults (SPEC 4.3). */
export const USER_FIELDS: Readonly<Record<UserOperation, readonly string[]>> = {
  create: ['user_type', 'customer_id'],
  update: [],
  delete: [],
};

export const USER_TYPES = ['ADMIN', 'VIEWER'] as const;
export type UserType = (typeof USER_TYPES)[number];

export interface CreateUser {
  user_type: UserType;
  email: string;
  name?: string;
  customer_id: string;
}

export interface UpdateUser {
  user_type?: UserType;
  name?: string;
  changed_email?: string;
}

/** A validated user request: the `?email=` of update/delete and the `{user: {...}}` body. */
export type UserRequest =
  | { operation: 'create'; body: { user: CreateUser } }
  | { operation: 'update'; email: string; body: { user: UpdateUser } }
  | { operation: 'delete'; email: string };

/** GET /integration/hotlink query. */
export interface HotlinkQuery {
  email: string;
  customer_id: string;
  device_id?: string;
}

export interface HotlinkResponse {
  token: string;
}

/** What encloud-hotlink sends: the token and the step-2 link. */
export interface Hotlink {
  token: string;
  url: string;
}
