// Digits joined by marks a detector does not take for separators, or by several kinds at once:
// "4111:1111:1111:1111", "415+555+2671", "DE89:3704:…", an SSN written "123-45 6789" or
// "123.45-6789". A reader reads one number grouped by whatever is at hand; this stage writes such
// a run with a dash between its groups, the separator every digit detector reads. Runs whose marks
// say something else stay as they are: a time ("12:34:56.789", two digits either side of a ":"),
// a version or a sum ("1.2.3:4", "1+2+3") has too few digits, a date and time ("2024-05-01 12:34:56") has no card's issuer, no
// SSN's grouping and no phone's, and marks the detectors already read ("4111-1111 1111.1111",
// "415-555-2671 415-555-2672", "12/345/6789") are left to them: they tell one number from the next.
import { keepWithinMatches, type DerivedText, type Kept } from './derived-text.ts';

/**
 * Groups of digits (the first may be an IBAN's country and check digits) joined by single marks.
 * No lookbehind (it would keep the regex engine from skipping ahead): what stands before the run
 * is checked after (GLUED_BEFORE).
 */
const RUN = /(?:[A-Z]{2}\d{2}|\d+)(?:[-. /_|:+]\d+){2,}(?![\w:+/|-]|\.\d)/g;
/** Part of a longer token: a word character or a mark before the run, or a "+" after one (a "+" alone may stand before a phone's country code). */
const GLUED_BEFORE = /(?:[\w:./|-]|[\w:./|+-]\+)$/;
/** The fewest digits of any value a digit detector reads (an SSN). */
const MIN_DIGITS = 9;
const SSN_GROUPS = '3,2,4';

/** `text` with its oddly joined digit runs written with dashes; undefined when it holds none. */
export function readDigitMarks(text: string): DerivedText | undefined {
  return keepWithinMatches(text, RUN, (run) => {
    if (GLUED_BEFORE.test(text.slice(Math.max(0, run.index - 2), run.index))) return undefined;
    const groups = run[0].split(/[^\dA-Z]/);
    const marks = run[0].replace(/[\dA-Z]/g, '');
    const digits = groups.join('').replace(/[A-Z]/g, '').length;
    if (digits < MIN_DIGITS || !oddlyJoined(marks, groups)) return undefined;
    return dashed(run.index, run[0]);
  });
}

/**
 * Joined by a ":" or "+" (digit detectors read every other mark) but for a time's "hh:mm", or an
 * SSN's groups joined by two different marks.
 */
function oddlyJoined(marks: string, groups: readonly string[]): boolean {
  if (groups.map((g) => g.length).join() === SSN_GROUPS && marks[0] !== marks[1]) return true;
  const time = [...marks].some((mark, i) => mark === ':' && (groups[i]?.length ?? 0) <= 2 && (groups[i + 1]?.length ?? 0) <= 2);
  return /[:+]/.test(marks) && !time;
}

function* dashed(at: number, run: string): Kept {
  for (let i = 0; i < run.length; i++) yield /[\dA-Z]/.test(run[i] as string) ? at + i : (['-', at + i] as const);
}
