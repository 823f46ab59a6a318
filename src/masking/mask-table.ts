// Masks a table result in place, cell by cell. How each column is masked is planned once per
// result (not per row): cells of a column computed from protected columns (derivedFrom) are
// redacted whole, NULLs, booleans and arrays too (value-masker.ts, maskComputed); cells of a column matched by a column rule are masked whole; cells of a
// fixed-format column (a timestamp, a uuid: see fixed-format-types.ts) are searched for
// gatehouse's own secrets only; every other cell goes through the detectors (strings, JSON values,
// arrays, large numbers, bytes). Column names are masked last, after the rules have been matched
// against the real names. A number split over cells, one group a cell, a value split one character
// a cell and a value cut into pieces are read across them last (split-numbers.ts,
// split-characters.ts, split-pieces.ts).
import type { ResultColumn, TableResult } from '../pipeline/result.ts';
import type { ColumnRuleMatcher } from './column-rules.ts';
import type { MaskCounts } from './counts.ts';
import { MaskingError } from './errors.ts';
import type { FixedFormatMatcher } from './fixed-format-types.ts';
import { maskSplitCharacters } from './split-characters.ts';
import { maskSplitPieces } from './split-pieces.ts';
import { maskColumns } from './positioned-cells.ts';
import { maskNeighbouringGroups } from './split-numbers.ts';
import type { TextMasker } from './text-masker.ts';
import type { ValueMasker, WholeValueRule } from './value-masker.ts';

export interface TableMaskingParts {
  columnRules: ColumnRuleMatcher;
  /** Builds the whole-value rule for a column matched by a column rule. */
  columnRule: (column: ResultColumn, style: WholeValueRule['style']) => WholeValueRule;
  /** Builds the whole-value rule for a column computed from protected columns. */
  derivedRule: (column: ResultColumn) => WholeValueRule;
  values: ValueMasker;
  text: TextMasker;
  /** Masks a number split over cells (split-numbers.ts): the detectors that tell one from neighbouring fields. */
  splitNumbers: TextMasker;
  /** Masks a value split one character a cell or cut into pieces (split-characters.ts, split-pieces.ts): every detector, redacting whole. */
  splitValues: TextMasker;
  fixedFormat: FixedFormatMatcher;
  /** Masks gatehouse's own secret values only; undefined when none are configured. */
  secretValues: ValueMasker | undefined;
}

/**
 * How one column's cells are masked. A plain record rather than a closure per column: the cell
 * loop then calls each masker from its own call site, which V8 can inline, instead of one call
 * site that sees a different function per column.
 */
interface ColumnPlan {
  /** The column rule's whole-value rule; undefined: not under a column rule. */
  whole: WholeValueRule | undefined;
  /** Fixed-format column: searched for gatehouse's own secrets only (skipped when none are held). */
  secretsOnly: boolean;
  /** Computed from protected columns: `whole` replaces every cell, NULL included. */
  computed: boolean;
}

/** A cell beyond the described columns has no type to trust: it goes through every detector. */
const UNPLANNED: ColumnPlan = { whole: undefined, secretsOnly: false, computed: false };

function planColumn(column: ResultColumn, parts: TableMaskingParts): ColumnPlan {
  if (column.derivedFrom !== undefined && column.derivedFrom.length > 0) return { whole: parts.derivedRule(column), secretsOnly: false, computed: true };
  const rule = parts.columnRules(column);
  if (rule !== undefined) return { whole: parts.columnRule(column, rule.style), secretsOnly: false, computed: false };
  return { whole: undefined, secretsOnly: parts.fixedFormat(column.type), computed: false };
}

export function maskTable(result: TableResult, parts: TableMaskingParts, counts: MaskCounts): void {
  const plan = result.columns.map((column) => planColumn(column, parts));
  const { values, secretValues } = parts;
  const rows = result.rows;
  for (const row of rows) {
    if (!Array.isArray(row)) throw new MaskingError('masking_failed', 'table row is not an array');
    for (let i = 0; i < row.length; i++) {
      const cell: unknown = row[i];
      const { whole, secretsOnly, computed } = i < plan.length ? (plan[i] as ColumnPlan) : UNPLANNED;
      if (computed && whole !== undefined) {
        row[i] = values.maskComputed(cell, whole, counts);
        continue;
      }
      if (cell === null || cell === undefined) continue;
      let masked: unknown;
      if (whole !== undefined) masked = values.maskWhole(cell, whole, counts);
      else if (!secretsOnly) masked = values.maskValue(cell, counts);
      else if (secretValues !== undefined) masked = secretValues.maskValue(cell, counts);
      else continue;
      if (masked !== cell) row[i] = masked;
    }
  }
  maskSplitValues(rows, result.columns, parts, counts);
  for (const column of result.columns) column.name = parts.text.mask(column.name, counts);
}

/**
 * A number split over cells, one group a cell (split-numbers.ts), and a value split one character a
 * cell (split-characters.ts) or cut into pieces a cell each (split-pieces.ts), read along each row
 * and down each column, and down a column also in the order of a column of places beside it
 * (positioned-cells.ts). The columns are read as the rows came, the
 * writes held till both are read: a value masked along a row must not take the first group from a
 * value down a column and leave its other groups shown.
 * Only a statement can split a value over cells: a column that shows a stored column as it is
 * (`stored`) holds what the table holds, so it is not read and breaks a run along a row, as NULL does.
 * Tables of honest numbers (ids, codes, amounts side by side) are mostly such columns.
 */
function maskSplitValues(rows: unknown[][], columns: readonly ResultColumn[], parts: TableMaskingParts, counts: MaskCounts): void {
  const writes: Array<readonly [unknown[], number, string]> = [];
  const read = (c: number) => columns[c]?.stored !== true;
  // One reader and writer for all rows and one for all columns, over the row or column at hand: none made per row.
  let row: unknown[] = [];
  const inRow = (i: number) => (read(i) ? row[i] : null);
  const writeInRow = (i: number, masked: string) => writes.push([row, i, masked]);
  let width = 0;
  for (row of rows) {
    maskNeighbouringGroups(row.length, inRow, writeInRow, parts.splitNumbers, counts);
    maskSplitCharacters(row.length, inRow, writeInRow, parts.splitValues, counts);
    maskSplitPieces(row.length, inRow, writeInRow, parts.splitValues, counts);
    if (row.length > width) width = row.length;
  }
  maskColumns(rows, width, read, { splitNumbers: parts.splitNumbers, splitValues: parts.splitValues, counts, write: (row, i, masked) => writes.push([row, i, masked]) });
  for (const [row, i, masked] of writes) row[i] = masked;
}
