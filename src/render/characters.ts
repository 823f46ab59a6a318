// The one classifier of characters that can hide, reorder or forge text on a person's screen, shared
// by the renderers of every medium (terminal, HTML, Slack). Agent text is cut into pieces: plain
// text, single characters that must be shown as an escape (controls, bidi controls, invisible and
// format characters, line separators), and gaps (long runs of blank lines or spaces that would push
// the rest of a text out of view). Each medium draws the pieces its own way; none prints them raw.

export type Hidden = 'control' | 'bidi' | 'invisible' | 'separator' | 'surrogate';

export type Piece = { text: string } | { escape: string; kind: Hidden } | { gap: 'lines' | 'spaces'; count: number };

/**
 * Characters that draw nothing: format characters (Cf) and Unicode's default-ignorables, which a font
 * shows as nothing (fillers, variation selectors, tags, the code points reserved for more of them),
 * so any number of them can ride on a visible character unseen; and the braille blank, a glyph of
 * nothing that is not a space.
 */
const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}\u2800]/u;
/** Characters that look like a space; a long run of them (or of blank lines) is shown as a count. */
const BLANK = '[ \\u00a0\\u1680\\u2000-\\u200a\\u202f\\u205f\\u3000]';
const BLANK_LINE = new RegExp(`^(?:${BLANK}|\\t)*\\r?$`);
const SPACE_RUN = new RegExp(`${BLANK}{${64},}`, 'g');
/** More blank lines than this in a row are shown as "[N blank lines]". */
const MAX_BLANK_LINES = 2;

export function hiddenKind(codePoint: number): Hidden | undefined {
  if (codePoint >= 0x20 && codePoint < 0x7f) return undefined;
  if (codePoint < 0x20 || codePoint === 0x7f || (codePoint >= 0x80 && codePoint <= 0x9f)) return 'control';
  if (codePoint === 0x061c || codePoint === 0x200e || codePoint === 0x200f || (codePoint >= 0x202a && codePoint <= 0x202e) || (codePoint >= 0x2066 && codePoint <= 0x2069)) return 'bidi';
  if (codePoint === 0x2028 || codePoint === 0x2029) return 'separator';
  if (codePoint >= 0xd800 && codePoint <= 0xdfff) return 'surrogate';
  if (INVISIBLE.test(String.fromCodePoint(codePoint))) return 'invisible';
  return undefined;
}

/** The escape people and JSON both read: \n, \t, \r, \u001b, \u202e; \u{e0041} beyond the BMP. */
function escapeOf(codePoint: number): string {
  if (codePoint === 0x0a) return '\\n';
  if (codePoint === 0x09) return '\\t';
  if (codePoint === 0x0d) return '\\r';
  if (codePoint > 0xffff) return `\\u{${codePoint.toString(16)}}`;
  return `\\u${codePoint.toString(16).padStart(4, '0')}`;
}

/**
 * One line: every hidden character escaped, newlines and tabs included, so nothing in it can start
 * a line of its own or move the cursor. `keepTabs` is for lines of a block, where a tab is layout.
 */
export function scanLine(text: string, keepTabs = false): Piece[] {
  const out: Piece[] = [];
  let plain = '';
  const flush = () => {
    if (plain) out.push(...spaceGaps(plain));
    plain = '';
  };
  for (const char of text) {
    const codePoint = char.codePointAt(0) as number;
    const kind = keepTabs && codePoint === 0x09 ? undefined : hiddenKind(codePoint);
    if (!kind) {
      plain += char;
      continue;
    }
    flush();
    out.push({ escape: escapeOf(codePoint), kind });
  }
  flush();
  return out;
}

function spaceGaps(text: string): Piece[] {
  const out: Piece[] = [];
  let at = 0;
  for (const match of text.matchAll(SPACE_RUN)) {
    if (match.index > at) out.push({ text: text.slice(at, match.index) });
    out.push({ gap: 'spaces', count: match[0].length });
    at = match.index + match[0].length;
  }
  if (at < text.length) out.push({ text: text.slice(at) });
  return out;
}

/**
 * A multi-line block (SQL, a command, a result): its lines, each scanned as a line with tabs kept;
 * CRLF counts as a line end, a lone CR is escaped. A run of blank lines longer than two becomes
 * one line holding a gap, so padding cannot push a second statement out of view.
 */
export function scanBlock(text: string): Piece[][] {
  const lines = text.split('\n');
  const out: Piece[][] = [];
  let blanks: string[] = [];
  const flushBlanks = () => {
    if (blanks.length > MAX_BLANK_LINES) out.push([{ gap: 'lines', count: blanks.length }]);
    else out.push(...blanks.map((line) => scanLine(line.replace(/\r$/, ''), true)));
    blanks = [];
  };
  for (const line of lines) {
    if (BLANK_LINE.test(line)) {
      blanks.push(line);
      continue;
    }
    flushBlanks();
    out.push(scanLine(line.replace(/\r$/, ''), true));
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
