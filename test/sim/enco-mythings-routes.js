'use strict';
// MyThings API 1.1.0 on the EnCo simulator (seed 001): provisioning, downlink, query, status and
// stream definitions. In-memory things; the Definitions of the seed as answer shapes and its
// validation sentences (javax.validation messages) in 400 answers:
//   {code: "400", message: "Validation failed", errors: [{field, message}]}   (DownlinkResponse/Error)
// Other backend errors use the same {code, message} shape (404 unknown thing, 409 duplicate).
// Paged answers are PageResource: content, number (0-based), size, totalPages, totalElements,
// numberOfElements, first, last, links, sort. Every route checks the bearer (sim.checkBearer).
//
// opts: pageSize (default 10), logsPerThing (default 25), seedThings (default true)
// sim.throttle(n): at most n calls per second, then 429 + Retry-After (EnCo's gateway fault)

const BASE = '/mythings/1.1.0';
const HEX = (n) => new RegExp(`^[0-9a-fA-F]{${n}}$`);
const CONNECTIVITY = ['LORA.ABP', 'LORA.OTAA', 'ETHERNET'];
const MOTION = ['Near static', 'Walking speed', 'Vehicle speed', 'Random'];
const INTERVALS = { HOURLY: 3600e3, DAILY: 86400e3, WEEKLY: 7 * 86400e3, MONTHLY: 30 * 86400e3 };

const problem = (status, message, errors = []) => ({ status, body: { code: String(status), message, errors } });
const invalid = (errors) => problem(400, 'Validation failed', errors);
const notFound = (message) => problem(404, message);

/** A deterministic number from a string (logs of a thing look the same on every run). */
function hash(s) {
  let h = 2166136261;
  for (const c of String(s)) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
  return h;
}

function isInt(v) {
  return typeof v === 'number' ? Number.isInteger(v) : typeof v === 'string' && /^-?\d+$/.test(v);
}

function install(sim, opts = {}) {
  const pageSize = opts.pageSize ?? 10;
  const logsPerThing = opts.logsPerThing ?? 25;
  const company = { companyId: 162, name: 'Proximus Demo Company' };

  sim.mythingsStatus = 'UP';
  sim.things = new Map();
  sim.downlinks = [];
  sim.removedContainers = new Map(); // thingIdentifier -> Set(container)
  sim.thingTypes = new Map([
    [10, { connectivityType: 'LORA', name: 'Temperature & Humidity Sensor', vendor: 'Adeunis', vendorReference: 'ARF8170', version: 1 }],
    [24, { connectivityType: 'ETHERNET', name: 'Ethernet Gateway', vendor: 'Proximus', vendorReference: 'ETH-1', version: 1 }],
    [33, { connectivityType: 'LORA', name: 'Motion Sensor', vendor: 'Sensative', vendorReference: 'STRIPS-MS', version: 2 }],
  ]);
  const containersOf = (typeId) =>
    typeId === 33
      ? [
          { container: 'motion', containerId: 1, name: 'Motion', type: 'boolean' },
          { container: 'battery', containerId: 2, name: 'Battery level', type: 'number' },
        ]
      : [
          { container: 'temperature', containerId: 3, name: 'Temperature', type: 'number' },
          { container: 'humidity', containerId: 4, name: 'Humidity', type: 'number' },
          { container: 'battery', containerId: 2, name: 'Battery level', type: 'number' },
        ];
  sim.vendors = [{ name: 'Adeunis' }, { name: 'Proximus' }, { name: 'Sensative' }];
  sim.connectivityPlans = [
    {
      companyName: company.name,
      subscriberId: 'SUB-000162',
      connectivityPlans: [
        { assignedthings: 0, connectivitytype: 'LORA', id: 'pxs-iot-cs/96-up-transactions-0-down', name: '96 up, 0 down' },
        { assignedthings: 0, connectivitytype: 'LORA', id: 'pxs-iot-cs/288-up-transactions-24-down', name: '288 up, 24 down' },
      ],
    },
  ];
  sim.basestations = new Map(
    ['BS-0001', 'BS-0002', 'BS-0003'].map((id, i) => [
      id,
      {
        basestationId: id,
        basestationName: `Base station ${i + 1}`,
        companyId: company.companyId,
        companyName: company.name,
        firmware: '2.4.1',
        lastRestart: new Date(Date.UTC(2026, 0, 10 + i)).toISOString(),
        location: { latitude: String(50.8 + i / 100), longitude: String(4.35 + i / 100), name: `Site ${i + 1}`, locationtype: 'MANUAL' },
        state: ['CONNECTED', 'NEVERCONNECTED', 'CONNECTIONLOST'][i],
      },
    ]),
  );
  sim.businessRules = [
    { name: 'High temperature', operator: '>', threshold: 30, timeToWait: 10, triggerOnce: false, action: 'EMAIL', parameter1: 'temperature' },
    { name: 'Low battery', operator: '<', threshold: 10, timeToWait: 60, triggerOnce: true, action: 'DOWNLINK', parameter1: 'battery', templateName: 'reboot' },
  ];
  sim.triggeredRules = [
    { businessRuleId: 1, company: company.name, timestamp: Date.UTC(2026, 1, 1, 8), businessRuleDTO: sim.businessRules[0], triggeredByDTO: { triggeredContainer: 'temperature' } },
    { businessRuleId: 1, company: company.name, timestamp: Date.UTC(2026, 1, 2, 8), businessRuleDTO: sim.businessRules[0], triggeredByDTO: { triggeredContainer: 'temperature' } },
    { businessRuleId: 2, company: company.name, timestamp: Date.UTC(2026, 1, 3, 8), businessRuleDTO: sim.businessRules[1], triggeredByDTO: { triggeredContainer: 'battery' } },
  ];
  sim.templates = [
    { name: 'reboot', uid: 'tpl-reboot-0001' },
    { name: 'set interval 15 min', uid: 'tpl-interval-0015' },
  ];
  sim.streamDefinitions = new Map();
  let nextStreamId = 1;
  let nextThingId = 1000;
  // device addresses: free pool, reserved per company, assigned
  sim.deviceAddresses = { free: Array.from({ length: 64 }, (_, i) => (0x07fff000 + i).toString(16).toUpperCase().padStart(8, '0')), reserved: new Map(), assigned: new Set() };
  const reservedOf = (companyId) => {
    if (!sim.deviceAddresses.reserved.has(companyId)) sim.deviceAddresses.reserved.set(companyId, []);
    return sim.deviceAddresses.reserved.get(companyId);
  };
  reservedOf(company.companyId).push(...sim.deviceAddresses.free.splice(0, 4));

  // EnCo's API gateway throttling: at most `limit` MyThings calls per second, then 429 with the
  // gateway's fault body and Retry-After: 1. Off unless sim.throttle(limit) is called.
  let throttle = null;
  sim.throttle = (limit) => {
    throttle = limit ? { limit, windowStart: 0, count: 0 } : null;
  };
  sim.counts.throttled = 0;
  const throttled = () => {
    if (!throttle) return null;
    const now = Date.now();
    if (now - throttle.windowStart >= 1000) {
      throttle.windowStart = now;
      throttle.count = 0;
    }
    if (++throttle.count <= throttle.limit) return null;
    sim.counts.throttled = (sim.counts.throttled || 0) + 1;
    return { status: 429, headers: { 'Retry-After': '1' }, body: { fault: { code: 900800, message: 'Message throttled out', description: 'You have exceeded your quota' } } };
  };

  const route = (method, path, handler) =>
    sim.route(method, BASE + path, (req) => {
      const denied = sim.checkBearer(req);
      if (denied) return denied;
      const busy = throttled();
      if (busy) return busy;
      return handler(req);
    });

  const thingOr404 = (id) => sim.things.get(id) || null;
  const missingThing = (id) => notFound(`Thing with identifier ${id} not found`);

  // ---- validation of ThingCreateRequest / ThingUpdateRequest (seed Definitions) -------------
  function keyErrors(keys, type, errors, prefix) {
    if (type === 'LORA.OTAA') {
      if (keys.applicationEUI == null) errors.push({ field: `${prefix}.applicationEUI`, message: 'ApplicationEUI may not be null' });
      else if (String(keys.applicationEUI).length !== 16) errors.push({ field: `${prefix}.applicationEUI`, message: 'ApplicationEUI must be 16 characters' });
      if (keys.applicationKey == null) errors.push({ field: `${prefix}.applicationKey`, message: 'ApplicationKey may not be null' });
      else if (String(keys.applicationKey).length !== 32) errors.push({ field: `${prefix}.applicationKey`, message: 'ApplicationKey must be 32 characters' });
    }
    if (type === 'LORA.ABP') {
      if (keys.networkSessionKey === undefined && prefix === 'keys') errors.push({ field: `${prefix}.networkSessionKey`, message: 'NetworkSessionKey may not be null' });
      else if (keys.networkSessionKey !== undefined && String(keys.networkSessionKey).length !== 32) {
        errors.push({ field: `${prefix}.networkSessionKey`, message: 'NetworksKey must be 32 characters' });
      }
      for (const [i, k] of (Array.isArray(keys.applicationSessionkeys) ? keys.applicationSessionkeys : []).entries()) {
        if (k && k.applicationSessionKey !== undefined && String(k.applicationSessionKey).length !== 32) {
          errors.push({ field: `${prefix}.applicationSessionkeys[${i}].applicationSessionKey`, message: 'ApplicationSessionKey must be 32 characters' });
        }
      }
    }
  }

  function createErrors(b) {
    const errors = [];
    if (!b || typeof b !== 'object' || Array.isArray(b)) return [{ field: 'thingCreateRequest', message: 'Required request body is missing' }];
    if (b.companyId === undefined || b.companyId === null) errors.push({ field: 'companyId', message: 'CompanyId may not be null' });
    else if (!isInt(b.companyId)) errors.push({ field: 'companyId', message: 'CompanyId must be an integer' });
    if (b.connectivityType === undefined || b.connectivityType === null) errors.push({ field: 'connectivityType', message: 'ConnectivityType may not be null' });
    else if (String(b.connectivityType).trim() === '') errors.push({ field: 'connectivityType', message: 'ConnectivityType may not be blank' });
    else if (!CONNECTIVITY.includes(b.connectivityType)) errors.push({ field: 'connectivityType', message: "ConnectivityType can only be of type 'LORA.ABP', 'LORA.OTAA' or 'ETHERNET'" });
    if (b.thingTypeId === undefined || b.thingTypeId === null) errors.push({ field: 'thingTypeId', message: 'ThingTypeId may not be null' });
    if (b.motionIndicator !== undefined && !MOTION.includes(b.motionIndicator)) {
      errors.push({ field: 'motionIndicator', message: 'MotionIndicator can only be Near static, Walking speed, Vehicle speed or Random' });
    }
    if (b.deviceAddress !== undefined && String(b.deviceAddress).length !== 8) errors.push({ field: 'deviceAddress', message: 'DeviceAddress must be 8 characters' });
    if (CONNECTIVITY.includes(b.connectivityType) && b.connectivityType !== 'ETHERNET') {
      if (!b.thingIdentifier) errors.push({ field: 'thingIdentifier', message: 'ThingIdentifier may not be null' });
      else if (!HEX(16).test(b.thingIdentifier)) errors.push({ field: 'thingIdentifier', message: 'ThingIdentifier must be 16 hexadecimal characters' });
      if (!b.keys || typeof b.keys !== 'object') errors.push({ field: 'keys', message: 'Keys may not be null' });
      else keyErrors(b.keys, b.connectivityType, errors, 'keys');
    }
    return errors;
  }

  function updateErrors(b, thing) {
    const errors = [];
    if (!b || typeof b !== 'object' || Array.isArray(b)) return [{ field: 'thingUpdateRequest', message: 'Required request body is missing' }];
    if (b.deviceAddress !== undefined && String(b.deviceAddress).length !== 8) errors.push({ field: 'deviceAddress', message: 'DeviceAddress must be 8 characters' });
    if (b.keysLoRaOTAA) keyErrors(b.keysLoRaOTAA, 'LORA.OTAA', errors, 'keysLoRaOTAA');
    if (b.keysLoRaABP) keyErrors(b.keysLoRaABP, 'LORA.ABP', errors, 'keysLoRaABP');
    if (b.motionIndicator !== undefined && !MOTION.includes(b.motionIndicator)) {
      errors.push({ field: 'motionIndicator', message: 'MotionIndicator can only be Near static, Walking speed, Vehicle speed or Random' });
    }
    if (b.thingTypeId !== undefined && !sim.thingTypes.has(Number(b.thingTypeId))) errors.push({ field: 'thingTypeId', message: `ThingType with id ${b.thingTypeId} does not exist` });
    if ((b.keysLoRaOTAA && thing.connectivityType !== 'LORA.OTAA') || (b.keysLoRaABP && thing.connectivityType !== 'LORA.ABP')) {
      errors.push({ field: b.keysLoRaOTAA ? 'keysLoRaOTAA' : 'keysLoRaABP', message: `Keys do not match the connectivity type ${thing.connectivityType}` });
    }
    return errors;
  }

  function makeThing(b) {
    const now = new Date().toISOString();
    const type = sim.thingTypes.get(Number(b.thingTypeId));
    const lora = b.connectivityType !== 'ETHERNET';
    return {
      thingId: nextThingId++,
      thingIdentifier: b.thingIdentifier || `ETH${String(nextThingId).padStart(13, '0')}`,
      thingName: b.thingName ?? '',
      description: b.description ?? '',
      companyId: Number(b.companyId),
      companyName: Number(b.companyId) === company.companyId ? company.name : `Company ${b.companyId}`,
      connectivityPlan: b.connectivityPlan,
      connectivityType: b.connectivityType,
      insertionDate: now,
      lastModifiedDate: now,
      iotProduct: 'MyThings',
      isPublic: b.isPublic === true,
      lastlocation: { latitude: b.latitude, longitude: b.longitude, locationFN1: b.locationFN1, locationFN2: b.locationFN2, timestamp: now },
      motionIndicator: b.motionIndicator,
      tags: Array.isArray(b.tags) ? [...b.tags] : [],
      technologyDetails: lora
        ? {
            activationType: b.connectivityType === 'LORA.OTAA' ? 'OTAA' : 'ABP',
            deviceAddress: b.deviceAddress,
            ...(b.connectivityType === 'LORA.OTAA' ? { keysLoRaOTAA: { ...b.keys } } : { keysLoRaABP: { ...b.keys } }),
            networkReady: true,
            provisioned: true,
          }
        : undefined,
      thingType: type.name,
      thingTypeId: Number(b.thingTypeId),
      vendor: type.vendor,
      serialNumber: b.serialNumber,
    };
  }
  /** The ThingResource of the seed (thingTypeId and serialNumber kept internal). */
  function view(t) {
    const { thingTypeId: _t, serialNumber: _s, ...rest } = t;
    return JSON.parse(JSON.stringify(rest));
  }
  sim.seedThing = (b) => {
    const t = makeThing(b);
    sim.things.set(t.thingIdentifier, t);
    return t;
  };
  if (opts.seedThings !== false) {
    sim.seedThing({
      connectivityType: 'LORA.OTAA',
      thingIdentifier: '0004A30B001C0001',
      companyId: 162,
      thingName: 'Office climate',
      thingTypeId: 10,
      isPublic: false,
      tags: ['office', 'climate'],
      latitude: '50.85',
      longitude: '4.35',
      keys: { applicationEUI: '70B3D57ED0000001', applicationKey: 'A1B2C3D4E5F60718293A4B5C6D7E8F90' },
    });
    sim.seedThing({
      connectivityType: 'LORA.ABP',
      thingIdentifier: '0004A30B001C0002',
      companyId: 162,
      thingName: 'Door motion',
      thingTypeId: 33,
      isPublic: true,
      tags: ['door'],
      deviceAddress: '07FFF0F0',
      keys: { networkSessionKey: '44341234123412344444123412341241', applicationSessionkeys: [{ applicationSessionKey: '11111234123412341234123412341243', port: '1' }] },
    });
  }

  // ---- history of a thing: generated deterministically, newest first ------------------------
  const LOG_STEP = 15 * 60e3;
  const logTimes = (id) => {
    const base = Date.UTC(2026, 10, 1) + (hash(id) % 1000) * 1000;
    return Array.from({ length: logsPerThing }, (_, i) => base - i * LOG_STEP);
  };
  function decodedLogs(t) {
    const containers = containersOf(t.thingTypeId).filter((c) => !(sim.removedContainers.get(t.thingIdentifier) || new Set()).has(c.container));
    const sensor = { active: true, locationName: t.lastlocation?.locationFN1 || '', mac: t.thingIdentifier, name: t.thingName, sensorId: t.thingId, type: t.thingType };
    return logTimes(t.thingIdentifier).map((ts, i) => {
      const c = containers[i % Math.max(1, containers.length)] || { container: 'none', containerId: 0, name: 'none', type: 'string' };
      const value = c.type === 'boolean' ? String(i % 2 === 0) : String(((hash(t.thingIdentifier + i) % 400) / 10 + 5).toFixed(1));
      return {
        clusterName: 'default',
        company: { companyId: t.companyId, name: t.companyName },
        container: c,
        count: 1,
        data: [{ ts, time: ts, type: c.type, value }],
        date: ts,
        location: t.lastlocation,
        sensor,
        sensorgroup: { sensorGroupId: 1, sensorGroupName: 'All sensors' },
        totalCount: logsPerThing,
      };
    });
  }
  function networkLogs(t) {
    return logTimes(t.thingIdentifier).map((ts, i) => ({
      ackBit: '0',
      adrBit: '1',
      battery: '254',
      channel: 'LC' + ((i % 3) + 1),
      companyId: t.companyId,
      companyName: t.companyName,
      createdOn: new Date(ts).toISOString(),
      customerID: 'SUB-000162',
      devAddr: t.technologyDetails?.deviceAddress || '0E001C01',
      devEUI: t.thingIdentifier,
      fcntDn: String(i),
      fcntUp: String(logsPerThing - i),
      fport: '1',
      late: '0',
      lrcid: '00000201',
      lrrLAT: '50.85',
      lrrLON: '4.35',
      lrrRSSI: String(-60 - (i % 40)),
      lrrSNR: String(5 - (i % 10)),
      lrrid: 'BS-0001',
      lrrs: [{ lrrESP: '-70.5', lrrRSSI: String(-60 - (i % 40)), lrrSNR: '5.0', lrrid: 'BS-0001' }],
      mType: '2',
      payload_hex: (hash(t.thingIdentifier + ':' + i) >>> 0).toString(16).padStart(8, '0'),
      spFact: '7',
      subBand: 'G1',
      time: ts,
      timeStr: new Date(ts).toISOString(),
      type: 'UPLINK',
    }));
  }
  function locationLogs(t) {
    return logTimes(t.thingIdentifier).map((ts, i) => ({
      company: { companyId: t.companyId, name: t.companyName },
      count: 1,
      created_on: new Date(ts).toISOString(),
      data: [{ accuracy: 50 + i, latitude: 50.85 + i / 1000, longitude: 4.35 + i / 1000, time: ts, ts, type: 'LBS' }],
      date: ts,
      sensor: { active: true, mac: t.thingIdentifier, name: t.thingName, sensorId: t.thingId, type: t.thingType },
      updated_on: ts,
    }));
  }
  function pageOf(all, q, path) {
    if (q.page !== undefined && !isInt(q.page)) return invalid([{ field: 'page', message: 'page must be an integer' }]);
    if (q.timeframe !== undefined && !isInt(q.timeframe)) return invalid([{ field: 'timeframe', message: 'timeframe must be an integer' }]);
    let items = all;
    const byTime = (x) => x.date ?? x.time;
    if (q.timeframe !== undefined) {
      // timeframe: days back from the newest entry
      const newest = items.length ? byTime(items[0]) : 0;
      items = items.filter((x) => byTime(x) > newest - Number(q.timeframe) * 86400e3);
    }
    if (q.startTime) items = items.filter((x) => byTime(x) >= Date.parse(q.startTime));
    if (q.endTime) items = items.filter((x) => byTime(x) <= Date.parse(q.endTime));
    const number = Number(q.page ?? 0);
    const totalPages = Math.ceil(items.length / pageSize);
    const content = items.slice(number * pageSize, (number + 1) * pageSize);
    return {
      status: 200,
      body: {
        content,
        first: number === 0,
        last: number >= totalPages - 1,
        links: [{ href: `${BASE}${path}?page=${number}`, rel: 'self', templated: false }],
        number,
        numberOfElements: content.length,
        size: pageSize,
        sort: {},
        totalElements: items.length,
        totalPages,
      },
    };
  }
  function counts(all, q) {
    if (!q.interval) return invalid([{ field: 'interval', message: "Required request parameter 'interval' is not present" }]);
    const step = INTERVALS[q.interval];
    if (!step) return invalid([{ field: 'interval', message: 'interval must be one of HOURLY, DAILY, WEEKLY, MONTHLY' }]);
    let times = all.map((x) => x.date ?? x.time);
    if (q.startTime) times = times.filter((t) => t >= Date.parse(q.startTime));
    if (q.endTime) times = times.filter((t) => t <= Date.parse(q.endTime));
    const buckets = new Map();
    for (const t of times) {
      const start = Math.floor(t / step) * step;
      buckets.set(start, (buckets.get(start) || 0) + 1);
    }
    return { status: 200, body: [...buckets.entries()].sort((a, b) => a[0] - b[0]).map(([s, count]) => ({ count, startTime: new Date(s).toISOString(), endTime: new Date(s + step).toISOString() })) };
  }

  // ---- things --------------------------------------------------------------------------------
  route('GET', '/things', (req) => {
    const q = req.query;
    if (q.results !== undefined && !isInt(q.results)) return invalid([{ field: 'results', message: 'results must be an integer' }]);
    let list = [...sim.things.values()];
    if (q.isPublic !== undefined) list = list.filter((t) => String(t.isPublic) === q.isPublic);
    if (q.thingName) list = list.filter((t) => (t.thingName || '').toLowerCase().includes(q.thingName.toLowerCase()));
    if (q.tags) {
      // tags=a&tags=b (the seed's "multi"); a comma list is read too, as Spring does
      const tags = req.queryAll.tags.flatMap((t) => t.split(','));
      list = list.filter((t) => t.tags.some((x) => tags.includes(x)));
    }
    if (q.modifiedSince) list = list.filter((t) => Date.parse(t.lastModifiedDate) >= Date.parse(q.modifiedSince));
    if (q.lastActivity) list = list.filter((t) => Date.parse(t.lastModifiedDate) >= Date.parse(q.lastActivity));
    if (q.results !== undefined) list = list.slice(0, Number(q.results));
    return { status: 200, body: list.map(view) };
  });
  route('POST', '/things', (req) => {
    const b = req.body;
    const errors = createErrors(b);
    if (errors.length === 0 && !sim.thingTypes.has(Number(b.thingTypeId))) errors.push({ field: 'thingTypeId', message: `ThingType with id ${b.thingTypeId} does not exist` });
    if (errors.length) return invalid(errors);
    sim.accepted('thing', b.thingIdentifier || b.deviceAddress || b.thingName); // a create request (a duplicate counts too)
    if (b.thingIdentifier && sim.things.has(b.thingIdentifier)) return problem(409, `Thing with identifier ${b.thingIdentifier} already exists`);
    if (b.deviceAddress) {
      const addr = String(b.deviceAddress).toUpperCase();
      if ([...sim.things.values()].some((t) => (t.technologyDetails?.deviceAddress || '').toUpperCase() === addr)) {
        return problem(409, `DeviceAddress ${b.deviceAddress} is already in use`);
      }
    }
    const t = sim.seedThing(b);
    return { status: 200, body: view(t) };
  });
  route('GET', '/things/:id', (req) => {
    const t = thingOr404(req.params.id);
    return t ? { status: 200, body: view(t) } : missingThing(req.params.id);
  });
  route('PUT', '/things/:id', (req) => {
    const t = thingOr404(req.params.id);
    if (!t) return missingThing(req.params.id);
    const b = req.body;
    const errors = updateErrors(b, t);
    if (errors.length) return invalid(errors);
    for (const k of ['companyId', 'connectivityPlan', 'description', 'isPublic', 'motionIndicator', 'thingName']) if (b[k] !== undefined) t[k] = b[k];
    if (Array.isArray(b.tags)) t.tags = [...b.tags];
    for (const k of ['latitude', 'longitude', 'locationFN1', 'locationFN2']) if (b[k] !== undefined) t.lastlocation[k] = b[k];
    if (b.thingTypeId !== undefined) {
      t.thingTypeId = Number(b.thingTypeId);
      t.thingType = sim.thingTypes.get(t.thingTypeId).name;
    }
    if (b.deviceAddress && t.technologyDetails) t.technologyDetails.deviceAddress = b.deviceAddress;
    if (b.keysLoRaOTAA) t.technologyDetails.keysLoRaOTAA = { ...b.keysLoRaOTAA };
    if (b.keysLoRaABP) t.technologyDetails.keysLoRaABP = { ...t.technologyDetails.keysLoRaABP, ...b.keysLoRaABP };
    t.lastModifiedDate = new Date().toISOString();
    return { status: 200, body: view(t) };
  });
  route('DELETE', '/things/:id', (req) => {
    if (!sim.things.delete(req.params.id)) return missingThing(req.params.id);
    return { status: 200, body: '' };
  });
  const loraOnly = (t) => (t.connectivityType === 'ETHERNET' ? problem(400, `Thing ${t.thingIdentifier} is not a LoRa thing: this only applies for LoRa things`) : null);
  route('POST', '/things/:id/provision', (req) => {
    const t = thingOr404(req.params.id);
    if (!t) return missingThing(req.params.id);
    const bad = loraOnly(t);
    if (bad) return bad;
    t.technologyDetails.provisioned = true;
    return { status: 200, body: { status: 'OK', message: `Thing ${t.thingIdentifier} provisioned on the network` } };
  });
  route('DELETE', '/things/:id/deprovision', (req) => {
    const t = thingOr404(req.params.id);
    if (!t) return missingThing(req.params.id);
    const bad = loraOnly(t);
    if (bad) return bad;
    t.technologyDetails.provisioned = false;
    return { status: 200, body: { status: 'OK', message: `Thing ${t.thingIdentifier} removed from the network` } };
  });
  route('PUT', '/things/:id/tags', (req) => {
    const t = thingOr404(req.params.id);
    if (!t) return missingThing(req.params.id);
    const tags = req.body;
    if (!Array.isArray(tags) || tags.some((x) => typeof x !== 'string')) return invalid([{ field: 'tags', message: 'tags must be an array of strings' }]);
    for (const tag of tags) if (!t.tags.includes(tag)) t.tags.push(tag);
    t.lastModifiedDate = new Date().toISOString();
    return { status: 200, body: view(t) };
  });
  route('GET', '/things/:id/type', (req) => {
    const t = thingOr404(req.params.id);
    if (!t) return missingThing(req.params.id);
    const type = sim.thingTypes.get(t.thingTypeId);
    const removed = sim.removedContainers.get(t.thingIdentifier) || new Set();
    return {
      status: 200,
      body: {
        connectivityType: t.connectivityType,
        containers: containersOf(t.thingTypeId).filter((c) => !removed.has(c.container)),
        thingType: type.name,
        thingTypeVersion: String(type.version),
        vendor: type.vendor,
        vendorReference: type.vendorReference,
      },
    };
  });

  // ---- query ---------------------------------------------------------------------------------
  const withThing = (fn) => (req) => {
    const t = thingOr404(req.params.id);
    return t ? fn(t, req) : missingThing(req.params.id);
  };
  route('GET', '/things/:id/locations', withThing((t, req) => pageOf(locationLogs(t), req.query, req.path.slice(BASE.length))));
  route('GET', '/things/:id/logs/decoded', withThing((t, req) => pageOf(decodedLogs(t), req.query, req.path.slice(BASE.length))));
  route('GET', '/things/:id/logs/decoded/count', withThing((t, req) => counts(decodedLogs(t), req.query)));
  route('GET', '/things/:id/logs/network', withThing((t, req) => pageOf(networkLogs(t), req.query, req.path.slice(BASE.length))));
  route('GET', '/things/:id/logs/network/count', withThing((t, req) => counts(networkLogs(t), req.query)));
  route(
    'GET',
    '/things/:id/type/:containerName/values',
    withThing((t, req) => {
      const name = req.params.containerName;
      if (!containersOf(t.thingTypeId).some((c) => c.container === name)) return notFound(`Container ${name} not found for thing ${t.thingIdentifier}`);
      const q = req.query;
      if (q.results !== undefined && !isInt(q.results)) return invalid([{ field: 'results', message: 'results must be an integer' }]);
      let values = decodedLogs(t)
        .filter((l) => l.container.container === name)
        .map((l) => ({ container: name, thingType: t.thingType, timestamp: l.date, value: l.data[0].value }));
      if (q.startTime) values = values.filter((v) => v.timestamp >= Date.parse(q.startTime));
      if (q.endTime) values = values.filter((v) => v.timestamp <= Date.parse(q.endTime));
      if (q.results !== undefined) values = values.slice(0, Number(q.results));
      return { status: 200, body: values };
    }),
  );
  route('DELETE', '/things/:id/:containerFriendlyName', (req) => {
    const t = thingOr404(req.params.id);
    if (!t) return missingThing(req.params.id);
    const name = req.params.containerFriendlyName;
    const removed = sim.removedContainers.get(t.thingIdentifier) || new Set();
    if (!containersOf(t.thingTypeId).some((c) => c.container === name) || removed.has(name)) {
      return notFound(`Container ${name} not found for thing ${t.thingIdentifier}`);
    }
    removed.add(name);
    sim.removedContainers.set(t.thingIdentifier, removed);
    return { status: 200, body: { status: 'OK', message: `Container ${name} deleted from thing ${t.thingIdentifier}` } };
  });
  route('GET', '/basestations', () => ({ status: 200, body: [...sim.basestations.values()] }));
  route('GET', '/basestations/:basestationId', (req) => {
    const b = sim.basestations.get(req.params.basestationId);
    return b ? { status: 200, body: b } : notFound(`Basestation ${req.params.basestationId} not found`);
  });
  route('PUT', '/basestations/:basestationId', (req) => {
    const bs = sim.basestations.get(req.params.basestationId);
    if (!bs) return notFound(`Basestation ${req.params.basestationId} not found`);
    const b = req.body || {};
    if (b.companyId !== undefined && Number(b.companyId) !== bs.companyId) return problem(400, `Basestation ${bs.basestationId} does not belong to company ${b.companyId}`);
    if (b.latitude !== undefined) bs.location.latitude = String(b.latitude);
    if (b.longitude !== undefined) bs.location.longitude = String(b.longitude);
    if (b.locationName !== undefined) bs.location.name = b.locationName;
    return { status: 200, body: bs };
  });
  route('GET', '/businessrules', () => ({ status: 200, body: { body: sim.businessRules, statusCode: 'OK', statusCodeValue: 200 } }));
  route('GET', '/businessrulestriggered', () => ({ status: 200, body: sim.triggeredRules }));
  route('GET', '/businessrulestriggered/:businessRuleId', (req) => {
    const id = req.params.businessRuleId;
    if (!isInt(id)) return invalid([{ field: 'businessRuleId', message: 'businessRuleId must be an integer' }]);
    if (Number(id) < 1 || Number(id) > sim.businessRules.length) return notFound(`Business rule ${id} not found`);
    let list = sim.triggeredRules.filter((r) => r.businessRuleId === Number(id));
    if (req.query.action) list = list.filter((r) => r.businessRuleDTO.action === req.query.action);
    if (req.query.containerName) list = list.filter((r) => r.triggeredByDTO.triggeredContainer === req.query.containerName);
    return { status: 200, body: list };
  });
  route('GET', '/containerdefinitions', (req) => {
    const all = [];
    for (const [id, type] of sim.thingTypes) {
      for (const c of containersOf(id)) all.push({ connectivityType: type.connectivityType, container: c.container, name: c.name, thingTypeName: type.name, vendor: type.vendor });
    }
    const name = req.query.thingTypeName;
    return { status: 200, body: name ? all.filter((d) => d.thingTypeName === name) : all };
  });
  route('GET', '/status', () => ({ status: 200, body: sim.mythingsStatus }));

  // ---- admin ---------------------------------------------------------------------------------
  route('GET', '/thingtypes', () => ({ status: 200, body: [...sim.thingTypes.values()] }));
  route('GET', '/vendors', () => ({ status: 200, body: sim.vendors }));
  route('GET', '/connectivityplans', () => ({ status: 200, body: sim.connectivityPlans }));
  const addressQuery = (q) => {
    const errors = [];
    if (q.companyId === undefined) errors.push({ field: 'companyId', message: "Required request parameter 'companyId' is not present" });
    else if (!isInt(q.companyId)) errors.push({ field: 'companyId', message: 'companyId must be an integer' });
    if (q.amount === undefined) errors.push({ field: 'amount', message: "Required request parameter 'amount' is not present" });
    else if (!isInt(q.amount) || Number(q.amount) < 1) errors.push({ field: 'amount', message: 'amount must be a positive integer' });
    return errors;
  };
  route('GET', '/deviceaddress', (req) => {
    const errors = addressQuery(req.query);
    if (errors.length) return invalid(errors);
    const companyId = Number(req.query.companyId);
    const amount = Number(req.query.amount);
    const reserved = reservedOf(companyId);
    if (reserved.length < amount) return problem(400, `Only ${reserved.length} reserved device addresses are available for company ${companyId}`);
    return { status: 200, body: { amount, companyId, devAddresses: reserved.slice(0, amount) } };
  });
  route('GET', '/deviceaddress/reserve', (req) => {
    const errors = addressQuery(req.query);
    if (errors.length) return invalid(errors);
    const companyId = Number(req.query.companyId);
    const amount = Number(req.query.amount);
    if (sim.deviceAddresses.free.length < amount) return problem(400, `Only ${sim.deviceAddresses.free.length} device addresses are left to reserve`);
    const got = sim.deviceAddresses.free.splice(0, amount);
    reservedOf(companyId).push(...got);
    return { status: 200, body: { amount, companyId, devAddresses: got } };
  });
  route('PUT', '/deviceaddress/assign', (req) => {
    const b = req.body || {};
    const errors = [];
    if (!isInt(b.companyId)) errors.push({ field: 'companyId', message: 'CompanyId may not be null' });
    if (!Array.isArray(b.devAddresses) || b.devAddresses.length === 0) errors.push({ field: 'devAddresses', message: 'DevAddresses may not be empty' });
    if (errors.length) return invalid(errors);
    const reserved = reservedOf(Number(b.companyId));
    for (const a of b.devAddresses) {
      if (!reserved.includes(String(a).toUpperCase())) return problem(400, `Device address ${a} is not reserved for company ${b.companyId}`);
    }
    for (const a of b.devAddresses) {
      reserved.splice(reserved.indexOf(String(a).toUpperCase()), 1);
      sim.deviceAddresses.assigned.add(String(a).toUpperCase());
    }
    return { status: 200, body: { amount: b.devAddresses.length, companyId: Number(b.companyId), devAddresses: b.devAddresses } };
  });

  const streamView = (s) => {
    const { password: _p, ...rest } = s;
    return JSON.parse(JSON.stringify(rest));
  };
  const streamErrors = (b, create) => {
    const errors = [];
    if (create) {
      if (!b.name) errors.push({ field: 'name', message: 'Name may not be blank' });
      if (!b.url) errors.push({ field: 'url', message: 'Url may not be blank' });
      if (!b.type) errors.push({ field: 'type', message: 'Type may not be null' });
      if (b.companyId === undefined) errors.push({ field: 'companyId', message: 'CompanyId may not be null' });
    }
    if (b.type !== undefined && !['NETWORK', 'DECODED', 'LOCATION', 'LBS'].includes(b.type)) errors.push({ field: 'type', message: 'Type can only be NETWORK, DECODED, LOCATION or LBS' });
    if (b.contentType !== undefined && !['JSON', 'XML', 'FREEFORM'].includes(b.contentType)) errors.push({ field: 'contentType', message: 'ContentType can only be JSON, XML or FREEFORM' });
    if (b.url !== undefined && !/^https?:\/\//.test(b.url)) errors.push({ field: 'url', message: 'Url must be a valid HTTP or HTTPS URL' });
    return errors;
  };
  route('GET', '/streamdefinitions', () => ({ status: 200, body: [...sim.streamDefinitions.values()].map(streamView) }));
  route('GET', '/streamdefinitions/:sid', (req) => {
    const s = sim.streamDefinitions.get(req.params.sid);
    return s ? { status: 200, body: streamView(s) } : notFound(`Stream definition ${req.params.sid} not found`);
  });
  route('POST', '/streamdefinitions', (req) => {
    const b = req.body || {};
    const errors = streamErrors(b, true);
    if (errors.length) return invalid(errors);
    if (b.mutualAuth === true) return problem(400, 'Mutual authentication is not activated for this company');
    sim.accepted('streamDefinition', b.name); // a create request (one of the same name sent twice counts twice)
    const s = { id: String(nextStreamId++), active: false, autoLink: false, basicAuth: false, mutualAuth: false, contentType: 'JSON', headers: [], ...b };
    sim.streamDefinitions.set(s.id, s);
    return { status: 200, body: streamView(s) };
  });
  route('PUT', '/streamdefinitions/:sid', (req) => {
    const s = sim.streamDefinitions.get(req.params.sid);
    if (!s) return notFound(`Stream definition ${req.params.sid} not found`);
    const b = req.body || {};
    const errors = streamErrors(b, false);
    if (errors.length) return invalid(errors);
    Object.assign(s, b, { id: s.id });
    return { status: 200, body: streamView(s) };
  });
  route('DELETE', '/streamdefinitions/:sid', (req) => {
    if (!sim.streamDefinitions.delete(req.params.sid)) return notFound(`Stream definition ${req.params.sid} not found`);
    return { status: 200, body: '' };
  });

  // ---- downlink ------------------------------------------------------------------------------
  route('POST', '/downlink', (req) => {
    const b = req.body || {};
    const errors = [];
    if (!b.devEUI) errors.push({ field: 'devEUI', message: 'DevEUI may not be null' });
    const port = Number(b.fPort);
    if (b.fPort === undefined || b.fPort === null) errors.push({ field: 'fPort', message: 'FPort may not be null' });
    else if (!isInt(b.fPort) || port < 1 || port > 255) errors.push({ field: 'fPort', message: 'FPort must be between 1-255' });
    if (b.payload === undefined || b.payload === null) errors.push({ field: 'payload', message: 'Payload may not be null' });
    else if (!/^([0-9a-fA-F]{2}){1,50}$/.test(String(b.payload))) errors.push({ field: 'payload', message: 'Payload must be HEX with even bytes (max 50 bytes)' });
    for (const k of ['encrypted', 'ack']) if (b[k] !== undefined && !['0', '1'].includes(String(b[k]))) errors.push({ field: k, message: `${k} must be 0 or 1` });
    if (errors.length) return invalid(errors);
    const t = thingOr404(b.devEUI);
    if (!t) return missingThing(b.devEUI);
    if (t.connectivityType === 'ETHERNET') return problem(400, `Thing ${b.devEUI} is not a LoRa thing`);
    sim.downlinks.push({ ...b, at: Date.now() });
    return { status: 200, body: { code: '200', message: `Downlink queued for ${b.devEUI}`, errors: [] } };
  });
  route('POST', '/downlink/template/:templateUid', (req) => {
    const tpl = sim.templates.find((x) => x.uid === req.params.templateUid);
    if (!tpl) return notFound(`Configuration template ${req.params.templateUid} not found`);
    const b = req.body || {};
    if (!Array.isArray(b.thingIdentifiers) || b.thingIdentifiers.length === 0) return invalid([{ field: 'thingIdentifiers', message: 'ThingIdentifiers may not be empty' }]);
    const errors = b.thingIdentifiers.filter((id) => !sim.things.has(id)).map((id) => ({ field: 'thingIdentifiers', message: `Thing with identifier ${id} not found` }));
    for (const id of b.thingIdentifiers) if (sim.things.has(id)) sim.downlinks.push({ devEUI: id, template: tpl.uid, at: Date.now() });
    return { status: 200, body: { code: errors.length ? '207' : '200', message: `Template ${tpl.name} sent to ${b.thingIdentifiers.length - errors.length} things`, errors } };
  });
  route('GET', '/configurationtemplates', () => ({ status: 200, body: sim.templates }));

  // ---- the stream (issue 16): what MyThings does with its stream definitions ------------------
  // Every ACTIVE definition gets uplinks POSTed to its url, with its security (Basic
  // userName/password when basicAuth, and its headers), in the format its type and content type
  // name. So a mythings-stream node that registered itself receives the stream with no hand-set URL.
  //   sim.streamOnce()            -> one document to every active definition: [{id, url, status}]
  //   sim.startStream({rate})     -> the same at `rate` per second until sim.stop() / stopStream()
  //   sim.streamRewrite(url)      -> the URL actually used (the sandbox maps :1880 to its own port)
  const emitter = require('./mythings-stream-sim').create({ seed: opts.streamSeed ?? 7, sensors: 4 });
  sim.streamRewrite = (u) => u;
  sim.streamed = { sent: 0, ok: 0, failed: 0, log: [] };
  const kindsOf = (def) => {
    if (def.type === 'NETWORK') return ['uplink'];
    if (def.type === 'LOCATION' || def.type === 'LBS') return ['location'];
    if (def.contentType === 'FREEFORM') return ['freeform'];
    return ['decoded', 'perContainer', 'aggregated'];
  };
  const headersOf = (def) => {
    const h = {};
    if (def.basicAuth && def.userName !== undefined) h.Authorization = 'Basic ' + Buffer.from(`${def.userName}:${def.password ?? ''}`).toString('base64');
    for (const e of Array.isArray(def.headers) ? def.headers : []) if (e && e.key) h[e.key] = String(e.value ?? '');
    return h;
  };
  let tick = 0;
  sim.streamOnce = async () => {
    const active = [...sim.streamDefinitions.values()].filter((d) => d.active === true && typeof d.url === 'string');
    return Promise.all(
      active.map(async (def) => {
        const kinds = kindsOf(def);
        const doc = emitter.next(kinds[tick++ % kinds.length]);
        const url = sim.streamRewrite(def.url);
        sim.streamed.sent++;
        let status;
        try {
          status = (await emitter.post(url, doc, { headers: headersOf(def) })).status;
        } catch {
          status = 'error';
        }
        if (status === 200) sim.streamed.ok++;
        else sim.streamed.failed++;
        sim.streamed.log.push({ id: def.id, url, status, kind: doc.kind });
        if (sim.streamed.log.length > 200) sim.streamed.log.shift();
        return { id: def.id, url, status };
      }),
    );
  };
  let streamTimer = null;
  sim.startStream = ({ rate = 0.4 } = {}) => {
    sim.stopStream();
    const loop = () => {
      streamTimer = setTimeout(() => sim.streamOnce().finally(() => streamTimer && loop()), 1000 / Math.max(0.01, rate));
    };
    loop();
  };
  sim.stopStream = () => {
    if (streamTimer) clearTimeout(streamTimer);
    streamTimer = null;
  };
  const stopServer = sim.stop.bind(sim);
  sim.stop = () => {
    sim.stopStream();
    return emitter.stop().then(() => stopServer());
  };
}

module.exports = { install };
