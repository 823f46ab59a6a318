import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mask, onlyDetectors } from '../helpers.ts';

describe('custom detectors', () => {
  it('masks regex matches, only group 1 when the pattern has a group', () => {
    const masker = onlyDetectors([], {
      custom: [
        { name: 'employee_id', pattern: 'employee[ _]id[:=]\\s*(E\\d{6})', flags: 'i' },
        { name: 'ticket', pattern: 'TCK-\\d{4}' },
      ],
    });
    const result = mask(masker, 'Employee_ID: E123456 and TCK-0042');
    assert.equal(result.text, 'Employee_ID: [REDACTED:employee_id] and [REDACTED:ticket]');
    assert.deepEqual(result.counts, { 'detector:employee_id': 1, 'detector:ticket': 1 });
  });

  it('keeps only matches that pass the named validator', () => {
    const masker = onlyDetectors([], { custom: [{ name: 'account', pattern: '\\b\\d{11}\\b', validator: 'luhn' }] });
    assert.equal(mask(masker, '79927398713 79927398710').text, '[REDACTED:account] 79927398710');
  });

  it('checks ISO 7064 mod 97-10 with the mod97 validator (LEI codes)', () => {
    const masker = onlyDetectors([], { custom: [{ name: 'lei', pattern: '\\b[0-9A-Z]{18}\\d{2}\\b', validator: 'mod97' }] });
    assert.equal(mask(masker, 'LEI 5493001KJTIIGC8Y1R12').text, 'LEI [REDACTED:lei]');
    assert.equal(mask(masker, 'LEI 5493001KJTIIGC8Y1R13').text, 'LEI 5493001KJTIIGC8Y1R13');
  });

  it('masks only a non-empty group 1', () => {
    const masker = onlyDetectors([], { custom: [{ name: 'maybe', pattern: '(y*)z' }] });
    assert.equal(mask(masker, 'zzz yyz').text, 'zzz [REDACTED:maybe]z');
  });

  it('skips a match whose group 1 took no part in it', () => {
    const masker = onlyDetectors([], { custom: [{ name: 'ref', pattern: 'ref(?:=(\\d{4}))?' }] });
    assert.equal(mask(masker, 'see ref, then ref=1234').text, 'see ref, then ref=[REDACTED:ref]');
  });

  it('terminates on patterns that match the empty string inside a text', () => {
    const masker = onlyDetectors([], { custom: [{ name: 'lookahead', pattern: '(?=\\d)' }, { name: 'boundary', pattern: '\\b' }] });
    assert.equal(mask(masker, 'abc 123 def').text, 'abc 123 def');
  });
});
