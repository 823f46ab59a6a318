// One pass that finds runs of digits joined by separators ("4242 4242 4242 4242", "123-45-6789",
// "4-1-1-1-…", "４１１１.１１１１", "4111\n1111") and hands each run to every digit-run detector (card,
// ssn, phone), so the text is scanned for digits once however many of those detectors are on.
// Any number of separators of any kind may stand between two digits: a value an agent reformats
// (one dash between every digit, a newline in the middle, full-width digits) stays one run. Which
// part of a run is one value is for each detector to decide; the helpers below compare the
// separator clusters between groups, the signal a reader uses too ("4111-1111, 12/27").
import { digitValue, insideHexToken, isInvisibleCodePoint, isSeparatorCodePoint, isSpaceCodePoint, isWordCode } from './chars.ts';
import type { DigitRun } from './types.ts';

export type DigitRunVisitor = (run: DigitRun) => void;

/** ASCII separators, by code: the hot path of the scan looks them up here. */
const ASCII_SEPARATORS = new Uint8Array(128).map((_, code) => (isSeparatorCodePoint(code) ? 1 : 0));

/** What the character at `i` is to a run, beyond ASCII: its width when it is a digit (> 0) or a separator (< 0); 0 otherwise. */
function nonAsciiKind(text: string, i: number): number {
  const codePoint = text.codePointAt(i) ?? 0;
  const width = codePoint > 0xffff ? 2 : 1;
  if (digitValue(codePoint) >= 0) return width;
  return isSeparatorCodePoint(codePoint) ? -width : 0;
}

/** Builds the scanner once for the smallest run any enabled detector wants to see. */
export function createDigitRunScanner(minDigits: number): (text: string, visit: DigitRunVisitor) => void {
  // Reused for every run, written by index (resizing an array is a slow runtime call): the
  // detectors read it synchronously and keep nothing.
  const run = { groups: 0, bounds: [] as number[], firsts: [] as number[], values: [] as number[], digits: 0, ascii: true, gluedStart: false, gluedEnd: false };

  function readRun(text: string, start: number, end: number): void {
    const { bounds, firsts, values } = run;
    let groups = 0;
    let digits = 0;
    let ascii = true;
    let inGroup = false;
    for (let i = start; i < end; ) {
      const code = text.charCodeAt(i);
      let value = code - 48;
      let width = 1;
      if (code >= 128) {
        const codePoint = text.codePointAt(i) ?? code;
        if (codePoint > 0xffff) width = 2;
        value = digitValue(codePoint);
        if (value >= 0) ascii = false;
      } else if (value > 9) {
        value = -1;
      }
      if (value >= 0) {
        if (!inGroup) {
          bounds[2 * groups] = i;
          firsts[groups] = digits;
          inGroup = true;
        }
        values[digits++] = value;
      } else if (inGroup) {
        bounds[2 * groups++ + 1] = i;
        inGroup = false;
      }
      i += width;
    }
    bounds[2 * groups++ + 1] = end;
    firsts[groups] = digits;
    run.groups = groups;
    run.digits = digits;
    run.ascii = ascii;
    // A run touching a word character is part of a longer token ("glued").
    run.gluedStart = start > 0 && isWordCode(text.charCodeAt(start - 1));
    run.gluedEnd = end < text.length && isWordCode(text.charCodeAt(end));
  }

  // One loop over the text rather than a regex: its separator class is wide enough that V8's regex
  // runs at about half the speed of this loop, and the loop needs no match objects. A run is read
  // into `run` only once it has enough digits.
  return (text, visit) => {
    const length = text.length;
    let i = 0;
    while (i < length) {
      const code = text.charCodeAt(i);
      if (code < 48 || code > 57) {
        const kind = code < 128 ? 0 : nonAsciiKind(text, i);
        if (kind <= 0) {
          i++;
          continue;
        }
      }
      const start = i;
      let digits = 0;
      let end = i;
      while (i < length) {
        const c = text.charCodeAt(i);
        if (c >= 48 && c <= 57) {
          digits++;
          end = ++i;
        } else if (c < 128) {
          if (ASCII_SEPARATORS[c] !== 1) break;
          i++;
        } else {
          const kind = nonAsciiKind(text, i);
          if (kind === 0) break;
          i += Math.abs(kind);
          if (kind > 0) {
            digits++;
            end = i;
          }
        }
      }
      if (digits >= minDigits) {
        readRun(text, start, end);
        visit(run);
      }
    }
  };
}

/** The run is part of a hash or UUID (it touches a letter and lies in a long hex token): its digits are no number. */
export function partOfHash(text: string, run: DigitRun): boolean {
  return (run.gluedStart || run.gluedEnd) && insideHexToken(text, run.bounds[0] ?? 0);
}

/** Digits in group `g` of the run. */
export function groupDigits(run: DigitRun, g: number): number {
  return (run.firsts[g + 1] ?? 0) - (run.firsts[g] ?? 0);
}

/** The separators after group `a` and after group `b` are the same text. */
export function sameCluster(text: string, run: DigitRun, a: number, b: number): boolean {
  const bounds = run.bounds;
  const startA = bounds[2 * a + 1] ?? 0;
  const startB = bounds[2 * b + 1] ?? 0;
  const length = (bounds[2 * a + 2] ?? 0) - startA;
  if (length !== (bounds[2 * b + 2] ?? 0) - startB) return false;
  for (let i = 0; i < length; i++) if (text.charCodeAt(startA + i) !== text.charCodeAt(startB + i)) return false;
  return true;
}

/** Groups `first`..`last` are all joined by the same separators. */
export function uniformClusters(text: string, run: DigitRun, first: number, last: number): boolean {
  for (let c = first + 1; c < last; c++) if (!sameCluster(text, run, first, c)) return false;
  return true;
}

/**
 * Groups `first`..`last` are set off from the rest of their run: the separators before and after
 * them (where the run goes on) appear nowhere between them. "415-555-2671, 415-555-2672" holds two
 * such windows, "4111-1111-1111-1111 / 12" one; a window that is the whole run always is.
 */
export function setOff(text: string, run: DigitRun, first: number, last: number): boolean {
  return (first === 0 || notWithin(text, run, first - 1, first, last)) && (last === run.groups - 1 || notWithin(text, run, last, first, last));
}

/** The separators after group `g` stand nowhere between groups `first`..`last`. */
export function notWithin(text: string, run: DigitRun, g: number, first: number, last: number): boolean {
  for (let c = first; c < last; c++) if (sameCluster(text, run, g, c)) return false;
  return true;
}

/** The separators after group `g` show nothing but space (or nothing at all): a reader reads them as a break between words. */
export function spaceCluster(text: string, run: DigitRun, g: number): boolean {
  const end = run.bounds[2 * g + 2] ?? 0;
  for (let i = run.bounds[2 * g + 1] ?? 0; i < end; ) {
    const codePoint = text.codePointAt(i) ?? 0;
    if (!isSpaceCodePoint(codePoint) && !isInvisibleCodePoint(codePoint)) return false;
    i += codePoint > 0xffff ? 2 : 1;
  }
  return true;
}

/** The digits of groups `first`..`last` as ASCII text. */
export function windowDigits(run: DigitRun, first: number, last: number): string {
  let digits = '';
  for (let i = run.firsts[first] ?? 0; i < (run.firsts[last + 1] ?? 0); i++) digits += String.fromCharCode(48 + (run.values[i] ?? 0));
  return digits;
}
