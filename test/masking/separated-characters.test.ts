// Attack corpus: a value written one character at a time with the same separator between every two
// characters, as SQL writes it with string_agg(ch, sep) over regexp_split_to_table(value, '') or
// regexp_replace(value, '(.)', '\1<sep>', 'g'): "a.d.a...l.o.v.e…", "s s n   5 3 6 - 9 …" (a blank
// between, and a blank as one of the characters), a tab, a newline, "|a|d|a|". A reader skips the
// separator at once, whatever it is. Each row is checked in free text and in a table cell; the
// decoys (rules, dotted numbers, dates, paths, counted lists) must come back as they are.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMasker, DEFAULT_PROFILE } from '../../src/masking/index.ts';
import { inCell, inText, leaksThrough, type LeakCase } from './helpers.ts';

const defaults = createMasker(DEFAULT_PROFILE, { secretValues: [] });

/** `value` one character at a time with `separator` between every two. */
const apart = (value: string, separator: string) => [...value].join(separator);

const separated: readonly LeakCase[] = [
  ['email', apart('ada.lovelace@example.com', '.'), apart('lovelace', '.'), 'a dot, also a character of the address/email'],
  ['email', apart('ada.lovelace@example.com', '-'), apart('lovelace', '-'), 'a dash/email'],
  ['email', apart('ada.lovelace@example.com', '/'), apart('lovelace', '/'), 'a slash/email'],
  ['email', apart('ada.lovelace@example.com', '_'), apart('lovelace', '_'), 'an underscore/email'],
  ['email', apart('ada.lovelace@example.com', '\t'), apart('lovelace', '\t'), 'a tab/email'],
  ['email', `|${apart('ada.lovelace@example.com', '|')}|`, apart('lovelace', '|'), 'a table row of bars/email'],
  ['email', apart('ada.lovelace@example.com', ' . '), apart('lovelace', ' . '), 'a dot between blanks/email'],
  ['email', apart('ada.lovelace@example.com', '~~'), apart('lovelace', '~~'), 'two marks/email'],
  ['ssn', apart('ssn 536-90-4417', ' '), '4 4 1 7', 'a blank, and a blank among the characters/ssn'],
  ['ssn', apart('ssn 536-90-4417', '.'), '4.4.1.7', 'a dot/ssn'],
  ['ssn', apart('ssn 536-90-4417', '-'), '4-4-1-7', 'a dash, also a character of the number/ssn'],
  ['ssn', apart('ssn 536-90-4417', '\n'), '4\n4\n1\n7', 'a line each, in one text/ssn'],
  ['ssn', apart('ssn 536-90-4417', '/'), '4/4/1/7', 'a slash/ssn'],
  ['ssn', apart('ssn 536-90-4417', '\t'), '4\t4\t1\t7', 'a tab/ssn'],
  ['ssn', `ssn ${apart('536-90-4417', '.')}`, '4.4.1.7', 'a dot, the name as written/ssn'],
  ['ssn', `ssn: ${apart('536-90-4417', ' ')}`, '4 4 1 7', 'a blank, the name as written/ssn'],
  ['card', apart('card 4539 1488 0343 6467', '*'), '1*4*8*8', 'a star/card'],
  ['card', apart('card 4539 1488 0343 6467', '::'), '1::4::8::8', 'two colons/card'],
  ['iban', apart('DE89 3704 0044 0532 0130 00', '.'), '0.5.3.2', 'a dot/iban'],
  ['phone', apart('phone +1 415 555 2671', '_'), '2_6_7_1', 'an underscore/phone'],
];

const decoys: readonly string[] = [
  '----------------------------------------',
  '=-=-=-=-=-=-=-=-=-=-=-=-=-=-=-=',
  '. . . . . . . . . . . .',
  'loading......... done',
  'version 1.2.3.4.5.6 released',
  'path a/b/c/d/e/f/g.txt',
  'rated A-B-C-D-E-F by the panel',
  'keys: q w e r t y u i o p',
  'ip 10.0.0.1 and 192.168.1.1',
  '| a | b | c | d | e | f |',
  'x_y_z_1_2_3 is a variable',
];

describe('attack corpus: a value with the same separator between every two characters', () => {
  it('masks each value in free text', () => {
    assert.deepEqual(leaksThrough(inText(defaults), separated), []);
  });

  it('masks each value in a table cell', () => {
    assert.deepEqual(leaksThrough(inCell(defaults), separated), []);
  });

  it('leaves rules, dotted numbers, paths, rows of single letters and names as they are', () => {
    const changed = decoys.map((text) => [text, defaults.maskText(text)]).filter(([text, out]) => text !== out);
    assert.deepEqual(changed, []);
  });
});
