// The words and characters a reader reads as one digit each, by language and script: what
// digit-words.ts reads. Each list is 0-9; a form written with or without its accent is listed both
// ways ("zéro", "três", "fünf"), as people type either. Words of many digits ("diez", "zehn") and
// quantities are no digit.

const LATIN_AND_CYRILLIC: readonly (readonly string[])[] = [
  ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'],
  ['oh', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'],
  ['cero', 'uno', 'dos', 'tres', 'cuatro', 'cinco', 'seis', 'siete', 'ocho', 'nueve'],
  ['zéro', 'un', 'deux', 'trois', 'quatre', 'cinq', 'six', 'sept', 'huit', 'neuf'],
  ['null', 'eins', 'zwei', 'drei', 'vier', 'fünf', 'sechs', 'sieben', 'acht', 'neun'],
  ['null', 'eins', 'zwo', 'drei', 'vier', 'fuenf', 'sechs', 'sieben', 'acht', 'neun'],
  ['zero', 'uno', 'due', 'tre', 'quattro', 'cinque', 'sei', 'sette', 'otto', 'nove'],
  ['zero', 'um', 'dois', 'três', 'quatro', 'cinco', 'seis', 'sete', 'oito', 'nove'],
  ['nul', 'een', 'twee', 'drie', 'vier', 'vijf', 'zes', 'zeven', 'acht', 'negen'],
  ['ноль', 'один', 'два', 'три', 'четыре', 'пять', 'шесть', 'семь', 'восемь', 'девять'],
  ['нуль', 'одна', 'две', 'три', 'четыре', 'пять', 'шесть', 'семь', 'восемь', 'девять'],
  // the radio (ICAO) spelling of English digits, one digit a word as the other languages' words
  ['zero', 'wun', 'too', 'tree', 'fower', 'fife', 'six', 'seven', 'ait', 'niner'],
];

/**
 * CJK numerals, one character a digit: the common forms (〇 and 零 for zero, and the circle ○
 * Japanese writes for it), the financial ones written on cheques so no stroke turns one into
 * another (simplified and traditional), Japanese formal ones (壱 弐 参), and the ones Chinese reads
 * digits aloud with where others sound alike (幺 for one; the radio spelling 洞 幺 两 拐 勾).
 */
const CJK: readonly string[] = ['〇零○洞', '一壹壱幺', '二贰貳弐两', '三叁參参', '四肆', '五伍', '六陆陸', '七柒拐', '八捌', '九玖勾'];

/** Lower-case word -> its digit. */
export const DIGIT_OF_WORD: ReadonlyMap<string, string> = new Map(LATIN_AND_CYRILLIC.flatMap((words) => words.map((word, digit) => [word, String(digit)] as const)));

/** CJK numeral -> its digit. */
export const DIGIT_OF_NUMERAL: ReadonlyMap<string, string> = new Map(CJK.flatMap((chars, digit) => [...chars].map((char) => [char, String(digit)] as const)));

/** English digit words: the ones that make numbers with the words below ("forty-one", "five hundred"). */
export const ENGLISH_DIGITS: ReadonlySet<string> = new Set(LATIN_AND_CYRILLIC[0]);

/**
 * English words of two digits, by value: how a reader reads a number aloud in pairs ("forty-one
 * eleven") or tens ("five thirty-six, ninety"). "fourty" as people misspell it.
 */
export const ENGLISH_TENS: ReadonlyMap<string, number> = new Map([
  ...['ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'].map((word, i) => [word, 10 + i] as const),
  ...['twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'].map((word, i) => [word, 20 + 10 * i] as const),
  ['fourty', 40],
]);

/** English scale words, by value: a quantity as words ("five hundred thirty six million …", as PostgreSQL's cash_words writes one). */
export const ENGLISH_SCALES: ReadonlyMap<string, bigint> = new Map([
  ['hundred', 10n ** 2n],
  ['thousand', 10n ** 3n],
  ['million', 10n ** 6n],
  ['billion', 10n ** 9n],
  ['trillion', 10n ** 12n],
  ['quadrillion', 10n ** 15n],
  ['quintillion', 10n ** 18n],
]);

/** Words that say the next digit over ("double five": 55). */
export const ENGLISH_REPEATS: ReadonlyMap<string, number> = new Map([
  ['double', 2],
  ['triple', 3],
]);

/** The words of 10 to 99 of a language other than English, by value, written as people type them (accented or not, hyphens or spaces). */
function tensOf(teens: readonly string[], tens: readonly string[], compound: (ten: string, unit: number, tensValue: number) => readonly string[]): Array<readonly [string, number]> {
  const words: Array<readonly [string, number]> = teens.map((word, i) => [word, 10 + i]);
  tens.forEach((ten, i) => {
    const value = 20 + 10 * i;
    words.push([ten, value]);
    for (let unit = 1; unit <= 9; unit++) for (const word of compound(ten, unit, value)) words.push([word, value + unit]);
  });
  return words;
}

/**
 * Each spelling with its inner hyphens as spaces (a search takes any dash, space or underscore
 * there: spokenWordKey), and each accented one also without its accents.
 */
function typedAs(words: ReadonlyArray<readonly [string, number]>): Array<readonly [string, number]> {
  return words.flatMap(([word, value]) => {
    const forms = new Set([spokenWordKey(word)]);
    for (const form of [...forms]) forms.add(form.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC'));
    // German's ß typed as ss and its umlauts as ue, oe, ae: the forms people type on any keyboard.
    for (const form of [...forms]) forms.add(form.replaceAll('ß', 'ss'));
    for (const form of [...forms]) forms.add(form.replaceAll('ü', 'ue').replaceAll('ö', 'oe').replaceAll('ä', 'ae'));
    return [...forms].map((form) => [form, value] as const);
  });
}

/** The words of a multi-word number as the map of them keys it: lower case, words parted by one space. */
export function spokenWordKey(token: string): string {
  return token.toLowerCase().replace(/[\s_\p{Pd}]+/gu, ' ');
}

// The digit words above, by language (index 0 is zero, never a unit of a compound); German's compounds say "ein".
const [, , ES_UNITS, FR_UNITS, , , IT_UNITS, PT_UNITS, NL_UNITS, RU_UNITS] = LATIN_AND_CYRILLIC;
const FR_TEENS = ['dix', 'onze', 'douze', 'treize', 'quatorze', 'quinze', 'seize', 'dix-sept', 'dix-huit', 'dix-neuf'];
const DE_UNITS = ['', 'ein', 'zwei', 'drei', 'vier', 'fünf', 'sechs', 'sieben', 'acht', 'neun'];
const unit = (units: readonly string[] | undefined, n: number): string => (units as readonly string[])[n] as string;

/** French from 70 to 99 counts in twenties: "soixante-douze" 72, "quatre-vingt-dix-sept" 97; Belgium and Switzerland say septante, huitante/octante, nonante. */
function frenchSeventyToNinetyNine(): Array<readonly [string, number]> {
  const words: Array<readonly [string, number]> = [['quatre-vingts', 80], ['quatre-vingt', 80]];
  FR_TEENS.forEach((teen, i) => {
    words.push([i === 1 ? 'soixante et onze' : `soixante-${teen}`, 70 + i], [`quatre-vingt-${teen}`, 90 + i]);
  });
  for (let n = 1; n <= 9; n++) words.push([`quatre-vingt-${unit(FR_UNITS, n)}`, 80 + n]);
  return words;
}
const frenchCompound = (ten: string, n: number): string[] => [n === 1 ? `${ten} et un` : `${ten}-${unit(FR_UNITS, n)}`];

/** Other languages' words of two digits: read in pairs as English ones are ("cuarenta y uno once …", "einundvierzig elf …"). */
export const NUMBER_OF_TENS_WORD: ReadonlyMap<string, number> = new Map(
  typedAs([
    ...tensOf(
      ['diez', 'once', 'doce', 'trece', 'catorce', 'quince', 'dieciséis', 'diecisiete', 'dieciocho', 'diecinueve'],
      ['veinte', 'treinta', 'cuarenta', 'cincuenta', 'sesenta', 'setenta', 'ochenta', 'noventa'],
      // 21 to 29 are one word, the accent on the last syllable: veintidós, veintitrés, veintiséis.
      (ten, n, value) => [`${ten} y ${unit(ES_UNITS, n)}`, ...(value === 20 ? [`veinti${({ dos: 'dós', tres: 'trés', seis: 'séis' } as Record<string, string>)[unit(ES_UNITS, n)] ?? unit(ES_UNITS, n)}`] : [])],
    ),
    ...tensOf(
      ['dez', 'onze', 'doze', 'treze', 'catorze', 'quinze', 'dezesseis', 'dezessete', 'dezoito', 'dezenove'],
      ['vinte', 'trinta', 'quarenta', 'cinquenta', 'sessenta', 'setenta', 'oitenta', 'noventa'],
      (ten, n) => [`${ten} e ${unit(PT_UNITS, n)}`],
    ),
    ['quatorze', 14], ['dezasseis', 16], ['dezassete', 17], ['dezanove', 19],
    ...tensOf(FR_TEENS, ['vingt', 'trente', 'quarante', 'cinquante', 'soixante'], frenchCompound),
    ...frenchSeventyToNinetyNine(),
    ...tensOf([], ['septante', 'huitante', 'nonante'], frenchCompound).map(([word, value]) => [word, value + 50] as const),
    ...tensOf([], ['octante'], frenchCompound).map(([word, value]) => [word, value + 60] as const),
    ...tensOf(
      ['zehn', 'elf', 'zwölf', 'dreizehn', 'vierzehn', 'fünfzehn', 'sechzehn', 'siebzehn', 'achtzehn', 'neunzehn'],
      ['zwanzig', 'dreißig', 'vierzig', 'fünfzig', 'sechzig', 'siebzig', 'achtzig', 'neunzig'],
      (ten, n) => [`${unit(DE_UNITS, n)}und${ten}`],
    ),
    ...tensOf(
      ['dieci', 'undici', 'dodici', 'tredici', 'quattordici', 'quindici', 'sedici', 'diciassette', 'diciotto', 'diciannove'],
      ['venti', 'trenta', 'quaranta', 'cinquanta', 'sessanta', 'settanta', 'ottanta', 'novanta'],
      // The tens drop their last vowel before uno and otto; tre takes an accent at the end of a word.
      (ten, n) => [n === 1 || n === 8 ? ten.slice(0, -1) + unit(IT_UNITS, n) : ten + (n === 3 ? 'tré' : unit(IT_UNITS, n))],
    ),
    ...tensOf(
      ['tien', 'elf', 'twaalf', 'dertien', 'veertien', 'vijftien', 'zestien', 'zeventien', 'achttien', 'negentien'],
      ['twintig', 'dertig', 'veertig', 'vijftig', 'zestig', 'zeventig', 'tachtig', 'negentig'],
      // "en" after a unit ending in e is written "ën": tweeëntwintig.
      (ten, n) => [`${unit(NL_UNITS, n)}${unit(NL_UNITS, n).endsWith('e') ? 'ë' : 'e'}n${ten}`],
    ),
    ...tensOf(
      ['десять', 'одиннадцать', 'двенадцать', 'тринадцать', 'четырнадцать', 'пятнадцать', 'шестнадцать', 'семнадцать', 'восемнадцать', 'девятнадцать'],
      ['двадцать', 'тридцать', 'сорок', 'пятьдесят', 'шестьдесят', 'семьдесят', 'восемьдесят', 'девяносто'],
      (ten, n) => [`${ten} ${unit(RU_UNITS, n)}`],
    ),
  ]),
);
