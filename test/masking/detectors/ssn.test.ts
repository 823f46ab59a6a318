import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isIssuableSsn } from '../../../src/masking/detectors/ssn.ts';
import { mask, onlyDetectors } from '../helpers.ts';

const masker = onlyDetectors(['ssn']);

describe('ssn detector', () => {
  it('masks the dashed form anywhere', () => {
    assert.equal(mask(masker, 'on file: 123-45-6789.').text, 'on file: [REDACTED:ssn].');
  });

  it('masks the bare form and wider spacing only after an ssn keyword, glued to it too', () => {
    assert.equal(mask(masker, 'SSN: 123456789').text, 'SSN: [REDACTED:ssn]');
    assert.equal(mask(masker, 'ssn123456789').text, 'ssn[REDACTED:ssn]');
    assert.equal(mask(masker, 'SSN#123456789').text, 'SSN#[REDACTED:ssn]');
    assert.equal(mask(masker, '"customer_ssn": "123  45  6789"').text, '"customer_ssn": "[REDACTED:ssn]"');
    assert.equal(mask(masker, 'social security no. 123456789').text, 'social security no. [REDACTED:ssn]');
    assert.equal(mask(masker, 'order 123456789').text, 'order 123456789');
    assert.equal(mask(masker, 'cssn123456789').text, 'cssn123456789');
    assert.equal(mask(masker, 'ids 123  45  6789').text, 'ids 123  45  6789');
  });

  it('masks the 3-2-4 signature separated by one dash, dot, slash or space anywhere', () => {
    for (const form of ['123-45-6789', '123.45.6789', '123/45/6789', '123 45 6789', '123\u00a045\u00a06789', '123 \u200b45 6789', 'x123-45-6789', '123.45.6789y', 'id:x123/45/6789y']) {
      const out = mask(masker, form).text;
      assert.ok(!out.includes('6789'), `${JSON.stringify(form)} -> ${JSON.stringify(out)}`);
    }
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
    for (const decoy of ['1-123-45-6789-2', '1.123.45.6789', '123-45-67890', 'x123 45 6789', 'v1.123.45.6789']) assert.equal(mask(masker, decoy).text, decoy, decoy);
  });

  it('reads any dash as "-", any whitespace as " " and full-width marks as theirs, and two different marks as a reader does', () => {
    assert.equal(mask(masker, 'id 536\u201390\u22124417.').text, 'id [REDACTED:ssn].');
    assert.equal(mask(masker, 'ssn 536\t90\t4417').text, 'ssn [REDACTED:ssn]');
    assert.equal(mask(masker, 'ssn 536\uff0e90\uff0e4417').text, 'ssn [REDACTED:ssn]');
    // Two different marks: the reader's view reads them as dashes (digit-marks.ts).
    assert.equal(mask(masker, 'id 536\uff0e90-4417').text, 'id [REDACTED:ssn]');
    assert.equal(mask(masker, 'id 536.90-4417').text, 'id [REDACTED:ssn]');
    for (const decoy of ['536\n90\n4417', '536\t90\t4417', '536-90\n4417', '1\u2013536-90-4417', '536-90-4417\u20132']) {
      assert.equal(mask(masker, decoy).text, decoy, JSON.stringify(decoy));
    }
  });

  it('takes 9 digits in any grouping right after the keyword when they are the run or set off from it', () => {
    assert.equal(mask(masker, 'ssn 5-3-6-9-0-4-4-1-7').text, 'ssn [REDACTED:ssn]');
    assert.equal(mask(masker, 'ssn 536 904 417-12').text, 'ssn [REDACTED:ssn]-12');
    assert.equal(mask(masker, 'ssn 5369 04417').text, 'ssn [REDACTED:ssn]');
    for (const decoy of ['ssn 536 904 417 12', 'ssn: x536 904 417', 'ssn 536 904 417x', 'ssn 536 904 4171', 'ssn 000 904 417']) {
      assert.equal(mask(masker, decoy).text, decoy, decoy);
    }
  });

  it('checks a value for the us_ssn validator: 9 digits of any script, separators only between them', () => {
    assert.equal(isIssuableSsn('536\u201390\u20134417'), true);
    assert.equal(isIssuableSsn('\uff15\uff13\uff16\uff19\uff10\uff14\uff14\uff11\uff17'), true);
    for (const decoy of ['536-90-44171', '536-90-441', '536x90x4417', '536:90:4417', '']) assert.equal(isIssuableSsn(decoy), false, decoy);
  });

  it('reads a keyword glued to the digits as a reader does, threaded with a character that shows as nothing', () => {
    for (const keyword of ['s\u200bsn', 'S\u2060SN', 'ｓｓｎ']) assert.equal(mask(masker, `${keyword}536904417`).text, `${keyword}[REDACTED:ssn]`, keyword);
    // Near the start of a long text too: the keyword is read from the text's start, not from its end.
    const long = `ssn536904417 ${'and more words after it '.repeat(3)}`;
    assert.equal(mask(masker, long).text, long.replace('536904417', '[REDACTED:ssn]'));
    for (const word of ['Zoë', 'café id']) assert.equal(mask(masker, `${word}536904417`).text, `${word}536904417`, 'a word outside ASCII is no keyword for being outside ASCII');
  });
});
