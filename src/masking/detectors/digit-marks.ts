// Digits joined by marks the digit detectors do not read as they are written, or by several kinds
// at once: "4111;1111;1111;1111", '["4111","1111","1111","1111"]', "415:555:2671", "415 ∙ 555 ∙ 2671",
// "DE89+3704+…", an SSN written "123-45 6789" or "123.45-6789". A reader reads one number grouped by
// whatever is at hand (what may join groups is digit-joints.ts's to say); this stage writes each
// such mark as one the digit detectors read (a dash, or a middle dot within a longer joint) and
// leaves the rest of the text as it is, so the detectors still tell one number from the next by
// the marks between them ("415;555;2671 415;555;2672"). Joints whose marks say something else stay as they are: a time's
// "hh:mm" (two digits either side of a ":"), and an IPv6 address (groups of up to four digits
// joined by ":", one "::" among them or eight groups). Runs of fewer digits than any value hold
// ("1;2;3", "v1.2:3") are left alone.
import { rewriteRanges, type DerivedText, type Kept, type Rewrite } from './derived-text.ts';
import { forEachJoinedRun, isOddMark, type JoinedRun } from './digit-joints.ts';

/** The fewest digits of any value a digit detector reads (an SSN). */
const MIN_DIGITS = 9;
/** An SSN's groups, joined by two different single marks ("123-45 6789"): both are read as dashes. */
const SSN_GROUPS = [3, 2, 4] as const;
/** The marks an SSN is written with, besides those the scanner does not read. */
const SSN_MARKS = /^[-. /_|]$/;
/** Part of a longer token: a word character or a mark before the group, or a "+" after one. */
const GLUED_BEFORE = /(?:[\w:./|-]|[\w:./|+-]\+)$/;
const WORD_CHARACTER = /^\w/;
const IPV6_GROUP_DIGITS = 4;
const IPV6_GROUPS = 8;

function jointText(text: string, run: JoinedRun, g: number): string {
  return text.slice(run.bounds[2 * g + 1], run.bounds[2 * g + 2]);
}

/** Groups of up to four digits joined by ":" with one "::" among them, or eight such groups: an IPv6 address. */
function ipv6(text: string, run: JoinedRun): boolean {
  let compressed = 0;
  for (let g = 0; g < run.groups; g++) {
    if ((run.digits[g] ?? 0) > IPV6_GROUP_DIGITS) return false;
    if (g + 1 === run.groups) break;
    const joint = jointText(text, run, g);
    if (joint === '::') compressed++;
    else if (joint !== ':') return false;
  }
  return compressed === 1 ? run.groups < IPV6_GROUPS : compressed === 0 && run.groups === IPV6_GROUPS;
}

/** The joint after group `g` is a time's ":" ("12:34"). */
function timeColon(text: string, run: JoinedRun, g: number): boolean {
  return jointText(text, run, g) === ':' && (run.digits[g] ?? 0) <= 2 && (run.digits[g + 1] ?? 0) <= 2;
}

/**
 * The joint text[from, to) with the marks the scanner does not read written as ones it does: a
 * joint of one such mark as a dash ("415;555;2671" reads as "415-555-2671"), each such mark of a
 * longer joint as a middle dot, the rest kept. A list keeps its shape: in "536:90:4417', '4417"
 * the "', '" is no dash, so the SSN's groups stay set off from the value after them.
 */
function* readableMarks(text: string, from: number, to: number): Kept {
  const single = (text.codePointAt(from) ?? 0) > 0xffff ? to - from === 2 : to - from === 1;
  for (let i = from; i < to; ) {
    const codePoint = text.codePointAt(i) ?? 0;
    if (!isOddMark(codePoint)) yield i;
    else yield single ? (['-', i] as const) : (['\u00b7', i] as const);
    i += codePoint > 0xffff ? 2 : 1;
  }
}

/** The joint after group `g` as an SSN's mark: its one character, a mark the scanner does not read as "-"; undefined when it is no such mark. */
function ssnMark(text: string, run: JoinedRun, g: number): string | undefined {
  const joint = jointText(text, run, g);
  if (joint.length !== 1) return undefined;
  if (isOddMark(joint.charCodeAt(0))) return '-';
  return SSN_MARKS.test(joint) ? joint : undefined;
}

/** Groups g..g+2 are an SSN's, joined by two different marks, and no part of a longer token. */
function mixedSsnAt(text: string, run: JoinedRun, g: number): boolean {
  if (SSN_GROUPS.some((digits, k) => run.digits[g + k] !== digits)) return false;
  const first = ssnMark(text, run, g);
  const second = ssnMark(text, run, g + 1);
  if (first === undefined || second === undefined || first === second) return false;
  const start = run.bounds[2 * g] ?? 0;
  const end = run.bounds[2 * g + 5] ?? 0;
  return !GLUED_BEFORE.test(text.slice(Math.max(0, start - 2), start)) && !WORD_CHARACTER.test(text.slice(end, end + 1));
}

/** The rewrites of one run's joints: an SSN's two mixed marks as dashes, every other joint's odd marks as readable ones. */
function markJoints(text: string, run: JoinedRun, rewrites: Rewrite[]): void {
  if (ipv6(text, run)) return;
  const whole = new Set<number>();
  for (let g = 0; g + 2 < run.groups; g++) {
    if (!mixedSsnAt(text, run, g)) continue;
    whole.add(g).add(g + 1);
  }
  for (let g = 0; g + 1 < run.groups; g++) {
    const from = run.bounds[2 * g + 1] ?? 0;
    const to = run.bounds[2 * g + 2] ?? 0;
    if (whole.has(g)) rewrites.push({ start: from, end: to, kept: [['-', from]] });
    else if (!timeColon(text, run, g) && hasOddMark(text, from, to)) rewrites.push({ start: from, end: to, kept: readableMarks(text, from, to) });
  }
}

function hasOddMark(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (isOddMark(text.codePointAt(i) ?? 0)) return true;
  return false;
}

/** `text` with the marks of its oddly joined digit runs written as dashes; undefined when it holds none. */
export function readDigitMarks(text: string): DerivedText | undefined {
  const rewrites: Rewrite[] = [];
  forEachJoinedRun(text, MIN_DIGITS, (run) => markJoints(text, run, rewrites));
  return rewriteRanges(text, rewrites);
}
