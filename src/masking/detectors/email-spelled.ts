// Email addresses written so that a reader sees one where no "@" or no dot is there to find:
// "ada at example dot com", "ada [at] example [dot] com", "ada(at)example(dot)com",
// "ada {at} example {dot} co {dot} uk", "ada AT example DOT com", "ada@example[.]com",
// "ada [@] example.com", with sub-domains, plus-tags and spelled dots in the local part too
// ("ada dot lovelace at …"). The "@" is "@" (or encoded, "%40", "&#64;"), the word "at" between
// spaces, or either in brackets ([] () {} <>, full-width too, spaces inside and around allowed), or
// the word between two of the same mark ("-at-", "_at_", '"at"', "*at*"); a dot is "." (or a dot a
// reader takes for one: "·", "・"), "." with spaces beside it, the word "dot" or "period" between
// spaces or marks, or either in brackets; in any case. Spaces are those of one line (no-break and
// full-width ones too): a line break ends the address.
// Prose uses "at" and "dot" as words too, so an address is read only where its writer hid one:
// - some separator is hidden: the "@" in brackets, or a dot spelled or in brackets, or the "@" is
//   the bare word "at" after a name with a dot, underscore or plus inside it ("john.doe at
//   example.com"). "ada at example.com" is how prose names a host ("deployed at app.example.com",
//   the "at com.example.Cart" of a Java stack trace), and is left;
// - after the bare word "at", the domain ends in a top-level domain that exists ("aimed at red dot
//   sights" is prose) and does not begin with a determiner or a pronoun ("worked at the dot com boom");
// - the word glued between marks is read as the bare word, and needs a dot hidden too: identifiers
//   glue words with "_" and "-" ("created_at_utc.json", "run_at_boot.sh");
// - prose says "period" and ends sentences with " . ": after the bare word "period" only the
//   commonest domains (com, org, ...), after a spaced "." only known ones.
import isEmailModule from 'validator/lib/isEmail.js';
import { isInvisibleCodePoint } from './chars.ts';
import { AT_FORMS, bracketed, compactEmail, emailCode, isCloseCode, isLocalCode, isOpenCode, isSpelledSpaceCode, joinedWord, LOOK_ALIKE_DOTS, readJoinedWords, SPACE, spelledWord } from './email-text.ts';
import { TOP_LEVEL_DOMAINS } from './top-level-domains.ts';
import type { EmitSpan } from './types.ts';

// validator is CommonJS: its function is the module's `default` member under NodeNext typing.
const isEmail = isEmailModule.default;

const MAX_LOCAL = 64;
const MAX_DOMAIN = 253;
const MAX_LABEL = 63;

/** Text without a hidden separator holds no spelled address: one cheap test skips the rest. */
const HIDDEN = new RegExp(`dot|period|${bracketed('at|@|\\.')}|${joinedWord('at')}|@[^\\s@]{1,253}${SPACE}[.]|@[^\\s@]{1,253}[.]${SPACE}`, 'i');
/**
 * A name with a dot, underscore or plus inside it ("john.doe" before the bare word "at"): an
 * address's local part, not a word of prose, so the "@" is what was hidden.
 */
const ADDRESS_LIKE_LOCAL = /[^._+][._+][^._+]/;
/**
 * The bare word "at" between the spaces AT_SEPARATOR reads it between (no-break and full-width ones
 * too), from the first space of a run only: tried at each space of a long run, it would read the
 * rest of the run every time.
 */
const BARE_AT = new RegExp(`(?<!${SPACE})${SPACE}+at${SPACE}+`, 'gi');

/** Whether the bare word "at" follows an address-like name somewhere in `text`: only the 64 characters before each "at" are read. */
function addressLikeBeforeAt(text: string): boolean {
  BARE_AT.lastIndex = 0;
  for (let at = BARE_AT.exec(text); at !== null; at = BARE_AT.exec(text)) {
    let start = at.index;
    while (start > 0 && at.index - start < MAX_LOCAL && !isSpelledSpaceCode(text.charCodeAt(start - 1))) start--;
    if (ADDRESS_LIKE_LOCAL.test(text.slice(start, at.index))) return true;
  }
  return false;
}
/**
 * The "@" in its forms (see AT_FORMS); group `word` is set for the bare word, `joined` for the
 * word between two marks ("-at-", "_at_", '"at"'), `bracket` for a bracketed one, `plain` for a
 * plain one with nothing around it.
 */
const AT_SEPARATOR = new RegExp(
  `${spelledWord('(?<word>at)')}|(?<joined>${joinedWord('at')})${SPACE}*|${bracketed('(?<bracket>at|@)')}${SPACE}*|${spelledWord('[@\\uff20\\ufe6b]')}|(?<plain>${AT_FORMS.source})`,
  'gi',
);
const lookAlikeDots = [...LOOK_ALIKE_DOTS].map((code) => `\\u${code.toString(16).padStart(4, '0')}`).join('');
/**
 * A dot in its forms, where a label ends; group `period` is set for the bare word "period", `spaced`
 * for a plain dot with spaces beside it ("example . com"), which ends sentences too.
 */
const DOT_AFTER = new RegExp(
  `${SPACE}*${bracketed('dot|period|\\.')}${SPACE}*|${SPACE}+(?:dot|(?<period>period))${SPACE}+|${SPACE}*${joinedWord('dot|period')}${SPACE}*|(?<spaced>${SPACE}+[.]${SPACE}*|[.]${SPACE}+)|[.\\uff0e${lookAlikeDots}]`,
  'iy',
);
/** A dot spelled between dashes, which a label would otherwise take as its own ("example-dot-com"). */
const DASHED_DOT = /-(?:dot|period)-/iy;
/**
 * The top-level domains that may follow the bare word "period": prose says "period" far more often
 * than "dot" ("met at lunch period one"), so only the domains most addresses end in.
 */
const AFTER_BARE_PERIOD = new Set(['com', 'net', 'org', 'edu', 'gov', 'io']);
/** What a top-level domain looks like to validator: checked before it, as it costs nothing. */
const TLD_SHAPE = /^[a-z]{2,63}$/;

/**
 * Words that follow "at" in prose, and no host name spelled out: determiners and pronouns ("look
 * at it dot by dot"). Not "me": me.com is a mail domain.
 */
const PROSE_AFTER_AT = new Set([
  ...['the', 'a', 'an', 'this', 'that', 'these', 'those', 'some', 'any', 'each', 'every', 'no'],
  ...['my', 'your', 'his', 'her', 'its', 'our', 'their', 'it', 'him', 'them', 'us', 'you'],
]);

interface Label {
  start: number;
  end: number;
  /** As a reader reads it: ASCII, lower case, without the invisible characters it may hold. */
  name: string;
  /** The dot before this label was spelled or in brackets. */
  hiddenDot: boolean;
  /** The dot before this label was the bare word "period". */
  afterPeriod: boolean;
  /** The dot before this label was a plain one with spaces beside it: only a known top-level domain may follow. */
  afterSpacedDot: boolean;
}

/** Characters that show as nothing may stand anywhere in a local part or a label ("a\u200bda"). */
function inLocal(code: number): boolean {
  return isLocalCode(emailCode(code)) || isInvisibleCodePoint(code);
}

function inLabelAt(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  if (code === 45) {
    DASHED_DOT.lastIndex = i;
    return !DASHED_DOT.test(text);
  }
  return inLabel(code);
}

function inLabel(code: number): boolean {
  const ascii = emailCode(code);
  return (ascii >= 48 && ascii <= 57) || (ascii >= 65 && ascii <= 90) || (ascii >= 97 && ascii <= 122) || ascii === 45 || isInvisibleCodePoint(code);
}

function spacesBefore(text: string, end: number): number {
  let i = end;
  while (i > 0 && isSpelledSpaceCode(text.charCodeAt(i - 1))) i--;
  return i;
}

/** Start of the word `word` (any case) ending at `end`; -1 when it is not there. */
function wordBefore(text: string, end: number, word: string): number {
  const start = end - word.length;
  return start >= 0 && text.slice(start, end).toLowerCase() === word ? start : -1;
}

/** Start of a spelled or bracketed dot ending at `end`, spaces around it included; -1 when there is none. */
function hiddenDotBefore(text: string, end: number): number {
  let i = spacesBefore(text, end);
  if (isCloseCode(text.charCodeAt(i - 1))) {
    i = spacesBefore(text, i - 1);
    i = text.charCodeAt(i - 1) === 46 ? i - 1 : wordBefore(text, i, 'dot');
    if (i < 0) return -1;
    i = spacesBefore(text, i);
    return isOpenCode(text.charCodeAt(i - 1)) ? spacesBefore(text, i - 1) : -1;
  }
  if (i === end) return -1; // the bare word needs spaces on both sides
  const word = wordBefore(text, i, 'dot');
  return word < 0 || spacesBefore(text, word) === word ? -1 : spacesBefore(text, word);
}

/** Start of the local part ending at `end`, and whether a dot in it is hidden; undefined when there is none. */
function localPart(text: string, end: number): { start: number; hidden: boolean } | undefined {
  let start = end;
  let hidden = false;
  for (;;) {
    let i = start;
    while (i > 0 && end - i < MAX_LOCAL && inLocal(text.charCodeAt(i - 1))) i--;
    if (i === start) break;
    start = i;
    const dot = hiddenDotBefore(text, start);
    // Only where the local part may go on past it: it does not begin with a dot.
    if (dot <= 0 || end - dot >= MAX_LOCAL || !inLocal(text.charCodeAt(dot - 1))) break;
    start = dot;
    hidden = true;
  }
  // An address does not start with a dot, nor with what shows as nothing.
  while (start < end && (emailCode(text.charCodeAt(start)) === 46 || isInvisibleCodePoint(text.charCodeAt(start)))) start++;
  return start < end ? { start, hidden } : undefined;
}

/**
 * The labels of the domain starting at `from`, as far as dots in any form join them, a label is
 * one (1-63 letters, digits and inner hyphens) and a domain may be long.
 */
function domainLabels(text: string, from: number): Label[] {
  const labels: Label[] = [];
  let start = from;
  let hiddenDot = false;
  let afterPeriod = false;
  let afterSpacedDot = false;
  let size = -1; // of the domain as read, with one character for each dot
  for (;;) {
    let end = start;
    while (end < text.length && inLabelAt(text, end)) end++;
    const name = compactEmail(text.slice(start, end));
    size += name.length + 1;
    if (name.length === 0 || name.length > MAX_LABEL || size > MAX_DOMAIN || name.startsWith('-') || name.endsWith('-')) break;
    labels.push({ start, end, name, hiddenDot, afterPeriod, afterSpacedDot });
    DOT_AFTER.lastIndex = end;
    const dot = DOT_AFTER.exec(text);
    if (dot === null) break;
    hiddenDot = dot[0].length > 1; // a dot is one character, full-width or not; a hidden one more
    afterPeriod = dot.groups?.period !== undefined;
    afterSpacedDot = dot.groups?.spaced !== undefined;
    start = end + dot[0].length;
  }
  return labels;
}

/**
 * End of the longest address from `start` whose domain is made of `labels`, or -1: one with a
 * hidden separator (`hidden` for the "@" or the local part), and after the bare word "at", a
 * domain that begins with no word of prose and ends in a known top-level domain.
 */
function addressEnd(text: string, start: number, labels: readonly Label[], word: boolean, hidden: boolean): number {
  const first = labels[0];
  if (first === undefined || (word && PROSE_AFTER_AT.has(first.name))) return -1;
  // The address must reach past the first hidden dot when nothing else was hidden.
  let shortest = 1;
  while (!hidden && shortest < labels.length && !(labels[shortest] as Label).hiddenDot) shortest++;
  for (let last = labels.length - 1; last >= shortest; last--) {
    const label = labels[last] as Label;
    if (word ? !TOP_LEVEL_DOMAINS.has(label.name) : !TLD_SHAPE.test(label.name)) continue;
    if (label.afterPeriod && !AFTER_BARE_PERIOD.has(label.name)) continue;
    if (label.afterSpacedDot && !TOP_LEVEL_DOMAINS.has(label.name)) continue;
    // Every label is whole (domainLabels): what validator may still refuse is the local part, in
    // every shorter address too.
    return isEmail(compactEmail(readJoinedWords(text.slice(start, label.end)))) ? label.end : -1;
  }
  return -1;
}

/** False when `text` cannot hold a spelled-out address. */
export function mayHoldSpelledEmail(text: string): boolean {
  return HIDDEN.test(text) || addressLikeBeforeAt(text);
}

/**
 * Emits every spelled-out address in `text`. The partial style keeps what follows the last "@" as
 * written: after a bracketed "@" that would keep half the brackets, so such an address is redacted whole.
 */
export function scanSpelledEmails(text: string, emit: EmitSpan): void {
  AT_SEPARATOR.lastIndex = 0;
  for (let at = AT_SEPARATOR.exec(text); at !== null; at = AT_SEPARATOR.exec(text)) {
    const labels = domainLabels(text, at.index + at[0].length);
    if (labels.length < 2) continue;
    const { word, joined, bracket, plain } = at.groups ?? {};
    // Spaces before a spelled "@" belong to it; a plain "@" has none ("cc @ada" is a mention).
    const local = localPart(text, plain === undefined ? spacesBefore(text, at.index) : at.index);
    if (local === undefined) continue;
    // A word glued between marks is read as the bare word, but only a hidden dot makes it an
    // "@": identifiers glue words with "_" and "-" ("created_at_utc.json", "run_at_boot.sh").
    const addressLike = word !== undefined && ADDRESS_LIKE_LOCAL.test(text.slice(local.start, spacesBefore(text, at.index)));
    const end = addressEnd(text, local.start, labels, word !== undefined || joined !== undefined, local.hidden || bracket !== undefined || addressLike);
    if (end < 0) continue;
    emit(local.start, end, bracket !== '@');
    AT_SEPARATOR.lastIndex = end;
  }
}
