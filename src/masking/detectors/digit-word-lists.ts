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
