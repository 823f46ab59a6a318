// The changed rows an impact preview sampled (masked when the request was made), for the terminal:
// one block per table, a header of column names, then one line per row, every cell through the
// request's TerminalText and cut with a note, so a wide value neither hides the others nor escapes.
import { sampleCaption } from '../approval/impact.ts';
import type { Impact } from '../pipeline/toolpack.ts';
import type { TerminalText } from '../render/terminal.ts';

const CELL_MAX = 60;

function cellText(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function sampleLines(impact: Impact | undefined, t: TerminalText): string[] {
  return (impact?.samples ?? []).flatMap((sample) => [
    `  ${t.line(sample.table)}, ${sampleCaption(sample)}:`,
    `    ${sample.rows.columns.map((c) => t.line(c.name, CELL_MAX)).join(' | ')}`,
    ...sample.rows.rows.map((row) => `    ${row.map((cell) => t.line(cellText(cell), CELL_MAX)).join(' | ')}`),
  ]);
}
