/** MyThings API 1.1.0 shapes, typed from the Definitions of seed 001. */
import type { PageResource } from '../core/paging';
import type { Query } from '../core/http';

export const BASE_PATH = '/mythings/1.1.0';

export const THING_OPERATIONS = ['list', 'get', 'create', 'update', 'delete', 'provision', 'deprovision', 'tags', 'type', 'deleteContainer'] as const;
export type ThingOperation = (typeof THING_OPERATIONS)[number];
/** The node properties each operation of mythings-thing takes as defaults (SPEC 5.2); the dialog shows the same rows. */
export const THING_FIELDS: Readonly<Record<ThingOperation, readonly string[]>> = {
  list: ['thingName', 'results'],
  get: ['thingIdentifier'],
  create: ['connectivityType', 'companyId', 'thingTypeId', 'connectivityPlan', 'motionIndicator'],
  update: ['thingIdentifier', 'companyId', 'thingTypeId', 'connectivityPlan', 'motionIndicator'],
  delete: ['thingIdentifier'],
  provision: ['thingIdentifier'],
  deprovision: ['thingIdentifier'],
  tags: ['thingIdentifier'],
  type: ['thingIdentifier'],
  deleteContainer: ['thingIdentifier', 'containerFriendlyName'],
};
/** Operations that process an array in msg.payload item by item (SPEC 3.2). */
export const THING_BULK_OPERATIONS: readonly ThingOperation[] = ['create', 'update', 'delete'];

export const DOWNLINK_OPERATIONS = ['send', 'template', 'templates'] as const;
export type DownlinkOperation = (typeof DOWNLINK_OPERATIONS)[number];
/** A LoRaWAN application port (fPort, SPEC 5.3). */
export const FPORT = { min: 1, max: 255 } as const;
/** The node properties each operation of mythings-downlink uses (SPEC 5.3). */
export const DOWNLINK_FIELDS: Readonly<Record<DownlinkOperation, readonly string[]>> = {
  send: ['devEUI', 'fPort', 'ack', 'encrypted'],
  template: ['templateUid'],
  templates: [],
};

export const QUERY_OPERATIONS = [
  'locations',
  'decodedLogs',
  'decodedLogCount',
  'networkLogs',
  'networkLogCount',
  'containerValues',
  'basestations',
  'basestation',
  'businessRules',
  'triggeredRules',
  'triggeredRule',
  'containerDefinitions',
  'status',
] as const;
export type QueryOperation = (typeof QUERY_OPERATIONS)[number];
/** The node properties each operation of mythings-query uses (SPEC 5.4). */
export const QUERY_FIELDS: Readonly<Record<QueryOperation, readonly string[]>> = {
  locations: ['thingIdentifier', 'pages', 'timeframe'],
  decodedLogs: ['thingIdentifier', 'pages', 'timeframe'],
  decodedLogCount: ['thingIdentifier', 'interval'],
  networkLogs: ['thingIdentifier', 'pages', 'timeframe'],
  networkLogCount: ['thingIdentifier', 'interval'],
  containerValues: ['thingIdentifier', 'containerName', 'results'],
  basestations: [],
  basestation: ['basestationId'],
  businessRules: [],
  triggeredRules: [],
  triggeredRule: ['businessRuleId'],
  containerDefinitions: ['thingTypeName'],
  status: [],
};
/** Operations answered with a PageResource (SPEC 5.4): they honour `pages`. */
export const PAGED_OPERATIONS: readonly QueryOperation[] = ['locations', 'decodedLogs', 'networkLogs'];

export const ADMIN_OPERATIONS = [
  'thingTypes',
  'vendors',
  'connectivityPlans',
  'deviceAddresses',
  'reserveDeviceAddresses',
  'assignDeviceAddresses',
  'updateBasestation',
  'listStreamDefinitions',
  'getStreamDefinition',
  'createStreamDefinition',
  'updateStreamDefinition',
  'deleteStreamDefinition',
] as const;
export type AdminOperation = (typeof ADMIN_OPERATIONS)[number];
/** The node properties each operation of mythings-admin uses (SPEC 5.5). */
export const ADMIN_FIELDS: Readonly<Record<AdminOperation, readonly string[]>> = {
  thingTypes: [],
  vendors: [],
  connectivityPlans: [],
  deviceAddresses: ['companyId', 'amount'],
  reserveDeviceAddresses: ['companyId', 'amount'],
  assignDeviceAddresses: ['companyId'],
  updateBasestation: ['basestationId', 'companyId'],
  listStreamDefinitions: [],
  getStreamDefinition: ['streamDefinitionId'],
  createStreamDefinition: ['companyId'],
  updateStreamDefinition: ['streamDefinitionId'],
  deleteStreamDefinition: ['streamDefinitionId'],
};

export const CONNECTIVITY_TYPES = ['LORA.ABP', 'LORA.OTAA', 'ETHERNET'] as const;
export type ConnectivityType = (typeof CONNECTIVITY_TYPES)[number];
export const MOTION_INDICATORS = ['Near static', 'Walking speed', 'Vehicle speed', 'Random'] as const;
export const INTERVALS = ['HOURLY', 'DAILY', 'WEEKLY', 'MONTHLY'] as const;
export const PAGES = ['one', 'all'] as const;
export type Pages = (typeof PAGES)[number];
/** Seed 001: NETWORK, DECODED, LOCATION ("DECODED or LOCATION stream definition"), LBS (the portal's name for it). */
export const STREAM_TYPES = ['NETWORK', 'DECODED', 'LOCATION', 'LBS'] as const;
/** Seed 001: "in XML, JSON or FREEFORM". */
export const STREAM_CONTENT_TYPES = ['JSON', 'XML', 'FREEFORM'] as const;

export interface ApplicationSessionKeyResource {
  applicationSessionKey?: string;
  port?: string;
}
export interface ThingKeysLoRaABP {
  applicationSessionkeys?: ApplicationSessionKeyResource[];
  networkSessionKey?: string;
}
export interface ThingKeysLoRaOTAA {
  applicationEUI: string;
  applicationKey: string;
}

/** ThingCreateRequest as the seed's examples send it (keys and deviceAddress beside the Definition's fields). */
export interface ThingCreateRequest {
  connectivityType: ConnectivityType;
  thingIdentifier?: string;
  companyId: number;
  thingTypeId: number;
  thingName?: string;
  description?: string;
  isPublic?: boolean;
  longitude?: string;
  latitude?: string;
  locationFN1?: string;
  locationFN2?: string;
  connectivityPlan?: string;
  deviceAddress?: string;
  keys?: ThingKeysLoRaOTAA | ThingKeysLoRaABP;
  tags?: string[];
  motionIndicator?: string;
  serialNumber?: string;
}

export interface ThingUpdateRequest {
  companyId?: number;
  connectivityPlan?: string;
  description?: string;
  deviceAddress?: string;
  isPublic?: boolean;
  keysLoRaABP?: ThingKeysLoRaABP;
  keysLoRaOTAA?: ThingKeysLoRaOTAA;
  latitude?: string;
  locationFN1?: string;
  locationFN2?: string;
  longitude?: string;
  motionIndicator?: string;
  tags?: string[];
  thingName?: string;
  thingTypeId?: number;
}

export interface Location {
  altitude?: number;
  estimatedradius?: number;
  latitude?: string;
  longitude?: string;
  locationFN1?: string;
  locationFN2?: string;
  locationtype?: string;
  name?: string;
  timestamp?: string;
}

export interface ThingResource {
  thingIdentifier: string;
  thingId?: number;
  thingName?: string;
  companyId?: number;
  companyName?: string;
  connectivityPlan?: string;
  connectivityType?: string;
  description?: string;
  insertionDate?: string;
  lastModifiedDate?: string;
  isPublic?: boolean;
  lastlocation?: Location;
  motionIndicator?: string;
  tags?: string[];
  technologyDetails?: {
    activationType?: string;
    deviceAddress?: string;
    keysLoRaABP?: ThingKeysLoRaABP;
    keysLoRaOTAA?: ThingKeysLoRaOTAA;
    networkReady?: boolean;
    provisioned?: boolean;
  };
  thingType?: string;
  vendor?: string;
}

export interface StatusMessageDTO {
  message?: string;
  status?: string;
}

export interface DownlinkRequest {
  devEUI: string;
  fPort: string;
  payload: string;
  encrypted?: number;
  ack?: number;
}
export interface DownlinkTemplateRequest {
  thingIdentifiers: string[];
}
export interface DownlinkResponse {
  code?: string;
  errors?: Array<{ field?: string; message?: string }>;
  message?: string;
}

export interface CountResponse {
  count?: number;
  startTime?: string;
  endTime?: string;
}

export interface DeviceAddressAssignRequest {
  companyId: number;
  devAddresses: string[];
}
export interface DeviceAddressResponse {
  amount?: number;
  companyId?: number;
  devAddresses?: string[];
}

export interface BasestationUpdateRequest {
  companyId?: number;
  latitude?: string;
  longitude?: string;
  locationName?: string;
}

export interface StreamHeader {
  key: string;
  value: string;
}
/** The stream definition ("streamrequest") of the seed's examples. */
export interface StreamRequest {
  active?: boolean;
  autoLink?: boolean;
  companyId?: number;
  contentType?: string;
  basicAuth?: boolean;
  mutualAuth?: boolean;
  name?: string;
  template?: string;
  type?: string;
  url?: string;
  headers?: StreamHeader[];
  userName?: string;
  password?: string;
}

export type Page<T = unknown> = PageResource<T>;

/** A request the client sends: everything validated, in the seed's shapes. */
export interface ApiRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path under /mythings/1.1.0, identifiers already encoded. */
  path: string;
  query?: Query;
  body?: unknown;
}
