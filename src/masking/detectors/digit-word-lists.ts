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
