// Letters written for digits: "4lll llll llll llll", "536-9O-44l7", "(4l5) 555-267l". A reader
// reads "l" and "I" as 1 and "O" and "o" as 0 in a group of digits, and SQL's translate() writes
// them that way in one call. A word made only of digits and those letters, among other such words
// joined by marks (what joins digit groups: digit-joints.ts), is read as digits when the run holds
// a real digit and enough characters for a value. A word with any other letter ("Illinois", "100lb")
// is a word; a single letter alone ("I", "O") is a pronoun, an interjection or a name, never a group.
// "S" and "B" (5, 8) are left as written: they are hex digits and units ("1B0B", "500B"), so runs of
// them are too often ids. The run must hold a word that mixes both ("4lll", "9O"): translate() of
// a value's 1s or 0s leaves one unless every group is made of 1s and 0s alone, and the check costs
// one short regex search of a text. The detectors' own checks (Luhn, issuers, group shapes) decide the rest.
import { contextBefore, withReadings, type DerivedText, type Reading } from './derived-text.ts';

const AS_DIGIT: Readonly<Record<string, string>> = { l: '1', I: '1', O: '0', o: '0' };

/** The fewest characters read as digits in a run: an SSN's nine. */
const MIN_DIGITS = 9;

const NOT_IN_WORD_BEFORE = String.raw`(?<![\p{L}\p{N}\p{M}_])`;
const GROUP = String.raw`(?:[\dlIOo]{2,}|\d)(?![\p{L}\p{N}\p{M}_])`;
/** A word of digits and look-alikes, not part of a longer word; a lone look-alike is no group. */
const WORD = NOT_IN_WORD_BEFORE + GROUP;
/**
 * Such words joined by up to five marks or spaces (a joint: digit-joints.ts); the first may begin
 * with an IBAN's country code (group 1: "DE89 37O4 …"), whose letters are read as written.
 */
const RUN = new RegExp(String.raw`${NOT_IN_WORD_BEFORE}([A-Z]{2}(?=[\dlIOo]{2}))?${GROUP}(?:[\p{P}\p{S}\p{Z}\s]{1,5}${WORD})*`, 'gu');

/** A look-alike touching a digit: a text (or a run) without one holds no number spelled with them. */
export const MAY_HOLD_LOOKALIKES = /\d[lIOo]|[lIOo]\d/;

function readsAsNumber(run: string): boolean {
  if (!MAY_HOLD_LOOKALIKES.test(run)) return false;
  let digits = 0;
  let lookalikes = 0;
  for (let i = 0; i < run.length; i++) {
    const char = run[i] as string;
    if (char >= '0' && char <= '9') digits++;
    else if (AS_DIGIT[char] !== undefined) lookalikes++;
  }
  return digits > 0 && lookalikes > 0 && digits + lookalikes >= MIN_DIGITS;
}

/** `text` followed by the reading of each such run, look-alikes as digits (redacted whole where found: the letters would show through a partial mask); undefined when it holds none. */
export function readDigitLookalikes(text: string): DerivedText | undefined {
  if (!MAY_HOLD_LOOKALIKES.test(text)) return undefined;
  const readings: Reading[] = [];
  RUN.lastIndex = 0;
  for (let run = RUN.exec(text); run !== null; run = RUN.exec(text)) {
    const country = run[1] ?? '';
    const number = run[0].slice(country.length);
    if (!readsAsNumber(number)) continue;
    const read = country + number.replace(/[lIOo]/g, (c) => AS_DIGIT[c] as string);
    readings.push({ start: run.index, end: run.index + run[0].length, text: contextBefore(text, run.index) + read });
  }
  return withReadings(text, readings);
}
