// Masks a table result in place, cell by cell. Column rules are resolved once per result (not
// per row); cells of a masked column are masked whole, every other cell goes through the
// detectors (strings, JSON values, arrays, large numbers, bytes). Column names are masked last,
// after the rules have been matched against the real names.
import type { ResultColumn, TableResult } from '../pipeline/result.ts';
import type { ColumnRuleMatcher } from './column-rules.ts';
import type { MaskCounts } from './counts.ts';
import { MaskingError } from './errors.ts';
import type { TextMasker } from './text-masker.ts';
import type { ValueMasker, WholeValueRule } from './value-masker.ts';

export interface TableMaskingParts {
  columnRules: ColumnRuleMatcher;
  /** Builds the whole-value rule for a column matched by a column rule. */
  columnRule: (column: ResultColumn, style: WholeValueRule['style']) => WholeValueRule;
  values: ValueMasker;
  text: TextMasker;
}

export function maskTable(result: TableResult, parts: TableMaskingParts, counts: MaskCounts): void {
  const plan = result.columns.map((column) => {
    const rule = parts.columnRules(column);
    return rule === undefined ? undefined : parts.columnRule(column, rule.style);
  });
  const { values } = parts;
  for (const row of result.rows) {
    if (!Array.isArray(row)) throw new MaskingError('masking_failed', 'table row is not an array');
    for (let i = 0; i < row.length; i++) {
      const cell: unknown = row[i];
      if (cell === null || cell === undefined) continue;
      const rule = plan[i];
      const masked = rule !== undefined ? values.maskWhole(cell, rule, counts) : values.maskValue(cell, counts);
      if (masked !== cell) row[i] = masked;
    }
  }
  for (const column of result.columns) column.name = parts.text.mask(column.name, counts);
}
