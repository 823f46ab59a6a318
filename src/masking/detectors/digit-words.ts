// Digits spelled as English words, one word a digit: "four one one one one one …", "five three
// six, nine zero, four four one seven", "4oneoneone" (replace(notes, '1', 'one')). A reader reads
// the number; SQL writes it with nested replace() calls. A run of nine or more digits and digit
// words (an SSN's digits), glued or joined by spaces, commas, dashes or dots, with two digit words
// side by side somewhere, is read as digits: one space parts the digits of a group, any other
// joint is kept ("four one five, five five five" reads "415, 555"). A value found in it is
// redacted whole. Numbers written as quantities ("four thousand one hundred") are no value's
// spelling and are left; so are other languages' number words.
import { contextBefore, withReadings, type DerivedText, type Reading } from './derived-text.ts';

const WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'] as const;
const DIGIT_OF = new Map<string, string>(WORDS.map((word, digit) => [word, String(digit)]));

/** The fewest digits read in a run: an SSN's nine. */
const MIN_DIGITS = 9;

const WORD = `(?:${WORDS.join('|')})`;
const TOKEN = String.raw`(?:${WORD}|\d)`;
/** Digit words and digits, glued or joined by up to three spaces or marks of a list. */
const RUN = new RegExp(String.raw`\b${TOKEN}(?:[\s,.;:/-]{0,3}${TOKEN})*\b`, 'gi');
const TOKENS = new RegExp(TOKEN, 'gi');

/** Two digit words side by side: a text without them holds no such run (one search of a few milliseconds per 100,000 cells). */
export const MAY_HOLD_DIGIT_WORDS = new RegExp(String.raw`${WORD}[\s,.;:/-]{0,3}${WORD}`, 'i');

/** `text` followed by the reading of each such run as digits; undefined when it holds none. */
export function readDigitWords(text: string): DerivedText | undefined {
  if (!MAY_HOLD_DIGIT_WORDS.test(text)) return undefined;
  const readings: Reading[] = [];
  RUN.lastIndex = 0;
  for (let run = RUN.exec(text); run !== null; run = RUN.exec(text)) {
    let digits = 0;
    // One space between two tokens parts the digits of a group, as a reader speaks them; any other joint is kept.
    const read = run[0].replace(TOKENS, (token) => {
      digits++;
      return DIGIT_OF.get(token.toLowerCase()) ?? token;
    }).replace(/(?<=\d) (?=\d)/g, '');
    if (digits >= MIN_DIGITS && read !== run[0]) readings.push({ start: run.index, end: run.index + run[0].length, text: contextBefore(text, run.index) + read });
  }
  return withReadings(text, readings);
}
