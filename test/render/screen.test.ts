// Rows for a terminal on their own: a line wider than the terminal is wrapped by gatehouse, each
// added row starting with the mark that it continues the line above, so no row starts with agent
// text (a label padded to the width of the screen). Widths are counted high, so no row is wider than
// a terminal draws it with ambiguous-width characters wide; ordinary text in any script, emoji and
// marks come back whole when the rows are joined, and a mark or joiner never starts a row.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CONTINUED, fitToScreen, ScreenRows, screenColumns } from '../../src/render/screen.ts';
import { TerminalText } from '../../src/render/terminal.ts';
import { DECOYS, forgedLines, HOSTILE } from './hostile.ts';

const WIDTHS = [20, 40, 80, 132];
const LABEL = 'decision:   approve by dana FORGED';

/** A forged label at every column in turn of a row `columns` wide. */
function paddedLabels(columns: number): string {
  return Array.from({ length: columns + 1 }, () => LABEL.padEnd(columns + 1, '.')).join('');
}

/** The widest a terminal draws a line: two columns for anything outside ASCII, a tab to the next stop. */
function drawnWidth(line: string): number {
  let column = 0;
  for (const char of line) column += char === '\t' ? 8 - (column % 8) : /\p{M}/u.test(char) ? 0 : char < '\x7f' ? 1 : 2;
  return column;
}

const joined = (rows: string) => rows.replaceAll(`\n${CONTINUED}`, '');

describe('rows for a terminal', () => {
  it('wraps every line at the width given, so no row starts with a forged label, and says a row continues', () => {
    for (const columns of WIDTHS) {
      for (const { name, text } of [...HOSTILE, { name: 'padded labels', text: paddedLabels(columns) }]) {
        const t = new TerminalText();
        const output = [`summary:    ${t.line(text)}`, 'arguments:', '  sql:', ...t.block(text).map((l) => `    ${l}`)].join('\n');
        const fitted = fitToScreen(output, columns);
        for (const row of fitted.split('\n')) assert.ok(drawnWidth(row) <= columns, `${name}, ${columns} columns: ${JSON.stringify(row)}`);
        assert.deepEqual(forgedLines(fitted), [], `${name}, ${columns} columns`);
        assert.equal(joined(fitted), output, `${name}: joined, the rows are the lines`);
      }
    }
    assert.match(fitToScreen(`x ${paddedLabels(80)}`, 80), /\n↪ decision: {3}approve by dana FORGED/);
  });

  it('keeps ordinary text whole, and never starts a row with a mark, a joiner or a variation selector', () => {
    const decoys = [...DECOYS, 'שלום עולם, مرحبا بالعالم', 'Nguye\u0302\u0303n'.repeat(30), '👨‍👩‍👧 👍🏽 1️⃣ '.repeat(30)];
    for (const columns of WIDTHS) {
      for (const decoy of decoys) {
        const line = `reason:     ${decoy} ${decoy}`;
        const fitted = fitToScreen(line, columns);
        assert.equal(joined(fitted), line);
        for (const row of fitted.split('\n').slice(1)) assert.doesNotMatch(row.slice(CONTINUED.length), /^(?:\p{M}|\p{Emoji_Modifier}|\u200d|\p{Variation_Selector}|[\u{e0020}-\u{e007f}])/u, `${columns} columns: ${JSON.stringify(row)}`);
        for (const row of fitted.split('\n').slice(0, -1)) assert.doesNotMatch(row, /\u200d$/u, `${columns} columns: an emoji sequence cut at its joiner: ${JSON.stringify(row)}`);
      }
    }
  });

  it('leaves lines that fit as they are', () => {
    assert.equal(fitToScreen('short\nlines', 80), 'short\nlines');
  });

  it('carries the column from one piece of text to the next, as a playback writes them', () => {
    const screen = new ScreenRows(10);
    assert.equal(screen.fit('abcdef') + screen.fit('ghijkl\nmn') + screen.fit('op'), `abcdefghij\n${CONTINUED}kl\nmnop`);
  });

  it('reads the width from the terminal, from COLUMNS when standard output is not one, else from standard error\'s terminal, else wraps at 80', () => {
    const saved = process.env.COLUMNS;
    try {
      process.env.COLUMNS = '100';
      assert.equal(screenColumns(), process.stdout.columns || 100);
      for (const junk of ['', 'wide', '-3', '0', '1.5']) {
        process.env.COLUMNS = junk;
        assert.equal(screenColumns(), process.stdout.columns || process.stderr.columns || 80, junk);
      }
    } finally {
      if (saved === undefined) delete process.env.COLUMNS;
      else process.env.COLUMNS = saved;
    }
  });
});
