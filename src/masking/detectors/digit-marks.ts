// Digits joined by marks a detector does not take for separators, or by several kinds at once:
// "4111:1111:1111:1111", "415+555+2671", "DE89:3704:…", an SSN written "123-45 6789" or
// "123.45-6789". A reader reads one number grouped by whatever is at hand; this stage writes such
// a run with a dash between its groups, the separator every digit detector reads. Runs whose marks
// say something else stay as they are: a time ("12:34:56.789", two digits either side of a ":"),
// a version or a sum ("1.2.3:4", "1+2+3") has too few digits, a date and time ("2024-05-01 12:34:56")
// has no card's issuer, no SSN's grouping and no phone's, and marks the detectors already read
// ("4111-1111 1111.1111", "415-555-2671 415-555-2672", "12/345/6789") are left to them: they tell
// one number from the next.
import { rewriteRanges, type DerivedText, type Kept, type Rewrite } from './derived-text.ts';

/** Groups of digits (the first may be an IBAN's country and check digits) joined by single marks; read from where a run starts. */
const RUN = /(?:[A-Z]{2}\d{2}|\d+)(?:[-. /_|:+]\d+){2,}(?![\w:+/|-]|\.\d)/y;
/**
 * Where such a run may be: a ":" or "+" before a digit, or an SSN's groups. Logs are full of
 * numbers joined by dots and dashes (dates, addresses, versions): the runs are read only around these.
 * An SSN's groups are 3-2-4 from the start of their run, so a shape is looked for only after a non-digit.
 */
const MARK_BEFORE_DIGIT = /[:+](?=\d)/g;
const SSN_SHAPE = /(?<!\d)\d{3}([-. /_|])\d\d([-. /_|])\d{4}(?!\w)/g;
/** Part of a longer token: a word character or a mark before the run, or a "+" after one (a "+" alone may stand before a phone's country code). */
const GLUED_BEFORE = /(?:[\w:./|-]|[\w:./|+-]\+)$/;
const IBAN_COUNTRY = /^[A-Z]{2}$/;
const WORD_CHARACTER = /\w/;
/** Digits and the marks between groups, by ASCII code. */
const DIGIT_OR_MARK = new Uint8Array(128).map((_, code) => (/[\d\-. /_|:+]/.test(String.fromCharCode(code)) ? 1 : 0));
/** The fewest digits of any value a digit detector reads (an SSN). */
const MIN_DIGITS = 9;
const SSN_GROUPS = '3,2,4';

function isDigit(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  return code >= 48 && code <= 57;
}

/** Where the stretch of digits and marks holding `at` ends. */
function stretchEnd(text: string, at: number): number {
  let end = at;
  while (end < text.length && DIGIT_OR_MARK[text.charCodeAt(end)] === 1) end++;
  return end;
}

/** The run of digits and marks around `at`, read from its first digit (or an IBAN's country code before it). */
function runAround(text: string, at: number): RegExpExecArray | undefined {
  let start = at;
  while (start > 0 && DIGIT_OR_MARK[text.charCodeAt(start - 1)] === 1) start--;
  while (start < at && !isDigit(text, start)) start++;
  const iban = IBAN_COUNTRY.test(text.slice(Math.max(0, start - 2), start));
  // Glued to a word ("T12:34:56" in a timestamp): GLUED_BEFORE would turn it away, so it is not read.
  if (!iban && start > 0 && WORD_CHARACTER.test(text[start - 1] as string)) return undefined;
  for (const from of iban ? [start - 2, start] : [start]) {
    RUN.lastIndex = from;
    const run = RUN.exec(text);
    if (run !== null && run.index + run[0].length > at) return run;
  }
  return undefined;
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

/** `text` with its oddly joined digit runs written with dashes; undefined when it holds none. */
export function readDigitMarks(text: string): DerivedText | undefined {
  const rewrites: Rewrite[] = [];
  let readUntil = 0;
  MARK_BEFORE_DIGIT.lastIndex = 0;
  for (let found = MARK_BEFORE_DIGIT.exec(text); found !== null; found = MARK_BEFORE_DIGIT.exec(text)) {
    const at = found.index;
    if (at < readUntil || !isDigit(text, at - 1)) continue;
    const run = runAround(text, at);
    // Every candidate in this stretch of digits and marks walks back to the same start and finds
    // the same run: the stretch is read once, so "1:1:1:…" costs its length, not its square.
    readUntil = stretchEnd(text, at);
    if (run === undefined || GLUED_BEFORE.test(text.slice(Math.max(0, run.index - 2), run.index))) continue;
    const groups = run[0].split(/[^\dA-Z]/);
    const marks = run[0].replace(/[\dA-Z]/g, '');
    const digits = groups.join('').replace(/[A-Z]/g, '').length;
    if (digits >= MIN_DIGITS && oddlyJoined(marks, groups)) rewrites.push({ start: run.index, end: run.index + run[0].length, kept: dashed(run.index, run[0]) });
  }
  // An SSN's groups with two different marks, each on its own: a list of them ("536-90 4417 536-90 4417") is one stretch.
  SSN_SHAPE.lastIndex = 0;
  for (let found = SSN_SHAPE.exec(text); found !== null; found = SSN_SHAPE.exec(text)) {
    if (found[1] === found[2] || GLUED_BEFORE.test(text.slice(Math.max(0, found.index - 2), found.index))) continue;
    rewrites.push({ start: found.index, end: found.index + found[0].length, kept: dashed(found.index, found[0]) });
  }
  return rewriteRanges(text, apart(rewrites));
}

/** The rewrites in order of their start, each one that overlaps one kept before it left out. */
function apart(rewrites: Rewrite[]): Rewrite[] {
  const kept: Rewrite[] = [];
  for (const rewrite of rewrites.sort((x, y) => x.start - y.start)) if (rewrite.start >= (kept.at(-1)?.end ?? 0)) kept.push(rewrite);
  return kept;
}
