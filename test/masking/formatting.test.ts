// Values an agent reformats so the detectors would miss them: any separators between the digits or
// characters (several, mixed, one between every digit, Unicode spaces and dashes, invisible ones,
// line breaks), digits of other scripts, letters glued on. Each property writes a valid value in a
// random such form, between random text, and checks that exactly the value is redacted.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { luhnValid } from '../../src/masking/checksums.ts';
import { mask, onlyDetectors } from './helpers.ts';

const redact = (name: 'card' | 'iban' | 'phone') => onlyDetectors([name], { detectors: { [name]: { style: 'redact' } } });

/** One separator or several: ASCII, Unicode spaces and dashes, an invisible one, line breaks. */
const SEPARATORS = [' ', '.', '-', '/', '_', ',', '|', '\t', '\n', '\r\n', '\u00a0', '\u2009', '\u3000', '\u2013', '\u2014', '\u2212', '\u200b', '\uff0d', '(', ')'];
const cluster = fc.array(fc.constantFrom(...SEPARATORS), { minLength: 1, maxLength: 3 }).map((chars) => chars.join(''));
/** Between two characters: nothing, most of the time, or a cluster. */
const gap = fc.oneof({ weight: 2, arbitrary: fc.constant('') }, { weight: 1, arbitrary: cluster });

/** Zero of each script the digits may be written in: ASCII, full-width, Arabic-Indic, Devanagari. */
const ZEROS = [0x30, 0xff10, 0x660, 0x966];
const script = fc.constantFrom(...ZEROS);

function written(chars: readonly string[], gaps: readonly string[], zero: number): string {
  const inScript = (char: string) => (/\d/.test(char) ? String.fromCharCode(zero + Number(char)) : char);
  return chars.map((char, i) => inScript(char) + (i < chars.length - 1 ? (gaps[i] ?? '') : '')).join('');
}

function withCheckDigit(body: string): string {
  for (let digit = 0; digit <= 9; digit++) if (luhnValid(body + digit)) return body + digit;
  throw new Error('unreachable');
}

/** Visa, Mastercard and Amex numbers. */
const card = fc.oneof(
  fc.stringMatching(/^4[0-9]{14}$/),
  fc.stringMatching(/^5[1-5][0-9]{13}$/),
  fc.stringMatching(/^3[47][0-9]{12}$/),
).map(withCheckDigit);

describe('detectors find values however they are written', () => {
  it('masks every valid card with any separators, in any script, glued to letters (property)', () => {
    const masker = redact('card');
    fc.assert(
      fc.property(
        card,
        fc.array(gap, { minLength: 18, maxLength: 18 }),
        script,
        fc.constantFrom('', 'card ', 'card', 'x_', 'abc', 'id:', '(\n'),
        fc.constantFrom('', 'x', '_y', ' exp', 'def', '.', '\n'),
        (digits, gaps, zero, before, after) => {
          const text = `${before}${written([...digits], gaps, zero)}${after}`;
          assert.equal(mask(masker, text).text, `${before}[REDACTED:card]${after}`, JSON.stringify(text));
        },
      ),
    );
  });

  it('never masks a Luhn failure written with one separator between every digit (property)', () => {
    const masker = redact('card');
    fc.assert(
      fc.property(fc.stringMatching(/^[2-6][0-9]{15}$/), fc.constantFrom(...SEPARATORS), (digits, separator) => {
        fc.pre(!luhnValid(digits));
        const text = [...digits].join(separator);
        assert.equal(mask(masker, text).text, text);
      }),
    );
  });

  it('masks every IBAN with any separators between its characters, full-width or glued (property)', () => {
    const masker = redact('iban');
    const ibans = ['DE89370400440532013000', 'GB29NWBK60161331926819', 'FR1420041010050500013M02606', 'NL91ABNA0417164300', 'CH9300762011623852957'];
    const fullWidth = (char: string) => String.fromCharCode(char.charCodeAt(0) + 0xfee0);
    fc.assert(
      fc.property(
        fc.constantFrom(...ibans),
        fc.array(gap, { minLength: 27, maxLength: 27 }),
        fc.boolean(),
        fc.constantFrom('', 'iban ', 'iban', 'x_', 'pay:', '\n'),
        fc.constantFrom('', 'x', '_y', ' EUR', '.', '\n'),
        (iban, gaps, wide, before, after) => {
          const chars = [...iban].map((char) => (wide ? fullWidth(char) : char));
          const text = `${before}${written(chars, gaps, 0x30)}${after}`;
          assert.equal(mask(masker, text).text, `${before}[REDACTED:iban]${after}`, JSON.stringify(text));
        },
      ),
    );
  });

  it('masks every phone number with separators between its digits, in any script, glued to letters (property)', () => {
    const masker = redact('phone');
    fc.assert(
      fc.property(
        fc.constantFrom('4155552671', '6502530000', '3125550199'),
        fc.array(gap, { minLength: 9, maxLength: 9 }),
        script,
        fc.constantFrom('', 'call ', 'phone', 'abc', '(', 'reach me at\n'),
        fc.constantFrom('', ' now', 'x', ')', '.'),
        (digits, gaps, zero, before, after) => {
          const value = written([...digits], gaps, zero);
          // A single group is a phone number only after a keyword; amounts and IP addresses are not.
          fc.pre(gaps.some((g) => g !== '') || /call|phone/.test(before));
          // Amounts (thousands, maybe a decimal part after the other mark) and IP addresses are not either, in any script.
          const ascii = written([...digits], gaps, 0x30);
          fc.pre(!/^\d{1,3}([,.'])\d{3}(?:\1\d{3})*(?:(?!\1)[.,]\d+)?$/.test(ascii) && !/^\d{1,3}(?:\.\d{1,3}){3}$/.test(ascii));
          const text = `${before}${value}${after}`;
          assert.equal(mask(masker, text).text, `${before}[REDACTED:phone]${after}`, JSON.stringify(text));
        },
      ),
    );
  });

  it('finds emails glued to text, split by line breaks or invisible characters, spaced around "@" or full-width', () => {
    const masker = onlyDetectors(['email'], { detectors: { email: { style: 'redact' } } });
    for (const [text, expected] of [
      ['mailada@example.comend', '[REDACTED:email]'],
      ['ada@exam\nple.com', '[REDACTED:email]'],
      ['ada@example.\r\ncom', '[REDACTED:email]'],
      ['ad\na@example.com', '[REDACTED:email]'],
      ['a\u200bda@exa\u00admple.com', '[REDACTED:email]'],
      ['ada @ example.com', '[REDACTED:email]'],
      ['ada\t@\texample.com', '[REDACTED:email]'],
      ['ａｄａ＠ｅｘａｍｐｌｅ．ｃｏｍ', '[REDACTED:email]'],
      ['ada﹫example。com', '[REDACTED:email]'],
    ] as const) {
      assert.equal(mask(masker, text).text, expected, JSON.stringify(text));
    }
  });

  it('keeps addresses on separate lines apart, and leaves mentions and a half-written address', () => {
    const masker = onlyDetectors(['email']);
    assert.equal(mask(masker, 'ada@example.com\nbob@example.org').text, 'a***@example.com\nb***@example.org');
    for (const text of ['cc @ada.lovelace', 'ada@ example']) assert.equal(mask(masker, text).text, text, text);
  });

  it('ends on any text made of the characters these forms use, masking no more than it returns (property)', () => {
    const masker = onlyDetectors(['card', 'iban', 'phone', 'email']);
    const char = fc.constantFrom('a', 'D', 'E', '4', '1', '8', '9', '@', '＠', '.', '。', '-', '_', ' ', '\n', '\r', '\t', '\u200b', '\u00ad', '+', '(', ':', '４');
    fc.assert(
      fc.property(fc.array(char, { maxLength: 80 }).map((chars) => chars.join('')), (text) => {
        const { text: masked, counts } = mask(masker, text);
        assert.equal(typeof masked, 'string');
        if (Object.keys(counts).length === 0) assert.equal(masked, text);
      }),
      { numRuns: 2000 },
    );
  });
});
