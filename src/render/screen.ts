// Rows for a terminal. A terminal wraps a line wider than itself, and the rest of the line starts
// the next row at its first column, where gatehouse writes its own labels: agent text padded to the
// width of the screen would start a row with `decision:   approve by dana`, outside the gutter. So
// gatehouse wraps each line itself, before the terminal does, and starts every row it adds with a
// mark that it continues the line above: every row then starts with gatehouse's own text. Output
// piped or written to a file is wrapped too, as a pager or a viewer would soft-wrap it.
// Widths are counted high (two columns for any character outside printable ASCII, eight for a
// tab), so a row is never wider than the terminal draws it, whatever its fonts and locale.

/** What starts a row that continues the line above it. */
export const CONTINUED = '↪ ';
const TAB_WIDTH = 8;
/** Characters drawn on the one before them (marks, joiners, variation selectors, skin tones, a flag's tags): never the first of a row. */
const CLINGS = /\p{M}|\p{Emoji_Modifier}|\u200d|\p{Variation_Selector}|[\u{e0020}-\u{e007f}]/u;
const JOINER = '\u200d';

function widthOf(char: string): number {
  if (char === '\t') return TAB_WIDTH;
  return char >= ' ' && char < '\x7f' ? 1 : 2;
}

const CONTINUED_WIDTH = Array.from(CONTINUED).reduce((sum, char) => sum + widthOf(char), 0);

/**
 * Rows for output no terminal measures (a pipe, a file): the width of the classic terminal, and the
 * narrowest most viewers (less, an editor, a log page) read at; what they wrap soft at a wider width
 * then starts no row of its own.
 */
const UNMEASURED_COLUMNS = 80;

/**
 * The width standard output is read at: its terminal's; else the COLUMNS it is told; else the
 * terminal standard error still writes to (`| less` wraps at that width); else 80. Output is never
 * left unwrapped: a pager or a file viewer soft-wraps it, and a row it starts would be agent text.
 */
export function screenColumns(): number {
  for (const columns of [process.stdout.columns, Number(process.env.COLUMNS), process.stderr.columns]) if (Number.isInteger(columns) && columns > 0) return columns;
  return UNMEASURED_COLUMNS;
}

/** Text written to one terminal in pieces (a playback), wrapped as it goes: the column carries over from piece to piece. */
export class ScreenRows {
  private column = 0;
  /** Whether the row holds a character of the text yet (not only the mark that it continues). */
  private rowHolds = false;

  constructor(private readonly columns: number = screenColumns()) {}

  fit(text: string): string {
    let out = '';
    let before = '';
    for (const char of text) {
      if (char === '\n') {
        [this.column, this.rowHolds] = [0, false];
      } else {
        const width = widthOf(char);
        // What follows a joiner is drawn with the emoji before it: it stays on that row too.
        if (this.rowHolds && this.column + width > this.columns && !CLINGS.test(char) && before !== JOINER) {
          out += `\n${CONTINUED}`;
          this.column = CONTINUED_WIDTH;
        }
        [this.column, this.rowHolds] = [this.column + width, true];
      }
      out += char;
      before = char;
    }
    return out;
  }
}

/** Whole lines for the terminal (a line printed on its own starts a row): each wrapped to its width. */
export function fitToScreen(text: string, columns: number = screenColumns()): string {
  return new ScreenRows(columns).fit(text);
}
