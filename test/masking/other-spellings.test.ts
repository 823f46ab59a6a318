// Attack corpus: a value written in a spelling a reader still reads and a pattern did not: digits
// joined by ":" or "+" or by mixed marks, a value hard-wrapped across lines (a continuation line,
// a "\" or quoted-printable "=" soft break), reversed, or base64 and hex encoded. Every detector
// reads the one reader's view of the text (reader-view.ts): each case is checked in free text and
// in a table cell, and look-alike harmless text must stay as it is.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMasker, DEFAULT_PROFILE } from '../../src/masking/index.ts';
import { inCell, inText, leaksThrough, type Channel, type LeakCase } from './helpers.ts';

const defaults = createMasker(DEFAULT_PROFILE, { secretValues: [] });

const base64 = (text: string): string => Buffer.from(text).toString('base64');
const base64Url = (text: string): string => Buffer.from(text).toString('base64url');
const hex = (text: string): string => Buffer.from(text).toString('hex');
/** Base64 as MIME writes it: lines of 76. */
const wrapped76 = (text: string): string => base64(text).replace(/.{76}(?=.)/g, '$&\n');
const reversed = (text: string): string => [...text].reverse().join('');

/** Each character's code, as SQL's ascii() gives it, written in `radix` and joined by `separator`; `token` dresses each. */
const codes = (text: string, separator: string, radix = 10, token = (code: string) => code): string => [...text].map((c) => token((c.codePointAt(0) as number).toString(radix))).join(separator);

const EMAIL = 'ada.lovelace@example.com';
const CARD = '4111111111111111';
const AWS_KEY = 'AKIAIOSFODNN7EXAMPLE';

/** [form, detector, text, a part of the value that must not be shown]. */
type Case = readonly [string, string, string, string];

const cases: readonly Case[] = [
  ['marks', 'card', 'card 4111:1111:1111:1111', '4111:1111'],
  ['marks', 'card', 'card 4111+1111+1111+1111', '4111+1111'],
  ['marks', 'card', 'card 4111/1111/1111/1111', '4111/1111'],
  ['marks', 'card', 'card 4111_1111_1111_1111', '4111_1111'],
  ['marks', 'card', 'card 4111|1111|1111|1111', '4111|1111'],
  ['marks', 'card', 'card 4111.1111.1111.1111', '4111.1111'],
  ['marks', 'card', 'card 4111:1111-1111+1111', '4111:1111'],
  ['marks', 'iban', 'iban DE89:3704:0044:0532:0130:00', '0532:0130'],
  ['marks', 'iban', 'iban DE89+3704+0044+0532+0130+00', '0532+0130'],
  ['marks', 'ssn', 'id 536:90:4417', '4417'],
  ['marks', 'ssn', 'id 536+90+4417', '4417'],
  ['marks', 'ssn', 'id 123-45 6789', '6789'],
  ['marks', 'ssn', 'ids 536-90 4417 123-45 6789', '4417'],
  ['marks', 'ssn', 'at 12:34:56 123.45-6789', '6789'],
  ['marks', 'ssn', 'id 123.45-6789', '6789'],
  ['marks', 'ssn', 'id 123 45-6789', '6789'],
  ['marks', 'ssn', 'id 536/90.4417', '4417'],
  ['marks', 'phone', 'call 415:555:2671', '555:26'],
  ['marks', 'phone', 'tel +1:415:555:2671', '555:26'],
  ['marks', 'phone', 'tel 415+555+2671', '555+26'],
  ['wrapped', 'email', 'mail ada.love\n    lace@example.com', 'ada.love'],
  ['wrapped', 'email', 'mail ada.love\nlace@example.com', 'ada.love'],
  ['wrapped', 'email', 'mail ada.lovelace@exam\\\nple.com', 'lovelace'],
  ['wrapped', 'email', 'mail ada.lovelace@exam=\nple.com', 'lovelace'],
  ['wrapped', 'email', 'mail ada.love=\r\nlace@example.com', 'ada.love'],
  ['wrapped', 'card', 'card 41111111=\n11111111', '11111111'],
  ['wrapped', 'card', 'card 41111111\\\n  11111111', '11111111'],
  ['wrapped', 'aws_access_key', `key ${AWS_KEY.slice(0, 9)}\n  ${AWS_KEY.slice(9)}`, 'IOSFOD'],
  ['reversed', 'email', `mail ${reversed('ada@example.com')}`, 'elpmaxe'],
  ['reversed', 'email', `mail ${reversed(EMAIL)}`, 'ecalevol'],
  ['reversed', 'card', `card ${reversed(CARD)}`, '11111111'],
  ['reversed', 'card', `card ${reversed('4111 1111 1111 1111')}`, '1111 1111'],
  ['reversed', 'card', `VISA ${reversed(CARD)}`, '11111111'],
  ['reversed', 'card', `Credit Card: ${reversed('4111 1111 1111 1111')}`, '1111 1111'],
  // an IBAN's check digits and country hold as strongly backwards: read without a name
  ['reversed', 'iban', `acct ${reversed('DE89 3704 0044 0532 0130 00')}`, '2350 4400'],
  ['reversed', 'iban', `acct ${reversed('DE89370400440532013000').toLowerCase()}`, '23504400'],
  ['reversed', 'iban', `x ${reversed('NL91 ABNA 0417 1643 00')} y`, 'ANBA'],
  // a phone number named before it, as a card's
  ['reversed', 'phone', `call ${reversed('(415) 555-2671')}`, '1762-555'],
  ['reversed', 'phone', `phone: ${reversed('+1 415 555 2671')}`, '1762 555'],
  ['reversed', 'phone', `mobile ${reversed('4155552671')}`, '1762555'],
  // a whole line backwards, the name turned after its value (reverse() of the cell), and an SSN's groups turned
  ['reversed', 'ssn', reversed('ssn 536-90-4417'), '7144-09'],
  ['reversed', 'ssn', `ssn: ${reversed('536-90-4417')}`, '7144-09'],
  ['reversed', 'card', reversed('card 4539 1488 0343 6467'), '3430 8841'],
  ['reversed', 'phone', reversed('phone: +1 415 555 2671'), '1762 555'],
  ['reversed', 'password', reversed('password: hunter2-is-long'), 'gnol-si-2retnuh'],
  ['reversed', 'iban', reversed('IBAN DE89 3704 0044 0532 0130 00'), '2350 4400'],
  ['reversed', 'phone', `phone ${reversed('+44 20 7946 0958')}`, '8590 6497'],
  ['reversed', 'iban', `acct ${reversed('DE89 3704 0044 0532 0130 00').replace(/ /g, ' - ')}`, '2350 - 4400'],
  ['base64', 'email', `b64 ${base64(EMAIL)}`, base64(EMAIL).slice(4, 16)],
  ['base64', 'email', `b64 ${base64(`${EMAIL}!`).replace(/=+$/, '')}`, base64(EMAIL).slice(4, 16)],
  ['base64', 'email', `b64 ${base64Url(`<${EMAIL}>??`)}`, base64Url(`<${EMAIL}>`).slice(4, 16)],
  ['base64', 'card', `b64 ${base64(CARD)}`, base64(CARD).slice(4, 16)],
  ['base64', 'ssn', `b64 ${base64('ssn 536-90-4417')}`, base64('ssn 536-90-4417').slice(4, 16)],
  ['base64', 'aws_access_key', `b64 ${base64(AWS_KEY)}`, base64(AWS_KEY).slice(4, 16)],
  ['base64', 'email', `body:\n${wrapped76(`Dear customer, your account ada.lovelace@example.com was updated on the 3rd of May. Regards`)}\n`, 'YWRhLmxvdmVsYWNl'],
  ['base64', 'email', `twice ${base64(base64(EMAIL))}`, base64(base64(EMAIL)).slice(4, 16)],
  ['hex', 'email', `hex ${hex(EMAIL)}`, hex(EMAIL).slice(4, 20)],
  ['hex', 'card', `hex of base64 ${hex(base64(CARD))}`, hex(base64(CARD)).slice(4, 20)],
  ['hex', 'card', `hex ${hex(CARD)}`, hex(CARD).slice(4, 20)],
  ['hex', 'ssn', `hex ${hex('536-90-4417')}`, hex('536-90-4417').slice(4, 20)],
  // PostgreSQL's bytea as text (convert_to(value, 'UTF8')::text), and hex after 0x
  ['hex', 'email', `mail \\x${hex(EMAIL)}`, hex(EMAIL).slice(4, 20)],
  ['hex', 'ssn', `\\x${hex('ssn 536-90-4417')}`, hex('ssn 536-90-4417').slice(4, 20)],
  ['hex', 'card', `card 0x${hex(CARD)}`, hex(CARD).slice(4, 20)],
  // each character's code, as ascii() writes it: decimal or hex, listed, in an array or JSON, or as chr() calls and code points
  ['codes', 'email', `mail ${codes(EMAIL, ',')}`, codes(EMAIL, ',').slice(8, 30)],
  ['codes', 'email', `mail ${codes(EMAIL, ' ')}`, codes(EMAIL, ' ').slice(8, 30)],
  ['codes', 'card', `card {${codes('4539 1488 0343 6467', ',')}}`, codes('1488', ',')],
  ['codes', 'ssn', `[${codes('ssn 536-90-4417', ', ')}]`, codes('90-44', ', ')],
  ['codes', 'email', `mail ${codes(EMAIL, ' ', 16)}`, codes(EMAIL, ' ', 16).slice(8, 30)],
  ['codes', 'email', `mail ${codes(EMAIL, ':', 16).toUpperCase()}`, codes(EMAIL, ':', 16).toUpperCase().slice(8, 30)],
  ['codes', 'email', `mail ${codes(EMAIL, '||', 10, (c) => `chr(${c})`)}`, 'chr(108)||chr(111)||chr(118)'],
  ['codes', 'email', `mail ${codes(EMAIL, ' ', 16, (c) => `U+${c.padStart(4, '0')}`)}`, 'U+006C U+006F U+0076'.toLowerCase()],
  ['codes', 'email', `mail ${codes(EMAIL, ', ', 16, (c) => `0x${c}`)}`, '0x6c, 0x6f, 0x76'],
  // the shortest list read (an address of eight characters), a card's first character behind chr(, and a NUL slipped between the codes
  ['codes', 'email', `mail ${codes('ab@cd.io', ',')}`, codes('b@cd', ',')],
  ['codes', 'card', `visa ${codes('4539 1488 0343 6467', '||', 10, (c) => `chr(${c})`)}`, 'chr(49)||chr(52)||chr(56)||chr(56)'],
  ['codes', 'ssn', `ssn ${codes('536-90-4417', ',0,')}`, '45,0,52,0,52,0,49'],
  ['codes', 'email', `mail ${Buffer.from(EMAIL, 'utf16le').toString('hex').replace(/../g, '$& ').trim()}`, '6c 00 6f 00 76 00'],
  // in binary, as ascii(ch)::bit(8)::text writes each code, or with no zeros before
  ['codes', 'email', `mail ${codes(EMAIL, ' ', 2, (c) => c.padStart(8, '0'))}`, '01101100 01101111 01110110'],
  ['codes', 'ssn', codes('ssn 536-90-4417', ' ', 2, (c) => c.padStart(8, '0')), '00110100 00110100 00110001'],
  ['codes', 'card', `card ${codes('4539 1488 0343 6467', ',', 2)}`, '110001,110100,111000'],
  // one character an item: PostgreSQL's regexp_split_to_array(), a JSON or Python list, bars
  ['characters', 'email', `mail {${[...EMAIL].join(',')}}`, 'l,o,v,e,l,a,c,e'],
  ['characters', 'email', `mail ${JSON.stringify([...EMAIL])}`, '"l","o","v","e"'],
  ['characters', 'email', `mail [${[...EMAIL].map((c) => `'${c}'`).join(', ')}]`, "'l', 'o', 'v', 'e'"],
  ['characters', 'ssn', `{s,s,n," ",5,3,6,-,9,0,-,4,4,1,7}`, '9,0,-,4,4'],
  ['characters', 'email', `mail ${[...EMAIL].join(' | ')}`, 'l | o | v | e'],
  ['characters', 'email', `mail {${[...'ab@cd.io'].join(',')}}`, 'b,@,c,d'],
  // PostgreSQL's to_tsvector(): the words sorted, each with its place in the text
  ['tsvector', 'card', "'0343':4 '1488':3 '4539':2 '6467':5 'card':1", "'1488':3"],
  ['tsvector', 'ssn', "'-4417':4 '-90':3 '536':2 'ssn':1", "'-90':3"],
  ['tsvector', 'phone', "'-2671':5 '415':3 '555':4 'call':1 'me':2", "'555':4"],

  ['hex', 'aws_access_key', `hex ${hex(AWS_KEY).toUpperCase()}`, hex(AWS_KEY).toUpperCase().slice(4, 20)],
];

const asLeakCases = cases.map(([form, detector, text, core]): LeakCase => [detector, text, core, `${form}/${detector}`]);
const leaks = (channel: Channel): string[] => leaksThrough(channel, asLeakCases);
const asText = inText(defaults);
const asCell = inCell(defaults);

describe('attack corpus: values written in spellings a reader still reads', () => {
  it('masks each value in free text, with the detector that owns it', () => {
    assert.deepEqual(leaks(asText), []);
  });

  it('masks each value in a table cell', () => {
    assert.deepEqual(leaks(asCell), []);
  });

  it('redacts an encoded value whole: no part of the encoding is kept', () => {
    assert.equal(defaults.maskText(`b64 ${base64(CARD)} end`), 'b64 [REDACTED:card] end');
    assert.equal(defaults.maskText(`hex ${hex(EMAIL)} end`), 'hex [REDACTED:email] end');
  });

  it('redacts a value written backwards whole, and nothing around it: the space after the card\'s name stays', () => {
    assert.equal(defaults.maskText(`card ${reversed('4111 1111 1111 1111')} ok`), 'card [REDACTED:card] ok');
    assert.equal(defaults.maskText(`visa ${reversed(CARD)}`), 'visa [REDACTED:card]');
  });

  it('finds an encoded run wherever it starts and ends, however short the words around it', () => {
    // The shortest run read (12 bytes, 16 characters) at every offset from the start, between words, and at the end.
    const shortest = base64('ada@ex.co.uk');
    for (let offset = 0; offset < 40; offset++) {
      const before = 'a b'.repeat(offset).slice(0, offset);
      for (const text of [`${before}${before ? ' ' : ''}${shortest}`, `${before} ${shortest} x y`, `${before}\n${shortest}-`]) {
        assert.doesNotMatch(defaults.maskText(text), new RegExp(shortest.slice(0, 8)), JSON.stringify(text));
      }
    }
  });

  it('masks a value split over a soft break where it was written, in its layout', () => {
    assert.equal(defaults.maskText('card 41111111=\n11111111 ok'), 'card ********=\n****1111 ok');
  });
});

describe('look-alikes of those spellings that hold no value', () => {
  const decoys = [
    'release 1.2.3:4 and 10.4.2:17',
    'at 12:34:56, 23:59:59.999 and 2024-05-01 12:34:56',
    'logged 4/12/2023 10:45:31 and 25/12/2023 10:45:31:123',
    'host 2001:db8:85a3::8a2e:370:7334 and 2001:4860:4860:0:0:0:0:8888',
    'aspect 16:9, 4:3, scale 1:2:3:4, odds 100:1',
    'sum 1+2+3+4+5+6+7+8+9 and 100+200+300+400',
    'order 2024/0001/4417 and ref 12/345/6789 paid',
    'on 2024-05-01, 01.05.2024 and 05/01/2024',
    'commit 3f786850e387550fdab836ed7e6dc881de23001b and c0ffee1234567890deadbeef1234567890abcdef',
    'trace 550e8400-e29b-41d4-a716-446655440000',
    `binary ${Buffer.from([0, 255, 1, 254, 2, 253, 3, 252, 4, 251, 5, 250, 6, 249, 7, 248]).toString('base64')}`,
    `text ${base64('hello world, nothing to see here')} and ${hex('just an ordinary sentence')}`,
    'words olleh dlrow ,yadot si yadnuS',
    // names backwards in honest text: a card game, a number after a turned name, a date in 4-2-3 groups
    'drac game 2024 and the liame thread, nss ok',
    'ref 2024-05-001 and build 1234-56-789x',
    // a number backwards after a word that holds a phone's name, and a turned IBAN's end inside a longer word
    'hotel 1762555514 booked, ref 700031023504400407398ED',
    'the line is long and wraps\n  onto the next line as prose does',
    'key: YWJjZGVmZ2hpamtsbW5vcA==\n  other: value',
    'createTextScannerForTheReaderView and SELECT_ALL_FROM_CUSTOMERS_TABLE',
    // lists of numbers, most of which spell nothing printable, and the rest no value
    'scores [12, 45, 67, 89, 100, 120, 33, 50, 60, 70] and temps 50,52,49,55,53,51,54,48,57,50',
    'mac 00:1a:2b:3c:4d:5e:6f:70:81, ids 101 102 103 104 105 106 107 108 109',
    'pixels 255 255 255 0 0 0 128 128 128, rgb(120, 200, 33) rgb(64, 64, 64)',
    `bytes ${codes('John Doe was here', ' ', 16)} and ${codes('hello world', ',')}`,
    `image \\x${hex('GIF89a not a value at all')}`,
  ];
  it('leaves each as it is', () => {
    const changed = decoys.map((text) => [text, defaults.maskText(text)]).filter(([text, out]) => text !== out);
    assert.deepEqual(changed, []);
  });

  it('keeps values on their own lines apart: a list or a key under another is not one wrapped value', () => {
    assert.equal(defaults.maskText('ada@example.com\nbob@example.org'), 'a***@example.com\nb***@example.org');
    assert.equal(defaults.maskText('password: hunter2secret\n  user: bob'), 'password: [REDACTED:password]\n  user: bob');
  });
});
