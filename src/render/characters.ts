// The one classifier of characters that can hide, reorder or forge text on a person's screen, shared
// by the renderers of every medium (terminal, HTML, Slack). Agent text is cut into pieces: plain
// text, single characters that must be shown as an escape (controls, bidi controls, invisible and
// format characters, line separators, combining marks that would draw over their neighbours,
// letters that pass a name off as another), and gaps (long runs of blank lines, and any run of
// spaces or tabs, which would push the rest of a text out of view or to the start of a row). Each medium draws the pieces its own way; none prints
// them raw.
import { lookalikeAt } from './lookalikes.ts';

export type Hidden = 'control' | 'bidi' | 'invisible' | 'separator' | 'surrogate' | 'unassigned' | 'mark' | 'lookalike';

export type Piece = { text: string } | { escape: string; kind: Hidden } | { gap: 'lines' | 'spaces'; count: number; tabs?: boolean };

/**
 * Characters that draw nothing: format characters (Cf) and Unicode's default-ignorables, which a font
 * shows as nothing (fillers, variation selectors, tags, the code points reserved for more of them),
 * so any number of them can ride on a visible character unseen; and the glyphs of nothing that are
 * neither: the braille blank, the musical null notehead and the Khitan filler (a mark).
 */
const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}\u2800\u{1d159}]|\u{16fe4}/u;
/**
 * Code points with no glyph every reader shares: private use (a Nerd Font draws U+F00C as a check
 * mark, Apple's fonts U+F8FF as its logo), unassigned ones (which a newer font may draw as anything,
 * an older as nothing) and noncharacters. What the approver would see is the font's, not the text's.
 */
const NO_AGREED_GLYPH = /[\p{Co}\p{Cn}]/u;
/**
 * Characters that look like a space. A viewer that soft-wraps at a width gatehouse cannot know (the
 * client's dialog, Slack, a page) ends a visual line inside a run of them at least that wide, so the
 * word after it (a forged `decision: approved`) starts the next one, whatever the width. So a run on
 * one line (a summary, a name, a reason) is shown as a count from two on: there it aligns nothing.
 * A line of a block (SQL, a manifest, a command's output) keeps runs up to 16 columns, its own
 * indentation and alignment, narrower than any viewer; a wider run, or a long run of blank lines,
 * is a count.
 */
const BLANK = '[ \\u00a0\\u1680\\u2000-\\u200a\\u202f\\u205f\\u3000]';
const BLANK_LINE = new RegExp(`^(?:${BLANK}|\\t)*\\r?$`);
const SPACE_RUN = new RegExp(`(?:${BLANK}|\\t)+`, 'g');
/** The widest run of blanks a block line keeps as it is, a tab counting as 8. */
const MAX_BLOCK_RUN_WIDTH = 16;
const TAB_WIDTH = 8;
/** More blank lines than this in a row are shown as "[N blank lines]". */
const MAX_BLANK_LINES = 2;

export function hiddenKind(codePoint: number): Hidden | undefined {
  if (codePoint >= 0x20 && codePoint < 0x7f) return undefined;
  if (codePoint < 0x20 || codePoint === 0x7f || (codePoint >= 0x80 && codePoint <= 0x9f)) return 'control';
  if (codePoint === 0x061c || codePoint === 0x200e || codePoint === 0x200f || (codePoint >= 0x202a && codePoint <= 0x202e) || (codePoint >= 0x2066 && codePoint <= 0x2069)) return 'bidi';
  if (codePoint === 0x2028 || codePoint === 0x2029) return 'separator';
  if (codePoint >= 0xd800 && codePoint <= 0xdfff) return 'surrogate';
  const char = String.fromCodePoint(codePoint);
  if (INVISIBLE.test(char)) return 'invisible';
  if (NO_AGREED_GLYPH.test(char)) return 'unassigned';
  return undefined;
}

const MARK = /\p{M}/u;
const ENCLOSING_MARK = /\p{Me}/u;
/**
 * What a combining mark may sit on: a letter, a digit or a non-ASCII symbol shown as it is; not a
 * space, ASCII punctuation or symbols (the quotes and $ around agent text), an escape, or U+FFFD
 * (what stands for a character already removed).
 */
const MARK_BASE = /[\p{L}\p{N}]|(?![\0-\x7f\ufffd])\p{S}/u;
/** More combining marks than this on one character stack over the lines around it (Zalgo text). */
const MAX_MARKS = 4;
const ASCII_BASE = /[A-Za-z0-9]/;
/** A line with nothing but printable ASCII (and tabs, where kept) has nothing to escape: the common case, decided by one scan. */
const PLAIN_ASCII = /^[\x20-\x7e]*$/;
const PLAIN_ASCII_TABS = /^[\t\x20-\x7e]*$/;
const EMOJI = /\p{Emoji}/u;
const PICTOGRAPH = /\p{Extended_Pictographic}/u;
const EMOJI_MODIFIER = /\p{Emoji_Modifier}/u;
const VARIATION_SELECTOR = /[\ufe0e\ufe0f]/u;
const KEYCAP_BASE = /[0-9#*]/;

/**
 * The parts of an emoji sequence that are invisible or combining on their own but draw one emoji
 * together: one text/emoji presentation selector after an emoji, a zero-width joiner between
 * pictographs (a family), and the keycap mark after a digit. Anything else of theirs is escaped.
 */
function emojiPart(char: string, before: string | undefined, after: string | undefined): boolean {
  if (before === undefined) return false;
  if (VARIATION_SELECTOR.test(char)) return EMOJI.test(before) && !VARIATION_SELECTOR.test(before);
  if (char === '\u200d') return (PICTOGRAPH.test(before) || VARIATION_SELECTOR.test(before) || EMOJI_MODIFIER.test(before)) && after !== undefined && PICTOGRAPH.test(after);
  if (char === '\u20e3') return KEYCAP_BASE.test(before) || VARIATION_SELECTOR.test(before);
  return false;
}

/**
 * The flags Unicode spells with tag characters (England, Scotland, Wales): a black flag, the tags of
 * a subdivision's code, a cancel tag. Only these three sequences draw one flag; any other tags carry
 * text nobody sees, and are escaped.
 */
const BLACK_FLAG = '\u{1f3f4}';
const TAG_FLAGS = new Set(['gbeng', 'gbsct', 'gbwls'].map((code) => Array.from(code, (c) => String.fromCodePoint(0xe0000 + c.charCodeAt(0))).join('') + '\u{e007f}'));
const TAG_FLAG_LENGTH = 6;

/** The positions of the tag characters of a flag Unicode spells with them. */
function tagFlagsAt(chars: readonly string[]): Set<number> {
  const found = new Set<number>();
  chars.forEach((char, i) => {
    if (char !== BLACK_FLAG || !TAG_FLAGS.has(chars.slice(i + 1, i + 1 + TAG_FLAG_LENGTH).join(''))) return;
    for (let at = i + 1; at <= i + TAG_FLAG_LENGTH; at++) found.add(at);
  });
  return found;
}

/**
 * A run of letters of the scripts written right to left (Bidi_Class R and AL, and the blocks Unicode
 * keeps for them; not their digits): words joined by single spaces, with their marks. On a screen
 * that follows the bidi algorithm, the spaces, digits and punctuation between two such letters take
 * their direction, so `id = 5 ב OR 1 = 1` could read in another order than it runs, with no bidi
 * control in sight. Each run is shown between two left-to-right marks: the run reads as written,
 * and nothing outside it moves or is mirrored.
 */
const RTL_LETTER = '(?:(?!\\p{Nd})[\\u0590-\\u08ff\\ufb1d-\\ufdff\\ufe70-\\ufefe\\u{10800}-\\u{10fff}\\u{1e800}-\\u{1efff}])';
const RTL_RUN = new RegExp(`${RTL_LETTER}(?:${RTL_LETTER}|\\p{M}| (?=${RTL_LETTER}))*`, 'gu');
const LRM = '\u200e';

/** Text with each right-to-left run drawn by `draw`: by default set apart between left-to-right marks, as every medium draws a text piece. */
export function rtlRuns(text: string, draw: (run: string) => string = (run) => LRM + run + LRM): string {
  return text.replace(RTL_RUN, draw);
}

/**
 * In code, punctuation and spaces drawn like ASCII syntax that are not it: an approver reads
 * `––dry-run` as an option, `ʼ$(…)ʼ` as quotes around an inert string, `/tmp /x` (a no-break space)
 * as two paths. Whole classes by Unicode's own properties: every dash (Dash: the minus sign and
 * every dash punctuation), every quotation mark, every space separator; then what NFKC folds to
 * ASCII punctuation or a space (full-width and small forms, the Greek question mark; not the
 * ellipsis, which is no syntax and ends every cut gatehouse notes); then those no property names:
 * modifier and Hebrew apostrophes, primes, slashes and backslashes, the ratio and other colons,
 * letters and symbols drawn as | * < > ^ ~ and a dot, the heavy minus.
 */
const CODE_LOOKALIKE = /[\p{Dash}\p{Quotation_Mark}\p{Zs}\u2043\u02d7\u2796\u2032-\u2037\u02b9-\u02bd\u02c8\u02ca\u02cb\u00b4\u05f3\u05f4\ua78c\u3003\u02dd\u2215\u2044\u2571\u29f8\u2216\u29f5\u29f9\u2236\u0589\u05c3\ua789\u02d0\u01c0\u01c1\u01c3\u2223\u23d0\u05c0\u2502\u2503\u2217\u204e\u066d\u02c2-\u02c6\u2768\u2769\u276e\u276f\u0701\ua4f8\u02dc\u2053\u223c\u2038]/u;
const ASCII_SYNTAX = /^[\x20-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e]+$/;
const ELLIPSIS = '\u2026';

export interface ScanOptions {
  /** For lines of a block, where a tab is layout. */
  keepTabs?: boolean;
  /** The text is code (SQL, a command, a call's arguments): punctuation and spaces that look like ASCII syntax are look-alikes too. */
  code?: boolean;
  /** The text is JSON: an escape in it (\n, \", \u202e) is read as a space, so no mark sits on it and no word runs through it. */
  json?: boolean;
}

const JSON_ESCAPE = /\\(?:u[0-9a-fA-F]{4}|.)/g;

/** JSON text with its escapes blanked out, character for character (escapes are ASCII). */
function jsonLayout(chars: readonly string[]): string[] {
  return Array.from(chars.join('').replace(JSON_ESCAPE, (escape) => ' '.repeat(escape.length)));
}

/** What a character is on its own, whatever surrounds it. */
interface Traits {
  hidden: Hidden | undefined;
  mark: boolean;
  enclosing: boolean;
  base: boolean;
  /** Drawn like ASCII punctuation or a space, in code. */
  codeLookalike: boolean;
}

/** Traits of the characters seen so far: a text asks about few characters, many times. */
const traitCache = new Map<string, Traits>();

function traitsOf(char: string): Traits {
  let traits = traitCache.get(char);
  if (!traits) {
    const codeLookalike = CODE_LOOKALIKE.test(char) || (char !== ELLIPSIS && ASCII_SYNTAX.test(char.normalize('NFKC')));
    traits = { hidden: hiddenKind(char.codePointAt(0) as number), mark: MARK.test(char), enclosing: ENCLOSING_MARK.test(char), base: MARK_BASE.test(char), codeLookalike };
    traitCache.set(char, traits);
  }
  return traits;
}

/**
 * What each character of a line is: undefined where it is shown as it is, else the reason it is
 * escaped. A combining mark is shown only on a visible character that is shown as it is, and only
 * up to four of them; an enclosing mark draws around its neighbour, so it is always escaped (but a
 * keycap's). Look-alike letters come from lookalikes.ts.
 */
export function classify(given: readonly string[], options: ScanOptions = {}): Array<Hidden | undefined> {
  const chars = options.json ? jsonLayout(given) : given;
  const keepTabs = options.keepTabs ?? false;
  const code = options.code ?? false;
  const kinds: Array<Hidden | undefined> = [];
  if ((keepTabs ? PLAIN_ASCII_TABS : PLAIN_ASCII).test(chars.join(''))) return chars.map(() => undefined);
  const lookalike = lookalikeAt(chars, code);
  const tagFlags = tagFlagsAt(chars);
  /** The last character shown as it is, when it can carry marks, and how many it carries. */
  let base: string | undefined;
  let marks = 0;
  /** The marks it carries. */
  let marked = '';
  chars.forEach((char, i) => {
    const codePoint = char.codePointAt(0) as number;
    if (codePoint >= 0x20 && codePoint < 0x7f) {
      // Printable ASCII is always shown; only letters and digits carry marks.
      base = ASCII_BASE.test(char) ? char : undefined;
      [marks, marked] = [0, ''];
      kinds.push(undefined);
      return;
    }
    const traits = traitsOf(char);
    const shown = tagFlags.has(i) || (base !== undefined && emojiPart(char, base, chars[i + 1]));
    let kind = shown ? undefined : keepTabs && codePoint === 0x09 ? undefined : (traits.hidden ?? (lookalike.has(i) || (code && traits.codeLookalike) ? 'lookalike' : undefined));
    if (!kind && !shown && traits.mark) {
      kind = base === undefined || marks >= MAX_MARKS || traits.enclosing ? 'mark' : code && !composesWith(base + marked, char) ? 'lookalike' : undefined;
      if (!kind) [marks, marked] = [marks + 1, marked + char];
    } else if (!kind && !shown) {
      base = traits.base ? char : undefined;
      [marks, marked] = [0, ''];
    }
    if (kind) base = undefined;
    else if (shown) base = char;
    kinds.push(kind);
  });
  return kinds;
}

/**
 * Whether a combining mark on an ASCII letter (with the marks it already carries) makes one letter
 * of some orthography, as NFC composes `e` and U+0301 into `é`. In code, a mark that makes none may
 * be drawn as nothing: an i's dot above stands where its own dot is (`admi̇n`). Any other base keeps
 * its marks, as Devanagari vowel signs or Vietnamese tones on `ê` do.
 */
function composesWith(base: string, mark: string): boolean {
  return !ASCII_BASE.test(base[0] as string) || Array.from((base + mark).normalize('NFC')).length === 1;
}

/** The escape people and JSON both read: \n, \t, \r, \u001b, \u202e; \u{e0041} beyond the BMP. */
export function escapeOf(codePoint: number): string {
  if (codePoint === 0x0a) return '\\n';
  if (codePoint === 0x09) return '\\t';
  if (codePoint === 0x0d) return '\\r';
  if (codePoint > 0xffff) return `\\u{${codePoint.toString(16)}}`;
  return `\\u${codePoint.toString(16).padStart(4, '0')}`;
}

/**
 * One line: every hidden character escaped, newlines and tabs included (unless kept), so nothing in
 * it can start a line of its own or move the cursor.
 */
export function scanLine(text: string, options: ScanOptions = {}): Piece[] {
  const block = options.keepTabs ?? false;
  if ((block ? PLAIN_ASCII_TABS : PLAIN_ASCII).test(text)) return text ? spaceGaps(text, block) : [];
  const chars = Array.from(text);
  const kinds = classify(chars, options);
  const out: Piece[] = [];
  let plain = '';
  chars.forEach((char, i) => {
    const kind = kinds[i];
    if (!kind) {
      plain += char;
      return;
    }
    if (plain) out.push(...spaceGaps(plain, block));
    plain = '';
    out.push({ escape: escapeOf(char.codePointAt(0) as number), kind });
  });
  if (plain) out.push(...spaceGaps(plain, block));
  return out;
}

/** Plain text with each run of blanks as a gap, but a single blank, and in a line of a block (`block`) a run up to 16 columns. */
function spaceGaps(text: string, block: boolean): Piece[] {
  const out: Piece[] = [];
  let at = 0;
  for (const match of text.matchAll(SPACE_RUN)) {
    const tabs = match[0].split('\t').length - 1;
    if (match[0].length < 2 || (block && match[0].length + tabs * (TAB_WIDTH - 1) <= MAX_BLOCK_RUN_WIDTH)) continue;
    if (match.index > at) out.push({ text: text.slice(at, match.index) });
    out.push({ gap: 'spaces', count: match[0].length, ...(tabs > 0 ? { tabs: true } : {}) });
    at = match.index + match[0].length;
  }
  if (at < text.length) out.push({ text: text.slice(at) });
  return out;
}


/** What every medium writes for a gap: "299 blank lines", "300 spaces", "32 spaces and tabs". */
export function gapText(gap: Extract<Piece, { gap: unknown }>): string {
  return `${gap.count} ${gap.gap === 'lines' ? 'blank lines' : gap.tabs ? 'spaces and tabs' : 'spaces'}`;
}

/**
 * A multi-line block (SQL, a command, a result): its lines, each scanned as a line with tabs kept;
 * CRLF counts as a line end, a lone CR is escaped. A run of blank lines longer than two becomes
 * one line holding a gap, so padding cannot push a second statement out of view.
 */
export function scanBlock(text: string, options: Pick<ScanOptions, 'json' | 'code'> = {}): Piece[][] {
  const lines = text.split('\n');
  const out: Piece[][] = [];
  let blanks: string[] = [];
  const flushBlanks = () => {
    if (blanks.length > MAX_BLANK_LINES) out.push([{ gap: 'lines', count: blanks.length }]);
    else out.push(...blanks.map((line) => scanLine(line.replace(/\r$/, ''), { ...options, keepTabs: true })));
    blanks = [];
  };
  for (const line of lines) {
    if (BLANK_LINE.test(line)) {
      blanks.push(line);
      continue;
    }
    flushBlanks();
    out.push(scanLine(line.replace(/\r$/, ''), { ...options, keepTabs: true }));
  }
  flushBlanks();
  return out;
}

/** The hidden kinds a set of pieces holds, for the warning a medium prints next to the text. */
export function kindsIn(pieces: readonly Piece[], into: Set<Hidden>): Set<Hidden> {
  for (const piece of pieces) if ('escape' in piece) into.add(piece.kind);
  return into;
}

/**
 * The hidden kinds in every string (keys too) of a value about to be shown as JSON: JSON spells C0
 * controls as \u001b itself, so they would no longer be seen in its text, yet they were sent.
 */
export function kindsInValue(value: unknown, into: Set<Hidden>): Set<Hidden> {
  if (typeof value === 'string') return kindsIn(scanLine(value), into);
  if (Array.isArray(value)) for (const v of value) kindsInValue(v, into);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      kindsIn(scanLine(k), into);
      kindsInValue(v, into);
    }
  }
  return into;
}

const KIND_NAMES: Record<Hidden, string> = {
  control: 'control characters',
  bidi: 'bidi controls',
  invisible: 'invisible characters',
  separator: 'line separators',
  surrogate: 'broken surrogates',
  unassigned: 'private-use, unassigned or noncharacter code points (what they draw depends on the font)',
  mark: 'combining marks with nothing to sit on, stacked past four or drawn around a neighbour',
  lookalike: 'look-alike letters (a word mixing scripts, full-width, mathematical or Roman-numeral forms of ASCII, or in code a word of another script drawn all in ASCII-like letters, a Latin letter drawn as an ASCII one such as the dotless \u0131, or a mark on an ASCII letter that makes no letter) or, in code, punctuation and spaces drawn like ASCII ones',
};

/** The sentence every medium shows when agent text held hidden characters. */
export function hiddenWarning(kinds: ReadonlySet<Hidden>): string {
  const names = [...kinds].map((k) => KIND_NAMES[k]);
  return `This text contains ${names.join(', ')}: they are shown escaped (as \\u202e), never as they would act.`;
}

/** Text cut to `max` characters (code points, whole), and how many more there were. */
export function limit(text: string, max: number): { text: string; more: number } {
  if (text.length <= max) return { text, more: 0 };
  const chars = Array.from(text);
  if (chars.length <= max) return { text, more: 0 };
  return { text: chars.slice(0, max).join(''), more: chars.length - max };
}

/** What a medium prints where it cut a text: never a silent cut. */
export function moreNote(more: number): string {
  return `… (${more} more character${more === 1 ? '' : 's'})`;
}

/**
 * The most a pack's one-line summary holds. Packs cut there; each medium that shows less cuts again
 * itself, after masking where it masks (a chat notification), so a value the pack's cut split never
 * reaches a masked medium: its room is far below this.
 */
export const SUMMARY_MAX = 1000;

/**
 * One line cut to at most `max` characters with the note of what was left out, at a space, so a
 * word (a value masking would recognize, a token) is shown whole or not at all; a surrogate pair
 * is never split.
 */
export function cutAtSpace(line: string, max: number): string {
  if (line.length <= max) return line;
  const room = max - moreNote(line.length).length - 1;
  const space = line.lastIndexOf(' ', room);
  const kept = (space > 0 ? line.slice(0, space) : '').replace(/[\ud800-\udbff]$/, '');
  return `${kept} ${moreNote(Array.from(line.slice(kept.length)).length)}`.trimStart();
}
