// IBANs, electronic ("DE89370400440532013000") or printed in groups ("DE89 3704 0044 0532 0130 00"),
// with any separators between characters ("DE89-3704-…", "D E 8 9 …", a line break in the middle),
// full-width or other-script digits and full-width letters, and letters touching its end ("…3000x").
// Where it may start:
// - a country code in capitals anywhere: glued to text ("ibanDE89…"), separators anywhere;
// - a country code in lower case at the start of a word, its first four characters together
//   ("de89 3704 …", "iban_de89…": an underscore parts the words of a name): trying every
//   lower-case letter pair, glued or spaced, would try every pair of every hash and word, at three
//   times the cost of the whole scan. One written a character at a time ("d e 8 9 …") is read
//   whole in the reader's view (spaced-letters.ts).
// A candidate must have the exact length its country uses and pass ibantools' validation: country
// BBAN format and the mod-97 check digits. More digits right after it make it part of a longer
// number, not an IBAN.
import { getCountrySpecifications, isValidIBAN } from 'ibantools';
import { mod97Valid } from '../checksums.ts';
import { SEPARATOR_CLASS, digitValue, foldWidth, isLetterCode, plainNumber, textRegexes } from './chars.ts';
import type { EmitSpan, ScanningDetector, TextFacts } from './types.ts';

/** Country code -> IBAN length, built once from ibantools' registry. */
export const IBAN_LENGTHS: ReadonlyMap<string, number> = new Map(
  Object.entries(getCountrySpecifications()).flatMap(([code, spec]) =>
    spec.chars !== null && spec.IBANRegistry ? [[code, spec.chars] as const] : [],
  ),
);
const MIN_IBAN_LENGTH = Math.min(...IBAN_LENGTHS.values());

/** True for a valid IBAN, digits of any script, with or without spaces (any space) between groups. */
export function isIban(text: string): boolean {
  const compact = plainNumber(text).replace(/ /g, '').toUpperCase();
  return IBAN_LENGTHS.get(compact.slice(0, 2)) === compact.length && isValidIBAN(compact);
}

/** Letters, digits and nothing else, upper case and ASCII: one form of an IBAN however it is written. */
export function compactIban(text: string): string {
  let compact = '';
  for (const char of text) {
    const code = foldWidth(char.codePointAt(0) ?? 0);
    const digit = digitValue(code);
    if (digit >= 0) compact += String.fromCharCode(48 + digit);
    else if (isLetterCode(code)) compact += String.fromCharCode(code & ~32);
  }
  return compact;
}

/** The two country letters of the candidate at `at`, upper case (separators may stand between them). */
function countryAt(text: string, at: number): string {
  let second = at + 1;
  while (second < text.length && !isLetterCode(foldWidth(text.charCodeAt(second)))) second++;
  return String.fromCharCode(foldWidth(text.charCodeAt(at)) & ~32, foldWidth(text.charCodeAt(second)) & ~32);
}

export function createIbanDetector(): ScanningDetector {
  // Two letters and two digits where an IBAN may start (see above). Two regexes, one pass each: V8
  // runs each several times faster than their alternation.
  const starts = [
    textRegexes(({ separator, digit, letter, upper }) => `${upper}${separator}*${letter}${separator}*${digit}${separator}*${digit}`),
    textRegexes(({ digit, letter, lower }) => `(?<!${letter}|${digit})${lower}${letter}${digit}${digit}`),
  ];
  const separators = new RegExp(`${SEPARATOR_CLASS}+`, 'uy');

  /** Reads `length` letters and digits from `at`, separators allowed between them; the compact form and its end, or undefined. */
  function readIban(text: string, at: number, length: number): { compact: string; end: number } | undefined {
    let compact = '';
    let i = at;
    let end = at;
    while (compact.length < length && i < text.length) {
      const codePoint = text.codePointAt(i) ?? 0;
      const code = foldWidth(codePoint);
      const digit = digitValue(code);
      if (digit >= 0 || isLetterCode(code)) {
        compact += digit >= 0 ? String.fromCharCode(48 + digit) : String.fromCharCode(code & ~32);
        i += codePoint > 0xffff ? 2 : 1;
        end = i;
        continue;
      }
      separators.lastIndex = i;
      if (!separators.test(text)) break;
      i = separators.lastIndex;
    }
    if (compact.length !== length) return undefined;
    // Glued to more digits: part of a longer number.
    if (end < text.length && digitValue(foldWidth(text.codePointAt(end) ?? 0)) >= 0) return undefined;
    return { compact, end };
  }

  function scanFrom(text: string, emit: EmitSpan, start: RegExp): void {
    start.lastIndex = 0;
    let found: RegExpExecArray | null;
    while ((found = start.exec(text)) !== null) {
      const at = found.index;
      const length = IBAN_LENGTHS.get(countryAt(text, at));
      const read = length === undefined ? undefined : readIban(text, at, length);
      // mod97Valid first: it is cheap, and almost every candidate fails it.
      const compact = read?.compact ?? '';
      if (read === undefined || !mod97Valid(compact.slice(4) + compact.slice(0, 4)) || !isValidIBAN(compact)) {
        start.lastIndex = at + 1;
        continue;
      }
      emit(at, read.end);
      start.lastIndex = read.end;
    }
  }

  return {
    shape: 'scanning',
    name: 'iban',
    minLength: MIN_IBAN_LENGTH,
    // Every IBAN starts with its country letters before its check digits.
    canMatch: (_text: string, facts: TextFacts) => facts.digits >= 4 && facts.letterBeforeDigit,
    scan(text: string, emit: EmitSpan, facts: TextFacts): void {
      for (const regexes of starts) scanFrom(text, emit, facts.ascii ? regexes.ascii : regexes.any);
    },
  };
}
