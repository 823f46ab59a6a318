// Agent text for a terminal: the CLI's `approvals`, `sessions` and `replay` print every value an
// agent controls (SQL, commands, client names, results, error messages, reasons) through one
// TerminalText, so no escape sequence, cursor move, carriage return, bidi control or invisible
// character reaches the screen: each is printed as its escape (\u001b) and the text is flagged, so
// the command can say so. A multi-line block keeps its lines, each behind a gutter ("│ "), so a
// line inside agent text can never pass for a line of gatehouse's own.
import { classify, gapText, hiddenWarning, kindsIn, kindsInValue, limit, moreNote, rtlRuns, scanBlock, scanLine, type Hidden, type Piece, type ScanOptions } from './characters.ts';

/** `code`: the value is code (SQL, a command, a call's arguments), where look-alike punctuation and spaces are escaped too. */
type TextOptions = Pick<ScanOptions, 'code'>;

export const GUTTER = '│ ';

function draw(pieces: readonly Piece[]): string {
  return pieces.map((p) => ('text' in p ? rtlRuns(p.text) : 'escape' in p ? p.escape : `[${gapText(p)}]`)).join('');
}

/** One output unit (an approval, a call of a replay): renders its agent text and remembers what it flagged. */
export class TerminalText {
  readonly found = new Set<Hidden>();

  /** A value on one line: newlines and tabs are escaped too. Cut at `max` characters, saying so. */
  line(value: unknown, max?: number, options: TextOptions = {}): string {
    const { text, more } = max === undefined ? { text: String(value), more: 0 } : limit(String(value), max);
    const pieces = scanLine(text, options);
    kindsIn(pieces, this.found);
    return draw(pieces) + (more ? moreNote(more) : '');
  }

  /** A multi-line value, one string per line, each line starting with the gutter. */
  block(value: unknown, options: TextOptions = {}): string[] {
    return scanBlock(String(value), options).map((line) => {
      kindsIn(line, this.found);
      return line.length > 0 ? GUTTER + draw(line) : GUTTER.trimEnd();
    });
  }

  /**
   * A value as one line of JSON. JSON already spells C0 controls as \u001b, as this renderer does;
   * the rest (DEL, C1, bidi, invisible, separators) it leaves raw, so the line is scanned after it.
   */
  json(value: unknown, options: TextOptions = {}): string {
    kindsInValue(value, this.found);
    const pieces = scanLine(JSON.stringify(value) ?? 'null', { ...options, json: true });
    kindsIn(pieces, this.found);
    return draw(pieces);
  }

  /** The warning line to print next to the unit, when any of its agent text held hidden characters. */
  warning(): string | undefined {
    return this.found.size > 0 ? hiddenWarning(this.found) : undefined;
  }
}

const PLAIN_JSON = /^[\n\x20-\x7e]*$/;

/**
 * JSON for a terminal (--json, --format json): the same data, with every character the renderers
 * escape that JSON.stringify leaves raw (DEL, C1, bidi, invisible, separators, misplaced marks,
 * look-alike letters) written as a \uXXXX escape, which any JSON reader turns back into the same
 * string.
 */
export function terminalJson(value: unknown, indent?: number): string {
  return escapedJsonText(JSON.stringify(value, null, indent) ?? 'null');
}

/**
 * JSON text some other writer made (a log line), escaped as terminalJson escapes it. Every
 * character it escapes can only stand inside a JSON string, where its escape means the same.
 */
export function escapedJsonText(text: string): string {
  // Printable ASCII and layout newlines hold nothing to escape: the common case, decided by one scan.
  if (PLAIN_JSON.test(text)) return text;
  const chars = Array.from(text);
  const kinds = classify(chars, { json: true });
  // Raw C0 in JSON text is only its own layout (newlines): inside strings JSON escaped them. A
  // right-to-left run is escaped whole, spaces aside: JSON cannot set it apart without changing the data.
  const shown = chars.map((char, i) => (!kinds[i] || char < ' ' ? char : jsonEscape(char))).join('');
  return rtlRuns(shown, (run) => Array.from(run, (char) => (char === ' ' ? char : jsonEscape(char))).join(''));
}

/** A character as JSON's \uXXXX escapes: one per UTF-16 unit, the only form JSON has. */
function jsonEscape(char: string): string {
  let out = '';
  for (let i = 0; i < char.length; i++) out += `\\u${char.charCodeAt(i).toString(16).padStart(4, '0')}`;
  return out;
}
