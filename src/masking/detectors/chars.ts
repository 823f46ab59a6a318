// Character tests and anchor helpers the detectors share. Anchors go into one combined regex
// without flags, so case-insensitive anchors are spelled out as character classes.

export function isDigitCode(code: number): boolean {
  return code >= 48 && code <= 57;
}

export function isLetterCode(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

export function isAlnumCode(code: number): boolean {
  return isDigitCode(code) || isLetterCode(code);
}

/** Letters, digits and underscore. */
export function isWordCode(code: number): boolean {
  return isAlnumCode(code) || code === 95;
}

/** Letters, digits, underscore and dash: the alphabet of base64url and most vendor tokens. */
export function isTokenCode(code: number): boolean {
  return isWordCode(code) || code === 45;
}

/** ASCII digits in `text`, wherever they stand. */
export function countDigits(text: string): number {
  let digits = 0;
  for (let i = 0; i < text.length; i++) if (isDigitCode(text.charCodeAt(i))) digits++;
  return digits;
}

/** "key" -> "[Kk][Ee][Yy]": a case-insensitive literal for a flag-less regex. */
export function caseless(word: string): string {
  let source = '';
  for (const ch of word) {
    const lower = ch.toLowerCase();
    const upper = ch.toUpperCase();
    source += lower === upper ? ch.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&') : `[${upper}${lower}]`;
  }
  return source;
}

/** True when `text` at `at` is preceded by a character for which `inside` holds (a longer token). */
export function gluedBefore(text: string, at: number, inside: (code: number) => boolean): boolean {
  return at > 0 && inside(text.charCodeAt(at - 1));
}

/** Length of the run of characters from `at` for which `inside` holds, up to `max`. */
export function runLength(text: string, at: number, inside: (code: number) => boolean, max = Infinity): number {
  let i = at;
  while (i < text.length && i - at < max && inside(text.charCodeAt(i))) i++;
  return i - at;
}

// Characters an agent can put between the digits or letters of a value without changing what a
// reader sees in it: whitespace and line breaks, characters that show as nothing (format
// characters, combining marks, default-ignorables such as fillers and variation selectors),
// dashes, dots, slashes, underscores, commas, pipes and parentheses, with their Unicode and
// full-width forms. Colons, semicolons, "+", "=", quotes and letters are not among them: they part
// times, ports, lists, keys and words, and taking them as separators would glue those into numbers.
/** Regex source of one separator, for regexes with the "u" flag. */
export const SEPARATOR_CLASS = String.raw`[\s\u2800\p{Cf}\p{Default_Ignorable_Code_Point}\p{Mn}\p{Me}\p{Pd}\p{Pc}\u0085\u2212.,/\\|()\u00a6\u00b7\u060c\u2022\u2024\u2027\u2044\u2215\u3001\u3002\u30fb\uff08\uff09\uff0c\uff0e\uff0f\uff3c\uff5c\uff61\uff64\uff65]`;
/** Regex source of one decimal digit of any script (ASCII, full-width, Arabic-Indic, ...), "u" flag. */
const DIGIT_CLASS = String.raw`\p{Nd}`;

/** The character classes a detector's regex is built from: for any text, or for ASCII text alone. */
interface TextClasses {
  separator: string;
  digit: string;
  letter: string;
  upper: string;
  lower: string;
  /** Letters, digits and underscore. */
  word: string;
  flags: string;
}

const ANY_TEXT: TextClasses = {
  separator: SEPARATOR_CLASS,
  digit: DIGIT_CLASS,
  letter: String.raw`[A-Za-z\uff21-\uff3a\uff41-\uff5a]`,
  upper: String.raw`[A-Z\uff21-\uff3a]`,
  lower: String.raw`[a-z\uff41-\uff5a]`,
  word: String.raw`[\p{Nd}A-Za-z_\uff21-\uff3a\uff41-\uff5a]`,
  flags: 'gu',
};

/** The ASCII members of a class, as a class without the "u" flag. */
function asciiMembers(classSource: string): string {
  const regex = new RegExp(`^${classSource}$`, 'u');
  let members = '';
  for (let code = 0; code < 128; code++) {
    const char = String.fromCharCode(code);
    if (regex.test(char)) members += /[\w]/.test(char) ? char : `\\x${code.toString(16).padStart(2, '0')}`;
  }
  return `[${members}]`;
}

// Most texts are ASCII, and V8 runs a regex without the "u" flag and its large Unicode classes
// about half again as fast: detectors build both and the scanner says which one a text needs.
const ASCII_TEXT: TextClasses = {
  separator: asciiMembers(SEPARATOR_CLASS),
  digit: '[0-9]',
  letter: '[A-Za-z]',
  upper: '[A-Z]',
  lower: '[a-z]',
  word: '[A-Za-z0-9_]',
  flags: 'g',
};

/** One regex for ASCII text and one for any text, built from the same source. */
export interface TextRegexes {
  ascii: RegExp;
  any: RegExp;
}

export function textRegexes(source: (classes: TextClasses) => string): TextRegexes {
  return { ascii: new RegExp(source(ASCII_TEXT), ASCII_TEXT.flags), any: new RegExp(source(ANY_TEXT), ANY_TEXT.flags) };
}

const NON_ASCII_DIGIT = /^\p{Nd}$/u;
const digitValues = new Map<number, number>();

// Digits that are no decimal digits to Unicode (\p{No}), each read as the digit it shows:
// superscripts, subscripts, circled, parenthesized, dotted and comma forms (0-9 in order; a space where
// a set has no zero). Forms of 10 and more ("⑩", "⒑") are numbers, not digits, and are left out.
const NUMBER_FORMS = ['⁰¹²³⁴⁵⁶⁷⁸⁹', '₀₁₂₃₄₅₆₇₈₉', '⓪①②③④⑤⑥⑦⑧⑨', '⓿❶❷❸❹❺❻❼❽❾', ' ⓵⓶⓷⓸⓹⓺⓻⓼⓽', '🄋➀➁➂➃➄➅➆➇➈', '🄌➊➋➌➍➎➏➐➑➒', ' ⑴⑵⑶⑷⑸⑹⑺⑻⑼', '🄀⒈⒉⒊⒋⒌⒍⒎⒏⒐', '🄁🄂🄃🄄🄅🄆🄇🄈🄉🄊'];
for (const form of NUMBER_FORMS) {
  [...form].forEach((char, value) => {
    if (char !== ' ') digitValues.set(char.codePointAt(0) ?? 0, value);
  });
}

function isNonAsciiDigit(codePoint: number): boolean {
  return NON_ASCII_DIGIT.test(String.fromCodePoint(codePoint));
}

/** The value 0-9 of a decimal digit of any script or of a digit's number form (see NUMBER_FORMS), by code point; -1 for anything else. */
export function digitValue(codePoint: number): number {
  if (codePoint < 128) return isDigitCode(codePoint) ? codePoint - 48 : -1;
  let value = digitValues.get(codePoint);
  if (value === undefined) {
    value = -1;
    if (isNonAsciiDigit(codePoint)) {
      // Unicode keeps every script's digits as whole runs of 0-9 in order: the value is the
      // distance from the start of the run, modulo 10 where the runs of several sets touch.
      let zero = codePoint;
      while (isNonAsciiDigit(zero - 1)) zero--;
      value = (codePoint - zero) % 10;
    }
    digitValues.set(codePoint, value);
  }
  return value;
}

/** The digits of `text` in any script, as ASCII digits: one form for "4111…", "４１１１…" and "٤١١١…". */
export function asciiDigits(text: string): string {
  let digits = '';
  for (const char of text) {
    const value = digitValue(char.codePointAt(0) ?? 0);
    if (value >= 0) digits += String.fromCharCode(48 + value);
  }
  return digits;
}

/**
 * `text` as a reader reads the numbers in it: digits of any script as ASCII digits, any dash as
 * "-", any space as " ", characters that show as nothing dropped, everything else as it is.
 */
export function plainNumber(text: string): string {
  let plain = '';
  for (const char of text) {
    const codePoint = char.codePointAt(0) ?? 0;
    if (codePoint < 128) {
      plain += char;
      continue;
    }
    const value = digitValue(codePoint);
    if (value >= 0) plain += String.fromCharCode(48 + value);
    else if (isDashCodePoint(codePoint)) plain += '-';
    else if (isSpaceCodePoint(codePoint)) plain += ' ';
    else if (!isInvisibleCodePoint(codePoint)) plain += char;
  }
  return plain;
}

/** Full-width ASCII forms ("Ａ", "＠", "．") as their ASCII code; any other code as it is. */
export function foldWidth(code: number): number {
  return code >= 0xff01 && code <= 0xff5e ? code - 0xfee0 : code;
}

/**
 * A test of one character, by code point, against a regex class source, with the answers kept as
 * characters are met (a table for the Basic Multilingual Plane): no regex runs twice for the same
 * character. A lone surrogate never matches.
 */
export function codeClassTest(classSource: string): (codePoint: number) => boolean {
  const regex = new RegExp(`^${classSource}$`, 'u');
  const known = new Uint8Array(0x10000); // 0 not asked yet, 1 no, 2 yes
  const astral = new Map<number, boolean>();
  return (codePoint) => {
    if (codePoint > 0xffff) {
      let answer = astral.get(codePoint);
      if (answer === undefined) astral.set(codePoint, (answer = regex.test(String.fromCodePoint(codePoint))));
      return answer;
    }
    let answer = known[codePoint];
    if (answer === undefined || answer === 0) {
      answer = codePoint < 0xd800 || codePoint > 0xdfff ? (regex.test(String.fromCharCode(codePoint)) ? 2 : 1) : 1;
      known[codePoint] = answer;
    }
    return answer === 2;
  };
}

/** True for a separator (see SEPARATOR_CLASS), by code point. */
export const isSeparatorCodePoint = codeClassTest(SEPARATOR_CLASS);
/**
 * Characters that show as nothing: format characters (zero-width space, soft hyphen, joiners),
 * combining marks, and Unicode's default-ignorables (Hangul fillers, variation selectors, tags and
 * the code points reserved for more of them), which fonts draw as nothing.
 */
export const isInvisibleCodePoint = codeClassTest(String.raw`[\p{Cf}\p{Mn}\p{Me}\p{Default_Ignorable_Code_Point}]`);
/** Any dash a reader takes for "-": hyphens, en and em dashes, the minus sign, full-width and small forms. */
export const isDashCodePoint = codeClassTest(String.raw`[\p{Pd}\u2212]`);
/** Any whitespace a reader takes for " ": no-break, thin, figure, ideographic spaces, line breaks, the braille blank. */
export const isSpaceCodePoint = codeClassTest(String.raw`[\s\u2800]`);

/** Hex digits: the alphabet of hashes and UUIDs. */
function isHexCode(code: number): boolean {
  const lower = code | 32;
  return isDigitCode(code) || (lower >= 97 && lower <= 102);
}

/** A hash or UUID holds this many hex digits at least (MD5 and UUIDs: 32). */
const MIN_HASH_DIGITS = 32;

/**
 * True when `at` lies in a hex token of a hash or UUID: 32 or more hex digits, dashes allowed
 * between them, at least one of them a letter. Digits inside such a token are part of it, not a
 * number of their own: a commit hash holds a Luhn-valid 16-digit run about once in a thousand.
 */
export function insideHexToken(text: string, at: number): boolean {
  let start = at;
  while (start > 0 && (isHexCode(text.charCodeAt(start - 1)) || text.charCodeAt(start - 1) === 45)) start--;
  let end = at;
  while (end < text.length && (isHexCode(text.charCodeAt(end)) || text.charCodeAt(end) === 45)) end++;
  if (end - start < MIN_HASH_DIGITS) return false;
  let hex = 0;
  let letter = false;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code === 45) continue;
    hex++;
    if (!isDigitCode(code)) letter = true;
  }
  return letter && hex >= MIN_HASH_DIGITS;
}
