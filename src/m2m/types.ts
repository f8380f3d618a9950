/** Proximus EnCo M2M SIM API shapes, typed from seed 002 (base `{url}/m2m/1.0.0`). */

export const M2M_BASE = '/m2m/1.0.0';

/** The asynchronous requests (SPEC 6.1): operation -> path segment under /requests/. */
export const REQUEST_PATHS = {
  activate: 'activation',
  deactivate: 'deactivation',
  reactivate: 'reactivation',
  terminate: 'termination',
} as const;
export type RequestOperation = keyof typeof REQUEST_PATHS;
export const REQUEST_OPERATIONS = Object.keys(REQUEST_PATHS) as RequestOperation[];

export const OPERATIONS = ['get', 'activate', 'deactivate', 'reactivate', 'terminate', 'configureCallback'] as const;
export type Operation = (typeof OPERATIONS)[number];
const REQUEST_FIELDS = ['identifier', 'callbackToken', 'wait'];
/** The node properties each operation of m2m-sim uses (SPEC 6.1). */
export const SIM_FIELDS: Readonly<Record<Operation, readonly string[]>> = {
  get: ['msisdn'],
  activate: REQUEST_FIELDS,
  deactivate: REQUEST_FIELDS,
  reactivate: REQUEST_FIELDS,
  terminate: REQUEST_FIELDS,
  configureCallback: ['callbackUrl'],
};

export const IDENTIFIER_TYPES = ['MSISDN', 'ICCID', 'IMSI'] as const;
export type IdentifierType = (typeof IDENTIFIER_TYPES)[number];
/** Digits each identifier type has (SPEC 6.1). */
export const IDENTIFIER_DIGITS: Record<IdentifierType, { min: number; max: number }> = {
  MSISDN: { min: 8, max: 15 },
  ICCID: { min: 18, max: 22 },
  IMSI: { min: 15, max: 15 },
};

/** One device of a request body, and the `device` of a status update. */
export interface DeviceIdentifier {
  identifier: string;
  identifierType: IdentifierType;
}

/** The answer of every asynchronous request. */
export interface TrackingResponse {
  TrackingNumber: string;
}

/** A status update POSTed to the callback URL (with the header x-callback-token). */
export interface StatusUpdate {
  trackingNumber: string;
  device: { identifier: string; identifierType: string };
  resultStatus: string;
  messages?: unknown[];
}

/** POST /configure/callback body. `headers`: only Authorization and names starting with x-. */
export interface CallbackConfig {
  url: string;
  headers?: Record<string, string>;
}

export interface ServiceArea {
  Code: string;
  Description: string;
}

/** GET /simcards?msisdn= answers an array of these. */
export interface SimProfile {
  AccessPoints?: Array<{ Code: string; Properties?: { StaticIP?: string; UserName?: string; CustomName?: string } }>;
  CustomFields?: Record<string, string>;
  DataService?: {
    Plan?: { Code: string; Description: string; ServiceType: string };
    ServiceAreas?: ServiceArea[];
    Features?: Array<{ Code: string; Enabled: boolean }>;
    DailyTreshold?: number;
    MonthlyTreshold?: number;
  };
  SMSService?: { PlanCode?: string; ServiceAreas?: ServiceArea[]; FeatureCodes?: string[]; DailyTreshold?: number; MonthlyTreshold?: number };
  VoiceService?: { PlanCode?: string; ServiceAreas?: ServiceArea[]; FeatureCodes?: string[]; DailyTreshold?: number; MonthlyTreshold?: number };
  CostCenter?: string;
  State?: string;
  Device?: { Identifier: string; IdentifierType: string };
}
