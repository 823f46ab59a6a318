// A value written backwards ("moc.elpmaxe@ada", a card number from its last digit): a reader
// turns it round, a pattern does not. Reading every token backwards would double the work and
// the chance of a number passing for a card, so only tokens that read as a value when turned are
// read backwards (a reading, see derived-text.ts): an address whose first label is a top-level
// domain spelled backwards, and 12 to 19 digits (spaces or dashes between them) named a card
// shortly before (as an SSN's keyword names 9 bare digits) whose check digit is right only
// backwards: without the name, a number that fails Luhn is no card, whichever way it is read.
// A phone number named the same way ("call", "mobile") whose "+" or North American shape reads
// only backwards is turned too, and an IBAN
// backwards ("… 4073 98ED") without a name: its country and mod-97 check hold as strongly turned.
// An SSN's groups turned (4-2-3, "7144-09-635") after an SSN's name are read turned.
// A whole line written backwards holds its value's name turned after it ("7144-09-635 nss",
// "2retnuh :drowssap"): what comes before such a name on its line is read turned, name and all.
// The detectors still decide what the turned token is.
import { luhnValid } from '../checksums.ts';
import { readingAfterContext, withReadings, type DerivedText, type Reading } from './derived-text.ts';
import { IBAN_LENGTHS, isIban } from './iban.ts';
import { TOP_LEVEL_DOMAINS } from './top-level-domains.ts';

const CARD_NAMES = String.raw`card|credit|debit|visa|master|amex|(?<![A-Za-z])(?:cc|pan)`;
/** A card named anywhere in a text: what a text needs for a number in it to be turned. */
export const NAMES_A_CARD = new RegExp(CARD_NAMES, 'i');
const CARD_NAME = new RegExp(CARD_NAMES, 'gi');
const PHONE_NAMES = String.raw`phone|(?<![A-Za-z])(?:tel|mobile|cell|fax|call|sms|whatsapp)`;
/** A phone named anywhere in a text. */
export const NAMES_A_PHONE = new RegExp(PHONE_NAMES, 'i');
const PHONE_NAME = new RegExp(PHONE_NAMES, 'gi');
/** A phone number as written backwards: ten digits or more with its marks, a "+" now at its end. */
const PHONE_NUMBER = /(?<![\w+-])[\d(][\d ().-]{8,22}\d\+?(?![\w-])/g;
/** Where an IBAN turned ends: two digits, then its country's two letters, at a word's end. */
const TURNED_IBAN_END = /\d\d[A-Za-z]{2}(?![\w-])/g;
/** What a text needs for a turned IBAN to be looked for. */
export const MAY_HOLD_TURNED_IBAN = /\d\d[A-Za-z]{2}(?![\w-])/;
/** How far after a card's name its number may start, on the same line (`card:`, `"cc_number": "`, `Visa ending in`). */
const NAME_WINDOW = 48;
/** 12 to 19 digits, spaces or dashes between them, not inside a longer token. */
const NUMBER = /(?<![\w-])\d(?:[ -]?\d){11,18}/g;
const NUMBER_LONGEST = 37;
const ADDRESS_CHARACTER = /[\w.+-]/;
const FIRST_LABEL = /^[A-Za-z]{2,}(?=\.)/;
const WORD_OR_DASH = /[\w-]/;
const ALPHANUMERIC = /[A-Za-z\d]/;
const SEPARATOR = /[ -]/;

const turned = (text: string): string => [...text].reverse().join('');

/** An SSN's dashed groups turned: four digits, two, three. */
const TURNED_SSN = /(?<![\w-])\d{4}-\d\d-\d{3}(?![\w-])/g;
/** What a text needs for a turned SSN to be looked for. */
export const MAY_HOLD_TURNED_SSN = new RegExp(TURNED_SSN.source);
/** The names detectors read a value after, turned ("ssn" as "nss"): a line written backwards ends its value with one. */
const TURNED_NAMES = /(?<![A-Za-z])(?:nss|ytiruces|drac|tiderc|tibed|asiv|xema|enohp|elibom|llac|xaf|nabi|liame|drowssap|dwssap|dwp|terces|nekot)(?![A-Za-z])/gi;
/** What a text needs for a line written backwards to be looked for. */
export const MAY_HOLD_TURNED_NAME = new RegExp(TURNED_NAMES.source, 'i');
/** How far before a turned name its line is read turned: the value and the marks between them. */
const TURNED_LINE = 80;

/** Groups an SSN can hold: no area 000, 666 or 9xx, no group 00, no serial 0000. */
const ISSUED_SSN = /^(?!000|666|9)\d{3}-(?!00)\d\d-(?!0000)\d{4}$/;
const SSN_NAME = /(?<![A-Za-z])ssn|social[\s_-]*security/gi;

/** SSNs whose groups stand turned shortly after an SSN's name, read turned (a date's groups can stand 4-2-3 too). */
function turnedSsns(text: string, readings: Reading[]): void {
  for (const [start, number] of numbersAfterNames(text, SSN_NAME, TURNED_SSN)) {
    const forwards = turned(number);
    if (ISSUED_SSN.test(forwards)) readings.push(readingAfterContext(text, start, start + number.length, forwards));
  }
}

/** What stands before a turned name on its line, read turned: the name then leads, as a detector reads it. */
function turnedLines(text: string, readings: Reading[]): void {
  let from = -1;
  let to = -1;
  const read = () => {
    if (from >= 0) readings.push({ start: from, end: to, text: turned(text.slice(from, to)) });
  };
  for (const name of text.matchAll(TURNED_NAMES)) {
    const end = name.index + name[0].length;
    // The line break is looked for within the window only: names side by side are not read back to the line's start each.
    const earliest = Math.max(0, name.index - TURNED_LINE);
    const start = earliest + text.slice(earliest, name.index).lastIndexOf('\n') + 1;
    // Ranges that overlap are read as one, so names side by side read each character once.
    if (start < to) {
      to = end;
      continue;
    }
    read();
    [from, to] = [start, end];
  }
  read();
}

/** Addresses whose first label is a top-level domain backwards, found from their "@". */
function turnedAddresses(text: string, readings: Reading[]): void {
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    let start = at;
    while (start > 0 && ADDRESS_CHARACTER.test(text[start - 1] as string)) start--;
    let end = at + 1;
    while (end < text.length && ADDRESS_CHARACTER.test(text[end] as string)) end++;
    const label = FIRST_LABEL.exec(text.slice(start, at))?.[0];
    if (text[start - 1] === '@' || end === at + 1 || label === undefined || !TOP_LEVEL_DOMAINS.has(turned(label).toLowerCase())) continue;
    readings.push({ start, end, text: turned(text.slice(start, end)) });
  }
}

/** Each number `numbers` finds shortly after a name `names` finds, on the name's line, once: its start and the number as written. */
function* numbersAfterNames(text: string, names: RegExp, numbers: RegExp): Generator<readonly [number, string]> {
  const seen = new Set<number>();
  for (const name of text.matchAll(names)) {
    const from = name.index + name[0].length;
    const window = text.slice(from, from + NAME_WINDOW + NUMBER_LONGEST).split('\n')[0] as string;
    for (const number of window.matchAll(numbers)) {
      const start = from + number.index;
      if (number.index > NAME_WINDOW || seen.has(start)) continue;
      seen.add(start);
      yield [start, number[0]];
    }
  }
}

/** Numbers shortly after a card's name whose check digit is right only backwards. */
function turnedCardNumbers(text: string, readings: Reading[]): void {
  for (const [start, number] of numbersAfterNames(text, CARD_NAME, NUMBER)) {
    const end = start + number.length;
    if (WORD_OR_DASH.test(text[end] ?? ' ')) continue;
    const digits = number.replace(/\D/g, '');
    if (!luhnValid(digits) && luhnValid(turned(digits))) readings.push({ start, end, text: turned(number) });
  }
}

/** A North American number's shape: ten digits (or eleven after a 1), its area code and exchange not starting with 0 or 1. */
const NANP = /^1?[2-9]\d\d[2-9]\d{6}$/;

/** Whether a phone number reads only backwards: its "+" stands last, or its digits have a North American number's shape turned and not as written. */
function readsTurned(number: string, digits: string): boolean {
  return number.endsWith('+') || (!NANP.test(digits) && NANP.test(turned(digits)));
}

/** Numbers shortly after a phone's name that read as one only backwards, turned: the phone detector decides whether they are one. */
function turnedPhoneNumbers(text: string, readings: Reading[]): void {
  for (const [start, number] of numbersAfterNames(text, PHONE_NAME, PHONE_NUMBER)) {
    const digits = number.replace(/\D/g, '');
    if (digits.length >= 10 && readsTurned(number, digits)) readings.push(readingAfterContext(text, start, start + number.length, turned(number)));
  }
}

/**
 * IBANs written backwards, found from where they end (their country turned): as many letters and
 * digits back as that country's IBAN holds (blanks or dashes between them), checked by mod 97.
 */
function turnedIbans(text: string, readings: Reading[]): void {
  if (!MAY_HOLD_TURNED_IBAN.test(text)) return;
  for (const found of text.matchAll(TURNED_IBAN_END)) {
    const end = found.index + 4;
    const length = IBAN_LENGTHS.get(turned(found[0].slice(2)).toUpperCase());
    if (length === undefined) continue;
    let start = end;
    let characters = 0;
    while (characters < length && start > 0) {
      const before = text[start - 1] as string;
      if (ALPHANUMERIC.test(before)) characters++;
      else if (!SEPARATOR.test(before)) break;
      start--;
    }
    if (characters < length || WORD_OR_DASH.test(text[start - 1] ?? ' ')) continue;
    const forwards = turned(text.slice(start, end));
    if (isIban(forwards.replace(/-/g, ' '))) readings.push({ start, end, text: forwards });
  }
}

/** `text` followed by its tokens that read as values backwards, turned; undefined when it holds none. */
export function readReversedValues(text: string): DerivedText | undefined {
  const readings: Reading[] = [];
  turnedAddresses(text, readings);
  turnedCardNumbers(text, readings);
  turnedPhoneNumbers(text, readings);
  turnedIbans(text, readings);
  if (MAY_HOLD_TURNED_SSN.test(text)) turnedSsns(text, readings);
  if (MAY_HOLD_TURNED_NAME.test(text)) turnedLines(text, readings);
  readings.sort((a, b) => a.start - b.start);
  return withReadings(text, readings);
}
