/** Enapter Cloud v3 provisioning shapes, typed from seed 003. */

/** The account's default URL. */
export const DEFAULT_URL = 'https://api.enapter.com';

/** enapter-telemetry `relevance`: whole seconds, 1 s .. 31 days (SPEC 7.4). */
export const RELEVANCE_MAX_S = 31 * 24 * 3600;

export const OPERATIONS = ['ucm', 'vucm', 'embedded', 'link_master', 'link_slave', 'standalone', 'lua_device', 'gateway'] as const;
export type Operation = (typeof OPERATIONS)[number];
/** The node properties each operation of enapter-provision shows in the dialog (SPEC 7.2). */
export const PROVISION_FIELDS: Readonly<Record<Operation, readonly string[]>> = {
  ucm: ['site_id', 'protocol'],
  vucm: ['site_id'],
  embedded: ['site_id', 'protocol', 'device_type'],
  link_master: ['site_id'],
  link_slave: ['site_id', 'master_device_id'],
  standalone: ['site_id'],
  lua_device: ['runtime_id', 'blueprint_id'],
  gateway: ['site_id', 'gateway_version', 'site_timezone'],
};

export const PROTOCOLS = ['MQTT', 'MQTTS'] as const;
export type Protocol = (typeof PROTOCOLS)[number];

export const DEVICE_TYPES = ['ELECTROLYSER', 'DRYER', 'WATER_TANK'] as const;
export type DeviceType = (typeof DEVICE_TYPES)[number];

export interface UcmRequest { site_id: string; hardware_id: string; name: string; protocol: Protocol }
export interface VucmRequest { site_id: string; hardware_id: string; name: string }
export interface EmbeddedRequest extends UcmRequest { device_type: DeviceType }
export type LinkMasterRequest = VucmRequest;
export interface LinkSlaveRequest extends VucmRequest { master_device_id: string }
export interface StandaloneRequest { site_id: string; name: string }
export interface LuaDeviceRequest { runtime_id: string; blueprint_id: string; name: string; slug: string }
export interface GatewayRequest {
  site_id?: string;
  hardware_id: string;
  gateway_version: string;
  site_name: string;
  site_timezone: string;
  site_location: { latitude: number; longitude: number };
}

export interface ProvisionRequests {
  ucm: UcmRequest;
  vucm: VucmRequest;
  embedded: EmbeddedRequest;
  link_master: LinkMasterRequest;
  link_slave: LinkSlaveRequest;
  standalone: StandaloneRequest;
  lua_device: LuaDeviceRequest;
  gateway: GatewayRequest;
}
export type ProvisionRequest = ProvisionRequests[Operation];

export interface MqttCredentials {
  protocol: Protocol;
  /** MQTTS */
  private_key?: string;
  certificate?: string;
  ca_chain?: string;
  /** MQTT */
  username?: string;
  password?: string;
}

export interface DeviceConfig {
  mqtt_host: string;
  mqtt_port: number;
  mqtt_credentials: MqttCredentials;
  time_sync_protocol: string;
  time_sync_host: string;
  time_sync_port: number;
  hardware_id: string;
  channel_id: string;
}

export interface ProvisionResponse {
  config?: DeviceConfig;
  device_id?: string;
  slug?: string;
  gateway_device_id?: string;
}

export interface EnapterErrorBody {
  errors: Array<{ code?: string; message?: string; details?: unknown }>;
}

export interface Site {
  id: string;
  name?: string;
  timezone?: string;
}
export interface SitesResponse {
  sites: Site[];
  total_count: number;
}

// ---- Beyond provisioning: the v3 inventory, telemetry and commands (SPEC 7.3-7.5, shared/enapter-v3.md),
// shapes as Enapter's public Python SDK (`enapter.http.api`) reads them.

export const DEVICE_OPERATIONS = ['list', 'get', 'update', 'delete', 'assignBlueprint', 'generateConfig', 'sites', 'site'] as const;
export type DeviceOperation = (typeof DEVICE_OPERATIONS)[number];
/** The node properties each operation of enapter-device uses (SPEC 7.3). */
export const DEVICE_FIELDS: Readonly<Record<DeviceOperation, readonly string[]>> = {
  list: ['site_id', 'expand'],
  get: ['device_id', 'expand'],
  update: ['device_id'],
  delete: ['device_id'],
  assignBlueprint: ['device_id', 'blueprint_id'],
  generateConfig: ['device_id', 'protocol'],
  sites: [],
  site: ['site_id'],
};

export const EXPANDS = ['manifest', 'properties', 'connectivity', 'communication', 'raised_alert_names'] as const;
export type Expand = (typeof EXPANDS)[number];

export const DEVICE_KINDS = ['LUA', 'VIRTUAL_UCM', 'HARDWARE_UCM', 'STANDALONE', 'GATEWAY', 'LINK_MASTER_UCM', 'LINK_SLAVE_UCM', 'EMBEDDED_UCM', 'NATIVE', 'CHILD'] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];

export interface Device {
  id: string;
  blueprint_id?: string;
  name: string;
  site_id: string;
  updated_at?: string;
  slug?: string;
  type?: DeviceKind;
  authorized_role?: string;
  manifest?: unknown;
  properties?: Record<string, unknown>;
  connectivity?: { status?: string; [k: string]: unknown };
  communication?: unknown;
  raised_alert_names?: string[];
}
export interface DevicesPage {
  devices: Device[];
}
export interface DeviceEnvelope {
  device: Device;
}
export interface ConfigEnvelope {
  config: DeviceConfig;
}
export interface UpdateDeviceRequest {
  name?: string;
  slug?: string;
}
export interface SiteLocation {
  name?: string;
  latitude?: number;
  longitude?: number;
}
export interface SiteFull extends Site {
  version?: string;
  authorized_role?: string;
  location?: SiteLocation | null;
}
export interface SiteEnvelope {
  site: SiteFull;
}

/** `GET /v3/telemetry/latest`: a data point without `timestamp` = no value within the relevance interval. */
export interface DataPoint {
  timestamp?: number | null;
  value?: unknown;
}
export interface LatestTelemetryResponse {
  telemetry: Record<string, Record<string, DataPoint | null>>;
}
/** What the node outputs per attribute: epoch ms and ISO (the vendor sends epoch seconds). */
export interface LatestValue {
  value: unknown;
  timestamp: number;
  time: string;
}

export const COMMAND_OPERATIONS = ['execute', 'start', 'get', 'list'] as const;
export type CommandOperation = (typeof COMMAND_OPERATIONS)[number];
/** The node properties each operation of enapter-command shows besides device_id (SPEC 7.5). */
export const COMMAND_FIELDS: Readonly<Record<CommandOperation, readonly string[]>> = {
  execute: ['command', 'wait'],
  start: ['command'],
  get: [],
  list: [],
};

export const EXECUTION_STATES = ['NEW', 'IN_PROGRESS', 'SUCCESS', 'ERROR', 'TIMEOUT', 'UNSYNC'] as const;
export type ExecutionState = (typeof EXECUTION_STATES)[number];
export const FINAL_STATES: readonly ExecutionState[] = ['SUCCESS', 'ERROR', 'TIMEOUT', 'UNSYNC'];
export const EXECUTION_ORDERS = ['CREATED_AT_ASC', 'CREATED_AT_DESC'] as const;

export interface CommandRequest {
  name: string;
  arguments: Record<string, unknown>;
}
export interface CommandResponse {
  state: 'STARTED' | 'IN_PROGRESS' | 'SUCCEEDED' | 'ERROR';
  payload?: unknown;
  received_at?: string;
}
export interface Execution {
  id: string;
  device_id: string;
  state: ExecutionState;
  created_at: string;
  request: CommandRequest;
  response?: CommandResponse | null;
  log?: CommandResponse[];
}
export interface ExecutionEnvelope {
  execution: Execution;
}
export interface StartedExecution {
  execution_id: string;
}
export interface ExecutionsPage {
  executions: Execution[];
}
