// A value written as its characters' codes: SQL's ascii() of each character listed ("97,100,97,46,…",
// "{52,53,51,57,…}", "[115, 115, 110, …]"), in hex ("61 64 61 2e …", "61:64:61"), as chr() calls
// ("chr(97)||chr(100)||…"), code points ("U+0061 U+0064 …") or "0x61, 0x64, …". A program turns
// them back at once, and so does an agent. A list of eight codes or more of one kind, joined by up
// to four marks, that are all printable is read as the text they encode (a reading, see
// derived-text.ts: what a detector finds in it redacts the whole list). Bare two-digit codes read
// both ways, decimal and hex; a list that decodes to anything unprintable (most lists of numbers)
// adds nothing.
import { readingAfterContext, withReadings, type DerivedText, type Reading } from './derived-text.ts';

/** The fewest codes read: an address as short as "ab@cd.io". */
const MIN_CODES = 8;
const JOIN = String.raw`[^\w\n]{1,4}`;

interface CodeKind {
  /** One code, its number in group 1. */
  readonly code: string;
  readonly radix: 10 | 16;
}

const KINDS: readonly CodeKind[] = [
  { code: String.raw`(?<![\w.])(?:n?chr|char)\(\s*(\d{1,7})\s*\)`, radix: 10 },
  { code: String.raw`(?<![\w.])[Uu]\+([0-9A-Fa-f]{4,6})(?![\w.])`, radix: 16 },
  { code: String.raw`(?<![\w.])0[xX]([0-9A-Fa-f]{2,4})(?![\w.])`, radix: 16 },
  { code: String.raw`(?<![\w.])(\d{2,3})(?![\w.])`, radix: 10 },
  { code: String.raw`(?<![\w.])([0-9A-Fa-f]{2})(?![\w.])`, radix: 16 },
];

const LISTS = KINDS.map((kind) => ({
  list: new RegExp(`${kind.code}(?:${JOIN}${kind.code}){${MIN_CODES - 1},}`, 'gi'),
  code: new RegExp(kind.code, 'gi'),
  radix: kind.radix,
}));

/** Eight codes in a row of any kind: what every list holds (one search before any of the kinds'). */
export const MAY_HOLD_CODE_LISTS = new RegExp(String.raw`(?:[0-9A-Fa-f]{2,7}\s*\)?${JOIN}(?:n?chr\(\s*|char\(\s*|U\+|0x)?){${MIN_CODES - 1}}[0-9A-Fa-f]{2}`, 'i');

function printable(code: number): boolean {
  return (code >= 32 && code <= 126) || (code >= 0xa0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff));
}

/** The text a list's codes spell, or undefined when one is no printable character. */
function spelled(list: string, code: RegExp, radix: number): string | undefined {
  let text = '';
  for (const found of list.matchAll(code)) {
    const value = parseInt(found[1] as string, radix);
    if (!printable(value)) return undefined;
    text += String.fromCodePoint(value);
  }
  return text;
}

/** `text` followed by what its lists of character codes spell; undefined when it holds none. */
export function readCharCodeLists(text: string): DerivedText | undefined {
  if (!MAY_HOLD_CODE_LISTS.test(text)) return undefined;
  const readings: Reading[] = [];
  for (const { list, code, radix } of LISTS) {
    for (const found of text.matchAll(list)) {
      const read = spelled(found[0], code, radix);
      if (read !== undefined) readings.push(readingAfterContext(text, found.index, found.index + found[0].length, read));
    }
  }
  return withReadings(text, readings);
}
