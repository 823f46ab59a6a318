// Digits with the same filler between every two groups of them: "5x3x6x-9x0x-4x4x1x7x",
// "4 and 5 and 3 and 9 and  1 …", "536xyz90xyz4417", "5д3д6д…", as one regexp_replace(value,
// '(\d)', '\1x', 'g') writes them. A reader skips the filler at once; a pattern sees a word where
// digits should join. Groups of digits parted by one filler repeated (up to eight characters, a
// letter among them, that are no digit, blank or group mark; blanks, commas, dots, slashes, dashes
// and parentheses may stand around it or alone between groups), nine digits or more, are read
// without it: beside the text, as a reading, so a filler that looks like a digit ("5l3l6l…") is
// still read as one by digit-lookalikes.ts. The marks around the filler that most gaps share drop
// with it ("4 and 5": the spaces); other marks part groups ("9 and  1": a group ends). Hex letters
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
/** Digit groups with one filler (captured) between two of them, and the same filler or group marks alone between each next two: the filler twice at least. */
const FILLED = new RegExp(
  String.raw`(?<!\p{Nd})\d+${MARKS}(${FILLER})${MARKS}\d+(?:${GROUP_MARKS}\d+)*${MARKS}\1${MARKS}\d+(?:(?:${MARKS}\1${MARKS}|${GROUP_MARKS})\d+)*`,
  'gu',
);
const HEX_LETTERS = /^[A-Fa-f]+$/;
/** The longest gap between two groups a filler run holds: marks, the filler, marks. */
const MAX_GAP = 20;

const isDigitCode = (code: number): boolean => code >= 48 && code <= 57;
/** Blanks, commas, dots, slashes, parentheses and dashes: what may stand around a filler. */
const isMarkCode = (code: number): boolean => code === 32 || code === 9 || code === 13 || code === 44 || code === 45 || code === 46 || code === 47 || code === 40 || code === 41;

/** Whether text[from, to) holds an ASCII letter or a character beyond ASCII (a letter of another script, an emoji). */
function hasLetter(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    if (code > 127 || ((code | 32) >= 97 && (code | 32) <= 122)) return true;
  }
  return false;
}

function isHexWord(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const lower = text.charCodeAt(i) | 32;
    if (lower < 97 || lower > 102) return false;
  }
  return true;
}

/**
 * The lines of `text` where the same filler stands in two gaps between digit groups (group marks
 * alone may stand in the gaps between): one pass, no regex, so FILLED runs over those lines alone.
 */
function linesWithFillers(text: string, most = Infinity): Array<readonly [number, number]> {
  const lines: Array<readonly [number, number]> = [];
  let lineStart = 0;
  let core = -1;
  let coreLength = 0;
  for (let i = 0; i < text.length; ) {
    const code = text.charCodeAt(i);
    if (!isDigitCode(code)) {
      if (code === 10) {
        lineStart = i + 1;
        core = -1;
      }
      i++;
      continue;
    }
    const group = i;
    while (i < text.length && isDigitCode(text.charCodeAt(i))) i++;
    const groupLength = i - group;
    let next = i;
    while (next < text.length && next - i <= MAX_GAP && !isDigitCode(text.charCodeAt(next)) && text.charCodeAt(next) !== 10) next++;
    if (!isDigitCode(text.charCodeAt(next)) || next - i > MAX_GAP) {
      core = -1;
      i = next;
      continue;
    }
    let from = i;
    let to = next;
    while (from < to && isMarkCode(text.charCodeAt(from))) from++;
    while (to > from && isMarkCode(text.charCodeAt(to - 1))) to--;
    // Hex letters after a group of several digits are a hex id's, as readFilled takes them.
    if (from < to && (!hasLetter(text, from, to) || (groupLength > 1 && isHexWord(text, from, to)))) core = -1;
    else if (from < to) {
      if (core >= 0 && to - from === coreLength && text.startsWith(text.slice(from, to), core)) {
        const lineEnd = text.indexOf('\n', next);
        if (lines.push([lineStart, lineEnd < 0 ? text.length : lineEnd]) >= most || lineEnd < 0) break;
        i = lineEnd;
        core = -1;
        continue;
      }
      core = from;
      coreLength = to - from;
    }
    i = next;
  }
  return lines;
}

/** Whether `text` may hold digits with a filler between them (one pass, no regex). */
export const mayHoldFillers = (text: string): boolean => linesWithFillers(text, 1).length > 0;

/** `text` followed by the reading of each filled run without its filler; undefined when it holds none. */
export function readDigitFillers(text: string): DerivedText | undefined {
  const lines = linesWithFillers(text);
  if (lines.length === 0) return undefined;
  const readings: Reading[] = [];
  for (const [lineStart, lineEnd] of lines) {
    for (const run of text.slice(lineStart, lineEnd).matchAll(FILLED)) readFilled(text, lineStart + run.index, run, readings);
  }
  return withReadings(text, readings);
}

/** The reading of one filled run, when it is one: nine digits or more, a filler twice, no hex id. */
function readFilled(text: string, at: number, run: RegExpMatchArray, readings: Reading[]): void {
  const filler = run[1] as string;
  const read = withoutFiller(run[0], filler);
  if (read === undefined) return;
  // A filler before the first digit or after the last ("x5x3x6…", "5x3x6x") is the run's too.
  const start = at >= filler.length && text.startsWith(filler, at - filler.length) ? at - filler.length : at;
  const end = at + run[0].length + (text.startsWith(filler, at + run[0].length) ? filler.length : 0);
  // Hex letters between groups of digits are as likely a hex id ("73278A4A-8696-…"): taken only between every two digits ("5a3a6a-9a0a-…").
  if (HEX_LETTERS.test(filler) && /\d\d/.test(run[0])) return;
  readings.push(...readingsAfterContext(text, start, end, read));
}

/** The run's digits, a space where a gap's marks differ from those most gaps share (a group ends); undefined below nine digits. */
function withoutFiller(run: string, filler: string): string | undefined {
  const groups = run.match(/\d+/g) ?? [];
  if (groups.join('').length < MIN_DIGITS) return undefined;
  const written = run.split(/\d+/).slice(1, -1);
  // The filler stands in most gaps ("(4x1x5) 5x5x5-2x6x7x1"): words between lists of numbers ("128, rgb(120, 200, 33) rgb(64, …") are no filler.
  if (written.filter((gap) => gap.includes(filler)).length * 2 < written.length) return undefined;
  const gaps = written.map((gap) => gap.replace(filler, ''));
  const counts = new Map<string, number>();
  for (const gap of gaps) counts.set(gap, (counts.get(gap) ?? 0) + 1);
  const shared = [...counts].reduce((most, entry) => (entry[1] > most[1] ? entry : most))[0];
  return groups.reduce((read, group, i) => {
    const gap = gaps[i - 1];
    if (gap === undefined) return group;
    return read + (gap === shared ? '' : ' ') + group;
  }, '');
}
