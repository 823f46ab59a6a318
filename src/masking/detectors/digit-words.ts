// Digits spelled as words: "four one one one one one …", "five three six, nine zero, four four
// one seven", "4oneoneone" (replace(notes, '1', 'one')), in English and in the languages an agent
// may switch to ("cinco tres seis", "fünf drei sechs", "пять три шесть"), or as CJK numerals
// ("五三六-九〇-四四一七", financial "伍叁陆"): digit-word-lists.ts; and English numbers as people
// say them ("forty-one eleven", "five thirty-six, ninety", "double five", "five hundred thirty six
// million …" as cash_words writes one): spoken-numbers.ts. A reader reads the number; SQL writes it
// with nested replace() calls or cash_words. A run of words, numerals and digits, glued or joined
// by spaces, commas, any dash, dots (CJK's too), an area code's parentheses, underscores, the
// quotes of a list or the bars of a text table, with a word beside
// another or beside a digit, is read as digits when it reads as nine or more (an SSN's): one space
// parts the digits of a group, any other joint is kept ("four one five, five five five" reads
// "415, 555"). A word begins and ends where a word of its alphabet does; a CJK numeral stands
// anywhere, as CJK text puts no space between words ("电话四一五…"). A value found in it is
// redacted whole.
import { readingsAfterContext, withReadings, type DerivedText, type Reading } from './derived-text.ts';
import { DIGIT_OF_NUMERAL, DIGIT_OF_WORD, ENGLISH_REPEATS, ENGLISH_SCALES, ENGLISH_TENS, NUMBER_OF_TENS_WORD } from './digit-word-lists.ts';
import { literalTrieSource } from './literal-trie.ts';
import { CONNECTIVES, spokenDigits } from './spoken-numbers.ts';

/** The fewest digits read in a run: an SSN's nine. */
const MIN_DIGITS = 9;

/**
 * Alternatives as a trie, longer first, so "seis" is read before "sei" and "tres" before "tre"; one
 * branch a character over ~1,000 words. The space inside a word of several ("treinta y seis") stands
 * for any run of spaces, dashes or underscores, as between the words of an English number.
 */
const alternation = (words: Iterable<string>, within = String.raw`[\s_\p{Pd}]+`): string => `(?:${literalTrieSource([...words]).replaceAll(' ', within)})`;
const SCALE = alternation(ENGLISH_SCALES.keys());
const WORDS = [...DIGIT_OF_WORD.keys(), ...ENGLISH_TENS.keys(), ...NUMBER_OF_TENS_WORD.keys(), ...ENGLISH_SCALES.keys(), ...ENGLISH_REPEATS.keys()];
const WORD = alternation(WORDS);
const ASCII_WORD = alternation(WORDS.filter((word) => /^[a-z ]+$/.test(word)), String.raw`[\s_-]+`);
const NUMERAL = `[${[...DIGIT_OF_NUMERAL.keys()].join('')}]`;
/** The marks of a list, a quoted list or a text table, or a number's groups; in ASCII, and with any dash and CJK text's own comma and middle dot. */
const ASCII_MARKS = String.raw`\s,.;:/()\-_"'\x60|`;
const ASCII_JOINT = `[${ASCII_MARKS}]{0,4}`;
const JOINT = String.raw`[${ASCII_MARKS}\p{Pd}、・]{0,4}`;
const NOT_IN_WORD_BEFORE = String.raw`(?<![\p{L}\p{N}_])`;
/** "and" after a scale word or dollars, and the dollars and cents of an amount, inside a run only. */
const CONNECTIVE = String.raw`(?<=(?:${SCALE}|dollars?)[\s-]{1,3})and|${alternation(CONNECTIVES.filter((word) => word !== 'and'))}`;
const TOKEN = String.raw`(?:${WORD}|${NUMERAL}|\d+|${CONNECTIVE})`;
/**
 * Digit words, numerals and digits, glued or joined; a word or digit at either end not inside a
 * longer word. Each token is taken whole, as `(?=(x))\1` cannot give part of it back: words glued
 * that split two ways ("eighteen", "eight" + Dutch "een") never make the search try every split.
 */
const RUN = new RegExp(
  String.raw`(?:${NOT_IN_WORD_BEFORE}(?:${WORD}|\d)|${NUMERAL})(?:${JOINT}(?=(${TOKEN}))\1)*(?:(?<=${NUMERAL})|(?![\p{L}\p{N}_]))`,
  'giu',
);
const TOKENS = new RegExp(TOKEN, 'giu');
const SPOKEN = `(?:${WORD}|${NUMERAL})`;
/** A number word or numeral beside another or beside a digit, in any of the lists: searched only in a text beyond ASCII (the Unicode search is the slower). */
const MAY_HOLD_SPOKEN = new RegExp(`${SPOKEN}${JOINT}(?:${SPOKEN}|\\d)|\\d${JOINT}${SPOKEN}`, 'iu');
const BEYOND_ASCII = /[^\0-\x7f]/;

/** An English or other Latin number word, unaccented, beside another or beside a digit: an ASCII text without one holds no such run (one search of a few milliseconds per 100,000 cells). */
export const MAY_HOLD_DIGIT_WORDS = new RegExp(`(?<![a-z])${ASCII_WORD}${ASCII_JOINT}(?:${ASCII_WORD}|\\d)|\\d${ASCII_JOINT}${ASCII_WORD}(?![a-z])`, 'i');

/** `text` followed by the reading of each such run as digits; undefined when it holds none. */
export function readDigitWords(text: string): DerivedText | undefined {
  if (!MAY_HOLD_DIGIT_WORDS.test(text) && !(BEYOND_ASCII.test(text) && MAY_HOLD_SPOKEN.test(text))) return undefined;
  const readings: Reading[] = [];
  RUN.lastIndex = 0;
  for (let run = RUN.exec(text); run !== null; run = RUN.exec(text)) {
    for (const [from, to] of stretches(run[0])) {
      const stretch = run[0].slice(from, to);
      for (const spoken of spokenDigits(stretch, TOKENS)) {
        // One space between two digits parts the digits of a group, as a reader speaks them; any other joint is kept.
        const read = spoken.replace(/(?<=\d) (?=\d)/g, '');
        if (countDigits(read) >= MIN_DIGITS && read !== stretch) readings.push(...readingsAfterContext(text, run.index + from, run.index + to, read));
      }
    }
  }
  return withReadings(text, readings);
}

/**
 * The run whole and, when digits written as digits stand at its ends, its words alone: a value said in
 * words right beside other numbers ("ref 12 34 forty-one eleven …") is read without them too.
 */
function stretches(run: string): Array<readonly [number, number]> {
  let first = -1;
  let last = -1;
  const tokens = [...run.matchAll(TOKENS)];
  const isScale = (token: RegExpExecArray | undefined): boolean => token !== undefined && ENGLISH_SCALES.has(token[0].toLowerCase());
  tokens.forEach((token, i) => {
    // Digits beside a scale word are part of the number it says ("4 billion 155 million …").
    if (/^\d+$/.test(token[0]) && !isScale(tokens[i - 1]) && !isScale(tokens[i + 1])) return;
    if (first < 0) first = token.index;
    last = token.index + token[0].length;
  });
  return first > 0 || (last >= 0 && last < run.length) ? [[0, run.length], [first, last]] : [[0, run.length]];
}

function countDigits(text: string): number {
  let digits = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) digits++;
  return digits;
}
