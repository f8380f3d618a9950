'use strict';
// mythings-downlink against the EnCo simulator: every operation of SPEC 5.3 (success and one failure),
// every validation rule (INVALID_INPUT and no request at all, not even /token) and node properties
// as defaults (devEUI, fPort, ack, encrypted, templateUid).
// The seeded things, thing bodies and the four-node flow: test/lib/mythings.js.
const { run } = require('../lib/harness');
const { BASE, OTAA_ID, ABP_ID, NODE_DEFAULTS, hex, useMyThings } = require('../lib/mythings');

describe('mythings-downlink (against the EnCo simulator)', function () {
  let sim;
  const my = useMyThings((s) => (sim = s));
  const { call, ok, fails, apiRequests } = my;

  my.withFlow('operations (success and one failure each)', {}, () => {
    it('downlink send: a Buffer payload is sent as hex, fPort as a string, ack/encrypted 0/1', async function () {
      const m = ok(await call('downlink', 'send', { devEUI: OTAA_ID, fPort: 9, payload: Buffer.from([0x04, 0xfd, 0x20, 0xd9]), encrypted: 0, ack: true }));
      m.payload.code.should.equal('200');
      apiRequests('POST', '/downlink')[0].body.should.eql({ devEUI: OTAA_ID, fPort: '9', payload: '04FD20D9', encrypted: 0, ack: 1 });
    });
    it('downlink send failure: unknown devEUI -> NOT_FOUND; a 503 is not retried (no duplicate downlink)', async function () {
      fails(await call('downlink', 'send', { devEUI: '9999888877776666', fPort: '9', payload: '04FD20D9' }), 'NOT_FOUND', /9999888877776666 not found/);
      sim.inject({ match: { method: 'POST', path: BASE + '/downlink' }, status: 503, times: 1 });
      fails(await call('downlink', 'send', { devEUI: OTAA_ID, fPort: 1, payload: '00' }), 'SERVER_ERROR');
      apiRequests('POST', '/downlink').should.have.length(2);
    });
    it('downlink template: POST /downlink/template/{uid} {thingIdentifiers}; failure: unknown template -> NOT_FOUND', async function () {
      const m = ok(await call('downlink', 'template', { templateUid: 'tpl-reboot-0001', thingIdentifiers: `${OTAA_ID},${ABP_ID}` }));
      m.payload.message.should.match(/sent to 2 things/);
      apiRequests('POST', '/downlink/template/tpl-reboot-0001')[0].body.should.eql({ thingIdentifiers: [OTAA_ID, ABP_ID] });
      fails(await call('downlink', 'template', { templateUid: 'tpl-nope', thingIdentifiers: [OTAA_ID] }), 'NOT_FOUND', /tpl-nope/);
    });
    it('downlink templates: GET /configurationtemplates; failure: 503 retried then SERVER_ERROR after 1 + retries', async function () {
      const m = ok(await call('downlink', 'templates'));
      m.payload.map((t) => t.uid).should.containEql('tpl-reboot-0001');
      sim.clearLog();
      sim.inject({ match: { path: BASE + '/configurationtemplates' }, status: 503 });
      fails(await call('downlink', 'templates'), 'SERVER_ERROR');
      apiRequests('GET', '/configurationtemplates').should.have.length(4);
    });
  });

  my.withFlow('node properties are defaults, the msg wins', NODE_DEFAULTS, () => {
    it('downlink send takes devEUI/fPort/ack/encrypted from the node; msg.payload may be the hex data or a Buffer', async function () {
      ok(await run('nd', { payload: 'a1b2' }));
      ok(await run('nd', { payload: Buffer.from('hi') }));
      const bodies = apiRequests('POST', '/downlink').map((r) => r.body);
      bodies[0].should.eql({ devEUI: OTAA_ID, fPort: '12', payload: 'A1B2', encrypted: 0, ack: 1 });
      bodies[1].payload.should.equal('6869');
      // template: the node's templateUid, msg.payload the array of things
      ok(await run('nd', { operation: 'template', payload: [OTAA_ID, ABP_ID] }));
      apiRequests('POST', '/downlink/template/tpl-interval-0015')[0].body.should.eql({ thingIdentifiers: [OTAA_ID, ABP_ID] });
    });
  });

  my.validation([
    // downlink (SPEC 5.3)
    ['downlink', 'send', { devEUI: hex(15), fPort: 9, payload: '00' }, /devEUI must be 16 hexadecimal/],
    ['downlink', 'send', { fPort: 9, payload: '00' }, /devEUI is required/],
    ['downlink', 'send', { devEUI: OTAA_ID, fPort: 0, payload: '00' }, /fPort must be at least 1/],
    ['downlink', 'send', { devEUI: OTAA_ID, fPort: 256, payload: '00' }, /fPort must be at most 255/],
    ['downlink', 'send', { devEUI: OTAA_ID, fPort: 'x', payload: '00' }, /fPort must be an integer/],
    ['downlink', 'send', { devEUI: OTAA_ID, payload: '00' }, /fPort is required/],
    ['downlink', 'send', { devEUI: OTAA_ID, fPort: 9, payload: 'ABC' }, /payload must be hex of even length/],
    ['downlink', 'send', { devEUI: OTAA_ID, fPort: 9, payload: 'XYZW' }, /payload must be hexadecimal/],
    ['downlink', 'send', { devEUI: OTAA_ID, fPort: 9, payload: Buffer.alloc(51) }, /payload must be at most 50 bytes/],
    ['downlink', 'send', { devEUI: OTAA_ID, fPort: 9 }, /payload is required/],
    ['downlink', 'send', { devEUI: OTAA_ID, fPort: 9, payload: '00', encrypted: 2 }, /encrypted must be at most 1/],
    ['downlink', 'send', { devEUI: OTAA_ID, fPort: 9, payload: '00', ack: 'yes' }, /ack must be an integer/],
    ['downlink', 'template', { thingIdentifiers: [OTAA_ID] }, /templateUid is required/],
    ['downlink', 'template', { templateUid: 'tpl-reboot-0001', thingIdentifiers: [] }, /thingIdentifiers must not be empty/],
    ['downlink', 'template', { templateUid: 'tpl-reboot-0001', thingIdentifiers: ['nothex'] }, /thingIdentifiers\[0\] must be 16 hexadecimal/],
  ]);
});
