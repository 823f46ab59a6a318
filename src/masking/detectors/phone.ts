// Phone numbers: international ("+44 20 7946 0958", "+14155552671") and national formats of the
// configured region ("(415) 555-2671", "415-555-2671"). libphonenumber-js (full metadata) decides
// validity, but it costs ~20 µs per candidate and its own text search finds "numbers" in ids and
// log lines, so candidates are first cut by a strict shape regex and cheap rejections:
// - a national number must be written with separators or parentheses; a bare digit run
//   (an order number, a timestamp, an id) counts only after a keyword such as "phone" or "tel";
// - dates, IPv4 addresses and numbers glued to words, versions or paths are rejected;
// - the digit count must be 7-15 (E.164).
import { findPhoneNumbersInText, type CountryCode } from 'libphonenumber-js/max';
import { countDigits, isWordCode } from './chars.ts';
import type { EmitSpan, ScanningDetector, TextFacts } from './types.ts';

// The lookbehind (the same characters gluedBefore rejects) keeps the regex from starting again
// at every digit inside a longer number: it is the costly part of phone detection.
const CANDIDATE = new RegExp(
  `(?<![A-Za-z0-9_./#+$-])(?:${[
    /\+[1-9]\d{0,14}(?:[ .-]\(?\d{1,14}\)?|\(\d{1,5}\)){0,6}/.source, // international
    /\(\d{2,5}\)[ .-]?\d{2,5}(?:[ .-]\d{2,5}){0,3}/.source, // (415) 555-2671
    /\d{1,5}(?:[ .-]\d{1,5}){2,5}/.source, // 415-555-2671, 020 7946 0958
    /\d{7,15}/.source, // bare: only with a keyword before it
  ].join('|')})`,
  'g',
);
const KEYWORD_BEFORE = /(?:phone|tel|mobile|mob|cell|fax|call|sms|whatsapp|contact)[^\n\d]{0,16}$/i;
const DATE_LIKE = /^(?:\d{4}[-./ ]\d{1,2}[-./ ]\d{1,2}|\d{1,2}[-./ ]\d{1,2}[-./ ]\d{4})$/;
const IPV4_LIKE = /^\d{1,3}(?:\.\d{1,3}){3}$/;
const BARE = /^\d+$/;

/** Characters that, right before a number, make it part of something else (ORD-..., v1., /path/, #id). */
function gluedBefore(text: string, start: number): boolean {
  if (start === 0) return false;
  const code = text.charCodeAt(start - 1);
  return isWordCode(code) || code === 46 || code === 47 || code === 35 || code === 45 || code === 43 || code === 36;
}

function gluedAfter(text: string, end: number): boolean {
  if (end >= text.length) return false;
  const code = text.charCodeAt(end);
  if (isWordCode(code)) return true;
  // "415-555-2671.5", "...:8080", "1.2.3/4": a separator followed by a digit continues the token.
  const next = text.charCodeAt(end + 1);
  const continues = next >= 48 && next <= 57;
  return continues && (code === 46 || code === 44 || code === 58 || code === 47 || code === 45);
}

function worthParsing(text: string, start: number, candidate: string): boolean {
  const digits = countDigits(candidate);
  if (digits < 7 || digits > 15) return false;
  if (BARE.test(candidate)) return KEYWORD_BEFORE.test(text.slice(Math.max(0, start - 32), start));
  return !DATE_LIKE.test(candidate) && !IPV4_LIKE.test(candidate);
}

export function createPhoneDetector(region: CountryCode): ScanningDetector {
  const candidates = new RegExp(CANDIDATE.source, 'g');
  return {
    shape: 'scanning',
    name: 'phone',
    minLength: 7,
    canMatch: (_text: string, facts: TextFacts) => facts.digits >= 7,
    scan(text: string, emit: EmitSpan): void {
      candidates.lastIndex = 0;
      let found: RegExpExecArray | null;
      while ((found = candidates.exec(text)) !== null) {
        const start = found.index;
        const candidate = found[0];
        const end = start + candidate.length;
        if (gluedBefore(text, start) || gluedAfter(text, end) || !worthParsing(text, start, candidate)) continue;
        for (const number of findPhoneNumbersInText(candidate, { defaultCountry: region })) {
          emit(start + number.startsAt, start + number.endsAt);
        }
      }
    },
  };
}
