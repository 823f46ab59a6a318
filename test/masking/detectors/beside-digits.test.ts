// A phone number or an SSN run into other digit groups with nothing but spaces between them (a
// date, a count, another number, a cell of a table): the groups around it must not hide it, and
// digits that only stand beside each other (dates, timestamps, versions, ids, amounts) stay whole.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mask, onlyDetectors } from '../helpers.ts';

const us = onlyDetectors(['phone']);
const gb = onlyDetectors(['phone'], { phoneRegion: 'GB' });
const ssn = onlyDetectors(['ssn']);

/** [text, masked] pairs: the number masked, the groups beside it kept. */
const PHONES_BESIDE_DIGITS: Array<[string, string]> = [
  // beside a date or what looks like one
  ['415 555 2671 031 05 1999', '*** *** **71 031 05 1999'],
  ['415 555 2671 5 12 99', '*** *** **71 5 12 99'],
  ['31 05 415 555 2671', '31 05 *** *** **71'],
  // beside a count
  ['415 555 2671 12', '*** *** **71 12'],
  ['tel 4155552671 12', 'tel ********71 12'],
  ['3 415 555 2671', '3 *** *** **71'],
  ['12 415 555 2671 7', '12 *** *** **71 7'],
  ['(415) 555 2671 12', '(***) *** **71 12'],
  ['1 415 555 2671 12', '* *** *** **71 12'],
  // beside another number
  ['415 555 2671 415 555 2672', '*** *** **71 *** *** **72'],
  ['415 555 2671 650 253 0000 7', '*** *** **71 *** *** **00 7'],
  // any spaces, line breaks and invisible characters between the groups, as long as they are the same everywhere
  ['415\t555\t2671\t12', '***\t***\t**71\t12'],
  ['415  555  2671  12', '***  ***  **71  12'],
  ['415\n555\n2671\n12', '***\n***\n**71\n12'],
  ['415\u2009555\u20092671\u200912', '***\u2009***\u2009**71\u200912'],
  ['415 \u200b555 \u200b2671 \u200b12', '*** \u200b*** \u200b**71 \u200b12'],
  ['415 \u{e0020}555 \u{e0020}2671 \u{e0020}12', '*** \u{e0020}*** \u{e0020}**71 \u{e0020}12'],
  // in a cell of CSV or a string of JSON
  ['id,note\n7,415 555 2671 12\n', 'id,note\n7,*** *** **71 12\n'],
  ['"415 555 2671 12",3', '"*** *** **71 12",3'],
  ['{"note":"415 555 2671 12"}', '{"note":"*** *** **71 12"}'],
  ['{"note":"order 3 415 555 2671 05 12"}', '{"note":"order 3 *** *** **71 05 12"}'],
  // digits of other scripts: redacted whole, the count kept
  ['４１５ ５５５ ２６７１ １２', '[REDACTED:phone] １２'],
];

/** Digit groups beside each other that hold no phone number as the region groups one. */
const DECOYS = [
  '2024 05 01 2024 05 02',
  '2024 05 01 12 30 45',
  '2024-05-01',
  '2024 05 01',
  // ten digits in one group are no phone number without a keyword ("tel 4155552671 12" is one),
  // whatever follows them: an order number, a timestamp, an id
  '4155552671 12',
  'order 4155552671 12',
  '1700000000 123',
  '1700000000123 42',
  'v10.415.555.2671',
  'v415.555.2671.12',
  '1.2.3 4.5.6',
  'ORD-415-555-2671-12',
  '415-555-2671-99',
  'INV_415_555_2671_12',
  '415.555.2671.12',
  '12 345 678,90',
  '€ 1 234 567 890',
  // valid digits in another grouping, or a grouping with digits no number has
  '4155 55 2671 12',
  '41 555 52671 12',
  '155 555 2671 12',
  '415 555 26710 12',
];

describe('numbers run into other digit groups', () => {
  it('masks a national phone number grouped as its region writes it, whatever groups stand beside it', () => {
    for (const [text, masked] of PHONES_BESIDE_DIGITS) assert.equal(mask(us, text).text, masked, JSON.stringify(text));
    assert.equal(mask(gb, '020 7946 0958 12').text, '*** **** **58 12');
    assert.equal(mask(gb, '7 0121 496 0000 12').text, '7 **** *** **00 12');
    assert.equal(mask(gb, '7 01134 960000 12').text, '7 ***** ****00 12');
  });

  // A date stands apart as a separator would, though the number's own mark goes on to it.
  it('masks a national phone number joined to a date by its own mark, the date before, after or both', () => {
    for (const [text, masked] of [
      ['415-555-2671-05-12-1999', '***-***-**71-05-12-1999'],
      ['415/555/2671/2024/05/01', '***/***/**71/2024/05/01'],
      ['2024-05-01-415-555-2671', '2024-05-01-***-***-**71'],
      ['15.01.2024.415.555.2671', '15.01.2024.***.***.**71'],
      ['2024-05-01-415-555-2671-2024-05-02', '2024-05-01-***-***-**71-2024-05-02'],
    ] as const) {
      assert.equal(mask(us, text).text, masked, text);
    }
  });

  it('leaves digit groups that hold no phone number grouped as the region writes one', () => {
    for (const decoy of DECOYS) assert.equal(mask(us, decoy).text, decoy, JSON.stringify(decoy));
  });

  it('masks an SSN written with single spaces whatever groups stand beside it', () => {
    for (const [text, masked] of [
      ['536 90 4417 12', '[REDACTED:ssn] 12'],
      ['12 536 90 4417', '12 [REDACTED:ssn]'],
      ['536 90 4417 31 05 1999', '[REDACTED:ssn] 31 05 1999'],
      // "031 05 1999" has the SSN's own shape: two numbers
      ['536 90 4417 031 05 1999', '[REDACTED:ssn] [REDACTED:ssn]'],
      ['{"note":"7 536 90 4417 2"}', '{"note":"7 [REDACTED:ssn] 2"}'],
      ['536 90 4417\t12', '[REDACTED:ssn]\t12'],
      ['536 90 4417\n031', '[REDACTED:ssn]\n031'],
    ] as const) {
      assert.equal(mask(ssn, text).text, masked, text);
    }
  });

  it('leaves an SSN shape that its own dash or wide spacing joins into a longer number', () => {
    for (const decoy of ['1-536-90-4417-2', '536-90-4417-12', '536  90  4417  12', '000 90 4417 12', '536-90-4417-12-3']) {
      assert.equal(mask(ssn, decoy).text, decoy, decoy);
    }
  });
});
