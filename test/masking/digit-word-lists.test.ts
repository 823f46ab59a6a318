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

/**
 * Every number from 10 to 99 as each language writes it, spelled out here from its own rules: the
 * teens, the tens, and how a tens word takes its unit. Each stands as the middle pair of an SSN
 * read in pairs ("5, 36, 90, 4417"), so every one of them must be read for it to be masked.
 */
const TWO_DIGIT_WORDS: ReadonlyArray<readonly [string, (n: number) => string]> = [
  ['English', (n) => (n < 20 ? ['ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'][n - 10] : ['twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'][Math.floor(n / 10) - 2] + (n % 10 ? `-${['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'][(n % 10) - 1]}` : '')) as string],
  ['Spanish', (n) => {
    const units = ['uno', 'dos', 'tres', 'cuatro', 'cinco', 'seis', 'siete', 'ocho', 'nueve'];
    if (n < 20) return ['diez', 'once', 'doce', 'trece', 'catorce', 'quince', 'dieciséis', 'diecisiete', 'dieciocho', 'diecinueve'][n - 10] as string;
    const ten = ['veinte', 'treinta', 'cuarenta', 'cincuenta', 'sesenta', 'setenta', 'ochenta', 'noventa'][Math.floor(n / 10) - 2] as string;
    return n % 10 ? `${ten} y ${units[(n % 10) - 1]}` : ten;
  }],
  ['Portuguese', (n) => {
    const units = ['um', 'dois', 'três', 'quatro', 'cinco', 'seis', 'sete', 'oito', 'nove'];
    if (n < 20) return ['dez', 'onze', 'doze', 'treze', 'catorze', 'quinze', 'dezesseis', 'dezessete', 'dezoito', 'dezenove'][n - 10] as string;
    const ten = ['vinte', 'trinta', 'quarenta', 'cinquenta', 'sessenta', 'setenta', 'oitenta', 'noventa'][Math.floor(n / 10) - 2] as string;
    return n % 10 ? `${ten} e ${units[(n % 10) - 1]}` : ten;
  }],
  ['French', (n) => {
    const below20 = ['dix', 'onze', 'douze', 'treize', 'quatorze', 'quinze', 'seize', 'dix-sept', 'dix-huit', 'dix-neuf'];
    const units = ['un', 'deux', 'trois', 'quatre', 'cinq', 'six', 'sept', 'huit', 'neuf'];
    if (n < 20) return below20[n - 10] as string;
    if (n >= 80) return n === 80 ? 'quatre-vingts' : `quatre-vingt-${n < 90 ? units[n - 81] : below20[n - 90]}`;
    if (n >= 70) return n === 71 ? 'soixante et onze' : `soixante-${below20[n - 70]}`;
    const ten = ['vingt', 'trente', 'quarante', 'cinquante', 'soixante'][Math.floor(n / 10) - 2] as string;
    return n % 10 === 0 ? ten : n % 10 === 1 ? `${ten} et un` : `${ten}-${units[(n % 10) - 1]}`;
  }],
  ['German', (n) => {
    const units = ['ein', 'zwei', 'drei', 'vier', 'fünf', 'sechs', 'sieben', 'acht', 'neun'];
    if (n < 20) return ['zehn', 'elf', 'zwölf', 'dreizehn', 'vierzehn', 'fünfzehn', 'sechzehn', 'siebzehn', 'achtzehn', 'neunzehn'][n - 10] as string;
    const ten = ['zwanzig', 'dreißig', 'vierzig', 'fünfzig', 'sechzig', 'siebzig', 'achtzig', 'neunzig'][Math.floor(n / 10) - 2] as string;
    return n % 10 ? `${units[(n % 10) - 1]}und${ten}` : ten;
  }],
  ['Italian', (n) => {
    const units = ['uno', 'due', 'tre', 'quattro', 'cinque', 'sei', 'sette', 'otto', 'nove'];
    if (n < 20) return ['dieci', 'undici', 'dodici', 'tredici', 'quattordici', 'quindici', 'sedici', 'diciassette', 'diciotto', 'diciannove'][n - 10] as string;
    const ten = ['venti', 'trenta', 'quaranta', 'cinquanta', 'sessanta', 'settanta', 'ottanta', 'novanta'][Math.floor(n / 10) - 2] as string;
    const unit = n % 10;
    if (unit === 0) return ten;
    return unit === 1 || unit === 8 ? ten.slice(0, -1) + units[unit - 1] : ten + (unit === 3 ? 'tré' : units[unit - 1]);
  }],
  ['Dutch', (n) => {
    const units = ['een', 'twee', 'drie', 'vier', 'vijf', 'zes', 'zeven', 'acht', 'negen'];
    if (n < 20) return ['tien', 'elf', 'twaalf', 'dertien', 'veertien', 'vijftien', 'zestien', 'zeventien', 'achttien', 'negentien'][n - 10] as string;
    const ten = ['twintig', 'dertig', 'veertig', 'vijftig', 'zestig', 'zeventig', 'tachtig', 'negentig'][Math.floor(n / 10) - 2] as string;
    const unit = units[(n % 10) - 1];
    return unit === undefined ? ten : `${unit}${unit.endsWith('e') ? 'ë' : 'e'}n${ten}`;
  }],
  ['Russian', (n) => {
    const units = ['один', 'два', 'три', 'четыре', 'пять', 'шесть', 'семь', 'восемь', 'девять'];
    if (n < 20) return ['десять', 'одиннадцать', 'двенадцать', 'тринадцать', 'четырнадцать', 'пятнадцать', 'шестнадцать', 'семнадцать', 'восемнадцать', 'девятнадцать'][n - 10] as string;
    const ten = ['двадцать', 'тридцать', 'сорок', 'пятьдесят', 'шестьдесят', 'семьдесят', 'восемьдесят', 'девяносто'][Math.floor(n / 10) - 2] as string;
    return n % 10 ? `${ten} ${units[(n % 10) - 1]}` : ten;
  }],
];

/** As people type on any keyboard: no accents, ß as ss, umlauts as ue/oe/ae, spaces for hyphens. */
const typedPlain = (word: string): string =>
  word.replaceAll('ß', 'ss').replaceAll('ü', 'ue').replaceAll('ö', 'oe').replaceAll('ä', 'ae').normalize('NFD').replace(/\p{M}/gu, '').replaceAll('-', ' ');

describe('attack corpus: every number from 10 to 99 in words, in each language', () => {
  for (const [language, word] of TWO_DIGIT_WORDS) {
    it(`masks an SSN read in pairs whatever its middle pair, in ${language}, as written and as typed plain`, () => {
      const texts = Array.from({ length: 90 }, (_, i) => word(i + 10)).flatMap((spelled) => [spelled, typedPlain(spelled)]);
      const missed = texts.map((spelled) => `ssn 5 ${spelled} 90 4417`).filter((text) => !defaults.maskText(text).includes('[REDACTED:ssn]'));
      assert.deepEqual(missed, []);
    });
  }
});
