import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isIssuableSsn } from '../../../src/masking/detectors/ssn.ts';
import { mask, onlyDetectors } from '../helpers.ts';

const masker = onlyDetectors(['ssn']);

describe('ssn detector', () => {
  it('masks the dashed form anywhere', () => {
    assert.equal(mask(masker, 'on file: 123-45-6789.').text, 'on file: [REDACTED:ssn].');
  });

  it('masks bare and spaced forms only after an ssn keyword', () => {
    assert.equal(mask(masker, 'SSN: 123456789').text, 'SSN: [REDACTED:ssn]');
    assert.equal(mask(masker, '"customer_ssn": "123 45 6789"').text, '"customer_ssn": "[REDACTED:ssn]"');
    assert.equal(mask(masker, 'social security no. 123456789').text, 'social security no. [REDACTED:ssn]');
    assert.equal(mask(masker, 'order 123456789').text, 'order 123456789');
    assert.equal(mask(masker, 'ids 123 45 6789').text, 'ids 123 45 6789');
  });

  it('does not take a keyword far away or inside a word as context', () => {
    const far = `ssn ${'x'.repeat(60)} 123456789`;
    assert.equal(mask(masker, far).text, far);
    assert.equal(mask(masker, 'classnames 123456789').text, 'classnames 123456789');
  });

  it('never flags numbers that were never issued', () => {
    for (const decoy of ['000-12-3456', '666-12-3456', '900-12-3456', '999-12-3456', '123-00-4567', '123-45-0000']) {
      assert.equal(mask(masker, `ssn ${decoy}`).text, `ssn ${decoy}`, decoy);
    }
    assert.equal(isIssuableSsn('899-99-9999'), true);
  });

  it('leaves SSN-shaped parts of longer tokens', () => {
    for (const decoy of ['1-123-45-6789-2', 'x123-45-6789', '123-45-67890']) assert.equal(mask(masker, decoy).text, decoy, decoy);
  });
});
