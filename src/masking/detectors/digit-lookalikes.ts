// Letters written for digits: "4lll llll llll llll", "536-9O-44l7", "(4l5) SSS-Z67l", "37B2 B22463
// 10005". A reader reads them as digits in a group of digits, and SQL's translate() writes them
// that way in one call. Two kinds, read by how much they look like the digit:
// - "l", "I" (1) and "O", "o" (0) look like it in most fonts. A run of words made only of digits
//   and them, joined by marks (what joins digit groups: digit-joints.ts), is read as digits when
//   a word mixes both ("4lll", "9O") and it holds enough characters for a value. Groups of them alone ("IOI-IO-IIOI": a value whose digits
//   are all 0s and 1s) are read when they are shaped like a value's groups (VALUE_SHAPES).
// - "Leet" letters ("|" 1, "Z"/"z" 2, "E" 3, "A" 4, "S"/"s" 5, "G"/"b" 6, "T" 7, "B" 8, "g"/"q" 9)
//   are hex digits, units, marks and words as often ("1B0B", "500B", "a|b", "BEST"): they are read
//   only in groups shaped like a value's that hold a real digit, and in one word alone only when
//   the word could not be hex ("4Z4Z4Z4Z4Z4Z4Z4Z", "5E69O44l7", not "1B0B4E5A1B0B").
// - An IBAN whose country writes letters in it ("FR14 2OO4 1O1O O5O5 OOO1 3M02 606", "NL91ABNAO417…")
//   is read by its country's format, where a digit stands and where a letter does, when its check
//   digits then hold.
// A word with any other letter ("Illinois", "100lb", "Suite") is a word; a single letter alone
// ("I", "O", "A") is a pronoun, an article or a name, never a group. The detectors' own checks
// (Luhn, issuers, SSN ranges, phone validity) decide the rest.
import { getCountrySpecifications, isValidIBAN } from 'ibantools';
import { readingsAfterContext, withReadings, type DerivedText, type Reading } from './derived-text.ts';

const LOOKS_LIKE: Readonly<Record<string, string>> = { l: '1', I: '1', O: '0', o: '0' };
const LEET: Readonly<Record<string, string>> = { '|': '1', Z: '2', z: '2', E: '3', A: '4', S: '5', s: '5', G: '6', b: '6', T: '7', B: '8', g: '9', q: '9' };
const AS_DIGIT: Readonly<Record<string, string>> = { ...LOOKS_LIKE, ...LEET };
/** A word that could be hex (or a list joined by "|"): read alone, it is an id as often as a value. */
const COULD_BE_HEX = /^[\dA-Fa-f|]*$/;

/** The fewest characters read as digits in a run: an SSN's nine. */
const MIN_DIGITS = 9;

/**
 * Digits per group of the values digit detectors read, as people group them: a card (16 in
 * fours, amex's 4-6-5, diners' 4-6-4, 19 as 4-4-4-4-3), an SSN (3-2-4), a phone number (3-3-4,
 * after a country code of 1).
 */
const VALUE_SHAPES: readonly (readonly number[])[] = [[4, 4, 4, 4, 3], [1, 3, 3, 4], [4, 4, 4, 4], [4, 6, 5], [4, 6, 4], [3, 2, 4], [3, 3, 4]];
/** A value in one word of digits and leet letters or look-alikes: 9 (an SSN) to 19 (the longest card). */
const ONE_WORD = { fewest: MIN_DIGITS, most: 19 };
/** An IBAN after its country code: groups of four, the last of one to four, 13 to 32 characters in all. */
const IBAN_CHARACTERS = { fewest: 13, most: 32 };

/**
 * What each character of a country's IBAN after its country code is, by ibantools' registry: "d" a
 * digit (the check digits first), "a" a letter, "x" either ("FR": "dd" + ten "d", eleven "x", two "d").
 */
const IBAN_FORMATS: ReadonlyMap<string, string> = new Map(
  Object.entries(getCountrySpecifications()).flatMap(([code, spec]) => {
    let format = 'dd';
    for (const [, kind, count] of (spec.bban_regexp ?? '').matchAll(/\[([^\]]+)\]\{(\d+)\}/g)) format += (kind === '0-9' ? 'd' : kind === 'A-Z' ? 'a' : 'x').repeat(Number(count));
    return spec.IBANRegistry && format.length + 2 === spec.chars ? [[code, format] as const] : [];
  }),
);
/** Letters read as digits, and "|" (1), which is a mark when it stands alone ("4111 | 1111"). */
const READ_LETTERS = 'lIOo|ZzEASsGbTBgq';
const READ_LETTER = new RegExp(`[${READ_LETTERS}]`);
const READ_LETTERS_ALL = new RegExp(READ_LETTER.source, 'g');
// An underscore joins groups as a dash does ("4lll_llll_…", "536_9O_44l7"), as the digit detectors read it.
const NOT_IN_WORD_BEFORE = String.raw`(?<![\p{L}\p{N}\p{M}])`;
const GROUP = String.raw`(?:[\d${READ_LETTERS}]{2,}|\d)(?![\p{L}\p{N}\p{M}])`;
/** What joins an IBAN's groups, and may set its country code apart: what joins a run's. */
const IBAN_JOINT = String.raw`[\p{P}\p{S}\p{Z}\s]`;
/** Where an IBAN may begin: its country code at the start of a word, in capitals or lower case, before two digits or letters read as digits. */
const IBAN_START = new RegExp(String.raw`${NOT_IN_WORD_BEFORE}(?:[A-Z]{2}|[a-z]{2})(?=${IBAN_JOINT}{0,5}[\d${READ_LETTERS}]{2})`, 'gu');
const IS_IBAN_JOINT = new RegExp(IBAN_JOINT, 'u');
const ALPHANUMERIC = /[\dA-Za-z]/;
/**
 * Words of digits and letters read as digits, each not part of a longer word (a lone letter is no
 * group), joined by up to five marks or spaces; the first may begin with an IBAN's country code
 * (group 1: "DE89 37O4 …", "SE45 …").
 */
const RUN = new RegExp(String.raw`${NOT_IN_WORD_BEFORE}([A-Z]{2}(?=[\d${READ_LETTERS}]{2}))?${GROUP}(?:[\p{P}\p{S}\p{Z}\s]{1,5}${NOT_IN_WORD_BEFORE}${GROUP})*`, 'gu');

interface Group {
  start: number;
  end: number;
}

interface LookalikeRun {
  start: number;
  end: number;
  /** The IBAN country code the first group begins with ("DE"), or ''. */
  country: string;
  groups: Group[];
}

const LOOKALIKE_BESIDE_DIGIT = /\d[lIOo]|[lIOo]\d/;

/** A letter read as a digit touching a digit, or standing in a word of them beside a digit: a text without one holds no number spelled with them but groups of look-alikes alone. */
export const MAY_HOLD_LOOKALIKES = new RegExp(String.raw`\d[${READ_LETTERS}]|[${READ_LETTERS}]\d|[${READ_LETTERS}]{2}[^A-Za-z\d]{1,5}\d|\d[^A-Za-z\d]{1,5}[${READ_LETTERS}]{2}`);
/** Three words of "l", "I", "O" and "o" alone joined by marks: an ASCII text without them holds no value spelled only with them. */
export const MAY_HOLD_LOOKALIKE_GROUPS = /\b[lIOo]{2,4}[^A-Za-z\d]{1,5}[lIOo]{2,6}[^A-Za-z\d]{1,5}[lIOo]{2,5}\b/;

/** What a stretch of text holds: real digits, look-alikes and leet letters. */
function countKinds(text: string): { digits: number; looksLike: number; leet: number } {
  let digits = 0;
  let looksLike = 0;
  let leet = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    if (char >= '0' && char <= '9') digits++;
    else if (LOOKS_LIKE[char] !== undefined) looksLike++;
    else if (LEET[char] !== undefined) leet++;
  }
  return { digits, looksLike, leet };
}

const asDigits = (text: string, table: Readonly<Record<string, string>>): string => text.replace(READ_LETTERS_ALL, (c) => table[c] ?? c);

/** Whether `text` (groups of a value's shape, `count` of them) reads as a value: look-alikes, or a real digit beside leet letters; a leet word alone could not be hex. */
function readsAsValue(text: string, count: number): boolean {
  const { digits, looksLike, leet } = countKinds(text);
  if (leet === 0) return looksLike > 0;
  return digits > 0 && (count > 1 || !COULD_BE_HEX.test(text));
}

const lengthOf = (group: Group | undefined): number => (group === undefined ? 0 : group.end - group.start);

/** The number of groups from `from` on shaped like a value's that read as one; 0 when none are. */
function valueAt(text: string, groups: readonly Group[], from: number): number {
  for (const shape of VALUE_SHAPES) {
    if (shapedAt(groups, from, shape) && readsAsValue(groupsText(text, groups, from, shape.length), shape.length)) return shape.length;
  }
  const length = lengthOf(groups[from]);
  if (length < ONE_WORD.fewest || length > ONE_WORD.most) return 0;
  const word = groupsText(text, groups, from, 1);
  // A word of digits and look-alikes alone is read as a run of it alone is, though a leet letter stands in another word of the run ("| 2B | 5369O44l7 |").
  return (countKinds(word).leet > 0 ? readsAsValue(word, 1) : readsAsNumber(word)) ? 1 : 0;
}

function shapedAt(groups: readonly Group[], from: number, shape: readonly number[]): boolean {
  for (let k = 0; k < shape.length; k++) if (lengthOf(groups[from + k]) !== shape[k]) return false;
  return true;
}

/** The characters of groups [from, from + count), joints left out. */
function groupsText(text: string, groups: readonly Group[], from: number, count: number): string {
  let joined = '';
  for (let k = from; k < from + count; k++) joined += text.slice((groups[k] as Group).start, (groups[k] as Group).end);
  return joined;
}

/** Groups [from, from + count) read as digits, the joints between them as written: a "|" there is a mark ("4Z4Z | 4Z4Z"), not a 1. */
function groupsAsDigits(text: string, groups: readonly Group[], from: number, count: number): string {
  let read = '';
  for (let k = from; k < from + count; k++) {
    const group = groups[k] as Group;
    if (k > from) read += text.slice((groups[k - 1] as Group).end, group.start);
    read += asDigits(text.slice(group.start, group.end), AS_DIGIT);
  }
  return read;
}

/** The groups after a country code are an IBAN's: groups of four after the check digits, or one word. */
function ibanShaped(groups: readonly Group[]): boolean {
  const lengths = groups.map(lengthOf);
  const total = lengths.reduce((sum, length) => sum + length, 0);
  const shaped = lengths.length === 1 || (lengths[0] === 2 && lengths.slice(1, -1).every((length) => length === 4) && (lengths.at(-1) ?? 0) <= 4);
  return shaped && total >= IBAN_CHARACTERS.fewest && total <= IBAN_CHARACTERS.most;
}

/** A run with digits and look-alikes but no leet letter, read whole: a word mixes both, and it holds enough characters for a value. */
function readsAsNumber(number: string): boolean {
  const { digits, looksLike, leet } = countKinds(number);
  return leet === 0 && digits > 0 && looksLike > 0 && digits + looksLike >= MIN_DIGITS && LOOKALIKE_BESIDE_DIGIT.test(number);
}

function reading(readings: Reading[], text: string, start: number, end: number, read: string): void {
  readings.push(...readingsAfterContext(text, start, end, read));
}

/** The readings of one run: the run whole, or each stretch of groups shaped like a value. */
function readRun(text: string, run: LookalikeRun, readings: Reading[]): void {
  const { country } = run;
  const number = text.slice(run.start + country.length, run.end);
  if (readsAsNumber(number)) return reading(readings, text, run.start, run.end, country + asDigits(number, LOOKS_LIKE));
  let groups = run.groups;
  if (country !== '') {
    // An IBAN, read with its letters as digits when it holds a real digit (its own check digits keep
    // false ones out); one written in digits alone is the IBAN detector's own, though its country code
    // may be leet letters before another value's digits ("AZ42 4242 4242 4242"), read below. A group
    // of look-alikes alone ("… 0130 OO") is read here too: no digit beside it, the run was not read whole above.
    const { digits, looksLike, leet } = countKinds(number);
    // Its groups as digits, the joints between them as written: a "|" there is a mark, not a 1.
    if (digits > 0 && leet + looksLike > 0 && ibanShaped(groups)) reading(readings, text, run.start, run.end, country + groupsAsDigits(text, groups, 0, groups.length));
    // A country code of read letters is the start of the first group ("SSSS SSSS …"); any other is a word's.
    if (![...country].every((c) => AS_DIGIT[c] !== undefined)) groups = groups.slice(1);
    else groups = [{ start: run.start, end: (groups[0] as Group).end }, ...groups.slice(1)];
  }
  // A "|" glued to the run's ends is as often a table's border ("|4Z4Z … 4Z4Z|") as a 1: read with it and without it.
  readValues(text, groups, readings);
  const bare = withoutBorders(text, groups);
  if (bare[0]?.start !== groups[0]?.start || bare.at(-1)?.end !== groups.at(-1)?.end) readValues(text, bare, readings);
}

/** Reads each stretch of `groups` shaped like a value. */
function readValues(text: string, groups: readonly Group[], readings: Reading[]): void {
  // Every group may begin a value, those inside one read too: the longest shape may take a group of the next value ("4Z4Z … 4Z4Z S36-90-4417").
  for (let g = 0; g < groups.length; g++) {
    const count = valueAt(text, groups, g);
    if (count > 0) reading(readings, text, (groups[g] as Group).start, (groups[g + count - 1] as Group).end, groupsAsDigits(text, groups, g, count));
  }
}

/** `groups` with one "|" before the first and after the last left out, where a character other than "|" stands beside it. */
function withoutBorders(text: string, groups: readonly Group[]): Group[] {
  const trimmed = groups.map((group) => ({ ...group }));
  const first = trimmed[0];
  const last = trimmed.at(-1);
  if (first !== undefined && text[first.start] === '|' && text[first.start + 1] !== '|') first.start++;
  if (last !== undefined && text[last.end - 1] === '|' && text[last.end - 2] !== '|') last.end--;
  return trimmed;
}

const isDigitOrRead = (char: string | undefined): boolean => char !== undefined && ((char >= '0' && char <= '9') || AS_DIGIT[char] !== undefined);

/** The groups of a run matched at `at` (a "|" alone is a mark of a joint), its country code set apart. */
function groupsOf(run: string, at: number, country: string): Group[] {
  const groups: Group[] = [];
  for (let i = country.length; i < run.length; ) {
    if (!isDigitOrRead(run[i])) {
      i++;
      continue;
    }
    const start = i;
    while (isDigitOrRead(run[i])) i++;
    if (i - start > 1 || run[start] !== '|') groups.push({ start: at + start, end: at + i });
  }
  return groups;
}

/** The indexes of the `count` letters and digits of an IBAN from `from` (its country code's end), joined by up to five marks or spaces, no digit after them; undefined when there are not so many. */
function ibanCharacters(text: string, from: number, count: number): number[] | undefined {
  const at: number[] = [];
  let joint = 0;
  for (let i = from; at.length < count && i < text.length; i++) {
    const char = text[i] as string;
    if (ALPHANUMERIC.test(char)) {
      at.push(i);
      joint = 0;
    } else if (joint < 5 && IS_IBAN_JOINT.test(char)) joint++;
    else break;
  }
  // Glued to more digits it is part of a longer number; a letter may touch its end, as the IBAN detector reads it.
  return at.length === count && !isDigitOrRead(text[(at.at(-1) as number) + 1]) ? at : undefined;
}

/**
 * IBANs whose country writes letters in them ("FR14 2OO4 1O1O O5O5 OOO1 3M02 606", "NL91ABNAO417…"):
 * a group with a letter ends a run, so each is read by its country's format. Where the format
 * wants a digit, a letter read as one is one; where it takes either, a look-alike is a digit unless
 * only as a letter the IBAN checks out ("IE17 BOFI 9O58 …": a bank code of O and I); where it wants
 * a letter, a letter stays one. Read only when its check digits hold: the letters of a word stay letters.
 */
function readIbans(text: string, readings: Reading[]): void {
  IBAN_START.lastIndex = 0;
  for (let found = IBAN_START.exec(text); found !== null; found = IBAN_START.exec(text)) {
    const country = found[0].toUpperCase();
    const format = IBAN_FORMATS.get(country);
    const at = format === undefined ? undefined : ibanCharacters(text, found.index + country.length, format.length);
    if (format === undefined || at === undefined) continue;
    for (const eitherAsDigit of [true, false]) {
      const read = at.map((i, k) => {
        const char = text[i] as string;
        return (format[k] === 'd' ? AS_DIGIT[char] : format[k] === 'x' && eitherAsDigit ? LOOKS_LIKE[char] : undefined) ?? char;
      });
      if (!isValidIBAN(country + read.join('').toUpperCase())) continue;
      const start = found.index;
      const end = (at.at(-1) as number) + 1;
      const written = text.slice(start, end).split('');
      at.forEach((i, k) => (written[i - start] = read[k] as string));
      const value = written.join('');
      // Written in digits, the IBAN detector reads it as it is; read whole as a run, it was read above.
      if (value !== text.slice(start, end) && !readings.some((r) => r.start === start && r.end === end && r.text.endsWith(value))) reading(readings, text, start, end, value);
      break;
    }
  }
}

/** `text` followed by the reading of each such run, look-alikes as digits (redacted whole where found: the letters would show through a partial mask); undefined when it holds none. */
export function readDigitLookalikes(text: string): DerivedText | undefined {
  if (!MAY_HOLD_LOOKALIKES.test(text) && !MAY_HOLD_LOOKALIKE_GROUPS.test(text)) return undefined;
  const readings: Reading[] = [];
  RUN.lastIndex = 0;
  for (let found = RUN.exec(text); found !== null; found = RUN.exec(text)) {
    // Most runs are digits and marks alone (dates, addresses, amounts): nothing to read.
    if (found[0].length < MIN_DIGITS || !READ_LETTER.test(found[0])) continue;
    const country = found[1] ?? '';
    const run = { start: found.index, end: found.index + found[0].length, country, groups: groupsOf(found[0], found.index, country) };
    readRun(text, run, readings);
  }
  readIbans(text, readings);
  return withReadings(text, readings);
}
