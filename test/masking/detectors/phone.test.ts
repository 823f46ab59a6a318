import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mask, onlyDetectors } from '../helpers.ts';

const us = onlyDetectors(['phone']);
const gb = onlyDetectors(['phone'], { phoneRegion: 'GB' });

describe('phone detector', () => {
  it('keeps the layout and the last 2 digits in the partial style', () => {
    assert.equal(mask(us, 'call (415) 555-2671 today').text, 'call (***) ***-**71 today');
    assert.equal(mask(us, 'call +44 20 7946 0958').text, 'call +** ** **** **58');
  });

  it('finds international numbers whatever the region', () => {
    for (const phone of ['+14155552671', '+49 30 901820', '+81 3-1234-5678', '+33 1 42 68 53 00']) {
      assert.deepEqual(mask(gb, `tel ${phone}`).counts, { 'detector:phone': 1 }, phone);
    }
  });

  it("finds national formats of the configured region only", () => {
    assert.deepEqual(mask(gb, 'office 020 7946 0958').counts, { 'detector:phone': 1 });
    assert.deepEqual(mask(us, 'office 020 7946 0958').counts, {});
    assert.deepEqual(mask(us, 'office 415-555-2671').counts, { 'detector:phone': 1 });
  });

  it('takes a bare digit run only after a phone keyword', () => {
    assert.deepEqual(mask(us, 'Phone: 4155552671').counts, { 'detector:phone': 1 });
    assert.deepEqual(mask(us, 'order 4155552671').counts, {});
  });

  it('leaves dates, amounts, versions, timestamps, addresses and ids', () => {
    for (const decoy of [
      '2024-01-15 12:30:45',
      '15.01.2024',
      '$1,234,567.89',
      'v10.415.555.2671',
      '1700000000123',
      '192.168.100.200',
      'ORD-415-555-2671',
      '415-555-2671-99',
      '#4155552671',
      '/api/415-555-2671',
    ]) {
      assert.equal(mask(us, decoy).text, decoy, decoy);
    }
  });
});
