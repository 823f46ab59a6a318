// Text whose characters are written as escapes a program decodes and a reader decodes in their
// head: percent-encoding ("ada%40example.com", "password%3Dhunter2" in a logged URL), HTML
// character references ("&#64;", "&#x40;", "&commat;"), and the backslash escapes of JSON,
// JavaScript, Python and C ("\u0040", "\u{40}", "\x40", octal "\100" as C, Python, a shell's $'…'
// and PostgreSQL's E'…' strings and bytea write it; a mark values are written with escaped as
// itself: JSON's "\/", a regex's "\." and "\@"), and quoted-printable's "=XX" of mail
// bodies ("ada=40example=2Ecom"). Encoded twice ("%2540", "=3D40") reads the same after a second
// decoding: decoding repeats a few times. Percent-encoding and quoted-printable are read for ASCII
// bytes only: the values detectors look for are written in ASCII, and a byte of a longer UTF-8
// sequence alone is no character. An escape of a control character other than a tab or a line
// break (or of DEL) is left as written: no reader sees one, and "4111%1111" or "4111=1111" is digits joined by
// a mark (digit-joints.ts), not "4111" and a control character.
import { followBack, type DerivedText } from './derived-text.ts';

/**
 * One escape; group 1 a percent byte, 2 a quoted-printable one, 3 a decimal reference, 4 a hex
 * reference, 5 a named one, 6 to 8 a backslash escape's hex, 9 its octal, 10 a mark escaped as itself. Quoted-printable writes marks ("=40",
 * "=2E", "=3D"), never a letter or a digit it may write as it is (see decodedChar); an "=" before
 * a number ("took=24.5", "port=5432": "=3D", its own "=", aside) or eight hex digits or more
 * ("trace=2215d732-…") assigns a value, and is read as written: a hash would lose its head. So is
 * "\x" before eight hex digits or more: PostgreSQL's bytea ("\x6164612e…"), decoded whole by
 * encoded-runs.ts.
 */
const ESCAPE = /%([0-7][0-9A-Fa-f])|=(3[Dd]|[2-7][0-9A-Fa-f](?!\.?\d))(?![0-9A-Fa-f]{6})|&#0*(\d{1,7});|&#[xX]0*([0-9A-Fa-f]{1,6});|&([A-Za-z]{2,8});|\\(?:u([0-9A-Fa-f]{4})|u\{0*([0-9A-Fa-f]{1,6})\}|x([0-9A-Fa-f]{2})(?![0-9A-Fa-f]{6})|([0-3][0-7]{2})|([/@.:+_-]))/g;
/** Whether a text may hold an escape at all: one search, no work per character in JavaScript. */
const MAY_HOLD_ESCAPE = /%[0-7][0-9A-Fa-f]|=[2-7][0-9A-Fa-f]|&#?[0-9A-Za-z]+;|\\[ux][{0-9A-Fa-f]|\\[0-3][0-7]{2}|\\[/@.:+_-]/;
/** The control characters a reader sees: tab, line feed, carriage return. */
const SHOWN_CONTROLS = new Set([9, 10, 13]);
const DELETE = 0x7f;
const ALPHANUMERIC = /^[A-Za-z0-9]$/;
/** Rounds of decoding: enough for an escape escaped twice over, and a bound on the work. */
const ROUNDS = 3;

/** HTML's names for the characters values are made of and separated by. */
const NAMED: Readonly<Record<string, string>> = {
  commat: '@', period: '.', equals: '=', colon: ':', sol: '/', bsol: '\\', lowbar: '_', hyphen: '-', dash: '-',
  plus: '+', num: '#', percnt: '%', amp: '&', quot: '"', apos: "'", lt: '<', gt: '>', nbsp: '\u00a0',
};

function decodedChar(match: RegExpExecArray): string | undefined {
  const [, percent, quoted, decimal, hexRef, name, u4, uBraced, x2, octal, mark] = match;
  if (name !== undefined) return NAMED[name.toLowerCase()];
  if (mark !== undefined) return mark;
  const hex = percent ?? quoted ?? hexRef ?? u4 ?? uBraced ?? x2;
  const codePoint = hex !== undefined ? parseInt(hex, 16) : octal !== undefined ? parseInt(octal, 8) : parseInt(decimal ?? '', 10);
  if (codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff) || ((codePoint < 0x20 || codePoint === DELETE) && !SHOWN_CONTROLS.has(codePoint))) return undefined;
  const char = String.fromCodePoint(codePoint);
  return quoted !== undefined && ALPHANUMERIC.test(char) ? undefined : char;
}

/** One round of decoding; undefined when nothing was decoded. */
function decodeOnce(text: string): DerivedText | undefined {
  let out = '';
  const origin: number[] = [];
  let cursor = 0;
  ESCAPE.lastIndex = 0;
  for (let match = ESCAPE.exec(text); match !== null; match = ESCAPE.exec(text)) {
    const char = decodedChar(match);
    if (char === undefined) continue;
    out += text.slice(cursor, match.index);
    for (let i = cursor; i < match.index; i++) origin.push(i);
    out += char;
    for (let k = 0; k < char.length; k++) origin.push(match.index);
    cursor = match.index + match[0].length;
  }
  if (cursor === 0) return undefined;
  out += text.slice(cursor);
  for (let i = cursor; i <= text.length; i++) origin.push(i);
  return { text: out, origin };
}

/** `text` with its escapes decoded (see above); undefined when it holds none. */
export function decodeEscapes(text: string): DerivedText | undefined {
  if (!MAY_HOLD_ESCAPE.test(text)) return undefined;
  let decoded: DerivedText | undefined;
  for (let round = 0; round < ROUNDS; round++) {
    const next = decodeOnce(decoded?.text ?? text);
    if (next === undefined) break;
    decoded = followBack(decoded, next);
  }
  return decoded;
}
