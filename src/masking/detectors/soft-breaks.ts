// A value hard-wrapped across lines: a soft break a format marks as one (a "\" line continuation of
// shells and C, quoted-printable's "=" at the end of a line), a continuation line indented under
// it, or a long run wrapped at a column (base64 at 76). A reader joins the two halves; so does this
// stage, where both sides of the break are runs of the characters values are made of (letters,
// digits and . _ % + @ / = -). Structure stays apart: two lines that each hold an "@" are two
// addresses, a line such as "user: bob" holds a ":" and a space, and a short line under another
// unindented is a line of its own ("mysql -u root" then "ls -p"; the email detector reads an
// address across a line break itself).
import { rewriteRanges, type DerivedText, type Rewrite } from './derived-text.ts';

/** The characters values are made of, by ASCII code: letters, digits and . _ % + @ / = - */
const VALUE_CHARACTER = new Uint8Array(128).map((_, code) => (/[\w.%+@/=-]/.test(String.fromCharCode(code)) ? 1 : 0));
/** A run this long before an unmarked, unindented break was wrapped at a column. */
const WRAPPED_AT_COLUMN = 16;
const BACKSLASH = 92;
const EQUALS = 61;
const CARRIAGE_RETURN = 13;
const AT = 64;

const isValueCode = (code: number): boolean => code < 128 && VALUE_CHARACTER[code] === 1;
const isAlphanumericCode = (code: number): boolean => (code >= 48 && code <= 57) || ((code | 32) >= 97 && (code | 32) <= 122);
/** Whitespace, or the mark that sets an earlier stage's reading apart (derived-text.ts): a value ends there. */
const APART_OR_BLANK = /[\s\0]/;
const isIndentCode = (code: number): boolean => code === 32 || code === 9;

/** Where the value ending at `at` starts, up to whitespace; -1 when there is none, or something else stands before it. */
function valueStart(text: string, at: number): number {
  let start = at;
  while (start > 0 && isValueCode(text.charCodeAt(start - 1))) start--;
  return start === at || (start > 0 && !APART_OR_BLANK.test(text[start - 1] as string)) ? -1 : start;
}

/** Where the value starting at `from` ends, when it holds a letter or digit and whitespace (or the end) follows it; -1 otherwise. */
function valueEnd(text: string, from: number): number {
  let end = from;
  let alphanumeric = false;
  for (; end < text.length && isValueCode(text.charCodeAt(end)); end++) alphanumeric ||= isAlphanumericCode(text.charCodeAt(end));
  return alphanumeric && (end === text.length || APART_OR_BLANK.test(text[end] as string)) ? end : -1;
}

function holdsAt(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === AT) return true;
  return false;
}

/**
 * `text` with its wrapped values joined; undefined when it holds none. A loop over the line breaks
 * (found by indexOf) that turns most away by the characters around them: logs are all line breaks.
 */
export function joinSoftBreaks(text: string): DerivedText | undefined {
  const rewrites: Rewrite[] = [];
  for (let lineBreak = text.indexOf('\n'); lineBreak >= 0; lineBreak = text.indexOf('\n', lineBreak + 1)) {
    let breakStart = lineBreak > 0 && text.charCodeAt(lineBreak - 1) === CARRIAGE_RETURN ? lineBreak - 1 : lineBreak;
    const markCode = text.charCodeAt(breakStart - 1);
    const marked = markCode === BACKSLASH || markCode === EQUALS;
    if (marked) breakStart--;
    let next = lineBreak + 1;
    while (next < text.length && isIndentCode(text.charCodeAt(next))) next++;
    const indented = next > lineBreak + 1;
    const start = valueStart(text, breakStart);
    if (start < 0 || (!marked && !indented && breakStart - start < WRAPPED_AT_COLUMN)) continue;
    const end = valueEnd(text, next);
    if (end < 0 || (!marked && holdsAt(text, start, breakStart) && holdsAt(text, next, end))) continue;
    // The mark, the break and the indentation are dropped.
    rewrites.push({ start: breakStart, end: next, kept: [] });
  }
  return rewriteRanges(text, rewrites);
}
