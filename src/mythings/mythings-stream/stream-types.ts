// The MyThings stream (seed 001, "Stream Definitions"): what MyThings POSTs to a stream URL, and
// the normalized msg.payload of SPEC 5.6. Pure types, no Node-RED import.

/** The kinds of document a stream definition sends. */
export type StreamType = 'uplink' | 'decoded' | 'location' | 'downlinkSent' | 'custom';

/** The body formats the node accepts. */
export type StreamFormat = 'xml' | 'json';

/** One LRR (gateway) of an Actility `<Lrrs><Lrr>` list. */
export interface StreamGateway {
  id?: string;
  rssi?: number;
  snr?: number;
  esp?: number;
}

export interface StreamLocation {
  latitude: number;
  longitude: number;
}

/** A decoded container value: numeric strings become numbers. */
export type ContainerValue = number | string | boolean;

/** Normalized msg.payload (SPEC 5.6). Every field but `type` and `raw` is absent when the source lacks it. */
export interface NormalizedUplink {
  type: StreamType;
  devEUI?: string;
  time?: string;
  timestamp?: number;
  fPort?: number;
  fCntUp?: number;
  fCntDn?: number;
  payloadHex?: string;
  devAddr?: string;
  rssi?: number;
  snr?: number;
  sf?: number;
  gateways?: StreamGateway[];
  location?: StreamLocation;
  values?: Record<string, ContainerValue>;
  units?: Record<string, string>;
  thingName?: string;
  companyName?: string;
  customerData?: unknown;
  /** The parsed source document, untouched (XML: `{ <root element>: {...} }`); with `split` on the first part only. */
  raw?: unknown;
}

/** A body that parsed: its format, the root element (XML) and the document object. */
export interface ParsedStreamDocument {
  format: StreamFormat;
  /** XML root element name without namespace prefix (`DevEUI_uplink`); absent for JSON. */
  root?: string;
  /** The object whose keys are the vendor's field names (XML: the root element's content). */
  fields: Record<string, unknown>;
  /** What `raw` carries. */
  source: unknown;
}

export interface NormalizeOptions {
  /** IANA zone for `dd/MM/yyyy HH:mm:ss` and other stamps without an offset (default UTC). */
  timezone?: string;
}

/** The fixed answers (SPEC 5.6): status line and body carry no variable data. */
export type StreamAnswer = 200 | 400 | 401 | 413 | 415;

/** A body that is not a stream document (answered 400). The message never quotes the body. */
export class StreamParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StreamParseError';
  }
}

/** A body that holds more values than one request may cost (SPEC 3.8; answered 413). */
export class StreamTooLargeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StreamTooLargeError';
  }
}
