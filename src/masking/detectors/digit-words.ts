// Digits spelled as words, one word a digit: "four one one one one one …", "five three six, nine
// zero, four four one seven", "4oneoneone" (replace(notes, '1', 'one')), in English and in the
// languages an agent may switch to ("cinco tres seis", "fünf drei sechs", "пять три шесть"), or
// as CJK numerals ("五三六-九〇-四四一七", financial "伍叁陆"): digit-word-lists.ts. A reader reads
// the number; SQL writes it with nested replace() calls. A run of nine or more digits and digit
// words (an SSN's digits), glued or joined by spaces, commas, dashes, dots (CJK's too) or an area code's parentheses, with two digit words
// side by side somewhere, is read as digits: one space parts the digits of a group, any other
// joint is kept ("four one five, five five five" reads "415, 555"). A word begins and ends where a
// word of its alphabet does; a CJK numeral stands anywhere, as CJK text puts no space between
// words ("电话四一五…"). A value found in it is redacted whole. Numbers written as quantities ("four
// thousand one hundred", "一千二百") are no value's spelling and are left.
import { readingAfterContext, withReadings, type DerivedText, type Reading } from './derived-text.ts';
import { DIGIT_OF_NUMERAL, DIGIT_OF_WORD } from './digit-word-lists.ts';

/** The fewest digits read in a run: an SSN's nine. */
const MIN_DIGITS = 9;

/** Alternatives longest first, so "seis" is read before "sei" and "tres" before "tre". */
const alternation = (words: Iterable<string>): string => `(?:${[...new Set(words)].sort((a, b) => b.length - a.length).join('|')})`;
const WORD = alternation(DIGIT_OF_WORD.keys());
const ASCII_WORD = alternation([...DIGIT_OF_WORD.keys()].filter((word) => /^[a-z]+$/.test(word)));
const NUMERAL = `[${[...DIGIT_OF_NUMERAL.keys()].join('')}]`;
/** The marks of a list or a number's groups; CJK text's own comma and middle dot too. */
const JOINT = String.raw`[\s,.;:/()\-、・]{0,3}`;
const NOT_IN_WORD_BEFORE = String.raw`(?<![\p{L}\p{N}_])`;
const TOKEN = String.raw`(?:${WORD}|${NUMERAL}|\d)`;
/** Digit words, numerals and digits, glued or joined; a word or digit at either end not inside a longer word. */
const RUN = new RegExp(
  String.raw`(?:${NOT_IN_WORD_BEFORE}(?:${WORD}|\d)|${NUMERAL})(?:${JOINT}${TOKEN})*(?:(?<=${NUMERAL})|(?![\p{L}\p{N}_]))`,
  'giu',
);
const TOKENS = new RegExp(TOKEN, 'giu');
const SPOKEN = `(?:${WORD}|${NUMERAL})`;
/** Two digit words or numerals side by side, in any of the lists: searched only in a text beyond ASCII (the Unicode search is the slower). */
const MAY_HOLD_SPOKEN = new RegExp(`${SPOKEN}${JOINT}${SPOKEN}`, 'iu');
const BEYOND_ASCII = /[^\0-\x7f]/;

/** Two English or other Latin digit words side by side, unaccented: an ASCII text without them holds no such run (one search of a few milliseconds per 100,000 cells). */
export const MAY_HOLD_DIGIT_WORDS = new RegExp(`${ASCII_WORD}${JOINT}${ASCII_WORD}`, 'i');

function digitOf(token: string): string {
  return DIGIT_OF_NUMERAL.get(token) ?? DIGIT_OF_WORD.get(token.toLowerCase()) ?? token;
}

/** `text` followed by the reading of each such run as digits; undefined when it holds none. */
export function readDigitWords(text: string): DerivedText | undefined {
  if (!MAY_HOLD_DIGIT_WORDS.test(text) && !(BEYOND_ASCII.test(text) && MAY_HOLD_SPOKEN.test(text))) return undefined;
  const readings: Reading[] = [];
  RUN.lastIndex = 0;
  for (let run = RUN.exec(text); run !== null; run = RUN.exec(text)) {
    let digits = 0;
    // One space between two tokens parts the digits of a group, as a reader speaks them; any other joint is kept.
    const read = run[0].replace(TOKENS, (token) => {
      digits++;
      return digitOf(token);
    }).replace(/(?<=\d) (?=\d)/g, '');
    if (digits >= MIN_DIGITS && read !== run[0]) readings.push(readingAfterContext(text, run.index, run.index + run[0].length, read));
  }
  return withReadings(text, readings);
}
