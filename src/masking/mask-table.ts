// Masks a table result in place, cell by cell. How each column is masked is planned once per
// result (not per row): cells of a column matched by a column rule are masked whole; cells of a
// fixed-format column (a timestamp, a uuid: see fixed-format-types.ts) are searched for
// gatehouse's own secrets only; every other cell goes through the detectors (strings, JSON values,
// arrays, large numbers, bytes). Column names are masked last, after the rules have been matched
// against the real names.
import type { ResultColumn, TableResult } from '../pipeline/result.ts';
import type { ColumnRuleMatcher } from './column-rules.ts';
import type { MaskCounts } from './counts.ts';
import { MaskingError } from './errors.ts';
import type { FixedFormatMatcher } from './fixed-format-types.ts';
import type { TextMasker } from './text-masker.ts';
import type { ValueMasker, WholeValueRule } from './value-masker.ts';

export interface TableMaskingParts {
  columnRules: ColumnRuleMatcher;
  /** Builds the whole-value rule for a column matched by a column rule. */
  columnRule: (column: ResultColumn, style: WholeValueRule['style']) => WholeValueRule;
  values: ValueMasker;
  text: TextMasker;
  fixedFormat: FixedFormatMatcher;
  /** Masks gatehouse's own secret values only; undefined when none are configured. */
  secretValues: ValueMasker | undefined;
}

type CellMasking = (cell: unknown, counts: MaskCounts) => unknown;

/** Every detector, on every string inside the cell. */
function scanAll(parts: TableMaskingParts): CellMasking {
  return (cell, counts) => parts.values.maskValue(cell, counts);
}

/** How one column's cells are masked; undefined: left as they are. */
function planColumn(column: ResultColumn, parts: TableMaskingParts): CellMasking | undefined {
  const rule = parts.columnRules(column);
  if (rule !== undefined) {
    const whole = parts.columnRule(column, rule.style);
    return (cell, counts) => parts.values.maskWhole(cell, whole, counts);
  }
  if (parts.fixedFormat(column.type)) {
    const { secretValues } = parts;
    return secretValues && ((cell, counts) => secretValues.maskValue(cell, counts));
  }
  return scanAll(parts);
}

export function maskTable(result: TableResult, parts: TableMaskingParts, counts: MaskCounts): void {
  const plan = result.columns.map((column) => planColumn(column, parts));
  // A cell beyond the described columns has no type to trust: it goes through every detector.
  const unplanned = scanAll(parts);
  for (const row of result.rows) {
    if (!Array.isArray(row)) throw new MaskingError('masking_failed', 'table row is not an array');
    for (let i = 0; i < row.length; i++) {
      const cell: unknown = row[i];
      if (cell === null || cell === undefined) continue;
      const mask = i < plan.length ? plan[i] : unplanned;
      if (mask === undefined) continue;
      const masked = mask(cell, counts);
      if (masked !== cell) row[i] = masked;
    }
  }
  for (const column of result.columns) column.name = parts.text.mask(column.name, counts);
}
