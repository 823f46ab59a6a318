// Phone numbers: international ("+44 20 7946 0958", "+14155552671") and national formats of the
// configured region ("(415) 555-2671", "415.555.2671", "4-1-5-5-5-5-2-6-7-1"), in digits of any
// script joined by any separators (see digit-runs.ts), across line breaks and touching letters.
// libphonenumber-js (full metadata) decides validity, but it costs ~20 µs per candidate and a
// phone number has no check digit, so candidates are cut first by shape and cheap rejections:
// - a candidate is a whole run of digit groups, a window set off from the rest of its run by
//   separators it does not use itself ("415-555-2671, 415-555-2672") or by dates ("2024-05-01
//   415 555 2671"), a window grouped as the region writes its numbers and parted from the groups
//   beside it by spaces only ("415 555 2671 031 05 1999", "3 415 555 2671": a reader sees the
//   number by its grouping; see phone-groupings.ts), or the start of a run that a "+" or a keyword
//   announces, whatever digits follow it ("+1 415 555 2671 12");
// - the digit count must be 7-15 (E.164);
// - a national number must be written in groups; a single group of digits (an order number, a
//   timestamp, an id) counts only after a keyword such as "phone" or "tel";
// - dates, IPv4 addresses, thousands-grouped amounts, times and ports, numbers after "#" or a
//   currency sign, ids that carry the number's own separator on to a word ("ORD-415-555-2671")
//   and digits inside a hash or UUID are rejected.
// A text that asks for more validations than its length warrants (a crafted run of many windows)
// has the rest of its candidates masked on shape alone: failing closed, and in bounded time.
import { isValidPhoneNumber, type CountryCode } from 'libphonenumber-js/max';
import { isAlnumCode, isDigitCode } from './chars.ts';
import { groupDigits, notWithin, partOfHash, sameCluster, setOff, spaceCluster, uniformClusters, windowDigits } from './digit-runs.ts';
import { groupedAs, regionGroupings } from './phone-groupings.ts';
import type { DigitRun, DigitRunDetector, EmitSpan } from './types.ts';

const MIN_DIGITS = 7;
const MAX_DIGITS = 15;
/**
 * A keyword at most 16 characters before the number. A line break between them counts like a space,
 * as everywhere in masking: the text table shows it as "\n", and "phone\n4155552671" must not read
 * as a phone number that was never masked as one.
 */
const KEYWORD_BEFORE = /(?:phone|tel|mobile|mob|cell|fax|call|sms|whatsapp|contact)\D{0,16}$/i;
/** Before a number, these make it an id, an amount or a reference: "#4155552671", "$4,155,552" (also € £ ¥ and full-width # $). */
const NOT_A_PHONE_BEFORE = new Set([35, 36, 0x20ac, 0xa3, 0xa5, 0xff03, 0xff04]);
/** Validations a text may ask for: a few, plus one per this many characters. */
const VALIDATIONS_BASE = 8;
const CHARS_PER_VALIDATION = 32;
/** Answers kept: the same number comes back on every line of a log or every row of a result. */
const VALIDITY_CACHE = 512;

/** The number group `g` of the run spells. */
function groupValue(run: DigitRun, g: number): number {
  let value = 0;
  for (let i = run.firsts[g] ?? 0; i < (run.firsts[g + 1] ?? 0); i++) value = value * 10 + (run.values[i] ?? 0);
  return value;
}

function isYear(value: number): boolean {
  return value >= 1900 && value <= 2099;
}

/** Three groups from `g` read as a date: 2024-01-15, 15.01.2024, 01/15/2024 (one separator character each). */
function dateAt(text: string, run: DigitRun, g: number): boolean {
  const la = groupDigits(run, g);
  const lb = groupDigits(run, g + 1);
  const lc = groupDigits(run, g + 2);
  const yearFirst = la === 4 && lb <= 2 && lc <= 2;
  if (!yearFirst && !(lc === 4 && la <= 2 && lb <= 2)) return false;
  const bounds = run.bounds;
  for (let c = g; c <= g + 1; c++) {
    const at = bounds[2 * c + 1] ?? 0;
    const mark = text.charCodeAt(at);
    if ((bounds[2 * c + 2] ?? 0) - at !== 1 || (mark !== 45 && mark !== 46 && mark !== 47 && mark !== 32)) return false;
  }
  const a = groupValue(run, g);
  const b = groupValue(run, g + 1);
  const c = groupValue(run, g + 2);
  if (yearFirst) return isYear(a) && b >= 1 && b <= 12 && c >= 1 && c <= 31;
  return isYear(c) && a >= 1 && b >= 1 && a <= 31 && b <= 31 && (a <= 12 || b <= 12);
}

/** Four groups of 1-3 digits joined by single dots: 192.168.100.200. */
function ipv4(text: string, run: DigitRun, first: number, last: number): boolean {
  if (last - first !== 3) return false;
  for (let g = first; g <= last; g++) if (groupDigits(run, g) > 3) return false;
  const at = run.bounds[2 * first + 1] ?? 0;
  return text[at] === '.' && (run.bounds[2 * first + 2] ?? 0) - at === 1 && uniformClusters(text, run, first, last);
}

/** Thousands grouping of an amount: 4,155,552,671 or 4.155.552.671 (a decimal part after it is another group). */
function thousands(text: string, run: DigitRun, first: number, last: number): boolean {
  if (last === first || groupDigits(run, first) > 3) return false;
  const at = run.bounds[2 * first + 1] ?? 0;
  const mark = text[at];
  if ((mark !== ',' && mark !== '.' && mark !== "'") || (run.bounds[2 * first + 2] ?? 0) - at !== 1) return false;
  let g = first + 1;
  while (g <= last && groupDigits(run, g) === 3 && (g === first + 1 || sameCluster(text, run, first, g - 1))) g++;
  if (g > last) return true;
  // What follows the thousands may be a decimal part after the other mark, one character:
  // 1,234,567.89 or 1.234.567,89. Any other joint ("4,155 552671") leaves it a phone number's.
  const decimal = run.bounds[2 * g - 1] ?? 0;
  const decimalMark = text[decimal];
  return g === last && g - 1 > first && (run.bounds[2 * g] ?? 0) - decimal === 1 && (decimalMark === '.' || decimalMark === ',') && decimalMark !== mark;
}

/** Where a "+" (or its full-width form) stands before `start`, maybe with spaces or "(" between; -1 if none. */
function plusBefore(text: string, start: number): number {
  let i = start - 1;
  for (; i >= 0 && start - i <= 8; i--) {
    const code = text.charCodeAt(i);
    if (code !== 32 && code !== 9 && code !== 0xa0 && code !== 40 && code !== 0xff08) break;
  }
  const code = text.charCodeAt(i);
  return code === 43 || code === 0xff0b ? i : -1;
}

/** The number is part of a time or an address with a port: "10:30 …", "…2671:8080". */
function nextToColon(text: string, start: number, end: number): boolean {
  return (text.charCodeAt(start - 1) === 58 && isDigitCode(text.charCodeAt(start - 2))) || (text.charCodeAt(end) === 58 && isDigitCode(text.charCodeAt(end + 1)));
}

/** "ORD-415-555-2671", "415-555-2671-A": the number's own separator carries on to a word, so it is part of an id. */
function partOfId(text: string, run: DigitRun, first: number, last: number): boolean {
  if (last === first || !uniformClusters(text, run, first, last)) return false;
  const bounds = run.bounds;
  const at = bounds[2 * first + 1] ?? 0;
  if ((bounds[2 * first + 2] ?? 0) - at !== 1) return false;
  const separator = text.charCodeAt(at);
  // A space before a number is prose ("call 415 555 2671"), not an id's joint.
  if (separator <= 32 || separator >= 127) return false;
  const start = bounds[2 * first] ?? 0;
  const end = bounds[2 * last + 1] ?? 0;
  const before = first === 0 && text.charCodeAt(start - 1) === separator && isAlnumCode(text.charCodeAt(start - 2));
  const after = last === run.groups - 1 && text.charCodeAt(end) === separator && isAlnumCode(text.charCodeAt(end + 1));
  return before || after;
}

export function createPhoneDetector(region: CountryCode): DigitRunDetector {
  const groupings = regionGroupings(region);
  let validations = 0;
  // Per run: where a "+" stands before it (-1: none), the first group of each date in it, and
  // whether it lies in a hash (asked once, when a window gets that far).
  let plus = -1;
  const dates: number[] = [];
  let dateCount = 0;
  let hash: boolean | undefined;

  /** Groups `first`..`last` hold a date or a part of one: "v2.1.1\n2024-05-01" is a version and a date, however it is cut. */
  function touchesDate(first: number, last: number): boolean {
    for (let d = 0; d < dateCount; d++) {
      const date = dates[d] ?? 0;
      if (date <= last && date + 2 >= first) return true;
    }
    return false;
  }

  /** A date just before or after the window stands apart from it as a separator would: "2024-05-01 415 555 2671". */
  function besideDates(first: number, last: number, groups: number): boolean {
    let before = first === 0;
    let after = last === groups - 1;
    for (let d = 0; d < dateCount; d++) {
      const date = dates[d] ?? 0;
      before ||= date + 3 === first;
      after ||= date === last + 1;
    }
    return before && after;
  }

  /**
   * The window is grouped as the region writes a number, and each group beside it is parted from it
   * by spaces or by separators the window does not use: "415 555 2671 12", "7,415 555 2671 12".
   * The window's own mark going on ("415-555-2671-99", "v10.415.555.2671") makes one id or version.
   */
  function spacedApart(text: string, run: DigitRun, first: number, last: number): boolean {
    if (!groupedAs(groupings, run, first, last)) return false;
    const apart = (g: number) => spaceCluster(text, run, g) || notWithin(text, run, g, first, last);
    return (first === 0 || apart(first - 1)) && (last === run.groups - 1 || apart(last));
  }

  /** The window passes the cheap rejections. */
  function plausible(text: string, run: DigitRun, first: number, last: number, international: boolean): boolean {
    const start = run.bounds[2 * first] ?? 0;
    const end = run.bounds[2 * last + 1] ?? 0;
    if (NOT_A_PHONE_BEFORE.has(text.charCodeAt(start - 1)) || nextToColon(text, start, end)) return false;
    if (ipv4(text, run, first, last) || thousands(text, run, first, last) || partOfId(text, run, first, last)) return false;
    return last > first || international || KEYWORD_BEFORE.test(text.slice(Math.max(0, start - 32), start));
  }

  const validity = new Map<string, boolean>();
  function valid(digits: string, international: boolean): boolean {
    const key = international ? `+${digits}` : digits;
    let answer = validity.get(key);
    if (answer !== undefined) return answer;
    if (validations <= 0) return true;
    validations--;
    answer = international ? isValidPhoneNumber(key) : isValidPhoneNumber(digits, region);
    if (validity.size >= VALIDITY_CACHE) validity.clear();
    validity.set(key, answer);
    return answer;
  }

  /** The last group of the longest valid phone window from `first`, or -1. */
  function phoneFrom(text: string, run: DigitRun, first: number): number {
    const groups = run.groups;
    const start = run.firsts[first] ?? 0;
    const international = first === 0 && plus >= 0;
    // A "+" or a keyword before the run says a phone number starts here, so digits that follow it
    // ("+1 415 555 2671 2024-05-01", "tel 415 555 2671 12") cannot hide it: it need not be set off.
    const at = run.bounds[2 * first] ?? 0;
    const announced = international || (first === 0 && KEYWORD_BEFORE.test(text.slice(Math.max(0, at - 32), at)));
    let last = first;
    while (last + 1 < groups && (run.firsts[last + 2] ?? 0) - start <= MAX_DIGITS) last++;
    // Longest first: "+1 415 555 2671" must not be taken as "415 555 2671" of another region.
    for (; last >= first && (run.firsts[last + 1] ?? 0) - start >= MIN_DIGITS; last--) {
      if (!international && touchesDate(first, last)) continue;
      if (!(announced || besideDates(first, last, groups) || setOff(text, run, first, last) || spacedApart(text, run, first, last))) continue;
      if (!plausible(text, run, first, last, international)) continue;
      hash ??= partOfHash(text, run);
      if (hash) return -1;
      if (valid(windowDigits(run, first, last), international)) return last;
    }
    return -1;
  }

  return {
    shape: 'digit-run',
    name: 'phone',
    minDigits: MIN_DIGITS,
    startText(text: string): void {
      validations = VALIDATIONS_BASE + Math.floor(text.length / CHARS_PER_VALIDATION);
    },
    inspect(text: string, run: DigitRun, emit: EmitSpan): void {
      const groups = run.groups;
      const bounds = run.bounds;
      plus = plusBefore(text, bounds[0] ?? 0);
      dateCount = 0;
      for (let g = 0; g + 2 < groups; g++) if (dateAt(text, run, g)) dates[dateCount++] = g;
      hash = undefined;
      for (let first = 0; first < groups && run.digits - (run.firsts[first] ?? 0) >= MIN_DIGITS; first++) {
        const last = phoneFrom(text, run, first);
        if (last < 0) continue;
        emit(first === 0 && plus >= 0 ? plus : (bounds[2 * first] ?? 0), bounds[2 * last + 1] ?? 0, run.ascii);
        first = last;
      }
    },
  };
}
