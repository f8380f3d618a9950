'use strict';
// A plain GET (no redirect followed): what a browser opening a link gets first.
const http = require('http');

/** GET `url` -> {status, location} (the Location header of a redirect). */
function getStatus(url) {
  return new Promise((resolve, reject) => {
    http.get(url, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode, location: res.headers.location }));
    }).on('error', reject);
  });
}

module.exports = { getStatus };
