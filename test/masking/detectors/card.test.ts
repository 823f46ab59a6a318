import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { luhnValid } from '../../../src/masking/checksums.ts';
import { isCardNumber } from '../../../src/masking/detectors/card.ts';
import { mask, onlyDetectors } from '../helpers.ts';

const partial = onlyDetectors(['card']);
const redact = onlyDetectors(['card'], { detectors: { card: { style: 'redact' } } });

/** Appends the Luhn check digit to `body`. */
function withCheckDigit(body: string): string {
  for (let digit = 0; digit <= 9; digit++) if (luhnValid(body + digit)) return body + digit;
  throw new Error('unreachable');
}

describe('card detector', () => {
  it('keeps the layout and the last 4 digits in the partial style', () => {
    assert.equal(mask(partial, 'pay 4242 4242 4242 4242 now').text, 'pay **** **** **** 4242 now');
    assert.equal(mask(partial, 'pay 4242-4242-4242-4242').text, 'pay ****-****-****-4242');
    assert.equal(mask(partial, '378282246310005').text, '***********0005');
  });

  it('masks digits outside the Basic Multilingual Plane (two UTF-16 units each) to their last unit of text', () => {
    // Mathematical bold digits: every one is a surrogate pair, so the span must count two units a digit.
    const bold = (digits: string) => [...digits].map((d) => (d === ' ' ? ' ' : String.fromCodePoint(0x1d7ce + Number(d)))).join('');
    const text = `card ${bold('4111 1111 1111 1111')} ok`;
    assert.equal(mask(redact, text).text, 'card [REDACTED:card] ok');
    assert.equal(mask(redact, `${bold('4111111111111111')}`).text, '[REDACTED:card]');
  });

  it('redacts bare, spaced, dashed and Amex/Diners-grouped numbers', () => {
    for (const card of ['4111111111111111', '5555 5555 5555 4444', '2223-0031-2200-3222', '3782 822463 10005', '3056 930902 5904']) {
      const result = mask(redact, `x ${card} y`);
      assert.equal(result.text, 'x [REDACTED:card] y', card);
      assert.deepEqual(result.counts, { 'detector:card': 1 });
    }
  });

  it('masks the card and leaves an expiry date joined to it', () => {
    assert.equal(mask(redact, '4242 4242 4242 4242 12 27').text, '[REDACTED:card] 12 27');
  });

  it('finds a card after a short leading number', () => {
    assert.equal(mask(redact, 'qty 2 4242 4242 4242 4242').text, 'qty 2 [REDACTED:card]');
  });

  it('leaves Luhn failures, numbers without an issuer, and cards inside longer numbers or hashes', () => {
    for (const decoy of [
      '4242424242424241',
      '0000 0000 0000 0000',
      '9999999999999995',
      '42424242424242424242',
      '1234 5678 9012 3456',
      '4-2-4-2-4-2-4-2-4-2-4-2-4-2-4-1',
      'sha1 e1d8a3f04242424242424242c0ffee12ab34cd56',
    ]) {
      assert.equal(mask(redact, decoy).text, decoy, decoy);
    }
  });

  it('finds a card glued to letters, grouped any way, with mixed separators', () => {
    for (const [text, expected] of [
      ['id4242424242424242', 'id[REDACTED:card]'],
      ['4242424242424242abc', '[REDACTED:card]abc'],
      ['x_4242-4242-4242-4242_y', 'x_[REDACTED:card]_y'],
      ['4242 4242-4242 4242', '[REDACTED:card]'],
      ['42 42 42 42 42 42 42 42', '[REDACTED:card]'],
      ['4-2-4-2-4-2-4-2-4-2-4-2-4-2-4-2', '[REDACTED:card]'],
      ['4242 | 4242 | 4242 | 4242', '[REDACTED:card]'],
    ] as const) {
      assert.equal(mask(redact, text).text, expected, text);
    }
  });

  it('takes a window set off by separators it does not use itself', () => {
    assert.equal(mask(redact, '12-27 / 4242-4242-4242-4242 / 123').text, '12-27 / [REDACTED:card] / 123');
    assert.equal(mask(redact, '0 4-2-4-2-4-2-4-2-4-2-4-2-4-2-4-2').text, '0 [REDACTED:card]');
  });

  it('redacts a card in other digits whole: the partial style keeps only ASCII digits', () => {
    const fullWidth = mask(partial, 'card ４２４２ ４２４２ ４２４２ ４２４２');
    assert.equal(fullWidth.text, 'card [REDACTED:card]');
    assert.deepEqual(fullWidth.counts, { 'detector:card': 1 });
    assert.equal(mask(partial, 'card ٤٢٤٢٤٢٤٢٤٢٤٢٤٢٤٢').text, 'card [REDACTED:card]');
  });

  it('keeps the layout of a card split over lines in the partial style', () => {
    assert.equal(mask(partial, '4242 4242\n4242 4242').text, '**** ****\n**** 4242');
    assert.equal(mask(partial, '4242\r\n4242\r\n4242\r\n4242').text, '****\r\n****\r\n****\r\n4242');
  });

  it('checks issuer lengths: a 15-digit Visa-prefixed number is no card', () => {
    const fifteen = withCheckDigit('49015420323751');
    assert.equal(isCardNumber(fifteen), false);
    assert.equal(isCardNumber(withCheckDigit('424242424242424')), true);
  });

  it('masks every Luhn-valid Visa number however it is grouped (property)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{14}$/), fc.constantFrom('', ' ', '-'), (body, separator) => {
        const digits = withCheckDigit(`4${body}`);
        const written = separator === '' ? digits : (digits.match(/.{1,4}/g) ?? []).join(separator);
        assert.equal(mask(redact, `card ${written}.`).text, 'card [REDACTED:card].');
      }),
    );
  });

  it('never masks a 16-digit number that fails Luhn (property)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[1-9][0-9]{15}$/), (digits) => {
        fc.pre(!luhnValid(digits));
        assert.equal(mask(redact, digits).text, digits);
      }),
    );
  });
});
