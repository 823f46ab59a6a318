// Masking must see what the reader sees: a value split over lines inside one cell is found whole,
// and the text table shows a line break as its escape, never as a space that would join pieces the
// detectors never read as one text.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { createMasker, DEFAULT_PROFILE } from '../../src/masking/index.ts';
import { renderResult } from '../../src/pipeline/render.ts';
import type { TableResult } from '../../src/pipeline/result.ts';

const masker = createMasker(DEFAULT_PROFILE, { secretValues: [] });

function table(cells: string[]): TableResult {
  return { kind: 'table', command: 'SELECT', rowCount: cells.length, columns: [{ name: 'note', type: 'text' }], rows: cells.map((cell) => [cell]) };
}

/** Masks and renders one column of cells; the text block and the masked cells. */
function shown(cells: string[]): { text: string; rows: unknown[][] } {
  const result = table(cells);
  const summary = masker.maskResult(result);
  const rendered = renderResult(result, { masked: `masked ${summary.total} values`, maskedCount: summary.total });
  return { text: rendered.content[0]?.text ?? '', rows: result.rows };
}

describe('masking and the text table', () => {
  it('masks values split over lines in a cell and shows the line breaks as escapes', () => {
    const { text, rows } = shown(['card 4111 1111\n1111 1111', 'iban DE89 3704\r\n0044 0532 0130 00', 'call 415-555\n2671', 'mail ada@exam\nple.com', 'phone\n4155552671']);
    assert.deepEqual(rows, [
      ['card **** ****\n**** 1111'],
      ['iban [REDACTED:iban]'],
      ['call ***-***\n**71'],
      ['mail a***@exam\nple.com'],
      ['phone\n********71'],
    ]);
    const lines = text.split('\n');
    assert.deepEqual(lines.slice(1, 6), ['card **** ****\\n**** 1111', 'iban [REDACTED:iban]', 'call ***-***\\n**71', 'mail a***@exam\\nple.com', 'phone\\n********71']);
  });

  it('never shows a cell on more than one line, nor one of its line breaks as a space', () => {
    const { text } = shown(['a\nb\rc\u2028d\u2029e\u0085f\vg\fh|i']);
    assert.equal(text.split('\n')[1], 'a\\nb\\rc\\u2028d\\u2029e\\u0085f\\vg\\fh\\|i');
  });

  it('lays the table out as a header and one line per row, so a cell cannot pass for another column', () => {
    const result: TableResult = {
      kind: 'table',
      command: 'SELECT',
      rowCount: 2,
      columns: [{ name: 'id', type: 'int4' }, { name: 'note', type: 'text' }, { name: 'tags', type: 'jsonb' }],
      rows: [
        [1, 'a | fake column', ['x']],
        [2, null, { k: 'v' }],
      ],
    };
    const lines = (renderResult(result, { masked: '', maskedCount: 0 }).content[0]?.text ?? '').split('\n');
    assert.deepEqual(lines.slice(0, 3), ['id | note | tags', '1 | a \\| fake column | ["x"]', '2 | NULL | {"k":"v"}']);
    const empty = renderResult({ ...result, rows: [], rowCount: 0 }, { masked: '', maskedCount: 0 }).content[0]?.text ?? '';
    assert.deepEqual(empty.split('\n').slice(0, 2), ['id | note | tags', '(no rows)']);
  });

  it('shows no card that masking left whole, however its pieces are spread over lines (property)', () => {
    const breaks = fc.constantFrom('\n', '\r\n', '\r', '\u2028');
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 15 }), breaks), { minLength: 1, maxLength: 4 }), (cuts) => {
        let cell = '4111111111111111';
        for (const [at, lineBreak] of [...cuts].sort((a, b) => b[0] - a[0])) cell = cell.slice(0, at) + lineBreak + cell.slice(at);
        const row = shown([cell]).text.split('\n')[1] ?? '';
        // The partial style keeps the last 4 digits; the escape of U+2028 is no digit of the card.
        assert.equal(row.replaceAll('\\u2028', '').replace(/\D/g, ''), '1111', JSON.stringify(cell));
      }),
    );
  });
});
