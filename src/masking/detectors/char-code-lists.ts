// A value written as its characters' codes: SQL's ascii() of each character listed ("97,100,97,46,…",
// "{52,53,51,57,…}", "[115, 115, 110, …]"), in hex ("61 64 61 2e …", "61:64:61"), as chr() calls
// ("chr(97)||chr(100)||…"), code points ("U+0061 U+0064 …"), "0x61, 0x64, …" or in binary
// (`ascii(ch)::bit(8)::text` = "01100001 01100100 …"). A program turns
// them back at once, and so does an agent. A list of eight codes or more of one kind, joined by up
// to four marks, is read as the text its printable codes spell (a reading, see derived-text.ts:
// what a detector finds in it redacts the whole list; a control character slipped between hides
// nothing). Bare numbers are read as decimal codes, and pairs of hex digits as hex ones too; a list
// of honest numbers spells no value, and adds nothing.
import { readingAfterContext, withReadings, type DerivedText, type Reading } from './derived-text.ts';

/** The fewest codes read: an address as short as "ab@cd.io". */
const MIN_CODES = 8;
const JOIN = String.raw`[^\w\n]{1,4}`;

interface CodeKind {
  /** One code, its number in group 1. */
  readonly code: string;
  readonly radix: 2 | 10 | 16;
}

const KINDS: readonly CodeKind[] = [
  { code: String.raw`(?<![\w.])(?:n?chr|char)\(\s*(\d{1,7})\s*\)`, radix: 10 },
  { code: String.raw`(?<![\w.])[Uu]\+([0-9A-Fa-f]{4,6})(?![\w.])`, radix: 16 },
  { code: String.raw`(?<![\w.])0[xX]([0-9A-Fa-f]{2,4})(?![\w.])`, radix: 16 },
  { code: String.raw`(?<![\w.])(\d{1,3})(?![\w.])`, radix: 10 },
  { code: String.raw`(?<![\w.])([0-9A-Fa-f]{2})(?![\w.])`, radix: 16 },
  { code: String.raw`(?<![\w.])([01]{6,8})(?![\w.])`, radix: 2 },
];

const LISTS = KINDS.map((kind) => ({
  list: new RegExp(`${kind.code}(?:${JOIN}${kind.code}){${MIN_CODES - 1},}`, 'gi'),
  code: new RegExp(kind.code, 'gi'),
  radix: kind.radix,
}));

/** How far before a list's first number it may begin ("nchr(" before it). */
const PREFIX = 6;

/** By ASCII code: 1 a hex digit, 2 a letter a code may be written with besides them (chr(), char(), nchr(), U+, 0x), 3 another word character or a line break (a list ends there). */
const KIND = new Uint8Array(128);
for (let code = 0; code < 128; code++) {
  const c = String.fromCharCode(code);
  KIND[code] = /[0-9A-Fa-f]/.test(c) ? 1 : /[hHrRnNuUxX]/.test(c) ? 2 : /[\w\n]/.test(c) ? 3 : 0;
}
const HEX = 1;
const ZERO = 0x30;
const ONE = 0x31;
const ENDS_A_LIST = 3;

/**
 * The stretches of `text` where eight numbers of two to seven hex digits (or eight binary ones) follow one another with
 * nothing but marks and the letters of a code's writing between them: one pass, no regex, so the
 * kinds' searches run over those stretches alone.
 */
function listStretches(text: string, most = Infinity): Array<readonly [number, number]> {
  const stretches: Array<readonly [number, number]> = [];
  let numbers = 0;
  let first = -1;
  let length = 0;
  // Whether the number so far holds only 0 and 1: eight of them are a code in binary.
  let binary = true;
  for (let i = 0; i <= text.length; i++) {
    const code = i < text.length ? text.charCodeAt(i) : 10;
    const kind = code < 128 ? (KIND[code] as number) : ENDS_A_LIST;
    if (kind === HEX) {
      length++;
      if (code !== ZERO && code !== ONE) binary = false;
      continue;
    }
    if ((length >= 2 && length <= 7) || (length === 8 && binary)) {
      if (numbers++ === 0) first = i - length;
    } else if (length > 7) numbers = 0;
    length = 0;
    binary = true;
    if (kind === ENDS_A_LIST) {
      if (numbers >= MIN_CODES && stretches.push([Math.max(0, first - PREFIX), i]) >= most) break;
      numbers = 0;
    }
  }
  return stretches;
}

function printable(code: number): boolean {
  return (code >= 32 && code <= 126) || (code >= 0xa0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff));
}

/** Whether `text` may hold a list of character codes (one pass, no regex). */
export const mayHoldCodeLists = (text: string): boolean => listStretches(text, 1).length > 0;

/** The text a list's codes spell, codes of no printable character dropped (a NUL slipped between its characters hides nothing); undefined when fewer than eight are left. */
function spelled(list: string, code: RegExp, radix: number): string | undefined {
  let text = '';
  let characters = 0;
  for (const found of list.matchAll(code)) {
    const value = parseInt(found[1] as string, radix);
    if (!printable(value)) continue;
    text += String.fromCodePoint(value);
    characters++;
  }
  return characters >= MIN_CODES ? text : undefined;
}

/** `text` followed by what its lists of character codes spell; undefined when it holds none. */
export function readCharCodeLists(text: string): DerivedText | undefined {
  const stretches = listStretches(text);
  if (stretches.length === 0) return undefined;
  const readings: Reading[] = [];
  for (const [from, to] of stretches) {
    const stretch = text.slice(from, to);
    for (const { list, code, radix } of LISTS) {
      for (const found of stretch.matchAll(list)) {
        const read = spelled(found[0], code, radix);
        if (read !== undefined) readings.push(readingAfterContext(text, from + found.index, from + found.index + found[0].length, read));
      }
    }
  }
  readings.sort((a, b) => a.start - b.start);
  return withReadings(text, readings);
}
