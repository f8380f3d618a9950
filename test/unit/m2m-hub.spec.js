'use strict';
const should = require('should');
const { M2mHub, openDevicesOf } = require('../../nodes/m2m/hub.js');

const dev = (identifier, identifierType = 'MSISDN') => ({ identifier, identifierType });
const upd = (trackingNumber, device, resultStatus = 'Success') => ({ trackingNumber, device, resultStatus, messages: [] });

describe('m2m-hub: matching status updates to waiting requests', function () {
  let hub;
  beforeEach(() => {
    hub = new M2mHub();
  });
  afterEach(() => {
    hub.stats().timers.should.equal(0, 'a test left a timer');
  });

  function waitFor(accountId, trackingNumber, devices, timeoutMs = 2000) {
    const got = [];
    const ticket = hub.begin(accountId);
    const w = ticket.wait({ trackingNumber, devices, timeoutMs, onUpdate: (u) => got.push(u) });
    return { w, got };
  }

  it('ends when every device has answered; counts failures', async function () {
    hub.listen('acc');
    const { w, got } = waitFor('acc', 'tn1', [dev('32470000001'), dev('32470000002')]);
    hub.deliver('acc', upd('tn1', dev('32470000001'))).should.be.true();
    hub.stats().waits.should.equal(1);
    hub.deliver('acc', upd('tn1', dev('32470000002'), 'Failed')).should.be.true();
    (await w.promise).should.eql({ received: 2, failed: 1, cancelled: false });
    got.should.have.length(2);
    hub.stats().should.containEql({ waits: 0, timers: 0, inflight: 0, held: 0 });
  });

  it('updates of another account or another TrackingNumber do not count', async function () {
    const { w, got } = waitFor('acc', 'tn1', [dev('32470000001')], 200);
    hub.deliver('other', upd('tn1', dev('32470000001'))).should.be.false();
    hub.deliver('acc', upd('tn2', dev('32470000001'))).should.be.false();
    await w.promise.should.be.rejectedWith({ code: 'CALLBACK_TIMEOUT' });
    got.should.have.length(0);
  });

  it('the race: updates delivered while the request is in flight are held and matched on wait()', async function () {
    const ticket = hub.begin('acc');
    hub.deliver('acc', upd('tn-race', dev('32470000001'))).should.be.true();
    hub.deliver('acc', upd('tn-race', dev('32470000002'))).should.be.true();
    hub.stats().held.should.equal(2);
    const got = [];
    const w = ticket.wait({ trackingNumber: 'tn-race', devices: [dev('32470000001'), dev('32470000002')], timeoutMs: 2000, onUpdate: (u) => got.push(u) });
    (await w.promise).received.should.equal(2);
    got.should.have.length(2);
    hub.stats().should.containEql({ held: 0, inflight: 0 });
  });

  it('held updates of other requests are dropped once nothing is in flight', function () {
    const a = hub.begin('acc');
    hub.deliver('acc', upd('tn-nobody', dev('32470000009'))).should.be.true();
    hub.stats().held.should.equal(1);
    a.release();
    hub.stats().held.should.equal(0);
    hub.deliver('acc', upd('tn-nobody', dev('32470000009'))).should.be.false();
    hub.stats().held.should.equal(0);
  });

  it('holding is bounded', function () {
    const t = hub.begin('acc');
    for (let i = 0; i < 1050; i++) hub.deliver('acc', upd('tn' + i, dev('32470000001')));
    hub.stats().held.should.equal(1000);
    t.release();
    hub.stats().held.should.equal(0);
  });

  it('another update for a device that answered already is passed on but counts once', async function () {
    const { w, got } = waitFor('acc', 'tn1', [dev('32470000001'), dev('32470000002')], 300);
    hub.deliver('acc', upd('tn1', dev('32470000001'), 'Failed'));
    hub.deliver('acc', upd('tn1', dev('32470000001')));
    got.map((u) => u.resultStatus).should.eql(['Failed', 'Success']);
    const err = await w.promise.then(
      () => null,
      (e) => e,
    );
    err.code.should.equal('CALLBACK_TIMEOUT');
    err.message.should.match(/1 of 2 device\(s\)/);
    err.message.should.containEql('MSISDN 32470000002');
    err.message.should.not.containEql('32470000001');
    openDevicesOf(err).should.eql([dev('32470000002')]);
  });

  it('updates naming the SIM by another identifier count, and the timeout says which may be open', async function () {
    const { w } = waitFor('acc', 'tn1', [dev('32470000001'), dev('32470000002'), dev('32470000003')], 200);
    hub.deliver('acc', upd('tn1', dev('8932010000000000000001', 'ICCID')));
    const err = await w.promise.then(
      () => null,
      (e) => e,
    );
    err.message.should.match(/2 of 3 device/);
    err.message.should.match(/named their SIM by another identifier/);
    openDevicesOf(err).should.have.length(3);
  });

  it('all answered by ICCID ends the wait', async function () {
    const { w } = waitFor('acc', 'tn1', [dev('32470000001'), dev('32470000002')]);
    hub.deliver('acc', upd('tn1', dev('8932010000000000000001', 'ICCID')));
    hub.deliver('acc', upd('tn1', dev('8932010000000000000002', 'ICCID')));
    (await w.promise).received.should.equal(2);
  });

  it('the timeout names at most 20 devices, then "and N more"', async function () {
    const devices = Array.from({ length: 25 }, (_, i) => dev('324700000' + String(i).padStart(2, '0')));
    const { w } = waitFor('acc', 'tn1', devices, 50);
    const err = await w.promise.then(
      () => null,
      (e) => e,
    );
    err.message.should.match(/25 of 25/);
    err.message.should.match(/and 5 more/);
  });

  it('cancel() ends the wait without an error and clears its timer', async function () {
    const { w } = waitFor('acc', 'tn1', [dev('32470000001')], 60_000);
    hub.stats().timers.should.equal(1);
    w.cancel();
    (await w.promise).cancelled.should.be.true();
    hub.stats().should.containEql({ waits: 0, timers: 0, accounts: 0 });
    w.cancel();
  });

  it('listen() / hasListener per account', function () {
    hub.hasListener('acc').should.be.false();
    const off = hub.listen('acc');
    hub.hasListener('acc').should.be.true();
    hub.hasListener('other').should.be.false();
    off();
    off();
    hub.hasListener('acc').should.be.false();
    hub.stats().accounts.should.equal(0);
  });

  describe('the same update delivered twice (locally and through the broker, SPEC 11)', function () {
    it('is output once and the wait completes once', async function () {
      hub.listen('acc');
      const { w, got } = waitFor('acc', 'tn-dup', [dev('32470000001'), dev('32470000002')]);
      hub.deliver('acc', upd('tn-dup', dev('32470000001'))).should.be.true();
      // the broker's copy: a JSON round trip of the same update
      hub.deliver('acc', JSON.parse(JSON.stringify(upd('tn-dup', dev('32470000001'))))).should.be.true();
      got.should.have.length(1);
      hub.deliver('acc', upd('tn-dup', dev('32470000002'))).should.be.true();
      (await w.promise).should.eql({ received: 2, failed: 0, cancelled: false });
      // the broker's copy of the last update, after the wait ended: dropped, not held
      const t = hub.begin('acc');
      hub.deliver('acc', upd('tn-dup', dev('32470000002'))).should.be.true();
      hub.stats().held.should.equal(0);
      t.release();
      got.should.have.length(2);
    });

    it('twice during the race (both held before the answer): output once', async function () {
      const ticket = hub.begin('acc');
      hub.deliver('acc', upd('tn-r2', dev('32470000001')));
      hub.deliver('acc', upd('tn-r2', dev('32470000001')));
      const got = [];
      const w = ticket.wait({ trackingNumber: 'tn-r2', devices: [dev('32470000001'), dev('32470000002')], timeoutMs: 300, onUpdate: (u) => got.push(u) });
      got.should.have.length(1);
      await w.promise.should.be.rejectedWith({ code: 'CALLBACK_TIMEOUT' });
      got.should.have.length(1);
    });

    it('the identifier type is compared without case, the messages are compared', async function () {
      const { w, got } = waitFor('acc', 'tn-m', [dev('32470000001'), dev('32470000002')]);
      hub.deliver('acc', { ...upd('tn-m', dev('32470000001'), 'Failed'), messages: ['busy'] });
      hub.deliver('acc', { ...upd('tn-m', dev('32470000001', 'msisdn'), 'Failed'), messages: ['busy'] });
      got.should.have.length(1);
      hub.deliver('acc', { ...upd('tn-m', dev('32470000001'), 'Failed'), messages: ['busy', 'again'] });
      got.should.have.length(2);
      hub.deliver('acc', upd('tn-m', dev('32470000002')));
      (await w.promise).should.eql({ received: 2, failed: 1, cancelled: false });
    });

    it('the same update on another account is not a duplicate', async function () {
      const a = waitFor('acc', 'tn-x', [dev('32470000001')]);
      const b = waitFor('acc2', 'tn-x', [dev('32470000001')]);
      hub.deliver('acc', upd('tn-x', dev('32470000001')));
      hub.deliver('acc2', upd('tn-x', dev('32470000001')));
      (await a.w.promise).received.should.equal(1);
      (await b.w.promise).received.should.equal(1);
    });

    it('the memory of delivered updates is bounded', async function () {
      for (let i = 0; i < 10_050; i++) {
        const { w } = waitFor('acc', 'tn-b' + i, [dev('32470000001')]);
        hub.deliver('acc', upd('tn-b' + i, dev('32470000001')));
        await w.promise;
      }
      hub.seenCount().should.equal(10_000);
    });
  });
});
