// Email addresses. Candidates are cut around each "@" (no regex over the whole text: most strings
// have no "@" at all) and must pass validator's isEmail (TLD required; an IP host only as a bracketed literal). The user part
// of a URL ("postgres://app:pw@db.example.com", "ftp://john@host.example") is not an address:
// the url_password detector owns that password.
// Written differently, an address is still found:
// - in any script (RFC 6531: "josé@bücher.de", "иван@пример.рф"), with look-alike dots ("ada․lovelace"),
//   with a quoted local part or an IP literal for its domain (RFC 5322: `"ada lovelace"@example.com`,
//   "ada@[192.0.2.1]"; a bare IP host, "ops@10.0.0.5", is a login, not an address);
// - glued to text ("mailada@example.comend": the local part and the domain take what touches them);
// - split by line breaks, invisible characters or combining marks anywhere in it ("ada@exam\nple.com");
//   a line break after a domain that is already whole ("ada@example.com\nbob") ends it;
// - with spaces on both sides of the "@" ("ada @ example.com"), full-width ("ａｄａ＠ｅｘａｍｐｌｅ．ｃｏｍ"),
//   or with ideographic dots in the domain;
// - with its "@" percent-encoded or a character reference ("ada%40example.com" in a logged URL,
//   "ada&#64;example.com" in HTML), doubled ("ada@@example.com"), or its dots doubled
//   ("ada..lovelace@example..com"): it is validated as a reader would read it, and masked as written;
// - with any character an address may hold in its local part (' ! # $ & * ? ^ ` ~): the local part
//   runs back as far as those go, so no beginning of it is left outside the mask.
// - spelled out, with its "@" or dots as words or in brackets ("ada at example dot com",
//   "ada[at]example[.]com"): see email-spelled.ts.
// Not found: other separators inside it ("a,d,a@…" is a list; spaces inside words are prose, and
// taking them would swallow the sentence around the address).
import isEmailModule from 'validator/lib/isEmail.js';
import { codeClassTest } from './chars.ts';
import { scanSpelledEmails, mayHoldSpelledEmail } from './email-spelled.ts';
import { AT_FORMS, compactEmail, emailCode, isDomainCode, isLocalCode } from './email-text.ts';
import type { EmitSpan, ScanningDetector, TextFacts } from './types.ts';

// validator is CommonJS: its function is the module's `default` member under NodeNext typing.
const isEmail = isEmailModule.default;

const MAX_LOCAL = 64;
const MAX_DOMAIN = 253;
const MAX_LABEL = 63;
const URL_USERINFO_BEFORE = /[A-Za-z][A-Za-z0-9+.-]*:\/\/(?:[^\s/@:]*:)?$/;
/** Text that may hold an encoded "@": only then is AT_FORMS run instead of indexOf. */
const ENCODED_AT = /%40|&#/;

/** Line breaks and characters that show as nothing: they may split an address anywhere. */
const JOINERS = String.raw`\n\r\v\f\u0085\u2028\u2029\u2800\p{Cf}\p{Mn}\p{Me}\p{Default_Ignorable_Code_Point}`;
const isJoinerCode = codeClassTest(`[${JOINERS}]`);
/** What may stand on both sides of the "@": any whitespace too. */
const isSpaceOrJoinerCode = codeClassTest(String.raw`[\s${JOINERS}]`);

/**
 * Whether the code unit at `i` is part of a character `test` takes: one of its own, or either half of
 * a pair beyond the Basic Multilingual Plane (tags, variation selectors), so a scan by code unit
 * steps over such a character as a whole.
 */
function unitOf(text: string, i: number, test: (codePoint: number) => boolean): boolean {
  const code = text.charCodeAt(i);
  if (code < 0xd800 || code > 0xdfff) return test(code);
  const codePoint = text.codePointAt(code <= 0xdbff ? i : i - 1) ?? 0;
  return codePoint > 0xffff && test(codePoint);
}

function isLineBreakCode(code: number): boolean {
  return (code >= 10 && code <= 13) || code === 0x85 || code === 0x2028 || code === 0x2029;
}

function isAtCode(code: number): boolean {
  return code === 64 || code === 0xff20 || code === 0xfe6b;
}

const localAt = (text: string, i: number): boolean => isLocalCode(emailCode(text.charCodeAt(i)));
const domainAt = (text: string, i: number): boolean => isDomainCode(emailCode(text.charCodeAt(i)));

function isUrlUserinfo(text: string, localStart: number): boolean {
  const before = text.charCodeAt(localStart - 1);
  if (before !== 58 && before !== 47) return false; // ':' or '/'
  return URL_USERINFO_BEFORE.test(text.slice(Math.max(0, localStart - 256), localStart));
}

/** Start of the local part ending before `from`, not before `floor`; `from` when there is none. */
function localStart(text: string, from: number, floor: number): number {
  let start = from;
  let i = from;
  let taken = 0;
  while (taken < MAX_LOCAL) {
    if (i > floor && localAt(text, i - 1)) {
      i--;
      taken++;
      start = i;
      continue;
    }
    // Line breaks and invisible characters between two characters of the local part.
    let j = i;
    while (j > floor && unitOf(text, j - 1, isJoinerCode)) j--;
    if (taken === 0 || j === i || j === floor || !localAt(text, j - 1)) break;
    i = j;
  }
  // An address does not start with a dot, nor with what split it.
  while (start < from && (emailCode(text.charCodeAt(start)) === 46 || !localAt(text, start))) start++;
  return start;
}

/** End of the domain starting at `from`; `from` when there is none. */
function domainEnd(text: string, from: number): number {
  let end = from;
  let i = from;
  let taken = 0;
  let dot = false;
  let tldLetters = 0; // letters since the last dot, -1 once anything else stands there
  while (taken <= MAX_DOMAIN) {
    if (i < text.length && domainAt(text, i)) {
      const code = emailCode(text.charCodeAt(i));
      if (code === 46) {
        dot = true;
        tldLetters = 0;
      } else if (tldLetters >= 0) {
        tldLetters = code >= 65 ? tldLetters + 1 : -1;
      }
      i++;
      taken++;
      end = i;
      continue;
    }
    let j = i;
    let lineBreak = false;
    for (; j < text.length && unitOf(text, j, isJoinerCode); j++) if (isLineBreakCode(text.charCodeAt(j))) lineBreak = true;
    // A line break after a whole domain ends the address: the next line is not part of it.
    const whole = dot && tldLetters >= 2;
    if (taken === 0 || j === i || j === text.length || !domainAt(text, j) || (lineBreak && whole)) break;
    i = j;
  }
  // A domain does not end with a dot or a hyphen ("ada@example.com." ends a sentence), nor with what split it.
  while (end > from) {
    const code = emailCode(text.charCodeAt(end - 1));
    if (isDomainCode(code) && code !== 46 && code !== 45) break;
    end--;
  }
  return end;
}

/**
 * End of the longest host name from `from` to `end` at most: labels of 1-63 letters, digits and
 * inner hyphens, the last one of 2-63 letters, 253 characters in all; `from` when there is none.
 * What is glued to a whole address ("ada@example.com123", "…com-1", "…com.123", "…com_x") is not
 * part of it: its host name ends where the longest valid one does, wherever the run of host name
 * characters goes on.
 */
function hostEnd(text: string, from: number, end: number): number {
  let best = from;
  let labels = 0; // whole labels before the current one
  let length = 0; // of the current label
  let letters = true; // the current label holds letters only
  let hyphen = false; // the current label ends with a hyphen
  let size = 0;
  for (let i = from; i < end && size < MAX_DOMAIN; i++) {
    const code = emailCode(text.charCodeAt(i));
    if (!isDomainCode(code)) continue; // a line break or an invisible character inside it
    size++;
    if (code === 46) {
      if (length === 0 || length > MAX_LABEL || hyphen) break;
      labels++;
      length = 0;
      letters = true;
      continue;
    }
    if (length === 0 && code === 45) break;
    length++;
    hyphen = code === 45;
    if (code < 65) letters = false;
    if (labels > 0 && letters && length >= 2 && length <= MAX_LABEL) best = i + 1;
  }
  return best;
}

/**
 * Start of a quoted local part ending before `from` (`"ada lovelace"@example.com`, RFC 5322): its
 * opening quote, on the same line and at most 64 characters back; `from` when there is none.
 */
function quotedLocalStart(text: string, from: number, floor: number): number {
  if (text.charCodeAt(from - 1) !== 34) return from;
  for (let i = from - 2; i >= floor && from - i <= MAX_LOCAL + 2; i--) {
    const code = text.charCodeAt(i);
    if (code === 34) return i < from - 2 ? i : from;
    if (isLineBreakCode(code)) return from;
  }
  return from;
}

/** An address's domain written as its host's IP address in brackets: "[192.0.2.1]", "[IPv6:2001:db8::1]". */
const IP_LITERAL = /\[(?:\d{1,3}(?:\.\d{1,3}){3}|IPv6:[0-9A-Fa-f:.]{2,45})\]/y;

/** End of an IP literal starting at `from`; `from` when there is none. */
function ipLiteralEnd(text: string, from: number): number {
  IP_LITERAL.lastIndex = from;
  return IP_LITERAL.test(text) ? IP_LITERAL.lastIndex : from;
}

/** How far characters for which `inside` holds reach from the "@" in `step` direction (-1 before, +1 after). */
function reach(text: string, at: number, step: -1 | 1, inside: (code: number) => boolean): number {
  let i = at;
  while (i + step >= 0 && i + step < text.length && unitOf(text, i + step, inside)) i += step;
  return i;
}

/** Emits every address written with an "@" in any of its forms. */
function scanAtSigns(text: string, emit: EmitSpan, facts: TextFacts): void {
  // indexOf finds an ASCII "@" several times faster than a regex; other forms need one.
  const regex = !facts.ascii || ENCODED_AT.test(text);
  let atEnd = 0; // where the "@" found last ends
  const nextAt = (from: number): number => {
    if (!regex) {
      const at = text.indexOf('@', from);
      atEnd = at + 1;
      return at;
    }
    AT_FORMS.lastIndex = from;
    const found = AT_FORMS.exec(text);
    atEnd = found ? found.index + found[0].length : 0;
    return found?.index ?? -1;
  };
  let floor = 0; // the end of the last address: the next one's local part starts after it
  let lastAt = -1; // the "@" of the last address
  for (let at = nextAt(0); at >= 0; at = nextAt(Math.max(floor, atEnd))) {
    while (atEnd < text.length && isAtCode(text.charCodeAt(atEnd))) atEnd++; // "ada@@example.com"
    // Spaces around the "@" count only on both sides: "cc @ada.lovelace" is a mention.
    let before = reach(text, at, -1, isSpaceOrJoinerCode);
    let after = reach(text, atEnd - 1, 1, isSpaceOrJoinerCode);
    if (before === at || after === atEnd - 1) {
      before = reach(text, at, -1, isJoinerCode);
      after = reach(text, atEnd - 1, 1, isJoinerCode);
    }
    let start = localStart(text, before, floor);
    // Glued right to the last address ("ada@example.combob@example.net"): which characters are
    // whose cannot be told, so both are masked, as one span.
    if (start === before && before === floor && lastAt >= 0) start = localStart(text, before, lastAt + 1);
    if (start === before) start = quotedLocalStart(text, before, floor);
    if (start === before || isUrlUserinfo(text, start)) continue;
    const literal = ipLiteralEnd(text, after + 1);
    if (literal > after + 1) {
      // The literal is the regex's to check; validator checks the local part, under a domain it accepts.
      if (!isEmail(`${compactEmail(text.slice(start, at))}@example.com`)) continue;
      emit(start, literal);
      [floor, lastAt] = [literal, at];
      continue;
    }
    let end = domainEnd(text, after + 1);
    if (end === after + 1) continue;
    if (!isEmail(compactEmail(text.slice(start, end)))) {
      end = hostEnd(text, after + 1, end);
      if (end === after + 1 || !isEmail(compactEmail(text.slice(start, end)))) continue;
    }
    emit(start, end);
    floor = end;
    lastAt = at;
  }
}

export function createEmailDetector(): ScanningDetector {
  return {
    shape: 'scanning',
    name: 'email',
    minLength: 6, // a@b.co
    canMatch: (text: string, facts: TextFacts) => facts.hasAt || mayHoldSpelledEmail(text),
    scan(text: string, emit: EmitSpan, facts: TextFacts): void {
      if (facts.hasAt) scanAtSigns(text, emit, facts);
      if (mayHoldSpelledEmail(text)) scanSpelledEmails(text, emit);
    },
  };
}
