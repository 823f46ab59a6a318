// Hostile strings an agent can put into anything a person later reads (SQL, commands, result cells,
// client names, error messages): terminal escape sequences that erase, move, overwrite, link or
// write the clipboard; bidi controls that reorder a line; invisible characters; separators and
// fake newlines that forge a line of gatehouse's own output; combining marks that draw over their
// neighbours or over an escape; look-alike letters that pass a name off as another; padding with
// tabs. Shared by the tests of every medium, with DECOYS: ordinary non-ASCII text that must stay as
// it is and raise no flag.

export interface Hostile {
  name: string;
  text: string;
  /** Only line breaks or padding: a multi-line block shows them as lines (behind a gutter) or a count, without a flag. */
  lines?: true;
  /** Text that must not reach the screen as it is (a look-alike name, a stack of marks). */
  raw?: string[];
}

export const HOSTILE: readonly Hostile[] = [
  { name: 'CSI erase line', text: 'real\u001b[2Kfake' },
  { name: 'CSI cursor up', text: 'line\u001b[1Aup' },
  { name: 'CSI clear screen and home', text: '\u001b[2J\u001b[Hclean' },
  { name: 'SGR concealed text', text: '\u001b[8mDROP TABLE orders\u001b[0m' },
  { name: 'terminal reset', text: '\u001bcreset' },
  { name: 'CR overwrite', text: 'DELETE FROM orders\rSELECT 1 -- harmless    ' },
  { name: 'CRLF forged line', text: 'x\r\n    approval  2026-01-01T00:00:00.000Z deny by dana -> denied FORGED', lines: true },
  { name: 'OSC 8 hyperlink', text: '\u001b]8;;https://evil.example/approve\u0007Approve\u001b]8;;\u0007' },
  { name: 'OSC 52 clipboard write', text: '\u001b]52;c;cm0gLXJmIC8K\u0007' },
  { name: 'OSC 0 window title', text: '\u001b]0;gatehouse: all clear\u0007' },
  { name: 'BEL', text: 'ding\u0007' },
  { name: 'backspaces', text: 'DELETE\b\b\b\b\b\bSELECT' },
  { name: 'NUL', text: 'nul\u0000here' },
  { name: 'vertical tab and form feed', text: 'a\u000bb\u000cc' },
  { name: 'DEL', text: 'del\u007f' },
  { name: '8-bit CSI (C1)', text: 'c1\u009b2Kgone' },
  { name: 'C1 OSC and ST', text: '\u009d8;;https://evil.example\u009c' },
  { name: 'DCS, APC and PM strings (7-bit)', text: '\u001bP1$r0m\u001b\\ \u001b_apc payload\u001b\\ \u001b^pm\u001b\\ shown' },
  { name: 'DCS, APC and PM strings (8-bit C1)', text: '\u0090q#0;2;0;0;0\u009c \u009fapc\u009c \u009epm\u009c shown' },
  { name: 'next line (NEL) as a line break', text: 'SELECT 1\u0085DROP TABLE orders' },
  { name: 'interlinear annotation and language tag', text: 'DROP\ufff9TABLE\ufffaorders\ufffb \u{e0001}en' },
  { name: 'right-to-left override', text: "/* \u202e } \u2066if (isAdmin)\u2069 \u2066 begin admins only */" },
  { name: 'left-to-right isolate', text: 'a\u2066b\u2069c' },
  { name: 'first-strong and right-to-left isolates', text: '\u2067x\u2068y\u2069' },
  { name: 'Arabic letter mark and LRM/RLM', text: '\u061c\u200e\u200f' },
  { name: 'zero-width joiner and space', text: 'ad\u200dmin\u200b' },
  { name: 'word joiner and invisible operators', text: 'w\u2060j\u2062' },
  { name: 'byte order mark and soft hyphen', text: '\ufeffdrop\u00adtable' },
  { name: 'Mongolian vowel separator and Hangul filler', text: 'm\u180ev\u3164h' },
  { name: 'tag characters', text: 'tag\u{e0041}\u{e0042}\u{e007f}' },
  { name: 'variation selectors carrying hidden bytes', text: 'ok\ufe00\ufe0f\u{e0100}\u{e01ef}' },
  { name: 'joiners beside an emoji but not joining two', text: 'x\u200d\u{1f44d} \u{1f44d}\u200dx \u{1f44d}\u200d\u200d\u{1f44d} a\ufe0f' },
  { name: 'Mongolian free variation selectors', text: 'm\u180bn\u180f' },
  { name: 'reserved default-ignorables', text: 'r\u2065s\ufff0t\u{e0002}\u{e0fff}' },
  { name: 'Hangul fillers and combining grapheme joiner', text: 'h\u115f\u1160\uffa0\u034f' },
  { name: 'braille blank', text: 'DELETE\u2800FROM' },
  { name: 'line separator', text: 'one\u2028two' },
  { name: 'paragraph separator', text: 'one\u2029two' },
  { name: 'fake newline: forged approval decision', text: "x'\ndecision:   deny by dana at 2026-01-01T00:00:00.000Z: FORGED\nstate:      denied FORGED", lines: true },
  { name: 'lone high surrogate', text: 'DROP\ud800TABLE' },
  { name: 'lone low surrogate', text: 'x\udc00y' },
  { name: 'combining marks stacked over the lines around (Zalgo)', text: `Z${'\u0300\u0301\u0302\u0303\u0304\u0305\u0306\u0307\u0308\u0309\u030a'.repeat(4)}algo`, raw: ['\u0300\u0301\u0302\u0303\u0304'] },
  { name: 'combining mark at the start, to sit on the gutter', text: '\u0338\u20e5DROP TABLE orders', raw: ['\u0338', '\u20e5'] },
  { name: 'combining mark after a hidden character, to change its escape', text: 'a\u202e\u0336\u0338b', raw: ['\u0336', '\u0338'] },
  { name: 'combining mark after a space', text: 'DROP \u0338TABLE', raw: ['\u0338'] },
  { name: 'enclosing marks drawing around a neighbour', text: 'DROP\u20dd TABLE\u20e0 x\u0489', raw: ['\u20dd', '\u20e0', '\u0489'] },
  { name: 'Cyrillic letter in a table name', text: 'DELETE FROM us\u0435rs WHERE id = 1', raw: ['us\u0435rs'] },
  { name: 'Cyrillic letters in a path', text: 'cat /etc/\u0440\u0430sswd', raw: ['\u0440\u0430sswd'] },
  { name: 'Greek omicron in a host name', text: 'db-pr\u03bfd.internal', raw: ['pr\u03bfd'] },
  { name: 'Cyrillic word with one Latin letter', text: 'ns \u0440\u0430\u0443\u0440\u0430l', raw: ['\u0440\u0430\u0443\u0440\u0430l'] },
  { name: 'full-width command name', text: '\uff52\uff4d -rf /', raw: ['\uff52\uff4d'] },
  { name: 'small capitals in a table name', text: 'DELETE FROM \u1d1csers WHERE id = 1', raw: ['\u1d1csers'] },
  { name: 'a statement in small capitals', text: '\u1d05\u0280\u1d0f\u1d18 \u1d1b\u1d00\u0299\u029f\u1d07 orders', raw: ['\u1d05\u0280'] },
  { name: 'IPA letters in a path', text: 'cat /etc/p\u0251sswd', raw: ['p\u0251sswd'] },
  { name: 'mathematical bold letters', text: 'TRUNCATE \u{1d42e}\u{1d42c}\u{1d41e}\u{1d42b}\u{1d42c}', raw: ['\u{1d42e}'] },
  { name: 'tabs pushing a statement off to the right', text: `SELECT 1;${'\t'.repeat(300)}DROP TABLE orders`, lines: true, raw: ['\t'.repeat(9)] },
  { name: 'fake chrome: warning, approval and gutter lines', text: "x\nWARNING:    none FORGED\napproved by dana FORGED\nrules:      sql-read (allow) FORGED\n│ end of agent text\nsummary:    SELECT 1 FORGED", lines: true },
  { name: 'fake newline: forged replay call', text: '\n[9] 2026-01-01T00:00:00.000Z  postgres_query on shop\n    decision  deny by sql-deny-destructive (deny): FORGED', lines: true },
];

/** The hostile strings SQL can carry: PostgreSQL refuses NUL, and the SQL parser lone surrogates (a client's name carries those). */
// eslint-disable-next-line no-control-regex -- NUL is exactly what SQL cannot carry
export const IN_SQL = HOSTILE.filter((h) => !/[\u0000\ud800-\udfff]/u.test(h.text));
/** Every hostile string SQL can carry, at once. */
export const EVERYTHING_IN_SQL = IN_SQL.map((h) => h.text).join(' ');

/** What must never reach a person's screen from agent text, whatever the medium. */
// eslint-disable-next-line no-control-regex, no-misleading-character-class -- these are exactly the characters the tests look for
export const FORBIDDEN = /[\ud800-\udfff\u0000-\u0009\u000b-\u001f\u007f-\u009f\u00ad\u034f\u061c\u115f\u1160\u180b-\u180f\u200b-\u200f\u2028-\u202e\u2060-\u206f\u2800\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8\u{e0000}-\u{e0fff}]/u;

/** Lines that hold forged text at their start, where gatehouse's own labels are. */
export function forgedLines(output: string): string[] {
  return output.split('\n').filter((line) => line.includes('FORGED') && /^\s*(decision|state|approval|approved|warning|rules|\[\d+\])\b/i.test(line));
}

/** The first thing an output shows that it must not: a forbidden character, a mark on nothing or stacked, a look-alike form. */
export function unsafe(output: string, raw: readonly string[] = []): string | undefined {
  const bad = FORBIDDEN.exec(output) ?? MISPLACED_MARK.exec(output) ?? LOOKALIKE_FORM.exec(output);
  if (bad) return `U+${(bad[0].codePointAt(bad[0].length - 1) ?? 0).toString(16).padStart(4, '0')} at ${bad.index}: ${JSON.stringify(output.slice(Math.max(0, bad.index - 40), bad.index + 20))}`;
  const shown = raw.find((r) => output.includes(r));
  const at = shown === undefined ? -1 : output.indexOf(shown);
  return shown === undefined ? undefined : `${JSON.stringify(shown)} shown as it is at ${at}: ${JSON.stringify(output.slice(Math.max(0, at - 40), at + 20))}`;
}
/** A combining mark with nothing to sit on (line start, a space, a tag's end), more than four in a row, or an enclosing mark. */
const MISPLACED_MARK = /(?:^|[\s>])\p{M}|\p{M}{5}|\p{Me}/mu;
/** Full-width, mathematical and small-capital forms of ASCII letters and digits, and the IPA letters drawn as them. */
const LOOKALIKE_FORM = /[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\u{1d400}-\u{1d7ff}\u1d00-\u1d22\u0299\u029c\u029f\u0262\u026a\u0274\u0280\u028f\ua730\ua731\ua7af\u0251\u0261\u0269\u0237]/u;

/** Ordinary text in other scripts and emoji: every medium shows it as it is, and flags nothing. */
export const DECOYS: readonly string[] = [
  'José Müller',
  'Jose\u0301 Mu\u0308ller (decomposed)',
  'Zoë Ångström, Straße, Øre, naïve café',
  'Nguye\u0302\u0303n Vie\u0323\u0302t (Vietnamese, decomposed)',
  '北京市朝阳区 王小明',
  'ＡＢＣ株式会社 東京都',
  'Ελληνικά, Москва, Київ',
  'नमस्ते दुनिया, தமிழ், བོད་ཡིག',
  'thumbs 👍🏽, heart ❤️, family 👨‍👩‍👧, keycap 1️⃣, flag 🇫🇷',
  '10 µs, 50 m², 100 €, “quoted” — dash… ellipsis',
  'iPhone 15 Pro, café-bar, e-mail',
];
