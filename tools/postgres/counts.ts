// How many rows a statement changed, stored, moved or returned is a value when protected columns
// chose those rows: `INSERT ... SELECT FROM generate_series(1, <six digits of a card>)` answers
// INSERT 0 411111. Such a count is withheld from the agent like a value (the rows themselves, if
// any, are masked as lineage says); a read's count is the rows it shows, capped as they are.
import type { TableResult } from '../../src/pipeline/result.ts';
import type { ColumnProtection } from '../../src/pipeline/toolpack.ts';
import { protectedLabels, type CallLineage } from './lineage/index.ts';

export const COUNT_WITHHELD = '(count withheld: protected columns chose its rows)';

/** Whether statement `index`'s count may be shown. */
export type CountShown = (index: number) => boolean;

export function countShown(lineage: CallLineage, protection: ColumnProtection): CountShown {
  // A statement the lineage did not count (more results than statements) fails closed.
  return (index) => {
    const counted = lineage.counted[index];
    return counted !== undefined && protectedLabels(counted, protection).length === 0;
  };
}

/** One statement's tag and count as shown: the count becomes the rows shown, the tag says why. */
export function withholdCount(table: TableResult): void {
  table.rowCount = table.rows.length;
  table.command = `${table.command} ${COUNT_WITHHELD}`;
}
