// What joins the digit groups of one number, for every digit detector (card, SSN, phone, IBAN):
// a "joint" is a short stretch of characters that are neither letters nor digits: punctuation,
// symbols, spaces, quotes, brackets, in any script ("4111;1111", '4111","1111', "4111], [1111",
// "4111 ∙ 1111", "4111🔥1111"), and characters no font gives a meaning ("4111\uffff1111"). A reader reads past any of them; so does masking. A joint holds at
// most MAX_JOINT_MARKS marks that show (whitespace and characters that show as nothing are not
// counted: the digit scanner already reads across them however many there are), so numbers set
// apart by a line of dashes or a sentence's worth of symbols stay apart. Control characters are
// no joint ("\0" sets a reading apart). The digit scanner (digit-runs.ts) reads the joints made of
// SEPARATOR_CLASS as they are written; the reader's view (digit-marks.ts) writes every other mark
// of a joint as a dash, so each detector reads every joint, with its own checks (Luhn, issuer
// ranges, group shapes, keywords, lengths) deciding what is a value.
import { codeClassTest, digitValue, isInvisibleCodePoint, isSeparatorCodePoint, isSpaceCodePoint, SEPARATOR_CLASS } from './chars.ts';

/** The most marks that show in one joint: '","' holds 3, "], [" 3, ' " , " ' 3, '"],["' 5. */
export const MAX_JOINT_MARKS = 5;

/**
 * True for a character that may stand in a joint, by code point: also those no font gives a meaning
 * (private use, noncharacters such as U+FFFF, unassigned), which show as a box or nothing between digits.
 */
export const isJointCodePoint = codeClassTest(String.raw`[\p{P}\p{S}\p{Z}\p{Co}\p{Cn}]|${SEPARATOR_CLASS}`);

/**
 * A currency or number sign: after other marks it starts a number of its own, an amount or an id
 * ("1,234.56; $99.00"), unless the joint it ends is written again next to it: a value's groups
 * are joined alike ("4111 $1111 $1111 $1111", "536-#90-#4417"), an amount after a list is not.
 */
const isSignCodePoint = codeClassTest(String.raw`[\p{Sc}#\uff03\u2116]`);

/** A joint's character the digit scanner does not read as a separator: the reader's view writes it as a dash. */
export function isOddMark(codePoint: number): boolean {
  return isJointCodePoint(codePoint) && !isSeparatorCodePoint(codePoint);
}

/** ASCII joint characters, by code: punctuation, symbols and whitespace. */
export const ASCII_JOINTS = new Uint8Array(128).map((_, code) => (isJointCodePoint(code) ? 1 : 0));

/** Regex source of one ASCII mark the digit scanner does not read: ! " # $ % & ' * + : ; < = > ? @ [ ] ^ ` { } ~ */
export const ASCII_ODD_MARK = `[${Array.from({ length: 128 }, (_, code) => code)
  .filter((code) => isOddMark(code))
  .map((code) => `\\x${code.toString(16).padStart(2, '0')}`)
  .join('')}]`;

/**
 * A run of digit groups joined by joints. Group g spans [bounds[2g], bounds[2g+1]) and holds
 * digits[g] digits; the joint after it spans [bounds[2g+1], bounds[2g+2]).
 */
export interface JoinedRun {
  groups: number;
  bounds: number[];
  digits: number[];
  total: number;
}

/** What an ASCII character is to a run, by code: a digit, a joint character that shows (a mark) or not (whitespace), or neither. */
const OTHER = 0;
const DIGIT = 1;
const BLANK = 2;
const MARK = 3;
const ASCII_KINDS = new Uint8Array(128).map((_, code) => {
  if (code >= 48 && code <= 57) return DIGIT;
  if (!isJointCodePoint(code)) return OTHER;
  return isSpaceCodePoint(code) ? BLANK : MARK;
});

/** What the character at `i` is to a run (see ASCII_KINDS), beyond ASCII too; OTHER past the end. */
function kindAt(text: string, i: number): number {
  const code = text.charCodeAt(i);
  if (code < 128) return ASCII_KINDS[code] as number;
  if (i >= text.length) return OTHER;
  const codePoint = text.codePointAt(i) ?? code;
  if (digitValue(codePoint) >= 0) return DIGIT;
  if (!isJointCodePoint(codePoint)) return OTHER;
  return isSpaceCodePoint(codePoint) || isInvisibleCodePoint(codePoint) ? BLANK : MARK;
}

function widthAt(text: string, i: number): number {
  return (text.codePointAt(i) ?? 0) > 0xffff ? 2 : 1;
}

/** Calls `visit` for each maximal run of digit groups joined by joints that holds `minDigits` digits or more. One pass: each character is read once. */
export function forEachJoinedRun(text: string, minDigits: number, visit: (run: JoinedRun) => void): void {
  const run: JoinedRun = { groups: 0, bounds: [], digits: [], total: 0 };
  const length = text.length;
  let i = 0;
  while (i < length) {
    if (kindAt(text, i) !== DIGIT) {
      // A character beyond the Basic Multilingual Plane is stepped over in two: its second half is no digit either.
      i++;
      continue;
    }
    run.groups = 0;
    run.total = 0;
    let signed = false;
    for (;;) {
      const start = i;
      let digits = 0;
      for (; kindAt(text, i) === DIGIT; i += widthAt(text, i)) digits++;
      run.bounds[2 * run.groups] = start;
      run.bounds[2 * run.groups + 1] = i;
      run.digits[run.groups++] = digits;
      run.total += digits;
      const end = i;
      let marks = 0;
      let last = 0;
      for (let kind = kindAt(text, i); marks <= MAX_JOINT_MARKS && kind >= BLANK; kind = kindAt(text, i)) {
        if (kind === MARK) marks++;
        last = text.codePointAt(i) ?? 0;
        i += last > 0xffff ? 2 : 1;
      }
      if (marks > MAX_JOINT_MARKS || kindAt(text, i) !== DIGIT) break;
      if (isSignCodePoint(last) && i - end > (last > 0xffff ? 2 : 1)) signed = true;
    }
    if (run.total < minDigits) continue;
    if (signed) visitAmountsApart(text, run, minDigits, visit);
    else visit(run);
  }
}

/** The joint after group `g` ends in a sign after other marks. */
function signedJoint(text: string, run: JoinedRun, g: number): boolean {
  const start = run.bounds[2 * g + 1] ?? 0;
  const end = run.bounds[2 * g + 2] ?? 0;
  const last = text.codePointAt(end - 1) ?? 0;
  const sign = (last >= 0xdc00 && last <= 0xdfff ? text.codePointAt(end - 2) : last) ?? 0;
  return isSignCodePoint(sign) && end - start > (sign > 0xffff ? 2 : 1);
}

function sameJoint(text: string, run: JoinedRun, a: number, b: number): boolean {
  if (a < 0 || b + 1 >= run.groups) return false;
  return text.slice(run.bounds[2 * a + 1], run.bounds[2 * a + 2]) === text.slice(run.bounds[2 * b + 1], run.bounds[2 * b + 2]);
}

/** Visits the parts of `run` between its signed joints that no joint alike stands next to (each starts an amount). */
function visitAmountsApart(text: string, run: JoinedRun, minDigits: number, visit: (run: JoinedRun) => void): void {
  const part: JoinedRun = { groups: 0, bounds: [], digits: [], total: 0 };
  for (let g = 0; g < run.groups; g++) {
    part.bounds[2 * part.groups] = run.bounds[2 * g] ?? 0;
    part.bounds[2 * part.groups + 1] = run.bounds[2 * g + 1] ?? 0;
    part.digits[part.groups++] = run.digits[g] ?? 0;
    part.total += run.digits[g] ?? 0;
    const last = g + 1 === run.groups;
    if (!last && (!signedJoint(text, run, g) || sameJoint(text, run, g - 1, g) || sameJoint(text, run, g, g + 1))) continue;
    if (part.total >= minDigits) visit(part);
    part.groups = 0;
    part.total = 0;
  }
}
