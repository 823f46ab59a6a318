// Attack corpus: the digits of a card, an SSN or a phone number in disguise, as SQL's translate(),
// replace() or regexp_replace() writes them in one call: a currency or number sign before each
// group, letters that look like digits ("4lll", "9O"), digits of other scripts and compatibility
// forms (superscript, circled, mathematical), digits written in invisible tag characters, digits
// dressed with combining marks or variation selectors, groups parted by invisible characters, line breaks or markup, digits written as
// character references or escapes (octal too), as English digit words, and values written backwards. Each is checked in free text
// and in a table cell; the decoys (prices, versions, dates, words with l, I and O, ids, words of
// other scripts with their own digits) must come back as they are.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMasker, DEFAULT_PROFILE } from '../../src/masking/index.ts';
import { inCell, inText, leaksThrough, type Channel, type LeakCase } from './helpers.ts';

const defaults = createMasker(DEFAULT_PROFILE, { secretValues: [] });

const CARD = '4111 1111 1111 1111';
const SSN = '536-90-4417';
const PHONE = '(415) 555-2671';

/** Each ASCII digit of `text` written by `spell`. */
const spelled = (text: string, spell: (digit: number) => string): string => text.replace(/\d/g, (d) => spell(Number(d)));
/** Each ASCII digit as the digit `d` of a block of ten that starts at `zero`. */
const fromBlock = (zero: number) => (d: number): string => String.fromCodePoint(zero + d);
const fromList = (list: string) => (d: number): string => [...list][d] as string;
/** Each digit from 1 to 9 as the form that starts at `one`, 0 as written (those blocks have no zero). */
const fromOne = (one: number) => (d: number): string => (d === 0 ? '0' : String.fromCodePoint(one + d - 1));

/** [form, how a digit is spelled]: each is applied to the card, the SSN and the phone number. */
const SPELLINGS: ReadonlyArray<readonly [string, (d: number) => string]> = [
  ['Arabic-Indic', fromBlock(0x660)],
  ['Extended Arabic-Indic', fromBlock(0x6f0)],
  ['Devanagari', fromBlock(0x966)],
  ['Bengali', fromBlock(0x9e6)],
  ['Thai', fromBlock(0xe50)],
  ['Tibetan', fromBlock(0xf20)],
  ['Myanmar', fromBlock(0x1040)],
  ['full-width', fromBlock(0xff10)],
  ['mathematical bold', fromBlock(0x1d7ce)],
  ['mathematical monospace', fromBlock(0x1d7f6)],
  ['superscript', fromList('⁰¹²³⁴⁵⁶⁷⁸⁹')],
  ['subscript', fromList('₀₁₂₃₄₅₆₇₈₉')],
  ['circled', fromList('⓪①②③④⑤⑥⑦⑧⑨')],
  ['parenthesized', fromOne(0x2474)],
  ['with a full stop', fromOne(0x2488)],
  ['dingbat circled', fromOne(0x2776)],
  ['keycap', (d) => `${d}\ufe0f\u20e3`],
  ['combining acute', (d) => `${d}\u0301`],
  ['enclosing circle', (d) => `${d}\u20dd`],
  ['variation selector', (d) => `${d}\ufe0e`],
  ['tag characters (invisible)', fromBlock(0xe0030)],
  ['zero-width space after each', (d) => `${d}\u200b`],
  ['soft hyphen after each', (d) => `${d}\u00ad`],
  ['HTML decimal reference', (d) => `&#${48 + d};`],
  ['HTML hex reference', (d) => `&#x3${d};`],
  ['JSON escape', (d) => `\\u003${d}`],
  ['hex escape', (d) => `\\x3${d}`],
  ['octal escape', (d) => `\\${(48 + d).toString(8).padStart(3, '0')}`],
  ['percent escape', (d) => `%3${d}`],
  ['mixed Arabic-Indic and ASCII', (d) => (d % 2 === 0 ? String.fromCodePoint(0x660 + d) : String(d))],
];

/** [form, how a value's groups are joined]: each joint is applied to the card, the SSN and the phone number's groups. */
const JOINTS: ReadonlyArray<readonly [string, string]> = [
  ['sign after a space', ' $'],
  ['sign after a dash', '-€'],
  ['number sign after a dash', '-#'],
  ['pound sign after a dot', '.£'],
  ['word joiner', '\u2060'],
  ['newline', '\n'],
  ['CRLF', '\r\n'],
  ['tab', '\t'],
  ['HTML line break', '<br>'],
  ['XHTML line break and newline', '<br/>\n'],
  ['table cells', '</td><td>'],
  ['spans', '</span> <span class="x">'],
];

const joined = (groups: readonly string[], joint: string): string => groups.join(joint);

const cases: readonly LeakCase[] = [
  ...SPELLINGS.flatMap(([form, spell]): LeakCase[] => [
    ['card', `card ${spelled(CARD, spell)}`, spelled('1111 1111', spell), `${form}/card`],
    ['ssn', `ssn ${spelled(SSN, spell)}`, spelled('4417', spell), `${form}/ssn`],
    ['phone', `call ${spelled(PHONE, spell)}`, spelled('555', spell), `${form}/phone`],
  ]),
  ...JOINTS.flatMap(([form, joint]): LeakCase[] => [
    ['card', `card ${joined(['4111', '1111', '1111', '1111'], joint)}`, joined(['1111', '1111'], joint), `${form}/card`],
    ['ssn', `ssn ${joined(['536', '90', '4417'], joint)}`, '4417', `${form}/ssn`],
    ['phone', `call ${joined(['415', '555', '2671'], joint)}`, joined(['415', '555'], joint), `${form}/phone`],
  ]),
  ['card', '<td>4111</td><td>1111</td><td>1111</td><td>1111</td>', '<td>1111</td><td>1111</td>', 'cells of an HTML row/card'],
  ['card', 'card 4lll llll llll llll', 'llll llll', 'l for 1/card'],
  ['card', 'card 4III IIII IIII IIII', 'IIII IIII', 'I for 1/card'],
  ['card', 'card 41l1 1l11 11l1 1111', '1l11', 'l among digits/card'],
  ['card', 'card 4OOO OOOO OOOO OOO2', 'OOOO OOOO', 'O for 0/card'],
  ['card', 'card 4ooo-oooo-oooo-ooo2', 'oooo-oooo', 'o for 0/card'],
  ['card', 'card 4lll;llll;llll;llll', 'llll;llll', 'l for 1, odd joint/card'],
  ['card', 'card 4lll $llll $llll $llll', 'llll $llll', 'l for 1, signed joint/card'],
  ['ssn', 'ssn 536-9O-44l7', '44l7', 'O and l/ssn'],
  ['ssn', 'ssn 5E6-9O-44I7'.replace('E', '3'), '44I7', 'O and I/ssn'],
  ['phone', 'call (4l5) 555-267l', '555', 'l for 1/phone'],
  ['phone', 'call 4l5.555.267l', '555', 'l for 1, dots/phone'],
  ['ssn', 'ssn 5369O44l7', '44l7', 'O and l, bare after a keyword/ssn'],
  ['iban', 'iban DE89 37O4 OO44 O532 O13O OO', 'O532', 'O for 0/iban'],
  ['iban', 'iban DE89 3704 0044 0532 0l30 00', '0532', 'l for 1/iban'],
  ['card', 'card four one one one one one one one one one one one one one one one', 'one one one', 'words/card'],
  ['card', 'card Four One One One, One One One One, One One One One, One One One One', 'One One One', 'capitalized words/card'],
  ['card', 'card 4oneoneone oneoneoneone oneoneoneone oneoneoneone', 'oneoneone', 'glued words/card'],
  ['ssn', 'ssn five three six nine zero four four one seven', 'four four one seven', 'words/ssn'],
  ['ssn', 'ssn five three six - nine zero - four four one seven', 'four four one seven', 'words, dashed/ssn'],
  ['phone', 'call four one five, five five five, two six seven one', 'two six seven', 'words/phone'],
  ['card', 'card 1111 1111 1111 1114', '1111 1111', 'reversed/card'],
  ['card', `note ${[...'4111 1111 1111 1111'].map((c) => String.fromCodePoint(0xe0000 + c.charCodeAt(0))).join('')} ok`, '\u{e0031}\u{e0031}', 'tag characters, spaces too/card'],
  ['card', 'cards ["4111","1111","1111","1111"]', '"1111","1111"', 'JSON array of groups/card'],
  ['card', 'cards [4,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1]', '1,1,1,1,1,1,1,1,1', 'JSON array of digits/card'],
  ['card', '| 4111 | 1111 | 1111 | 1111 |', '1111 | 1111', 'cells of a text table/card'],
  ['card', ' 4111\n 1111\n 1111\n 1111', '1111\n 1111', 'rows of one column/card'],
];

const asText = inText(defaults);
const asCell = inCell(defaults);
const leaks = (channel: Channel): string[] => leaksThrough(channel, cases);

const decoys = [
  // Prices and amounts, with signs after other marks.
  'price $1111.00, was $1299.99; now $999.00',
  'paid $1,234.56; $99.00; $4,500.00 and €12,50 – €7,99',
  'total 4111 USD; fee $12.50 and $3.75',
  'orders #1042 #1043 #1044, ORD#2024#000123',
  // Versions, dates, times, ids.
  'node v20.11.1, openssl 3.0.13, build 2024.05.01-1234',
  'on 2024-05-01 at 12:34:56, again 01.05.2024 10:45',
  'ids 1001 2002 3003, ticket INC0012345',
  // Ordinary words with l, I and O next to numbers.
  'Illinois 1001, Ohio 2024 and Idaho 83702',
  'lol 100 and loo 200, I paid 42, O 7 and IO 1234',
  'Ill at 10:00 on 2024-05-01, Oslo 0150, Lille 59000',
  'l1 = 1001, l2 = 2002, I0 = 3003',
  'the 100lb box and 10l of water, 500B and 1B0B',
  'OOO 555 and lll 123',
  // Number words in prose and counts too short for a value.
  'I have one or two, maybe three, four or five cats, six dogs, seven eight nine ten',
  'someone two three four five six seven eight nine',
  'count one two three four five, then four thousand one hundred and eleven',
  // Backslashes before digits that are paths, not escapes of digits.
  'path C:\\logs\\2024\\100\\run.txt and \\\\server\\share\\123',
  // Markup around numbers that are no value.
  '<td>1042</td><td>3</td><td>19.99</td>',
  '<h1>2024</h1><p>Chapter 11</p>',
  // Words of other scripts that hold their own digits.
  'السعر ٣٥٠ ريال، الطلب ١٢',
  'दिनांक १२ जनवरी २०२४',
  'ราคา ๑๐๐ บาท',
  // An emoji flag spelled with tag characters.
  'flag \u{1f3f4}\u{e0067}\u{e0062}\u{e0065}\u{e006e}\u{e0067}\u{e007f} of England, 1234 5678',
];

describe('attack corpus: digits in disguise', () => {
  it('masks each value in free text, with the detector that owns it', () => {
    assert.deepEqual(leaks(asText), []);
  });

  it('masks each value in a table cell', () => {
    assert.deepEqual(leaks(asCell), []);
  });

  it('redacts a value read through look-alike letters whole: a partial mask would show them', () => {
    assert.equal(defaults.maskText('card 41l1 1l11 11l1 1111 ok'), 'card [REDACTED:card] ok');
  });

  it('leaves prices, versions, dates, ids, words with l, I and O, markup and other scripts\' numbers as they are', () => {
    const changed = decoys.map((text) => [text, defaults.maskText(text)]).filter(([text, out]) => text !== out);
    assert.deepEqual(changed, []);
  });

  it('leaves the same decoys as they are in a table cell', () => {
    const changed = decoys.map((text) => [text, asCell(text).text]).filter(([text, out]) => text !== out);
    assert.deepEqual(changed, []);
  });
});
