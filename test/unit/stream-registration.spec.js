'use strict';
// The pure part of mythings-stream's registration with MyThings (SPEC 5.6): the URL it registers
// and the stream definition it sends, for each security mode; what it refuses before any request.
const should = require('should');
const { streamUrl, buildRegistration } = require('../../nodes/mythings/mythings-stream/stream-registration.js');

describe('mythings-stream/stream-registration (pure)', function () {
  it('streamUrl: publicUrl + httpNodeRoot (when not /) + the node path', function () {
    const table = [
      ['https://nr.example.com', '/', '/mythings/stream', 'https://nr.example.com/mythings/stream'],
      ['https://nr.example.com/', undefined, '/s', 'https://nr.example.com/s'],
      ['https://nr.example.com//', '/api', '/s', 'https://nr.example.com/api/s'],
      ['https://nr.example.com', '/api/', '/s', 'https://nr.example.com/api/s'],
      ['https://nr.example.com/base', 'api', '/s', 'https://nr.example.com/base/api/s'],
    ];
    for (const [pub, root, p, want] of table) streamUrl(pub, root, p).should.equal(want);
  });

  const base = { streamName: 'S', streamType: 'DECODED', contentType: 'JSON', companyId: '162' };
  const remote = 'https://api.enco.io';

  it('Basic: basicAuth, userName and password; the password is a secret of the call', function () {
    const r = buildRegistration({ ...base, auth: 'basic' }, { user: 'u', password: 'p-SECRET-1' }, 'https://nr.example.com/s', remote);
    r.definition.should.eql({ active: true, companyId: 162, contentType: 'JSON', basicAuth: true, name: 'S', type: 'DECODED', url: 'https://nr.example.com/s', headers: [], userName: 'u', password: 'p-SECRET-1' });
    r.secrets.should.eql(['p-SECRET-1']);
    r.companyId.should.equal(162);
  });

  it('header: the header as headers [{key, value}], no Basic; none: neither', function () {
    const h = buildRegistration({ ...base, auth: 'header' }, { headerName: ' X-T ', headerValue: 'h-SECRET-2' }, 'https://nr.example.com/s', remote);
    h.definition.should.containEql({ basicAuth: false, headers: [{ key: 'X-T', value: 'h-SECRET-2' }] });
    should(h.definition.password).be.undefined();
    h.secrets.should.eql(['h-SECRET-2']);
    const n = buildRegistration({ ...base, auth: 'none' }, {}, 'https://nr.example.com/s', remote);
    n.definition.should.containEql({ basicAuth: false, headers: [] });
    n.secrets.should.eql([]);
  });

  it('the template only with FREEFORM; LOCATION and FREEFORM accepted; the node name when no stream name', function () {
    const f = buildRegistration({ ...base, streamName: '', name: 'From name', streamType: 'LOCATION', contentType: 'FREEFORM', template: '{"v":"%value%"}' }, {}, 'https://nr.example.com/s', remote);
    f.definition.should.containEql({ name: 'From name', type: 'LOCATION', contentType: 'FREEFORM', template: '{"v":"%value%"}' });
    const j = buildRegistration({ ...base, template: '{"v":1}' }, {}, 'https://nr.example.com/s', remote);
    should(j.definition.template).be.undefined();
  });

  it('refuses with INVALID_INPUT: a bad URL, a loopback URL for a remote account, no name, missing credentials, unknown enums', function () {
    const cases = [
      [{ ...base }, {}, 'ftp://nr.example.com/s', remote],
      [{ ...base }, {}, 'not a url', remote],
      [{ ...base }, {}, 'https://user:pw@nr.example.com/s', remote],
      [{ ...base }, {}, 'http://127.0.0.1:1880/s', remote],
      [{ ...base }, {}, 'http://localhost:1880/s', remote],
      [{ ...base, streamName: '' }, {}, 'https://nr.example.com/s', remote],
      [{ ...base, auth: 'basic' }, { user: 'u' }, 'https://nr.example.com/s', remote],
      [{ ...base, auth: 'header' }, { headerName: 'X' }, 'https://nr.example.com/s', remote],
      [{ ...base, streamType: 'RAW' }, {}, 'https://nr.example.com/s', remote],
      [{ ...base, contentType: 'CSV' }, {}, 'https://nr.example.com/s', remote],
      [{ ...base, companyId: 'abc' }, {}, 'https://nr.example.com/s', remote],
    ];
    for (const [p, c, url, acc] of cases) {
      (() => buildRegistration(p, c, url, acc)).should.throw({ code: 'INVALID_INPUT' }, JSON.stringify([p, url]));
    }
    // a loopback URL is fine when the account is on this machine too (the simulator, the sandbox)
    buildRegistration({ ...base }, {}, 'http://127.0.0.1:1880/s', 'http://127.0.0.1:18802').definition.url.should.equal('http://127.0.0.1:1880/s');
  });
});
