import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isIban } from '../../../src/masking/detectors/iban.ts';
import { mask, onlyDetectors } from '../helpers.ts';

const masker = onlyDetectors(['iban']);

describe('iban detector', () => {
  it('masks electronic and printed IBANs of many countries, any case', () => {
    for (const iban of [
      'DE89370400440532013000',
      'DE89 3704 0044 0532 0130 00',
      'GB29 NWBK 6016 1331 9268 19',
      'FR1420041010050500013M02606',
      'NO9386011117947',
      'de89370400440532013000',
    ]) {
      const result = mask(masker, `pay to ${iban}, ref 12`);
      assert.equal(result.text, 'pay to [REDACTED:iban], ref 12', iban);
      assert.deepEqual(result.counts, { 'detector:iban': 1 });
    }
  });

  it('stops at the country length, leaving the next word', () => {
    assert.equal(mask(masker, 'DE89 3704 0044 0532 0130 00 EUR').text, '[REDACTED:iban] EUR');
  });

  it('leaves bad check digits, unknown countries, wrong lengths and IBANs glued to more digits', () => {
    for (const decoy of [
      'DE89370400440532013001',
      'GB00 NWBK 6016 1331 9268 19',
      'XX89370400440532013000',
      'DE8937040044053201300',
      'DE893704004405320130001',
      'DE89-3704-0044-0532-0130-01',
    ]) {
      assert.equal(mask(masker, decoy).text, decoy, decoy);
    }
  });

  it('finds IBANs glued to letters, with any separators, split over lines or full-width', () => {
    for (const [text, expected] of [
      ['xDE89370400440532013000', 'x[REDACTED:iban]'],
      ['DE89370400440532013000x', '[REDACTED:iban]x'],
      ['ibanGB29NWBK60161331926819.', 'iban[REDACTED:iban].'],
      ['x_DE89_3704_0044_0532_0130_00_y', 'x_[REDACTED:iban]_y'],
      ['D-E-8-9-3-7-0-4-0-0-4-4-0-5-3-2-0-1-3-0-0-0', '[REDACTED:iban]'],
      ['GB29 NWBK\n6016 1331\r\n9268 19', '[REDACTED:iban]'],
      ['ＤＥ８９３７０４００４４０５３２０１３０００', '[REDACTED:iban]'],
    ] as const) {
      assert.equal(mask(masker, text).text, expected, text);
    }
  });

  it('tries a lower-case country code only at the start of a word, its first four characters together', () => {
    assert.equal(mask(masker, 'de89 3704 0044 0532 0130 00').text, '[REDACTED:iban]');
    assert.equal(mask(masker, 'iban_de89370400440532013000').text, 'iban_[REDACTED:iban]');
    assert.equal(mask(masker, 'xde89370400440532013000').text, 'xde89370400440532013000');
    // Written one character at a time, it is read whole by the reader's view (spaced-letters.ts), not by trying pairs.
    assert.equal(mask(masker, 'd e 8 9 3 7 0 4 0 0 4 4 0 5 3 2 0 1 3 0 0 0').text, '[REDACTED:iban]');
  });

  it('validates as a custom validator would', () => {
    assert.equal(isIban('GB29 NWBK 6016 1331 9268 19'), true);
    assert.equal(isIban('GB29 NWBK 6016 1331 9268 18'), false);
  });
});
