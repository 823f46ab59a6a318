// How a run of number words reads as digits, rule by rule: English words make numbers as people say
// them (pairs, tens, hundreds, scales, "double"), other languages' words, numerals and written
// digits stand for one digit each, and a number of words goes on across a space or a hyphen only.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readDigitWords } from '../../src/masking/detectors/digit-words.ts';

/** What a text that is one run reads as: the readings after the text. */
const readings = (run: string): string[] => readDigitWords(run)?.text.split('\0').slice(1) ?? [];

const CASES: ReadonlyArray<readonly [string, readonly string[]]> = [
  // pairs and tens: a word that cannot continue a number starts the next one
  ['forty-one eleven eleven eleven eleven eleven eleven eleven', ['4111111111111111']],
  ['five thirty-six ninety forty-four seventeen', ['536904417']],
  ['four fifteen five fifty-five twenty-six seventy-one', ['4155552671']],
  ['twenty twenty twenty twenty twenty', ['2020202020']],
  // a joint other than a space or a hyphen ends a number, and is kept
  ['five hundred thirty-six, ninety, forty-four seventeen', ['536, 90, 4417']],
  ['forty, four forty, four forty, four', ['40, 440, 440, 4']],
  ['fivethirtysixninetyfourtyfourseventeen', ['536904417']],
  // quotes, bars and underscores between words drop, any dash reads as "-", blanks as one space
  ['"five", "thirty-six", "ninety", "forty-four", "seventeen"', ['"5, 36, 90, 44, 17']],
  ['five – three – six – nine – oh – four – four – one – seven', ['5 - 3 - 6 - 9 - 0 - 4 - 4 - 1 - 7']],
  ['five_thirty_six_ninety_forty_four_seventeen', ['536904417']],
  ['| five | thirty six | ninety | forty four | seventeen |', ['| 536904417']],
  ['forty—four forty—four forty—four forty—four forty—four', ['4444444444']],
  // hundreds and scales, "and" inside a number
  ['nineteen hundred ninety nine one two three four five', ['199912345']],
  ['forty-one hundred eleven, eleven hundred eleven, eleven hundred eleven', ['4111, 1111, 1111']],
  ['one hundred hundred hundred', ['100100100']],
  ['five hundred and four thousand and six hundred and seventy one zero zero zero', ['504671000']],
  ['two billion five hundred thousand one', ['2000500001']],
  ['two thousand million five', ['20001000005']],
  ['thousand thousand thousand', ['100010001000']],
  // a number takes what may follow its last word only: "ten" no unit, "twenty" no ten, "hundred" no second hundred
  ['ten one ten one ten one ten one', ['101101101101']],
  ['twenty ten twenty ten twenty ten', ['201020102010']],
  ['nine hundred ten five nine hundred ten five nine hundred ten five', ['910591059105']],
  ['one hundred twenty five one hundred twenty five one hundred twenty five', ['125125125']],
  ['one hundred twenty eleven one hundred twenty eleven', ['1201112011']],
  // a scale word no smaller than the last one starts a new number
  ['two thousand five thousand two thousand five thousand', ['2005100210051000']],
  ['one million thousand one million thousand', ['1000000100110000001000']],
  // PostgreSQL's cash_words: the cents' two digits follow; whole dollars read also without them
  ['Five hundred thirty six million nine hundred and four thousand four hundred and seventeen dollars and zero cents', ['53690441700', '536904417']],
  ['Five million three hundred sixty nine thousand forty four dollars and seventeen cents', ['536904417']],
  ['Fifty three million six hundred ninety thousand four hundred forty one dollars and seven cents', ['536904410' + '7']],
  ['Five hundred thirty six million nine hundred four thousand four hundred seventeen dollars and twelve cents', ['53690441712']],
  // cents without dollars are no amount
  ['seventeen cents one two three four five six seven', ['171234567']],
  // repeats say the next digit over, written or spoken
  ['four one five double five five two six seven one', ['4155552671']],
  ['four one five triple-five two six seven one', ['4155552671']],
  ['415 double 5 5 2671', ['4155552671']],
  ['double oh seven double oh seven double oh seven', ['007007007']],
  // zero and other languages' words never make a number with English ones; written digits neither
  ['ninety oh ninety oh ninety oh', ['900900900']],
  ['cinco tres seis ninety cuatro cuatro uno siete', ['536904417']],
  ['536 ninety 4417', ['536904417']],
  ['ninety 4 ninety 4 ninety 4', ['904904904']],
  // a group of digits before a scale word is the number the scale multiplies, and after a scale word (or "hundred") what it adds
  ['4 billion 155 million 552 thousand 671', ['4155552671']],
  ['5 hundred 36 million 9 hundred 4 thousand 4 hundred 17', ['536904417']],
  ['536 million 004 thousand 417', ['536004417']],
  ['five hundred 36 million 904 thousand four hundred seventeen', ['536904417']],
  ['4155 million 552 thousand 671', ['4155552671']],
  // a zero group scales to nothing, as format() writes a value shorter than its scales; a group no scale takes keeps its zeros
  ['0 billion 536 million 904 thousand 417', ['536904417']],
  ['053 690 441 7 one', ['05369044171']],
  ['4 billion 155552671', ['4155552671']],
  ['4 billion 1550 million 2 thousand', ['5550002000']],
  // a group that cannot be added stays as written: a second group after a scale, a group after a tens word
  ['536 million 904 417 0', ['5360009044170', '536000904']],
  ['forty 4 million 1 thousand', ['404001000']],
];

describe('number words read as digits', () => {
  it('begins a run at a word\'s start, never inside a longer word ("gone" ends in "one")', () => {
    assert.deepEqual(readings('gone four one one one one one one one one'), ['gone 411111111']);
  });

  for (const [run, read] of CASES) {
    it(`reads ${JSON.stringify(run)} as ${read.join(' and ')}`, () => {
      assert.deepEqual(readings(run), read);
    });
  }

  it('reads nothing of fewer than nine digits, or of words alone that are no number', () => {
    // "and" joins only after a scale word or dollars; joints are no digits
    for (const text of ['five hundred thirty six', 'twenty twenty four', 'dollars and cents', 'double double', 'one 2 three', 'five three six and nine zero four four one seven', 'one, two, three, four, five', 'one; two; three; four; five']) {
      assert.deepEqual(readings(text), [], text);
    }
  });
});
