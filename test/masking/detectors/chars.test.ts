import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { asciiDigits, codeClassTest, digitValue, insideHexToken, SEPARATOR_CLASS, textRegexes } from '../../../src/masking/detectors/chars.ts';

describe('masking character helpers', () => {
  it('gives every decimal digit of every script its value, and nothing else one', () => {
    const digit = /^\p{Nd}$/u;
    const numberForm = /^\p{No}$/u;
    for (let code = 0; code <= 0x1ffff; code++) {
      const char = String.fromCodePoint(code);
      const value = digitValue(code);
      if (!digit.test(char)) {
        // Superscript, subscript, circled, parenthesized and dotted digits read as the digit they show.
        const shown = char.normalize('NFKC').replace(/^\((\d)\)$|^(\d)[.,]$/, '$1$2');
        if (numberForm.test(char) && /^[0-9]$/.test(shown)) {
          if (value !== Number(shown)) assert.fail(`U+${code.toString(16)} shows ${shown} but has value ${value}`);
        } else if (value !== -1 && !numberForm.test(char)) {
          assert.fail(`U+${code.toString(16)} is no digit but has value ${value}`);
        }
        continue;
      }
      // NFKC maps digits of compatibility forms (full-width, mathematical) to ASCII; the others are checked by their run.
      const folded = char.normalize('NFKC');
      if (/^[0-9]$/.test(folded) && value !== Number(folded)) assert.fail(`U+${code.toString(16)} has value ${value}, not ${folded}`);
      if (value < 0 || value > 9) assert.fail(`U+${code.toString(16)} has value ${value}`);
    }
    assert.equal(asciiDigits('٤١-١١ ４２ 𝟗'), '4111429');
    assert.equal(asciiDigits('⁵₃⑥❾⓪➀🄌⑴⒉🄀'), '5369010120');
    assert.equal(digitValue('⑩'.codePointAt(0) ?? 0), -1);
  });

  it('builds ASCII regexes that find in ASCII text exactly what the Unicode ones find (property)', () => {
    const regexes = textRegexes(({ separator, digit, letter, upper, lower, word }) => `(?:${upper}|${lower}(?<!${word}${letter}))${separator}*${digit}+`);
    const ascii = fc.string({ unit: fc.constantFrom(...' \t\n\r.,-_/|()\\:;+@#aZz09x_'.split('')), maxLength: 60 });
    fc.assert(
      fc.property(ascii, (text) => {
        assert.deepEqual(text.match(regexes.ascii), text.match(regexes.any));
      }),
    );
  });

  it('tests characters against a class with a table, surrogates never matching', () => {
    const separator = codeClassTest(SEPARATOR_CLASS);
    for (const char of [' ', '\n', '-', '\u2013', '\u200b', '\u00a0', '\uff0c', '_', '|']) assert.equal(separator(char.charCodeAt(0)), true, JSON.stringify(char));
    for (const char of ['a', '1', ':', ';', '+', '=', '"', '\ud835']) assert.equal(separator(char.charCodeAt(0)), false, JSON.stringify(char));
  });

  it('knows digits inside a hash or UUID from a number touching letters', () => {
    assert.equal(insideHexToken('da39a3ee5e6b4b0d3255bfef95601890afd80709', 14), true);
    assert.equal(insideHexToken('550e8400-e29b-41d4-a716-446655440000', 24), true);
    assert.equal(insideHexToken('abc4111111111111111def', 3), false);
    assert.equal(insideHexToken('4111-1111-1111-1111-4111-1111-1111-1111', 0), false, 'no hex letter: digits');
  });
});
