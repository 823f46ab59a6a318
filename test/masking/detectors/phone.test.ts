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

  it('takes a bare digit run only after a phone keyword, also on the line before', () => {
    assert.deepEqual(mask(us, 'Phone: 4155552671').counts, { 'detector:phone': 1 });
    assert.deepEqual(mask(us, 'phone\n4155552671').counts, { 'detector:phone': 1 });
    assert.deepEqual(mask(us, 'order 4155552671').counts, {});
  });

  it('finds numbers written with any separators, split over lines, glued to letters or in a path', () => {
    for (const [text, expected] of [
      ['4-1-5-5-5-5-2-6-7-1', '*-*-*-*-*-*-*-*-7-1'],
      ['415 / 555 / 2671', '*** / *** / **71'],
      ['(415)\n555-2671', '(***)\n***-**71'],
      ['x_415-555-2671_y', 'x_***-***-**71_y'],
      ['call415.555.2671now', 'call***.***.**71now'],
      ['/api/415-555-2671', '/api/***-***-**71'],
      ['+44\t20\t7946\t0958', '+**\t**\t****\t**58'],
    ] as const) {
      assert.equal(mask(us, text).text, expected, text);
    }
    assert.equal(mask(us, 'call ４１５-５５５-２６７１').text, 'call [REDACTED:phone]');
  });

  // An amount's decimal part follows the other mark ("4,155.55"); a space, a dash or the same
  // mark after a thousands group leaves the digits a phone number's.
  it('finds a number whose first groups look like thousands but whose rest is no decimal part', () => {
    for (const text of ['4,155 552671', '4.155-552671', '4.155 552 671', '41,555 52671', '4,155,55 2671']) {
      assert.deepEqual(mask(us, text).counts, { 'detector:phone': 1 }, text);
    }
    for (const amount of ['1,234.56', '1.234,56', '4,155,552.67']) assert.equal(mask(us, amount).text, amount, amount);
  });

  it('finds each number of a list set off by its own separators', () => {
    assert.deepEqual(mask(us, '415-555-2671 415-555-2672, (650) 253-0000').counts, { 'detector:phone': 3 });
    // "-" between the numbers is not the "--" inside them, though one begins the other
    assert.deepEqual(mask(us, '415--555--2671-415--555--2672').counts, { 'detector:phone': 2 });
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
      '2024-01-15 10:30',
      '2024/01/15 1030',
      'v2.1.1\n2024-05-01T12:00:00Z',
      '4,155,552,671',
      '4.155.552.671',
      '10.0.0.1, 10.0.0.2',
      'INV_415_555_2671',
      '415-555-2671:8080',
    ]) {
      assert.equal(mask(us, decoy).text, decoy, decoy);
    }
  });

  // Digits that follow a phone number in the same run (a date, a count, digits an agent appended)
  // must not hide it: a "+" or a keyword announces it, and a date beside it stands apart like a separator.
  it('finds a number that more digit groups follow or precede, and groups that only look like a date', () => {
    const cases: Array<[string, string]> = [
      ['+1 415 555 2671 12', '+* *** *** **71 12'],
      ['+1 415 555 2671 2024-05-01', '+* *** *** **71 2024-05-01'],
      ['+44 20 7946 0958 2024-05-01', '+** ** **** **58 2024-05-01'],
      ['Called +1 415 555 2671 2024-05-01 about order 4411', 'Called +* *** *** **71 2024-05-01 about order 4411'],
      ['tel 415 555 2671 12', 'tel *** *** **71 12'],
      ['phone: 4155552671 2024-05-01', 'phone: ********71 2024-05-01'],
      ['2024-05-01 415 555 2671', '2024-05-01 *** *** **71'],
      ['415 555 2671 2024-05-01', '*** *** **71 2024-05-01'],
      ['2024-05-01 415 555 2671 2024-05-02', '2024-05-01 *** *** **71 2024-05-02'],
      // A date is a four-digit year with a month and a day of one or two digits, the year first or last.
      ['15.01.2024 415 555 2671', '15.01.2024 *** *** **71'],
      ['01/15/2024 415 555 2671', '01/15/2024 *** *** **71'],
      ['415 555 2671 15.01.2024', '*** *** **71 15.01.2024'],
      // (202) 400-1215, (202) 405-0015 and (415) 502-0151 grouped oddly: a month or a day of more
      // than two digits, or a zero before the year, is no date, and the number is found.
      ['2024-0012-15', '****-****-15'],
      ['2024-012-015', '****-***-*15'],
      ['2024-05-0015', '****-**-**15'],
      ['tel 4155 02015 1 1', 'tel **** ****5 1 1'],
    ];
    for (const [text, masked] of cases) assert.equal(mask(us, text).text, masked, text);
  });

  it('still leaves dates, times and versions next to each other alone', () => {
    for (const text of ['v2.1.1 2024-05-01', '2024-05-01 12 30', 'released 2024-05-01 12:30:45', '2024 05 01 2024 05 02', 'tel 2024-05-01 12:30', 'phone 12345 678']) {
      assert.deepEqual(mask(us, text).counts, {}, text);
    }
  });
});
