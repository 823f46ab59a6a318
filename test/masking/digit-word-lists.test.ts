// Attack corpus: a card holding every digit (4123 4567 8901 2349, Luhn-valid Visa) spelled with
// each list of digit words a reader reads (English, "oh" for zero, Spanish, French, German and
// German's "zwo"/"fuenf", Italian, Portuguese, Dutch, Russian and its "нуль"/"одна"/"две"), and
// with each CJK numeral of each digit (common, financial, Japanese formal, spoken), so no word or
// numeral of the lists goes unread. The lists are written out here, not taken from the source.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMasker, DEFAULT_PROFILE } from '../../src/masking/index.ts';
import { inCell, inText, leaksThrough, type LeakCase } from './helpers.ts';

const defaults = createMasker(DEFAULT_PROFILE, { secretValues: [] });

/** Every digit once at least, in groups of four. */
const CARD = '4123 4567 8901 2349';

const WORD_LISTS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['English', ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine']],
  ['English, oh for zero', ['oh', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine']],
  ['Spanish', ['cero', 'uno', 'dos', 'tres', 'cuatro', 'cinco', 'seis', 'siete', 'ocho', 'nueve']],
  ['French', ['zéro', 'un', 'deux', 'trois', 'quatre', 'cinq', 'six', 'sept', 'huit', 'neuf']],
  ['French, unaccented', ['zero', 'un', 'deux', 'trois', 'quatre', 'cinq', 'six', 'sept', 'huit', 'neuf']],
  ['German', ['null', 'eins', 'zwei', 'drei', 'vier', 'fünf', 'sechs', 'sieben', 'acht', 'neun']],
  ['German, zwo and fuenf', ['null', 'eins', 'zwo', 'drei', 'vier', 'fuenf', 'sechs', 'sieben', 'acht', 'neun']],
  ['Italian', ['zero', 'uno', 'due', 'tre', 'quattro', 'cinque', 'sei', 'sette', 'otto', 'nove']],
  ['Portuguese', ['zero', 'um', 'dois', 'três', 'quatro', 'cinco', 'seis', 'sete', 'oito', 'nove']],
  ['Dutch', ['nul', 'een', 'twee', 'drie', 'vier', 'vijf', 'zes', 'zeven', 'acht', 'negen']],
  ['Russian', ['ноль', 'один', 'два', 'три', 'четыре', 'пять', 'шесть', 'семь', 'восемь', 'девять']],
  ['Russian, нуль, одна and две', ['нуль', 'одна', 'две', 'три', 'четыре', 'пять', 'шесть', 'семь', 'восемь', 'девять']],
];

/** Each digit's numerals: the common one first, then financial, traditional, Japanese and spoken forms. */
const NUMERALS: readonly string[] = ['〇零○洞', '一壹壱幺', '二贰貳弐两', '三叁參参', '四肆', '五伍', '六陆陸', '七柒拐', '八捌', '九玖勾'];
/** As many sets as the digit with the most numerals has: set `k` takes each digit's `k`-th numeral, or its last. */
const NUMERAL_SETS = Array.from({ length: 5 }, (_, k) => NUMERALS.map((forms) => [...forms][Math.min(k, [...forms].length - 1)] as string));

const spelled = (words: readonly string[], joint: string): string =>
  CARD.split(' ').map((group) => [...group].map((d) => words[Number(d)]).join(joint)).join(', ');

const rows: readonly LeakCase[] = [
  ...WORD_LISTS.map(([language, words]): LeakCase => ['card', `card ${spelled(words, ' ')}`, spelled(words, ' ').split(', ')[2] as string, `${language}/card`]),
  ...NUMERAL_SETS.map((numerals): LeakCase => ['card', `card ${spelled(numerals, '')}`, spelled(numerals, '').split(', ')[2] as string, `${numerals.join('')}/card`]),
];

describe('attack corpus: every digit word and CJK numeral of the lists a reader reads', () => {
  it('masks a card holding every digit, spelled in each list, in free text', () => {
    assert.deepEqual(leaksThrough(inText(defaults), rows), []);
  });

  it('masks a card holding every digit, spelled in each list, in a table cell', () => {
    assert.deepEqual(leaksThrough(inCell(defaults), rows), []);
  });
});

describe('digit words at the edges of a run', () => {
  it('masks a card in CJK numerals glued to the CJK text after it', () => {
    const out = defaults.maskText('卡号四一一一一一一一一一一一一一一一是旧卡');
    assert.doesNotMatch(out, /一一一一/, out);
    assert.match(out, /\[REDACTED:card\]/, out);
  });

  it('keeps the partial style of a card written in digits beside digit words', () => {
    assert.equal(defaults.maskText('one two; card 4111-1111-1111-1111'), 'one two; card ****-****-****-1111');
  });
});
