'use strict';
// core/paging.ts: "pages: all" over Spring PageResource answers (MyThings is the first user).
const should = require('should');
const { fetchAllPages } = require('../../nodes/core/paging.js');

/** A fake paged endpoint: `total` items, `size` per page, 0-based page numbers; records calls. */
function endpoint(total, size, { withTotals = true, delay = () => 0, failOn } = {}) {
  const calls = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const items = Array.from({ length: total }, (_, i) => ({ i }));
  const totalPages = Math.ceil(total / size);
  const fetch = async (page) => {
    calls.push(page);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await new Promise((r) => setTimeout(r, delay(page)));
    inFlight--;
    if (failOn === page) throw Object.assign(new Error('boom'), { code: 'SERVER_ERROR' });
    const content = items.slice(page * size, (page + 1) * size);
    const body = { content, number: page, size, last: page >= totalPages - 1, first: page === 0, numberOfElements: content.length };
    if (withTotals) Object.assign(body, { totalPages, totalElements: total });
    return { status: 200, body };
  };
  return { fetch, calls, max: () => maxInFlight };
}

describe('core/paging fetchAllPages', function () {
  const table = [
    // [title, total, size, opts, expected pages]
    ['3 pages with totalPages', 25, 10, {}, 3],
    ['exactly 2 full pages', 20, 10, {}, 2],
    ['a single page', 4, 10, {}, 1],
    ['no content at all (totalPages 0)', 0, 10, {}, 1],
    ['without totalPages: follows last', 25, 10, { withTotals: false }, 3],
    ['without totalPages, empty', 0, 10, { withTotals: false }, 1],
  ];
  for (const [title, total, size, opts, pages] of table) {
    it(`${title}: every item once, in order`, async function () {
      const ep = endpoint(total, size, opts);
      const res = await fetchAllPages(ep.fetch, { concurrency: 4 });
      res.pages.should.equal(pages);
      res.body.content.map((x) => x.i).should.eql(Array.from({ length: total }, (_, i) => i));
      res.body.numberOfElements.should.equal(total);
      res.body.last.should.be.true();
      res.body.first.should.be.true();
      res.status.should.equal(200);
      ep.calls.slice().sort((a, b) => a - b).should.eql(Array.from({ length: pages }, (_, i) => i));
    });
  }

  it('keeps page order when later pages answer first, and stays within the concurrency', async function () {
    const ep = endpoint(95, 10, { delay: (p) => (10 - p) * 3 });
    const progress = [];
    const res = await fetchAllPages(ep.fetch, { concurrency: 3, onProgress: (n, t) => progress.push(`${n}/${t}`) });
    res.body.content.map((x) => x.i).should.eql(Array.from({ length: 95 }, (_, i) => i));
    ep.max().should.be.belowOrEqual(3);
    progress[0].should.equal('1/10');
    progress[progress.length - 1].should.equal('10/10');
  });

  it('starts at a given page', async function () {
    const ep = endpoint(25, 10);
    const res = await fetchAllPages(ep.fetch, { start: 1 });
    res.body.content.map((x) => x.i).should.eql(Array.from({ length: 15 }, (_, i) => i + 10));
    ep.calls.should.eql([1, 2]);
  });

  it('a failing page rejects the whole fetch (no partial answer)', async function () {
    const ep = endpoint(50, 10, { failOn: 3 });
    let err;
    await fetchAllPages(ep.fetch, { concurrency: 2 }).catch((e) => (err = e));
    should.exist(err);
    err.code.should.equal('SERVER_ERROR');
  });

  it('maxPages bounds a vendor that never says last', async function () {
    const calls = [];
    const res = await fetchAllPages(
      async (page) => {
        calls.push(page);
        return { status: 200, body: { content: [page], last: false } };
      },
      { maxPages: 5 },
    );
    calls.should.eql([0, 1, 2, 3, 4]);
    res.body.content.should.eql([0, 1, 2, 3, 4]);
  });
});
