// A value written one character at a time with the same separator between every two characters:
// string_agg(ch, '.') over regexp_split_to_table(value, ''), or regexp_replace(value, '(.)', '\1-',
// 'g'), gives "a.d.a...l.o.v.e…" or "s-s-n- -5-3-6---9…". A reader skips the separator at once,
// whatever it is, and the separator may also stand among the characters (the address's own dots, the
// number's own dashes, a blank), so no pattern of the value's shape sees it. Six characters or more
// at every other place, each one apart from the next by the same one to four marks or blanks (a
// tab, or a line break alone), are read joined (a reading, see derived-text.ts) when three of them
// are letters, digits or "@" and one a letter or "@": a rule of dashes or a row of dots reads as
// nothing, and digits alone are the digit runs' to read, with their own rules.
import { readingAfterContext, withReadings, type DerivedText, type Reading } from './derived-text.ts';

/**
 * The start of a run: a character, a separator (one to four characters that are no letter, digit
 * or line break, or a line break alone), then five more characters each after the same separator.
 * The longest separator is tried first (", " before ",").
 */
const RUN_START = /([^\n])([^\p{L}\p{N}\n]{1,4}|\n)(?:[^\n]\2){4}[^\n]/gu;
/** Three letters, digits or "@", and a letter or "@" among them: a word worth reading. */
const THREE_SIGNIFICANT = /[\p{L}\p{N}@][^]*?[\p{L}\p{N}@][^]*?[\p{L}\p{N}@]/u;
const LETTER_OR_AT = /[\p{L}@]/u;

/** Whether `text` may hold such a run: the search every reader-view gate runs first. */
export const MAY_HOLD_SEPARATED = new RegExp(RUN_START.source, 'u');

/** `text` followed by each run of separated characters read as one word; undefined when it holds none. */
export function readSeparatedCharacters(text: string): DerivedText | undefined {
  const readings: Reading[] = [];
  RUN_START.lastIndex = 0;
  for (let run = RUN_START.exec(text); run !== null; run = RUN_START.exec(text)) {
    const separator = run[2] as string;
    const step = separator.length + 1;
    // The run goes on while the same separator comes before another character.
    let end = run.index + run[0].length;
    while (end + step <= text.length && text.startsWith(separator, end) && text[end + separator.length] !== '\n') end += step;
    let word = '';
    for (let i = run.index; i < end; i += step) word += text[i];
    RUN_START.lastIndex = end;
    if (LETTER_OR_AT.test(word) && THREE_SIGNIFICANT.test(word)) readings.push(readingAfterContext(text, run.index, end, word));
  }
  return withReadings(text, readings);
}
