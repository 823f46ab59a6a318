// What joins digit groups (digit-joints.ts), how the reader's view writes the marks the digit
// scanner does not read (digit-marks.ts), and which escapes it decodes around them (escaped-text.ts):
// each boundary of the rule pinned on both sides.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { forEachJoinedRun, MAX_JOINT_MARKS } from '../../../src/masking/detectors/digit-joints.ts';
import { readDigitMarks } from '../../../src/masking/detectors/digit-marks.ts';
import { decodeEscapes } from '../../../src/masking/detectors/escaped-text.ts';

/** The runs of `text` with `minDigits` digits or more, each as the list of its groups. */
function runs(text: string, minDigits = 1): string[][] {
  const found: string[][] = [];
  forEachJoinedRun(text, minDigits, (run) => {
    found.push(Array.from({ length: run.groups }, (_, g) => text.slice(run.bounds[2 * g], run.bounds[2 * g + 1])));
  });
  return found;
}

/** The reader's view of the digit marks, or the text itself when the stage leaves it. */
const marked = (text: string): string => readDigitMarks(text)?.text ?? text;
const decoded = (text: string): string => decodeEscapes(text)?.text ?? text;

describe('what joins digit groups', () => {
  it(`joins groups across up to ${MAX_JOINT_MARKS} marks that show, and no more`, () => {
    assert.deepEqual(runs(`12${'!'.repeat(MAX_JOINT_MARKS)}34`), [['12', '34']]);
    assert.deepEqual(runs(`12${'!'.repeat(MAX_JOINT_MARKS + 1)}34`), [['12'], ['34']]);
    assert.deepEqual(runs('4111"],["1111'), [['4111', '1111']]);
    assert.deepEqual(runs('4111"]],[["1111'), [['4111'], ['1111']]);
    assert.deepEqual(runs('12!!!!!34 x 56!!!!!!78'), [['12', '34'], ['56'], ['78']]);
  });

  it('does not count whitespace or characters that show as nothing', () => {
    assert.deepEqual(runs('12 \n\t   ;  \u200b\u200b\u200b   34'), [['12', '34']]);
    assert.deepEqual(runs(`12${' ; '.repeat(MAX_JOINT_MARKS)}34`), [['12', '34']]);
    assert.deepEqual(runs(`12;${'\u200b'.repeat(MAX_JOINT_MARKS + 1)}34`), [['12', '34']]);
    assert.deepEqual(runs(`12;${'\u00a0\u3000'.repeat(MAX_JOINT_MARKS)}34`), [['12', '34']]);
  });

  it('reads punctuation, symbols and spaces of any script as joints, and no letter or control character', () => {
    assert.deepEqual(runs('1∙2⋅3；4→5★6🔥7\u00a08'), [['1', '2', '3', '4', '5', '6', '7', '8']]);
    assert.deepEqual(runs('12a34\u000056\u001b78'), [['12'], ['34'], ['56'], ['78']]);
    assert.deepEqual(runs('٤١١١;١١١١ 𝟒𝟏;𝟏𝟏'), [['٤١١١', '١١١١', '𝟒𝟏', '𝟏𝟏']], 'digits of any script');
  });

  it('ends a run before a currency or number sign that follows other marks, not at one that is the whole joint', () => {
    assert.deepEqual(runs('1,234.56; $99.00'), [['1', '234', '56'], ['99', '00']]);
    assert.deepEqual(runs('#1042 #1043'), [['1042'], ['1043']]);
    assert.deepEqual(runs('4111$1111#1111€1111'), [['4111', '1111', '1111', '1111']]);
    assert.deepEqual(runs('4111\u{11fdd}1111'), [['4111', '1111']], 'a sign beyond the Basic Multilingual Plane, alone');
    assert.deepEqual(runs('4111 \u{11fdd}1111'), [['4111'], ['1111']]);
  });

  it('keeps a signed joint written again next to it: a value\'s groups are joined alike, an amount after a list is not', () => {
    assert.deepEqual(runs('4111 $1111 $1111 $1111'), [['4111', '1111', '1111', '1111']]);
    assert.deepEqual(runs('536-#90-#4417'), [['536', '90', '4417']]);
    assert.deepEqual(runs('4111 \u{11fdd}1111 \u{11fdd}1111'), [['4111', '1111', '1111']]);
    assert.deepEqual(runs('1,234.56; $99.00; $4,500.00'), [['1', '234', '56'], ['99', '00'], ['4', '500', '00']]);
    assert.deepEqual(runs('12 $34 $56; $78', 1), [['12', '34', '56'], ['78']]);
  });

  it('hands over runs of the fewest digits asked for, each once', () => {
    assert.deepEqual(runs('12;34 x 123;456;789 y 1;2', 9), [['123', '456', '789']]);
    assert.deepEqual(runs('12;34 x 123;456;78 y', 9), []);
  });
});

describe('the digit marks of the reader\'s view', () => {
  it('writes a joint of one mark the scanner does not read as a dash, and those in a longer joint as middle dots', () => {
    assert.equal(marked('4111;1111;1111;1111'), '4111-1111-1111-1111');
    assert.equal(marked('4111🔥1111🔥1111🔥1111'), '4111-1111-1111-1111');
    assert.equal(marked("4111', '1111', '1111', '1111"), '4111·, ·1111·, ·1111·, ·1111');
    assert.equal(marked('4111 1111 1111;1111'), '4111 1111 1111-1111');
  });

  it('leaves runs of fewer digits than an SSN, and runs whose every joint the scanner reads', () => {
    assert.equal(readDigitMarks('1;2;3;4;5;6;7;8'), undefined);
    assert.equal(marked('1;2;3;4;5;6;7;8;9'), '1-2-3-4-5-6-7-8-9');
    assert.equal(readDigitMarks('4111 1111-1111.1111'), undefined);
  });

  it('leaves a time\'s colons and reads the others', () => {
    assert.equal(readDigitMarks('at 12:34:56 and 23:59'), undefined);
    assert.equal(marked('12:34:567890123'), '12:34-567890123');
    assert.equal(marked('123:45:67890'), '123-45-67890');
    assert.equal(marked('12:345:67890'), '12-345-67890');
  });

  it('leaves an IPv6 address: one "::" or eight groups of up to four digits', () => {
    for (const address of ['2606:4700:4700::1111', '2001:4860:4860:0:0:0:0:8888', '1::2345:6789:1234', '1111:2222::3333:4444:5555:6666:7777']) assert.equal(readDigitMarks(address), undefined, address);
    for (const [text, read] of [
      ['4111::1111::1111::1111', '4111··1111··1111··1111'],
      ['4111:1111:1111:1111', '4111-1111-1111-1111'],
      ['1111:2222:3333:4444:5555:6666:7777', '1111-2222-3333-4444-5555-6666-7777'],
      ['1111:2222::3333:4444:5555:6666:7777:8888', '1111-2222··3333-4444-5555-6666-7777-8888'],
      ['2001:48600::8888', '2001-48600··8888'],
      ['2001:4860;4860::8888', '2001-4860-4860··8888'],
      ['1111::2222::3333:4444:5555:6666:7777:8888', '1111··2222··3333-4444-5555-6666-7777-8888'],
      ['1111:2222:3333:4444:5555:6666:7777:8888:9999', '1111-2222-3333-4444-5555-6666-7777-8888-9999'],
    ]) {
      assert.equal(marked(text as string), read, text);
    }
  });

  it('writes an SSN\'s two different marks as dashes, unless it is part of a longer token', () => {
    assert.equal(marked('id 123 45;6789'), 'id 123-45-6789');
    assert.equal(marked('id 123.45-6789'), 'id 123-45-6789');
    assert.equal(marked('id 536/90.4417 ok'), 'id 536-90-4417 ok');
    assert.equal(marked('id 123;;45 6789'), 'id 123··45 6789', 'a joint of two marks is no SSN mark');
    for (const text of ['x123.45-6789', '1-123.45-6789', '123.45-6789x', '123,45-6789', '12.345-6789', '123.45-678', '123 - 45-6789', '123.45.6789', '123 45 6789']) assert.equal(readDigitMarks(text), undefined, text);
  });
});

describe('escapes decoded around digits', () => {
  it('decodes quoted-printable as percent-encoding is decoded', () => {
    assert.equal(decoded('ada=40example=2Ecom'), 'ada@example.com');
    assert.equal(decoded('ada=3D40example.com'), 'ada@example.com');
    assert.equal(decoded('x=3d'), 'x=');
  });

  it('reads "=" before eight hex digits or more as a hex value assigned', () => {
    assert.equal(decodeEscapes('trace=2215d732-8567'), undefined);
    assert.equal(decodeEscapes('x=22abcdef y'), undefined);
    assert.equal(decoded('x=22abcde y'), 'x"abcde y');
    assert.equal(decodeEscapes('x=3D40deadbeef'), undefined);
  });

  it('reads "=" before a number as a value assigned, and quoted-printable letters and digits as written', () => {
    for (const text of ['took=24.5ms', 'took=245ms', 'port=5432', 'x=2.5', 'a=41 b=6A c=30', '=1F =7F', 'a=0Ab=09c=0D']) assert.equal(decodeEscapes(text), undefined, text);
    assert.equal(decoded('x=40 y=2E. z=2E'), 'x@ y.. z.');
    assert.equal(decoded('a=3D4'), 'a=4');
    assert.equal(decoded('x=40 a=0Ab=09c=0D'), 'x@ a=0Ab=09c=0D', 'quoted-printable reads no control character');
  });

  it('leaves an escape of a control character as written, but for a tab or a line break', () => {
    for (const text of ['4111%1111', '4111=1111', '%00 %1F %7F =1b \\x01 \\u0002 &#3;']) assert.equal(decodeEscapes(text), undefined, text);
    assert.equal(decoded('a%09b%0Ac%0Dd%20e'), 'a\tb\nc\rd e');
  });
});
