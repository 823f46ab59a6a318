import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { TableResult } from '../../src/pipeline/result.ts';
import { MaskingError } from '../../src/masking/index.ts';
import { mask, maskerWith, onlyDetectors } from './helpers.ts';

const KEY = 'k'.repeat(32);
const OTHER_KEY = 'o'.repeat(32);

function emailTable(values: unknown[]): TableResult {
  return {
    kind: 'table',
    columns: [{ name: 'email', type: 'text', table: 'public.customers', column: 'email' }],
    rows: values.map((value) => [value]),
    command: 'SELECT',
    rowCount: values.length,
  };
}

describe('masking styles', () => {
  it('redact writes [REDACTED:<detector>] in text and [REDACTED:<column>] in cells', () => {
    const masker = maskerWith({ columns: [{ match: '*.email', style: 'redact' }], detectors: { email: { style: 'redact' } } });
    assert.equal(mask(masker, 'mail ann@example.com').text, 'mail [REDACTED:email]');
    const result = emailTable(['ann@example.com']);
    masker.maskResult(result);
    assert.deepEqual(result.rows, [['[REDACTED:public.customers.email]']]);
  });

  it('partial keeps the card tail, the email domain, the phone tail, and nothing of other values', () => {
    const masker = maskerWith({ columns: [{ match: 'v', style: 'partial' }] });
    const result: TableResult = {
      kind: 'table',
      columns: [{ name: 'v', type: 'text' }],
      rows: [['4242 4242 4242 4242'], ['j.doe@example.com'], ['+1 415-555-2671'], ['Ann Smith'], ['12'], ['call 415-555-2671']],
      command: 'SELECT',
      rowCount: 6,
    };
    masker.maskResult(result);
    assert.deepEqual(result.rows, [
      ['**** **** **** 4242'],
      ['j***@example.com'],
      ['+* ***-***-**71'],
      ['[REDACTED:v]'],
      ['[REDACTED:v]'],
      ['[REDACTED:v]'],
    ]);
  });

  it('partial keeps a card tail only for 12 to 19 digits that pass Luhn, a phone tail for 7 to 15 digits, and nothing past them', () => {
    const masker = maskerWith({ columns: [{ match: 'v', style: 'partial' }] });
    const cells = ['411111111117', '4111111111111111110', '41111111112', '411111111118', '41111111111111111115', '123456'];
    const result: TableResult = { kind: 'table', columns: [{ name: 'v', type: 'text' }], rows: cells.map((c) => [c]), command: 'SELECT', rowCount: cells.length };
    masker.maskResult(result);
    assert.deepEqual(result.rows, [
      ['********1117'], // 12 digits, Luhn: a card's last 4
      ['***************1110'], // 19 digits, Luhn: a card's last 4
      ['*********12'], // 11 digits, Luhn, too short for a card: a phone's last 2
      ['**********18'], // 12 digits failing Luhn: a phone's last 2
      ['[REDACTED:v]'], // 20 digits: neither
      ['[REDACTED:v]'], // 6 digits: neither
    ]);
  });

  it('partial keeps an email domain only when the whole cell is one address: free text with an @ is redacted', () => {
    const masker = maskerWith({ columns: [{ match: 'v', style: 'partial' }] });
    const cells = ['a@b.com; card 4242 4242 4242 4242, ssn 123-45-6789', 'ann@example.com bob@example.org', 'x@y', '@example.com'];
    const result: TableResult = { kind: 'table', columns: [{ name: 'v', type: 'text' }], rows: cells.map((c) => [c]), command: 'SELECT', rowCount: cells.length };
    masker.maskResult(result);
    assert.deepEqual(result.rows, cells.map(() => ['[REDACTED:v]']));
  });

  it('partial keeps a domain only when it is an ASCII host name', () => {
    const masker = maskerWith({ columns: [{ match: 'v', style: 'partial' }] });
    const kept = ['j.doe+tag@mail.example.co.uk', 'a@xn--bcher-kva.example', 'o\'neil@a-b.io', `${'l'.repeat(64)}@${'d'.repeat(63)}.com`];
    const redacted = [
      'a@b', 'a@-b.com', 'a@b-.com', 'a@b..com', 'a@.b.com', 'a@b.com.', 'a@b.c', 'a@b.c0m', 'a@b_c.com', 'a b@c.com', 'a@b.com\n', 'a@b.com x',
      'a\u202e@b.com', 'é@b.com', 'a@exämple.com', 'a@b@c.com', `${'l'.repeat(65)}@b.com`, `a@${'d'.repeat(64)}.com`, `a@${'d.'.repeat(127)}com`,
    ];
    const cells = [...kept, ...redacted];
    const result: TableResult = { kind: 'table', columns: [{ name: 'v', type: 'text' }], rows: cells.map((c) => [c]), command: 'SELECT', rowCount: cells.length };
    masker.maskResult(result);
    assert.deepEqual(
      result.rows.map((row) => row[0]),
      [...kept.map((c) => `${c[0]}***${c.slice(c.indexOf('@'))}`), ...redacted.map(() => '[REDACTED:v]')],
    );
  });

  it('partial never keeps anything but a host name after the first character (generated cells)', () => {
    const masker = maskerWith({ columns: [{ match: 'v', style: 'partial' }] });
    const cell = fc.array(fc.constantFrom('a', 'Z', '7', '@', '.', '-', ' ', '_', ';', 'é', '\n', 'xn--', 'com'), { maxLength: 40 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(cell, (value) => {
        const result: TableResult = { kind: 'table', columns: [{ name: 'v', type: 'text' }], rows: [[value]], command: 'SELECT', rowCount: 1 };
        masker.maskResult(result);
        const out = result.rows[0]?.[0] as string;
        if (!value.includes('@')) return true;
        return out === '[REDACTED:v]' || /^[\x21-\x7e]\*\*\*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+(?:[A-Za-z]{2,}|xn--[A-Za-z0-9-]+)$/.test(out);
      }),
      { seed: 20261124, numRuns: 5000 },
    );
  });

  it('partial keeps digits only in values made of digits and layout, for every UTF-16 code unit', () => {
    const masker = maskerWith({ columns: [{ match: 'v', style: 'partial' }] });
    // Every code unit but digits (another card) and "@" (an email) stands between two digit groups.
    const codes = Array.from({ length: 0x10000 }, (_, code) => code).filter((code) => (code < 48 || code > 57) && code !== 64);
    const values = codes.map((code) => `4242${String.fromCharCode(code)}4242 4242 4242`);
    const result: TableResult = { kind: 'table', columns: [{ name: 'v', type: 'text' }], rows: values.map((value) => [value]), command: 'SELECT', rowCount: values.length };
    masker.maskResult(result);
    const wrong = values.filter((value, i) => {
      const expected = /^[\d\s()+.-]+$/.test(value) ? `****${value[4]}**** **** 4242` : '[REDACTED:v]';
      return result.rows[i]?.[0] !== expected;
    });
    assert.deepEqual(wrong, []);
  });

  it('partial renders long values whole', () => {
    const masker = maskerWith({ columns: [{ match: 'v', style: 'partial' }] });
    const domain = `${'d'.repeat(5000)}.example.com`;
    const spaced = `415 555 2671${' '.repeat(3000)}`;
    const result: TableResult = {
      kind: 'table',
      columns: [{ name: 'v', type: 'text' }],
      rows: [[`ann@${domain}`], [spaced], [`${' '.repeat(2047)}4242424242424242`]],
      command: 'SELECT',
      rowCount: 3,
    };
    masker.maskResult(result);
    // No address is this long (a domain label is at most 63 characters): it is redacted, not kept in part.
    assert.deepEqual(result.rows, [['[REDACTED:v]'], [`*** *** **71${' '.repeat(3000)}`], [`${' '.repeat(2047)}************4242`]]);
  });

  it('partial on secret detectors keeps nothing', () => {
    const masker = onlyDetectors(['aws_access_key'], { detectors: { aws_access_key: { style: 'partial' } } });
    assert.equal(mask(masker, 'AKIAIOSFODNN7EXAMPLE').text, '[REDACTED:aws_access_key]');
  });

  it('null nulls structured cells and redacts inside text', () => {
    const masker = maskerWith({ columns: [{ match: '*.email', style: 'null' }], detectors: { email: { style: 'null' } } });
    const result = emailTable(['ann@example.com', 42]);
    masker.maskResult(result);
    assert.deepEqual(result.rows, [[null], [null]]);
    assert.equal(mask(masker, 'mail ann@example.com').text, 'mail [REDACTED:email]');
  });

  it('pseudonym is deterministic, keyed, and the same for one value written two ways', () => {
    const profile = { columns: [{ match: '*.email', style: 'pseudonym' as const }], detectors: { card: { style: 'pseudonym' as const } } };
    const masker = maskerWith(profile, { pseudonymKey: KEY });
    const again = maskerWith(profile, { pseudonymKey: KEY });
    const otherKey = maskerWith(profile, { pseudonymKey: OTHER_KEY });

    const spaced = mask(masker, '4242 4242 4242 4242').text;
    assert.match(spaced, /^card_[0-9a-f]{10}$/);
    assert.equal(mask(masker, '4242-4242-4242-4242').text, spaced, 'normalized before hashing');
    assert.equal(mask(again, '4242424242424242').text, spaced, 'same key, same token');
    assert.notEqual(mask(otherKey, '4242424242424242').text, spaced, 'another key, another token');
    assert.notEqual(mask(masker, '5555 5555 5555 4444').text, spaced, 'another value, another token');

    const result = emailTable(['ann@example.com', 'bob@example.com', 'ann@example.com', null]);
    masker.maskResult(result);
    const [ann, bob, annAgain, missing] = result.rows.map((row) => row[0]);
    assert.match(String(ann), /^email_[0-9a-f]{10}$/);
    assert.equal(ann, annAgain, 'joins and GROUP BY still work');
    assert.notEqual(ann, bob);
    assert.equal(missing, null);
  });

  it('refuses a profile that uses pseudonyms without a key, naming where', () => {
    assert.throws(
      () => maskerWith({ jsonKeys: [{ match: 'uid', style: 'pseudonym' }] }),
      (error: unknown) => error instanceof MaskingError && error.code === 'invalid_config' && /jsonKeys\.0/.test(error.message),
    );
    assert.throws(() => maskerWith({ detectors: { email: { style: 'pseudonym' } } }), /detectors\.email/);
  });

  it('refuses a pseudonym key short enough to guess', () => {
    assert.throws(() => maskerWith({}, { pseudonymKey: 'short' }), /at least 16/);
  });
});
