// The edges of reading letters as digits (digit-lookalikes.ts): a leet word as long as the
// longest card, an IBAN whose last group is a whole four or that is as short as IBANs come, groups
// of look-alikes alone joined by a mark between spaces; and what must stay as written: a hex id of
// digits and A, B, E (the leet letters hex shares) that would read as a card, a leet word one
// past the longest card, a card written in digits beside look-alike letters (kept in its partial style).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMasker, DEFAULT_PROFILE } from '../../src/masking/index.ts';
import { inCell, inText, leaksThrough, type LeakCase } from './helpers.ts';

const defaults = createMasker(DEFAULT_PROFILE, { secretValues: [] });

const rows: readonly LeakCase[] = [
  // 4242 4242 4242 4242 428: a 19-digit Visa, Luhn-valid.
  ['card', 'card 4Z4Z4Z4Z4Z4Z4Z4Z4Z8', '4Z4Z4Z4Z', 'one leet word of 19 characters/card'],
  // BE68 5390 0754 7034: its last group holds four.
  ['iban', 'iban BE68 5E9O O754 7O34', 'O754', 'E and O, a last group of four/iban'],
  // NO93 8601 1117 947: 13 characters after the country code, the fewest an IBAN has.
  ['iban', 'iban NO93 86O1 1117 94T', '1117', 'O and T, the shortest IBAN/iban'],
  ['ssn', 'ssn IOI - IO - IIOI', 'IIOI', 'I and O alone, dashes between spaces/ssn'],
  ['ssn', 'ssn lol / lo / llol', 'llol', 'l and o alone, slashes between spaces/ssn'],
];

const decoys: readonly string[] = [
  // Reads 4833 2418 4354 6875 (Luhn-valid) with B, E and A as digits: a hex id, which a word alone often is.
  'object 4B3E2A1B4E5A6B75',
  'ids 4B3E2A1B4E5A6B75 and 1B0B4E5A1B0B',
  // 20 characters: one past the longest card.
  'card 4Z4Z4Z4Z4Z4Z4Z4Z4Z4Z',
];

describe('look-alike and leet letters read as digits, at the edges', () => {
  it('masks each value at an edge, in free text', () => {
    assert.deepEqual(leaksThrough(inText(defaults), rows), []);
  });

  it('masks each value at an edge, in a table cell', () => {
    assert.deepEqual(leaksThrough(inCell(defaults), rows), []);
  });

  it('leaves a hex id that would read as a card and a leet word longer than any card as they are', () => {
    assert.deepEqual(decoys.map((text) => defaults.maskText(text)), decoys);
  });

  it('keeps the partial style of a card written in digits beside look-alike letters', () => {
    assert.equal(defaults.maskText('ref lO 4111 1111 1111 1111'), 'ref lO **** **** **** 1111');
  });
});
