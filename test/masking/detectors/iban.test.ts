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

  it('leaves bad check digits, unknown countries, wrong lengths and glued tokens', () => {
    for (const decoy of [
      'DE89370400440532013001',
      'GB00 NWBK 6016 1331 9268 19',
      'XX89370400440532013000',
      'DE8937040044053201300',
      'xDE89370400440532013000',
      'DE89370400440532013000x',
    ]) {
      assert.equal(mask(masker, decoy).text, decoy, decoy);
    }
  });

  it('validates as a custom validator would', () => {
    assert.equal(isIban('GB29 NWBK 6016 1331 9268 19'), true);
    assert.equal(isIban('GB29 NWBK 6016 1331 9268 18'), false);
  });
});
