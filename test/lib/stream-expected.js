'use strict';
// What mythings-stream makes of the seed's network uplink (seed 001 sample, SPEC 5.6 normalized
// form), written by hand from the seed: the unit table of the parser and the node test expect it.
// The seed's stamp has no offset and is Brussels winter time (UTC+1).
const BXL_WINTER = 3600_000;
const ms = Date.UTC(2019, 2, 22, 11, 14, 30, 426) - BXL_WINTER;

const SEED_UPLINK = Object.freeze({
  type: 'uplink',
  devEUI: '0011223344000259',
  time: new Date(ms).toISOString(),
  timestamp: ms,
  fPort: 2,
  fCntUp: 93473,
  fCntDn: 27080,
  payloadHex: '00',
  devAddr: '061008D0',
  rssi: -95,
  snr: 6,
  sf: 12,
  gateways: [
    { id: 'FF0107A5', rssi: -95, snr: 6, esp: -95.973228 },
    { id: 'FF010624', rssi: -107, snr: -20, esp: -127.043213 },
  ],
  customerData: { alr: { pro: 'LORA/Generic', ver: '1' } },
});

module.exports = { SEED_UPLINK };
