'use strict';
const should = require('should');
const { invalidInput } = require('../lib/assert');
const { helper, load, run, actionFlow, useSim, capture } = require('../lib/harness');
const { getStatus: get } = require('../lib/http-get');
const secrets = require('../lib/secrets');
const encloudSim = require('../sim/encloud-sim');
const { catalogNode } = require('../lib/i18n-catalog'); // status texts from the en-US catalogs

const creds = () => ({ acc: { email: secrets.encloudEmail, password: secrets.encloudPassword, apiKey: secrets.encloudApiKey } });

describe('encloud-user and encloud-hotlink (against the enCloud simulator)', function () {
  let sim;
  let url;
  useSim(() => encloudSim.create({ apiUsers: [{ email: secrets.encloudEmail, password: secrets.encloudPassword }], apiKeys: [secrets.encloudApiKey], devices: 20 }), {
    started: (s, u) => ([sim, url] = [s, u]),
    reset: () => sim.users.clear(),
  });

  const account = (props = {}) => ({ id: 'acc', type: 'encloud-account', url, timeout: 3000, retries: 2, concurrency: 4, ...props });
  const userFlow = (props = {}, acc = {}) => actionFlow({ id: 'n1', type: 'encloud-user', account: 'acc', operation: 'create', ...props }, account(acc));
  const hotFlow = (props = {}) => actionFlow({ id: 'n1', type: 'encloud-hotlink', account: 'acc', ...props }, account());
  const USER = ['encloud-account', 'encloud-user'].map((t) => catalogNode(t));
  const HOT = ['encloud-account', 'encloud-hotlink'].map((t) => catalogNode(t));
  const sedet = { user_type: 'ADMIN', customer_id: 'SDK15', email: 'sedetgungor@example.com', name: 'Sedet' };

  describe('encloud-user', function () {
    it('create: POST /integration/users with {"user": {...}} and the seed\'s answer', async function () {
      await load(USER, userFlow(), creds());
      const r = await run('n1', { payload: sedet, topic: 'keep' });
      should.not.exist(r.error);
      r.msg.payload.should.eql({ status: 200, description: 'User is created successfully.' });
      r.msg.statusCode.should.equal(200);
      r.msg.topic.should.equal('keep');
      const req = sim.requests({ method: 'POST', path: '/integration/users' });
      req.should.have.length(1);
      req[0].body.should.eql({ user: sedet });
      req[0].headers['content-type'].should.match(/application\/json/);
      req[0].headers['api-key'].should.equal(secrets.encloudApiKey);
      sim.users.get('sedetgungor@example.com').should.containEql({ user_type: 'ADMIN', customer_id: 'SDK15', name: 'Sedet' });
    });

    it('create an existing e-mail: "User with this email already exists." (400) -> CONFLICT', async function () {
      await load(USER, userFlow(), creds());
      await run('n1', { payload: sedet });
      const r = await run('n1', { payload: sedet });
      r.error.code.should.equal('CONFLICT');
      r.error.message.should.match(/User with this email already exists \(ivenCode 0\)/);
      r.msg.statusCode.should.equal(400);
      r.msg.payload.should.eql(sedet);
      sim.requests({ method: 'POST' }).should.have.length(2);
    });

    it('create in an unknown customer: "Customer is not present" -> REJECTED', async function () {
      await load(USER, userFlow(), creds());
      const r = await run('n1', { payload: { ...sedet, customer_id: 'NOPE1' } });
      r.error.code.should.equal('REJECTED');
      r.error.message.should.match(/Customer is not present/);
    });

    it('node user_type and customer_id are create defaults; a field in msg.payload wins', async function () {
      await load(USER, userFlow({ user_type: 'VIEWER', customer_id: 'YRK15' }), creds());
      await run('n1', { payload: { email: 'a@example.com', name: 'A' } });
      await run('n1', { payload: { email: 'b@example.com', name: 'B', user_type: 'ADMIN', customer_id: 'SDT15' } });
      const bodies = sim.requests({ method: 'POST' }).map((q) => q.body.user);
      bodies[0].should.eql({ user_type: 'VIEWER', email: 'a@example.com', name: 'A', customer_id: 'YRK15' });
      bodies[1].should.eql({ user_type: 'ADMIN', email: 'b@example.com', name: 'B', customer_id: 'SDT15' });
    });

    it('update: PUT ?email= with the changes; changed_email moves the user', async function () {
      await load(USER, userFlow({ operation: 'update' }), creds());
      sim.users.set('sedetgungor@example.com', { ...sedet });
      const r = await run('n1', { payload: { email: 'sedetgungor@example.com', user_type: 'VIEWER', name: 'Sedet G', changed_email: 'xx@example.com' } });
      should.not.exist(r.error);
      r.msg.payload.should.eql({ status: 200, description: 'User is updated successfully.' });
      const req = sim.requests({ method: 'PUT', path: '/integration/users' })[0];
      req.query.should.eql({ email: 'sedetgungor@example.com' });
      req.raw.should.match(/^\{"user":/);
      req.body.should.eql({ user: { user_type: 'VIEWER', name: 'Sedet G', changed_email: 'xx@example.com' } });
      sim.users.has('xx@example.com').should.be.true();
      sim.users.has('sedetgungor@example.com').should.be.false();
    });

    it('update an unknown user: "Given User not found" (404) -> NOT_FOUND; changed_email taken -> CONFLICT', async function () {
      await load(USER, userFlow({ operation: 'update' }), creds());
      const r = await run('n1', { payload: { email: 'ghost@example.com', name: 'x' } });
      r.error.code.should.equal('NOT_FOUND');
      r.error.message.should.match(/Given User not found/);
      r.msg.statusCode.should.equal(404);
      sim.users.set('a@example.com', { email: 'a@example.com' });
      sim.users.set('b@example.com', { email: 'b@example.com' });
      const c = await run('n1', { payload: { email: 'a@example.com', changed_email: 'b@example.com' } });
      c.error.code.should.equal('CONFLICT');
    });

    it('delete: DELETE ?email= (the e-mail as a string), no body; unknown -> NOT_FOUND', async function () {
      await load(USER, userFlow({ operation: 'delete' }), creds());
      sim.users.set('sedosgungor1@example.com', { email: 'sedosgungor1@example.com' });
      const r = await run('n1', { payload: 'sedosgungor1@example.com' });
      should.not.exist(r.error);
      r.msg.payload.should.eql({ status: 200, description: 'User is deleted successfully.' });
      const req = sim.requests({ method: 'DELETE' })[0];
      req.query.should.eql({ email: 'sedosgungor1@example.com' });
      req.raw.should.equal('');
      sim.users.size.should.equal(0);
      const again = await run('n1', { payload: { email: 'sedosgungor1@example.com' } });
      again.error.code.should.equal('NOT_FOUND');
    });

    it('msg.operation overrides the node operation', async function () {
      await load(USER, userFlow({ operation: 'create' }), creds());
      sim.users.set('x@example.com', { email: 'x@example.com' });
      const r = await run('n1', { operation: 'delete', payload: 'x@example.com' });
      should.not.exist(r.error);
      r.msg.statusCode.should.equal(200);
      r.msg.payload.should.eql({ status: 200, description: 'User is deleted successfully.' });
      sim.users.has('x@example.com').should.be.false();
      sim.requests({ method: 'DELETE' }).should.have.length(1);
    });

    describe('validation: INVALID_INPUT and no request at all', function () {
      const bad = [
        ['create with a bad e-mail', 'create', { ...sedet, email: 'not-an-email' }, /email must be an e-mail address/],
        ['create without e-mail', 'create', { ...sedet, email: '' }, /email is required/],
        ['create with user_type ROOT', 'create', { ...sedet, user_type: 'ROOT' }, /user_type must be one of ADMIN, VIEWER/],
        ['create without user_type', 'create', { ...sedet, user_type: undefined }, /user_type is required/],
        ['create without customer_id', 'create', { ...sedet, customer_id: '' }, /customer_id is required/],
        ['update with nothing to change', 'update', { email: 'a@example.com' }, /at least one of user_type, name, changed_email/],
        ['update with a bad changed_email', 'update', { email: 'a@example.com', changed_email: 'nope' }, /changed_email must be an e-mail address/],
        ['update with user_type viewer (lower case)', 'update', { email: 'a@example.com', user_type: 'viewer' }, /user_type/],
        ['delete with a bad e-mail string', 'delete', 'a@b', /email must be an e-mail address/],
        ['delete with a number (no payload: the node has no e-mail)', 'delete', 42, /email is required/],
        ['delete with a Buffer', 'delete', Buffer.from('a@example.com'), /msg.payload must be an object with the request fields or the email as a string/],
        ['an unknown operation', 'merge', sedet, /operation must be one of create, update, delete/],
      ];
      for (const [title, op, payload, re] of bad) {
        it(title, async function () {
          await load(USER, userFlow(), creds());
          invalidInput(await run('n1', { operation: op, payload }), re, sim);
        });
      }
    });

    it('bulk: 8 items (one invalid, one duplicate) -> 8 entries in input order, 7 POSTs', async function () {
      await load(USER, userFlow({ user_type: 'VIEWER', customer_id: 'SDK15' }), creds());
      const items = Array.from({ length: 8 }, (_, i) => ({ email: `bulk${i}@example.com`, name: `Bulk ${i}` }));
      items[3] = { email: 'broken', name: 'no e-mail' };
      items[6] = { email: 'bulk1@example.com', name: 'duplicate of 1' };
      const r = await run('n1', { payload: items, topic: 'csv' });
      should.not.exist(r.error);
      r.msg.topic.should.equal('csv');
      r.msg.payload.should.have.length(8);
      r.msg.payload.forEach((e, i) => e.input.should.eql(items[i]));
      r.msg.payload.map((e) => e.ok).should.eql([true, true, true, false, true, true, false, true]);
      r.msg.payload[3].error.code.should.equal('INVALID_INPUT');
      r.msg.payload[6].error.code.should.equal('CONFLICT');
      r.msg.payload[6].statusCode.should.equal(400);
      r.msg.payload[0].should.containEql({ statusCode: 200, result: { status: 200, description: 'User is created successfully.' } });
      sim.requests({ method: 'POST' }).should.have.length(7);
      sim.counts.authorise.should.equal(1);
      sim.users.size.should.equal(6);
    });

    it('a create answered 500 is not repeated (no duplicate user): SERVER_ERROR', async function () {
      sim.inject({ match: { method: 'POST' }, status: 500, times: 1 });
      await load(USER, userFlow(), creds());
      const r = await run('n1', { payload: sedet });
      r.error.code.should.equal('SERVER_ERROR');
      r.error.message.should.match(/Internal Server Error/);
      sim.requests({ method: 'POST' }).should.have.length(1);
    });

    it('no e-mail of a user in any status text', async function () {
      await load(USER, userFlow(), creds());
      const statuses = [];
      helper.getNode('n1').on('call:status', (c) => statuses.push(JSON.stringify(c.args[0])));
      await run('n1', { payload: sedet });
      await run('n1', { payload: sedet });
      await new Promise((r) => setTimeout(r, 20)); // the helper reports status calls on the next tick
      statuses.join().should.not.containEql('sedetgungor');
      statuses.join().should.containEql('user created');
      statuses.join().should.containEql('CONFLICT');
    });
  });

  describe('encloud-hotlink', function () {
    it('GET /integration/hotlink -> {token, url: <url>/redirect?token=}; the link logs in once, then 404', async function () {
      await load(HOT, hotFlow(), creds());
      const r = await run('n1', { payload: { email: 'sedosgungor@example.com', customer_id: 'YRK15' } });
      should.not.exist(r.error);
      r.msg.statusCode.should.equal(200);
      r.msg.payload.token.should.match(/^[0-9a-f]{32}$/);
      r.msg.payload.url.should.equal(`${url}/redirect?token=${r.msg.payload.token}`);
      const req = sim.requests({ path: '/integration/hotlink' })[0];
      req.query.should.eql({ email: 'sedosgungor@example.com', customer_id: 'YRK15' });
      req.headers['api-key'].should.equal(secrets.encloudApiKey);
      (await get(r.msg.payload.url)).should.eql({ status: 302, location: '/devices' });
      (await get(r.msg.payload.url)).should.eql({ status: 302, location: '/404' });
      capture.statuses.join().should.not.containEql(r.msg.payload.token);
    });

    it('a missing user is created in the customer; device_id leads to the device page', async function () {
      await load(HOT, hotFlow({ customer_id: 'SDK15', device_id: '00A0EB800002' }), creds());
      const r = await run('n1', { payload: 'new.person@example.com' });
      should.not.exist(r.error);
      r.msg.statusCode.should.equal(200);
      sim.users.get('new.person@example.com').should.containEql({ customer_id: 'SDK15' });
      sim.requests({ path: '/integration/hotlink' })[0].query.should.eql({ email: 'new.person@example.com', customer_id: 'SDK15', device_id: '00A0EB800002' });
      (await get(r.msg.payload.url)).location.should.equal('/devices/00A0EB800002');
    });

    it('an unknown customer: "Customer is not present" (400) -> REJECTED with the sentence', async function () {
      await load(HOT, hotFlow(), creds());
      const r = await run('n1', { payload: { email: 'a@example.com', customer_id: 'NOPE9' } });
      r.error.code.should.equal('REJECTED');
      r.error.message.should.equal('enCloud answered HTTP 400: Customer is not present (ivenCode 0).');
      r.msg.statusCode.should.equal(400);
    });

    const bad = [
      ['a bad e-mail', { email: 'nope', customer_id: 'SDK15' }, /email must be an e-mail address/],
      ['no customer_id', { email: 'a@example.com' }, /customer_id is required/],
      ['no e-mail', { customer_id: 'SDK15' }, /email is required/],
      ['a number (an inject timestamp: no payload, and the node has no e-mail)', 5, /email is required/],
      ['an array', ['a@example.com'], /msg.payload must be an object with the request fields or the email as a string \(got an array\)/],
    ];
    for (const [title, payload, re] of bad) {
      it(`validation: ${title} -> INVALID_INPUT, no request`, async function () {
        await load(HOT, hotFlow(), creds());
        invalidInput(await run('n1', { payload }), re, sim);
      });
    }
  });
});
