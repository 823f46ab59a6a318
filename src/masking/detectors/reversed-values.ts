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

/** An address-like token (group 1: its first label) or a run of 12 to 19 digits. */
const TOKEN = /(?<![\w.+@-])([A-Za-z]{2,})\.[\w.+-]*@[\w.+-]+|(?<![\w-])\d(?:[ -]?\d){11,18}(?![\w-])/g;

const CARD_NAMES = String.raw`card|credit|debit|visa|master|amex|(?<![A-Za-z])(?:cc|pan)`;
/** A card named anywhere in a text: what a text needs for a number in it to be turned. */
export const NAMES_A_CARD = new RegExp(CARD_NAMES, 'i');
/** A card named in the text before a number, e.g. `card:`, `"cc_number": "`, `Visa ending`. */
const CARD_NAME = new RegExp(String.raw`(?:${CARD_NAMES})[^
]{0,40}$`, 'i');
const NAME_WINDOW = 48;

const turned = (text: string): string => [...text].reverse().join('');

function readsBackwards(text: string, token: RegExpExecArray): boolean {
  const firstLabel = token[1];
  if (firstLabel !== undefined) return TOP_LEVEL_DOMAINS.has(turned(firstLabel).toLowerCase());
  const digits = token[0].replace(/\D/g, '');
  return !luhnValid(digits) && luhnValid(turned(digits)) && CARD_NAME.test(text.slice(Math.max(0, token.index - NAME_WINDOW), token.index));
}

/** `text` followed by its tokens that read as values backwards, turned; undefined when it holds none. */
export function readReversedValues(text: string): DerivedText | undefined {
  const readings: Reading[] = [];
  for (const token of text.matchAll(TOKEN)) {
    if (readsBackwards(text, token)) readings.push({ start: token.index, end: token.index + token[0].length, text: turned(token[0]) });
  }
  return withReadings(text, readings);
}
