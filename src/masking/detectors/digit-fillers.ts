// Digits with the same filler between every two groups of them: "5x3x6x-9x0x-4x4x1x7x",
// "4 and 5 and 3 and 9 and  1 …", "536xyz90xyz4417", "5д3д6д…", as one regexp_replace(value,
// '(\d)', '\1x', 'g') writes them. A reader skips the filler at once; a pattern sees a word where
// digits should join. Groups of digits parted by one filler repeated (up to eight characters, a
// letter among them, that are no digit, blank or group mark; blanks, commas, dots, slashes, dashes
// and parentheses may stand around it or alone between groups), nine digits or more, are read
// without it: beside the text, as a reading, so a filler that looks like a digit ("5l3l6l…") is
// still read as one by digit-lookalikes.ts. The marks around the filler that most gaps share drop
// with it ("4 and 5": the spaces); the others are kept ("9 and  1": a group ends). Hex letters
// count as a filler only between every two digits: between longer groups they are a hex id.
import { readingsAfterContext, withReadings, type DerivedText, type Reading } from './derived-text.ts';

const MIN_DIGITS = 9;
/** What may stand around a filler: blanks, commas, dots, slashes, dashes, an area code's parentheses. */
const MARKS = String.raw`[\s,./()\-]{0,6}`;
/** Group marks alone between two groups: "3x7x0x4 0x0x4x4", "(4x1x5) 5x5x5". */
const GROUP_MARKS = String.raw`[\s,./()\-]{1,6}`;
/**
 * Up to eight characters, a letter among them, that are no digit, blank or group mark: digits joined
 * by marks alone ("4#5#3", "4;1;5") are read by the digit runs already, with their own rules.
 */
const FILLER = String.raw`(?=[^\p{Nd}\s,./()\-]{0,7}\p{L})[^\p{Nd}\s,./()\-]{1,8}`;
/** Digit groups with one filler (captured) between two of them, and the same filler or group marks alone between each next two. */
const FILLED = new RegExp(String.raw`(?<!\p{Nd})\d+${MARKS}(${FILLER})${MARKS}\d+(?:(?:${MARKS}\1${MARKS}|${GROUP_MARKS})\d+)*`, 'gu');
const HEX_LETTERS = /^[A-Fa-f]+$/;
/** The same filler twice between digits: what every filled run holds (searched first: it needs no Unicode tables). */
export const MAY_HOLD_FILLERS = /\d[\s,./()-]{0,6}([^\d\s,./()-]{1,8})[\s,./()-]{0,6}\d+[\s,./()-]{0,6}\1[\s,./()-]{0,6}\d/;

/** `text` followed by the reading of each filled run without its filler; undefined when it holds none. */
export function readDigitFillers(text: string): DerivedText | undefined {
  if (!MAY_HOLD_FILLERS.test(text)) return undefined;
  const readings: Reading[] = [];
  FILLED.lastIndex = 0;
  for (let run = FILLED.exec(text); run !== null; run = FILLED.exec(text)) {
    const filler = run[1] as string;
    const read = withoutFiller(run[0], filler);
    if (read === undefined) continue;
    // A filler before the first digit or after the last ("x5x3x6…", "5x3x6x") is the run's too.
    const start = run.index >= filler.length && text.startsWith(filler, run.index - filler.length) ? run.index - filler.length : run.index;
    const end = run.index + run[0].length + (text.startsWith(filler, run.index + run[0].length) ? filler.length : 0);
    // Hex letters between groups of digits are as likely a hex id ("73278A4A-8696-…"): taken only between every two digits ("5a3a6a-9a0a-…").
    if (HEX_LETTERS.test(filler) && /\d\d/.test(run[0])) continue;
    readings.push(...readingsAfterContext(text, start, end, read));
  }
  return withReadings(text, readings);
}

/** The run's digits with the marks of each gap the filler leaves, less those most gaps share; undefined below nine digits. */
function withoutFiller(run: string, filler: string): string | undefined {
  const groups = run.match(/\d+/g) ?? [];
  if (groups.join('').length < MIN_DIGITS) return undefined;
  const written = run.split(/\d+/).slice(1, -1);
  if (written.filter((gap) => gap.includes(filler)).length < 2) return undefined;
  const gaps = written.map((gap) => gap.replace(filler, ''));
  const counts = new Map<string, number>();
  for (const gap of gaps) counts.set(gap, (counts.get(gap) ?? 0) + 1);
  const shared = [...counts].reduce((most, entry) => (entry[1] > most[1] ? entry : most))[0];
  return groups.reduce((read, group, i) => {
    const gap = gaps[i - 1];
    if (gap === undefined) return group;
    return read + (gap === shared ? '' : gap.replace(shared, '').replace(/\s+/g, ' ') || ' ') + group;
  }, '');
}
