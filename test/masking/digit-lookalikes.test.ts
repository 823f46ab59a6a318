// The edges of reading letters as digits (digit-lookalikes.ts): a leet word as long as the
// longest card, an IBAN whose last group is a whole four, as short as IBANs come or one word,
// groups of look-alikes alone joined by a mark between spaces, each grouping of a value's digits,
// IBANs whose country writes letters in them, groups joined by underscores;
// and what must stay as written: a card's groups with digits glued to its ends, a hex id of
// digits and A, B, E (the leet letters hex shares) that would read as a card, a leet word one
// past the longest card, IBAN-shaped references whose check digits fail, a card written in digits
// beside look-alike letters (kept in its partial style).
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
  // Each grouping of a value read with leet letters: 4-4-4-4-3, 1-3-3-4, 4-6-4.
  // 4242 4242 4242 4240 208: its first sixteen digits are no card.
  ['card', 'card 4Z4Z 4Z4Z 4Z4Z 4Z40 Z08', '4Z4Z 4Z4Z', 'a 19-digit card in groups of four and three/card'],
  // A colon joins groups as a space does: a group holds digits and letters read as digits alone.
  ['card', 'card 4Z4Z:4Z4Z:4Z4Z:4Z40:Z08', '4Z4Z:4Z4Z', 'a 19-digit card in groups joined by colons/card'],
  ['phone', 'tel 1 415 SSS Z671', 'SSS Z671', 'a country code of 1 before the groups/phone'],
  // 3056 930902 5904: a Diners Club number.
  ['card', 'diners E056 9E0902 5904', '9E0902', 'groups of four, six and four/card'],
  ['iban', 'iban DE8937O4OO44OS32O13OOO', 'OS32O13', 'one word after the country code/iban'],
  ['card', 'card 4ll1-ll-llll-lll-lll', 'llll-lll', 'look-alikes in groups of no value\'s shape/card'],
  // A "|" between groups is a mark, as in "4111 | 1111", not a 1.
  ['card', 'card 4Z4Z | 4Z4Z | 4Z4Z | 4Z4Z', '4Z4Z | 4Z4Z', 'leet groups parted by a "|" between spaces/card'],
  ['ssn', 'ssn 5E6 | 90 | 4417', '4417', 'a leet group parted by "|" marks/ssn'],
  // DE89 3704 0044 0532 0130 00 with O for 0, its groups parted by "|" marks.
  ['iban', 'iban DE89 37O4 | OO44 | O532 | O13O | OO', 'O532', 'an IBAN of leet groups parted by "|" marks/iban'],
  ['ssn', 'ssn lol / lo / llol', 'llol', 'l and o alone, slashes between spaces/ssn'],
  // The same IBAN grouped so its first digits stand before the look-alike run, or its country code apart:
  // the value is redacted from where it begins, not from where the letters read as digits begin.
  ['iban', 'iban DE8937 O4OO 44OS 32O1 3OOO', '8937', 'check digits glued to the first group, before the run/iban'],
  ['iban', 'iban DE 89 37O4 OO44 O532 O13O OO', 'DE ', 'a country code set apart/iban'],
  ['card', 'card 4111 1111 1111 Illl', '4111 1111', 'plain groups before the look-alike one/card'],
  // An IBAN's groups in digits but one of look-alikes alone, no digit beside it.
  ['iban', 'iban DE89 3704 0044 0532 0130 OO', '0532 0130', 'a last group of look-alikes alone/iban'],
  ['iban', 'iban DE89 37O4 OO44 O532 O13O OO', 'O532', 'groups of look-alikes beside digits/iban'],
  ['iban', 'iban NO93 8601 III7 947', '8601', 'a middle group of look-alikes alone/iban'],
  // IBANs whose country writes letters in them (a bank code, a check letter, an account): a group
  // with such a letter ends no run, and look-alikes stand where the country's format wants a digit.
  // FR14 2004 1010 0505 0001 3M02 606: O for 0 before and after the account's letter.
  ['iban', 'iban FR14 2OO4 1O1O O5O5 OOO1 3M02 606', '1O1O', 'a group with a letter after the look-alikes/iban'],
  // IT60 X054 2811 1010 0000 0123 456: its check letter X in the group of the first look-alike.
  ['iban', 'iban IT60 XO54 28ll lOlO OOOO Ol23 456', 'lOlO', 'a check letter glued to a look-alike/iban'],
  // NL91 ABNA 0417 1643 00 in one word: the bank code's letters glued to an O for 0.
  ['iban', 'iban NL91ABNAO417164300', 'ABNAO417', 'one word, letters of a bank code before an O/iban'],
  // IE17 BOFI 9058 3812 3456 78: the bank code's O and I are letters, the O in the account a 0.
  ['iban', 'iban IE17BOFI9O583812345678', 'BOFI9O58', 'one word, a bank code with look-alike letters/iban'],
  ['iban', 'iban nl91abnao417164300', 'abnao417', 'one word in lower case/iban'],
  ['iban', 'iban NL91ABNAO417164300x', 'ABNAO417', 'one word, a letter touching its end/iban'],
  // A country code set apart from leet groups in no value's shape, or from one word of them longer than any card.
  ['iban', 'iban DE 89 37O4 OO44 OS32 O13O OO', 'OS32', 'a country code set apart, leet letters/iban'],
  ['iban', 'iban DE 8937O4OO44OS32O13OOO', 'OS32', 'a country code set apart from one word/iban'],
  // An underscore joins groups as a dash does ("4111_1111_1111_1111" is a card's).
  ['card', 'card 4lll_llll_llll_llll', 'llll_llll', 'groups joined by underscores/card'],
  ['ssn', 'ssn 536_9O_44l7', '44l7', 'groups joined by underscores/ssn'],
  // A word of digits and look-alikes is read in a run that holds a leet letter in another word (a table's cells).
  ['card', '| 12B | 4lll1lll1lll1lll |', '4lll1lll', 'one word of look-alikes beside a leet word/card'],
  ['ssn', 'ssn | 2B | 5369O44l7 |', '44l7', 'one word of look-alikes beside a leet word/ssn'],
  // Its only real digits 0s: 101-10-1101.
  ['ssn', 'ssn l0ll0ll0l', 'l0ll0ll0l', 'l for 1 beside zeros, one word/ssn'],
  ['ssn', 'IOI-IO-IIOI', 'IIOI', 'I and O alone, nothing before them/ssn'],
  // 4242 4242 4242 4242: its first group reads as a country code (AZ) and check digits, the rest in digits alone.
  ['card', 'card AZ42 4242 4242 4242', '4242 4242', 'leet letters that read as a country code/card'],
  // A word of capitals and two digits before the groups is no part of them ("PO12": an order, not a group of four).
  ['card', 'ref PO12 4Z4Z 4Z4Z 4Z4Z 4Z4Z 10005', '4Z4Z 4Z4Z', 'after a word of capitals and digits/card'],
  // A value right after another in one run: the digits before it are no part of it.
  ['card', 'S36-90-4417 4Z4Z 4Z4Z 4Z4Z 4Z4Z', '4Z4Z 4Z4Z', 'a card right after an SSN/card'],
  ['card', 'ref 12 34 4Z4Z 4Z4Z 4Z4Z 4Z4Z', '4Z4Z 4Z4Z', 'a card right after other numbers/card'],
  // A table's borders glued to a run of two values: read with them (a "|" may be a 1) and without.
  ['card', '|S36-90-4417 4Z4Z 4Z4Z 4Z4Z 4Z4Z|', '4Z4Z 4Z4Z', 'borders glued to an SSN and a card/card'],
  ['ssn', '|S36-90-4417 4Z4Z 4Z4Z 4Z4Z 4Z4Z|', '90-4417', 'borders glued to an SSN and a card/ssn'],
];

const decoys: readonly string[] = [
  // Reads 4833 2418 4354 6875 (Luhn-valid) with B, E and A as digits: a hex id, which a word alone often is.
  'object 4B3E2A1B4E5A6B75',
  'ids 4B3E2A1B4E5A6B75 and 1B0B4E5A1B0B',
  // 20 characters: one past the longest card.
  'card 4Z4Z4Z4Z4Z4Z4Z4Z4Z4Z',
  // A card's groups with a digit or a letter glued to one end are no card: only a "|" there is read as a border.
  'ref |4Z4Z 4Z4Z 4Z4Z 4Z4Z9',
  'ref S4Z4Z 4Z4Z 4Z4Z 4Z4Z|',
  // Shaped like IBANs with letters (one character off those above): their check digits do not hold read either way.
  'ref FR14 2OO4 1O1O O5O5 OOO1 3M02 607',
  'ref NL91ABNAO417164301',
  // The IBAN above glued to more digits: part of a longer number.
  'ref DE8937O4OO44O532O13OOO123',
  // Words of leet letters alone shaped like an SSN's groups (438-22-8357): no real digit, no value.
  'tags ABE-ZZ-BEST, seat 2B',
  // A word of look-alikes alone, though as long as an SSN, after "ssn" and in a run with a digit: no real digit, no value.
  'asked for my ssn, lolololol 2B or not 2B',
];

describe('look-alike and leet letters read as digits, at the edges', () => {
  it('masks each value at an edge, in free text', () => {
    assert.deepEqual(leaksThrough(inText(defaults), rows), []);
  });

  it('masks each value at an edge, in a table cell', () => {
    assert.deepEqual(leaksThrough(inCell(defaults), rows), []);
  });

  it('leaves a hex id that would read as a card, a leet word longer than any card and IBAN-shaped references as they are', () => {
    assert.deepEqual(decoys.map((text) => defaults.maskText(text)), decoys);
  });

  it('keeps a word whose last letters look like digits whole before a value: a run starts at a word\'s start', () => {
    // "ll" of "Bill" and "lo" of "Hello" beside the groups would read as 11 and 10 and the word be cut.
    assert.equal(defaults.maskText('Bill 4lll llll llll llll'), 'Bill [REDACTED:card]');
    assert.equal(defaults.maskText('Hello 4lll llll llll llll'), 'Hello [REDACTED:card]');
  });

  it('hides an SSN right after a card in one run: the card\'s longest shape takes the SSN\'s first group, the SSN is read from it too', () => {
    const out = defaults.maskText('4Z4Z 4Z4Z 4Z4Z 4Z4Z S36-90-4417');
    assert.doesNotMatch(out, /4Z4Z|90|4417/, out);
  });

  it('keeps the partial style of a card written in digits beside look-alike letters', () => {
    assert.equal(defaults.maskText('ref lO 4111 1111 1111 1111'), 'ref lO **** **** **** 1111');
  });
});
