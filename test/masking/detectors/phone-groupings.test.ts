import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getCountries, Metadata } from 'libphonenumber-js/max';
import { groupRanges, regionGroupings } from '../../../src/masking/detectors/phone-groupings.ts';

/** A grouping as regionGroupings keeps it: the digit counts in base 32. */
const signature = (...counts: number[]) => counts.reduce((sum, count) => sum * 32 + count, 0);

describe('phone groupings', () => {
  it("reads the digit counts of each group of a format's pattern", () => {
    assert.deepEqual(groupRanges(String.raw`(\d{3})(\d{3})(\d{4})`), [[3, 3], [3, 3], [4, 4]]);
    assert.deepEqual(groupRanges(String.raw`(\d)(\d{2,13})`), [[1, 1], [2, 13]]);
  });

  it('takes no pattern of another shape, anything before, between or after the groups', () => {
    for (const pattern of ['', String.raw`x(\d{3})`, String.raw`(\d{3})-(\d{4})`, String.raw`(\d{3})x`, String.raw`(\d{3})(\d{4})(`]) {
      assert.equal(groupRanges(pattern), null, pattern);
    }
  });

  // A pattern of another shape would leave its grouping out (fewer numbers found beside digits):
  // a new release of libphonenumber that brings one must be read before it is taken.
  it("reads every format of every region's numbering plan", () => {
    const metadata = new Metadata();
    const unread: string[] = [];
    for (const region of getCountries()) {
      metadata.selectNumberingPlan(region);
      const plan = metadata.numberingPlan as unknown as { formats(): Array<{ pattern(): string }> };
      for (const format of plan.formats()) if (groupRanges(format.pattern()) === null) unread.push(`${region} ${format.pattern()}`);
    }
    assert.deepEqual(unread, []);
  });

  it('groups a region as its formats do, the national prefix glued to the first group or standing alone', () => {
    const us = regionGroupings('US').signatures;
    for (const counts of [[3, 3, 4], [4, 3, 4], [1, 3, 3, 4], [3, 4]]) assert.ok(us.has(signature(...counts)), counts.join('-'));
    for (const counts of [[4, 2, 4], [3, 3, 5], [2, 3, 3, 4], [10], [3, 7]]) assert.ok(!us.has(signature(...counts)), counts.join('-'));
    const gb = regionGroupings('GB').signatures;
    // 20 7946 0958, 020 7946 0958, 0 20 7946 0958; 1134 960000 and 01134 960000 (a range of 5-6 digits)
    for (const counts of [[2, 4, 4], [3, 4, 4], [1, 2, 4, 4], [4, 6], [5, 6], [5, 5]]) assert.ok(gb.has(signature(...counts)), counts.join('-'));
    assert.ok(!gb.has(signature(3, 3, 3)));
  });
});
