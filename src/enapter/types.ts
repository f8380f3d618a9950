/** Enapter Cloud v3 provisioning shapes, typed from seed 003. */

export const OPERATIONS = ['ucm', 'vucm', 'embedded', 'link_master', 'link_slave', 'standalone', 'lua_device', 'gateway'] as const;
export type Operation = (typeof OPERATIONS)[number];

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
