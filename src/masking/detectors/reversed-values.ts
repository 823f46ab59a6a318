// A value written backwards ("moc.elpmaxe@ada", a card number from its last digit): a reader
// turns it round, a pattern does not. Reading every token backwards would double the work and
// the chance of a number passing for a card, so only tokens that read as a value when turned are
// read backwards (a reading, see derived-text.ts): an address whose first label is a top-level
// domain spelled backwards, and 12 to 19 digits (spaces or dashes between them) named a card
// shortly before (as an SSN's keyword names 9 bare digits) whose check digit is right only
// backwards: without the name, a number that fails Luhn is no card, whichever way it is read.
// The detectors still decide what the turned token is.
import { luhnValid } from '../checksums.ts';
import { withReadings, type DerivedText, type Reading } from './derived-text.ts';
import { TOP_LEVEL_DOMAINS } from './top-level-domains.ts';

const CARD_NAMES = String.raw`card|credit|debit|visa|master|amex|(?<![A-Za-z])(?:cc|pan)`;
/** A card named anywhere in a text: what a text needs for a number in it to be turned. */
export const NAMES_A_CARD = new RegExp(CARD_NAMES, 'i');
const CARD_NAME = new RegExp(CARD_NAMES, 'gi');
/** How far after a card's name its number may start, on the same line (`card:`, `"cc_number": "`, `Visa ending in`). */
const NAME_WINDOW = 48;
/** 12 to 19 digits, spaces or dashes between them, not inside a longer token. */
const NUMBER = /(?<![\w-])\d(?:[ -]?\d){11,18}/g;
const NUMBER_LONGEST = 37;
const ADDRESS_CHARACTER = /[\w.+-]/;
const FIRST_LABEL = /^[A-Za-z]{2,}(?=\.)/;
const WORD_OR_DASH = /[\w-]/;

const turned = (text: string): string => [...text].reverse().join('');

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

/** Numbers shortly after a card's name whose check digit is right only backwards. */
function turnedCardNumbers(text: string, readings: Reading[]): void {
  const seen = new Set<number>();
  for (const name of text.matchAll(CARD_NAME)) {
    const from = name.index + name[0].length;
    const window = text.slice(from, from + NAME_WINDOW + NUMBER_LONGEST).split('\n')[0] as string;
    for (const number of window.matchAll(NUMBER)) {
      const start = from + number.index;
      const end = start + number[0].length;
      if (number.index > NAME_WINDOW || seen.has(start) || WORD_OR_DASH.test(text[end] ?? ' ')) continue;
      seen.add(start);
      const digits = number[0].replace(/\D/g, '');
      if (!luhnValid(digits) && luhnValid(turned(digits))) readings.push({ start, end, text: turned(number[0]) });
    }
  }
}

/** `text` followed by its tokens that read as values backwards, turned; undefined when it holds none. */
export function readReversedValues(text: string): DerivedText | undefined {
  const readings: Reading[] = [];
  turnedAddresses(text, readings);
  turnedCardNumbers(text, readings);
  return withReadings(text, readings);
}
