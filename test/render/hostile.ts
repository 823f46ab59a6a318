// Hostile strings an agent can put into anything a person later reads (SQL, commands, result cells,
// client names, error messages): terminal escape sequences that erase, move, overwrite, link or
// write the clipboard; bidi controls that reorder a line; invisible characters; separators and
// fake newlines that forge a line of gatehouse's own output. Shared by the tests of every medium.

export interface Hostile {
  name: string;
  text: string;
  /** Only line breaks: a multi-line block shows them as lines (behind a gutter) without a flag. */
  lines?: true;
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
  { name: 'Mongolian free variation selectors', text: 'm\u180bn\u180f' },
  { name: 'reserved default-ignorables', text: 'r\u2065s\ufff0t\u{e0002}\u{e0fff}' },
  { name: 'Hangul fillers and combining grapheme joiner', text: 'h\u115f\u1160\uffa0\u034f' },
  { name: 'braille blank', text: 'DELETE\u2800FROM' },
  { name: 'line separator', text: 'one\u2028two' },
  { name: 'paragraph separator', text: 'one\u2029two' },
  { name: 'fake newline: forged approval decision', text: "x'\ndecision:   deny by dana at 2026-01-01T00:00:00.000Z: FORGED\nstate:      denied FORGED", lines: true },
  { name: 'fake newline: forged replay call', text: '\n[9] 2026-01-01T00:00:00.000Z  postgres_query on shop\n    decision  deny by sql-deny-destructive (deny): FORGED', lines: true },
];

/** What must never reach a person's screen from agent text, whatever the medium. */
// eslint-disable-next-line no-control-regex, no-misleading-character-class -- these are exactly the characters the tests look for
export const FORBIDDEN = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u00ad\u034f\u061c\u115f\u1160\u180b-\u180f\u200b-\u200f\u2028-\u202e\u2060-\u206f\u2800\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8\u{e0000}-\u{e0fff}]/u;

/** Lines that hold forged text at their start, where gatehouse's own labels are. */
export function forgedLines(output: string): string[] {
  return output.split('\n').filter((line) => line.includes('FORGED') && /^\s*(decision|state|approval|\[\d+\])\b/.test(line));
}
