// What an email address is made of, and the address as a reader reads it however it was written:
// shared by the detector of addresses with an "@" (email.ts) and of spelled-out ones (email-spelled.ts).
import { codeClassTest, foldWidth } from './chars.ts';

/** "@" as text may write it: itself, full-width and small, percent-encoded, a character reference. */
export const AT_FORMS = /[@\uff20\ufe6b]|%40|&#0*64;|&#x0*40;/gi;

/** Spaces that may stand around a spelled separator, no-break and full-width too: a line break ends an address. */
export const SPACE = '[ \\t\\u00a0\\u2000-\\u200a\\u202f\\u205f\\u3000]';
export const isSpelledSpaceCode = codeClassTest(SPACE);
/** Brackets, full-width ones too. */
const OPEN = '[\\[({<\\uff3b\\uff08\\uff5b\\uff1c]';
const CLOSE = '[\\])}>\\uff3d\\uff09\\uff5d\\uff1e]';
export const isOpenCode = codeClassTest(OPEN);
export const isCloseCode = codeClassTest(CLOSE);
// The patterns below never begin with a run of spaces: tried at each space of a long run, such a
// pattern would read the rest of the run every time (quadratic). Spaces before a separator are
// taken by whoever reads the text before it.
/** "@" or "." (or "at", "dot") in brackets: "[at]", "( . )", "{dot}", "<@>". */
export const bracketed = (inner: string): string => `${OPEN}${SPACE}*(?:${inner})${SPACE}*${CLOSE}`;
/** The word after a space, and the spaces after it: " at ", " DOT ". */
export const spelledWord = (word: string): string => `${SPACE}${word}${SPACE}+`;
/** A spelled or bracketed "@" or dot; group 1 holds the word or sign of a bracketed one, group 2 a spelled word. */
const SPELLED_SEPARATOR = new RegExp(`${bracketed('(at|dot|period|@|\\.)')}|${spelledWord('(at|dot|period)')}`, 'gi');
/**
 * The word "at", "dot" or "period" between two of the same mark: "-at-", "_dot_", '"at"', "*dot*".
 * Such a word is glued to the name before it, so only an address spelled without any "@" is read so.
 */
export const joinedWord = (word: string): string => `(?:-(?:${word})-|_(?:${word})_|"(?:${word})"|'(?:${word})'|\\*(?:${word})\\*)`;
const JOINED_SEPARATOR = new RegExp(joinedWord('at|dot|period'), 'gi');

/** Characters a reader takes for the dot of an address: ideographic, one-dot leader, small, middle dots and dot operators. */
export const LOOK_ALIKE_DOTS: ReadonlySet<number> = new Set([0x3002, 0xff61, 0x2024, 0xfe52, 0x00b7, 0x2027, 0x30fb, 0xff65, 0x2219, 0x22c5]);

/** The ASCII character an address character stands for: full-width forms, "﹫", ideographic and look-alike dots. */
export function emailCode(code: number): number {
  if (LOOK_ALIKE_DOTS.has(code)) return 46;
  if (code === 0xfe6b) return 64;
  return foldWidth(code);
}

/** Letters (with their marks: Devanagari vowel signs are spacing marks) and digits of every script: an address may be written in any (RFC 6531: "josé@bücher.de", "иван@пример.рф"). */
const isAddressLetterBeyondAscii = codeClassTest('[\\p{L}\\p{M}\\p{Nd}]');

export function isDomainCode(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 46 || code === 45 || (code >= 0x80 && isAddressLetterBeyondAscii(code));
}

/** The symbols RFC 5322 lets a local part hold, but for those that delimit text around it (= / | { }). */
const LOCAL_SYMBOLS = new Set([...`_%+'!#$&*?^\`~`].map((c) => c.charCodeAt(0)));

export function isLocalCode(code: number): boolean {
  return isDomainCode(code) || LOCAL_SYMBOLS.has(code);
}

function spelledSign(_match: string, bracketedSign: string | undefined, word: string | undefined): string {
  const sign = (bracketedSign ?? word ?? '').toLowerCase();
  return sign === 'at' || sign === '@' ? '@' : '.';
}

/** A value with no "@" in any form, its joined words read as the separators they spell ("ada_at_example_dot_com"). */
export function readJoinedWords(value: string): string {
  if (value.search(AT_FORMS) >= 0) return value;
  return value.replace(JOINED_SEPARATOR, (word) => (word.slice(1, -1).toLowerCase() === 'at' ? '@' : '.'));
}

/** An address matched by either detector, as a reader reads it: one form for its pseudonym. */
export function normalizeEmail(value: string): string {
  return compactEmail(readJoinedWords(value));
}

/**
 * The address as a reader reads it, and validator checks it: ASCII, without the line breaks and
 * spaces it was split by, its "@" decoded, spelled or bracketed separators read as "@" and ".",
 * runs of dots or "@" read as one, and no dot next to the "@".
 */
export function compactEmail(value: string): string {
  const decoded = value.replace(SPELLED_SEPARATOR, spelledSign).replace(AT_FORMS, '@');
  let compact = '';
  let last = 0;
  for (let i = 0; i < decoded.length; i++) {
    const code = emailCode(decoded.charCodeAt(i));
    if (!isLocalCode(code) && code !== 64) continue;
    if ((code === 46 || code === 64) && code === last) continue;
    if (code === 64 && last === 46) compact = compact.slice(0, -1);
    if (code === 46 && last === 64) continue;
    compact += String.fromCharCode(code);
    last = code;
  }
  return compact.toLowerCase();
}
