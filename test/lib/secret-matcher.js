'use strict';
// The one matcher of both secret audits (test/nodes/zz-secret-audit.spec.js in-process,
// test/audit/audit.spec.js in a real process): a secret counts as leaked when ANY of its forms
// appears in a text (SPEC 3.6: "Redaction also removes their URL-encoded and base64 forms"):
//   raw            the value itself
//   url            encodeURIComponent / form encoding (a query string, a form body)
//   base64         the value inside ANY base64 text, at any of the 3 byte alignments (so also inside
//                  `Authorization: Basic base64(user:pass)` and base64 of a JSON document), + base64url
//   md5            md5hex(value): enCloud sends the MD5 of the password (and takes it as the password
//                  with hashedPassword), also inside base64 (`Basic base64(email:md5hex(password))`)
// Canaries (CANARIES, planted()) prove per channel that each form would be found: each canary is
// planted in ONE encoded form only, so finding it proves that form is searched.
const crypto = require('crypto');

const md5 = (s) => crypto.createHash('md5').update(s, 'utf8').digest('hex');

/**
 * The base64 text that encodes `value` wherever it sits in a longer byte string: for each of the
 * 3 alignments, the characters that depend only on the value's bytes.
 */
function base64Fragments(value) {
  const bytes = Buffer.from(value, 'utf8');
  const out = [];
  for (let k = 0; k < 3; k++) {
    let enc = Buffer.concat([Buffer.alloc(k), bytes]).toString('base64').replace(/=+$/, '');
    const skip = [0, 2, 3][k]; // leading characters that mix in the unknown bytes before the value
    const tail = (k + bytes.length) % 3 === 0 ? 0 : 1; // the last one mixes in the unknown byte after it
    enc = enc.slice(skip, enc.length - tail);
    if (enc.length >= 8) out.push(enc, enc.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return out;
}

/** Every searched form of one secret value: [{form, needle}]. */
function forms(value) {
  const v = String(value);
  const out = [{ form: 'raw', needle: v }];
  const url = encodeURIComponent(v);
  if (url !== v) out.push({ form: 'url', needle: url }, { form: 'url', needle: url.replace(/%20/g, '+') });
  for (const f of base64Fragments(v)) out.push({ form: 'base64', needle: f });
  const h = md5(v);
  out.push({ form: 'md5', needle: h }, { form: 'md5', needle: h.toUpperCase() });
  for (const f of base64Fragments(h)) out.push({ form: 'base64(md5)', needle: f });
  const seen = new Set();
  return out.filter((x) => x.needle.length >= 6 && !seen.has(x.needle) && seen.add(x.needle));
}

/**
 * A matcher over `secrets` ({label: value} or [value]): `find(text)` -> [{label, form}] of the
 * secrets found in any form; `labels(text)` -> the labels found.
 */
function matcher(secrets) {
  const entries = Array.isArray(secrets) ? secrets.map((v, i) => [`#${i}`, v]) : Object.entries(secrets);
  const needles = [];
  for (const [label, value] of entries) {
    if (!value || String(value).length < 6) continue;
    for (const f of forms(value)) needles.push({ label, ...f });
  }
  return {
    needles,
    find(text) {
      const s = String(text);
      const hits = [];
      const found = new Set();
      for (const n of needles) {
        const key = `${n.label}\u0000${n.form}`;
        if (!found.has(key) && s.includes(n.needle)) {
          found.add(key);
          hits.push({ label: n.label, form: n.form });
        }
      }
      return hits;
    },
    labels(text) {
      return [...new Set(this.find(text).map((h) => h.label))];
    },
  };
}

/**
 * Canary secrets, one per encoded form. Not used by any node: a test plants them on purpose and
 * proves the matcher finds each in a channel. Special characters make the url form differ from raw.
 */
const CANARIES = {
  raw: 'CANARY-raw-7f3e9a21',
  url: 'CANARY url/+&=?-5b2c',
  base64: 'CANARY-b64-91d04e7a',
  basicAuth: 'CANARY-basic-3c8f12',
  md5: 'CANARY-md5-e40a7b',
  encloudBasic: 'CANARY-encloud-0d6f93',
};
const CANARY_USER = 'canary.user@example.com';

/** The planted text of each canary, each in ONE form, computed here independently of forms(). */
function planted() {
  const b64 = (s) => Buffer.from(s, 'utf8').toString('base64');
  return {
    raw: `token=${CANARIES.raw}`,
    url: `https://example.com/cb?secret=${encodeURIComponent(CANARIES.url)}&x=1`,
    base64: `{"data":"${b64(JSON.stringify({ k: CANARIES.base64 }))}"}`,
    basicAuth: `Authorization: Basic ${b64(`mythings:${CANARIES.basicAuth}`)}`,
    md5: `password=${md5(CANARIES.md5)}`,
    encloudBasic: `Authorization: Basic ${b64(`${CANARY_USER}:${md5(CANARIES.encloudBasic)}`)}`,
  };
}

module.exports = { matcher, forms, base64Fragments, md5, CANARIES, planted };
