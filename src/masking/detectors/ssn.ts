// US Social Security numbers. Decision: the 3-2-4 grouping is flagged anywhere when its two
// separators are the same dash, dot or slash (letters glued to it too: "x536-90-4417y"), or one
// space each (AAA-GG-SSSS, AAA.GG.SSSS, AAA GG SSSS: that shape is the SSN's signature, however a
// writer separates it); the bare 9-digit form, tabs, line breaks and wider spacing (columns and
// lines of numbers), and 9 digits in any other grouping that start a run of digits, only with an
// "ssn" / "social security" keyword shortly before them (glued to it too: "ssn536904417"), so
// random 9-digit ids, zip+4 codes, order numbers and aligned columns are left alone.
// AAA-GG-SSSS inside a longer run joined by the same separator (1-123-45-6789-2) is part of another
// number; spaces, though, part words: "123 45 6789 12" is an SSN and a count. Numbers that were never issued are not flagged: area 000, 666 or 900-999, group 00,
// serial 0000.
// A number is read as a reader sees it: digits of any script by their value ("５３６-９０-４４１７",
// mixed ones too), any dash for "-" (en and em dash, minus sign, non-breaking hyphen, full-width
// hyphen-minus ...), any space for " " (no-break, thin, ideographic ...), and characters that show
// as nothing (zero-width space, soft hyphen, joiners, combining marks) as nothing: "53\u200b6-90-4417"
// is the dashed form, "536\u200b90\u200b4417" the bare one.
import { digitValue, foldWidth, isDashCodePoint, isInvisibleCodePoint, isSeparatorCodePoint, isSpaceCodePoint } from './chars.ts';
import type { DigitRun, DigitRunDetector, EmitSpan } from './types.ts';

/** How far before the number a keyword may stand, e.g. `"customer_ssn": "` or `SSN (primary): `. */
const CONTEXT_CHARS = 40;
const CONTEXT = /(?<![A-Za-z])ssn|social[\s_-]*security|(?<![A-Za-z])soc[\s._-]*sec(?![A-Za-z])/i;

const DASH = 45;
const SPACE = 32;
/** Separators that make 3-2-4 digits an SSN without a keyword (SPACE only when one wide). */
const SIGNATURE_MARKS = new Set([DASH, SPACE, 46, 47]); // - space . /
/** The separators between two groups show nothing: the groups read as one. */
const INVISIBLE = -1;
/** After the last group. */
const END = -2;

/** What the separators in text[from, to) read as: DASH, SPACE, their first visible character (full-width folded), or INVISIBLE. */
function separatorMark(text: string, from: number, to: number): number {
  for (let i = from; i < to; ) {
    const code = text.charCodeAt(i);
    if (code < 128) return code === DASH ? DASH : code === SPACE || (code >= 9 && code <= 13) ? SPACE : code;
    const codePoint = text.codePointAt(i) ?? code;
    i += codePoint > 0xffff ? 2 : 1;
    if (isInvisibleCodePoint(codePoint)) continue;
    if (isDashCodePoint(codePoint)) return DASH;
    return isSpaceCodePoint(codePoint) ? SPACE : foldWidth(codePoint);
  }
  return INVISIBLE;
}

// The groups of the run being inspected as a reader sees them (groups joined by invisible
// characters only are one), reused from run to run: [starts[v], ends[v]) in the text, digits
// firsts[v]..firsts[v + 1] of the run, and marks[v] for the separators after it.
const starts: number[] = [];
const ends: number[] = [];
const firsts: number[] = [];
const marks: number[] = [];
let count = 0;

function readGroups(text: string, run: DigitRun): void {
  const bounds = run.bounds;
  count = 0;
  let joined = false;
  for (let g = 0; g < run.groups; g++) {
    if (!joined) {
      starts[count] = bounds[2 * g] ?? 0;
      firsts[count] = run.firsts[g] ?? 0;
      count++;
    }
    const end = bounds[2 * g + 1] ?? 0;
    const mark = g + 1 < run.groups ? separatorMark(text, end, bounds[2 * g + 2] ?? 0) : END;
    ends[count - 1] = end;
    marks[count - 1] = mark;
    joined = mark === INVISIBLE;
  }
  firsts[count] = run.digits;
}

function digitsOf(v: number): number {
  return (firsts[v + 1] ?? 0) - (firsts[v] ?? 0);
}

/** The 9 digits of the run from its digit `first` form an SSN that could have been issued. */
function issuableFrom(values: readonly number[], first: number): boolean {
  let area = 0;
  let group = 0;
  let serial = 0;
  for (let i = 0; i < 9; i++) {
    const digit = values[first + i] ?? 0;
    if (i < 3) area = area * 10 + digit;
    else if (i < 5) group = group * 10 + digit;
    else serial = serial * 10 + digit;
  }
  return area !== 0 && area !== 666 && area < 900 && group !== 0 && serial !== 0;
}

const scratch: number[] = [];

/** True when the text is 9 digits of any script, separators ignored, that form an SSN that could have been issued. */
export function isIssuableSsn(text: string): boolean {
  let digits = 0;
  for (let i = 0; i < text.length; ) {
    const codePoint = text.codePointAt(i) ?? 0;
    i += codePoint > 0xffff ? 2 : 1;
    const value = digitValue(codePoint);
    if (value >= 0) {
      if (digits === 9) return false;
      scratch[digits++] = value;
    } else if (!isSeparatorCodePoint(codePoint)) {
      return false;
    }
  }
  return digits === 9 && issuableFrom(scratch, 0);
}

function hasSsnContext(text: string, start: number): boolean {
  const before = text.slice(Math.max(0, start - CONTEXT_CHARS), start);
  // The keyword as a reader sees it too: full-width and styled letters (ＳＳＮ, 𝐬𝐬𝐧) as plain ones,
  // characters that show as nothing (s\u200bsn) as nothing.
  return CONTEXT.test(before) || (NOT_PLAIN_ASCII.test(before) && CONTEXT.test(before.normalize('NFKC').replace(SHOWS_NOTHING, '')));
}

/** The keyword ends right where the digits start ("ssn536904417"): they are not glued to a word. */
const KEYWORD_RIGHT_BEFORE = new RegExp(`(?:${CONTEXT.source})$`, 'i');

function keywordRightBefore(text: string, start: number): boolean {
  const before = text.slice(Math.max(0, start - CONTEXT_CHARS), start);
  return KEYWORD_RIGHT_BEFORE.test(before) || (NOT_PLAIN_ASCII.test(before) && KEYWORD_RIGHT_BEFORE.test(before.normalize('NFKC').replace(SHOWS_NOTHING, '')));
}

/** The separators between groups v, v+1 and v+2 are one space each (not a tab, not a line break: columns and lines). */
function singleSpaces(text: string, v: number): boolean {
  return oneSpace(text, ends[v] ?? 0, starts[v + 1] ?? 0) && oneSpace(text, ends[v + 1] ?? 0, starts[v + 2] ?? 0);
}

const ONE_SPACE = /^\p{Zs}$/u;

function oneSpace(text: string, from: number, to: number): boolean {
  let shown = '';
  for (let i = from; i < to; ) {
    const codePoint = text.codePointAt(i) ?? 0;
    i += codePoint > 0xffff ? 2 : 1;
    if (!isInvisibleCodePoint(codePoint)) shown += String.fromCodePoint(codePoint);
  }
  return ONE_SPACE.test(shown);
}

const NOT_PLAIN_ASCII = /[^ -~\t\n\r]/;
const SHOWS_NOTHING = /[\p{Cf}\p{Mn}\p{Me}\p{Default_Ignorable_Code_Point}]/gu;

/** Groups 0..`last` are set off from the rest of the run: the separators after them stand nowhere between them. */
function setOffFromStart(last: number): boolean {
  const after = marks[last];
  if (after === END) return true;
  for (let v = 0; v < last; v++) if (marks[v] === after) return false;
  return true;
}

export const ssnDetector: DigitRunDetector = {
  shape: 'digit-run',
  name: 'ssn',
  minDigits: 9,
  inspect(text: string, run: DigitRun, emit: EmitSpan): void {
    readGroups(text, run);
    const values = run.values;
    const last = count - 1;
    // The last group touching a word character is part of a longer token.
    const lastFree = run.gluedEnd ? last - 1 : last;
    const first = run.gluedStart && !keywordRightBefore(text, starts[0] ?? 0) ? 1 : 0;
    // 9 digits in any grouping right after the keyword: "ssn 5-3-6-9-0-4-4-1-7", "ssn: 536.904.417".
    if (first === 0 && hasSsnContext(text, starts[0] ?? 0)) {
      let v = 0;
      while (v < last && (firsts[v + 1] ?? 0) < 9) v++;
      if (firsts[v + 1] === 9 && v <= lastFree && v > 0 && setOffFromStart(v) && issuableFrom(values, 0)) {
        emit(starts[0] ?? 0, ends[v] ?? 0);
        return;
      }
    }
    for (let v = 0; v <= last; v++) {
      const start = starts[v] ?? 0;
      if (digitsOf(v) === 9) {
        if (v >= first && v <= lastFree && issuableFrom(values, firsts[v] ?? 0) && hasSsnContext(text, start)) emit(start, ends[v] ?? 0);
        continue;
      }
      if (v + 2 > last || digitsOf(v) !== 3 || digitsOf(v + 1) !== 2 || digitsOf(v + 2) !== 4) continue;
      const mark = marks[v] as number;
      if (marks[v + 1] !== mark) continue;
      // 1-123-45-6789-2 is one dashed number, not an SSN inside it; spaces part words, so the
      // groups beside "123 45 6789" are other numbers ("123 45 6789 12", "7 123 45 6789").
      if (mark !== SPACE && ((v > 0 && marks[v - 1] === mark) || marks[v + 2] === mark)) continue;
      if (!issuableFrom(values, firsts[v] ?? 0)) continue;
      const signature = SIGNATURE_MARKS.has(mark) && (mark !== SPACE || singleSpaces(text, v));
      // Letters glued to a separated signature do not make it another number ("x536-90-4417y");
      // spaced digits glued to a word may be a column of a table.
      const glued = v < first || v + 2 > lastFree;
      if (glued ? signature && mark !== SPACE : signature || hasSsnContext(text, start)) {
        emit(start, ends[v + 2] ?? 0);
        v += 2;
      }
    }
  },
};
