// Statistics the server keeps of every scan, read and write (pg_stat_* and pg_statio_* views, the
// pg_stat_get_* functions under them, relation sizes, the planner's row and page estimates) count
// what any call did, a read included: `SELECT (SELECT 1 FROM t WHERE t.id > g LIMIT 1) FROM
// generate_series(1, <six digits of a card>) g` scans t 411111 times, and the count outlives the
// call that drove it. No lineage of the call that reads a count can say what chose it, so a count
// is masked whole under any column rule, as what is computed from everything is, while the names
// and ids beside it stay as they are. Reading one computes on no protected column: the facts do
// not name it (facts.ts), so a DBA's read of the statistics is decided as any catalog read is.
import { STATISTICS_BUILTINS } from '../classify/builtin-functions.ts';
import { STATISTICS, type ColumnLineage } from './sources.ts';

export const COUNTED: ColumnLineage = Object.freeze({ sources: new Set([STATISTICS]) });

/** Columns of catalog tables the server keeps as statistics (VACUUM, ANALYZE and CREATE INDEX set them). */
const COUNTED_COLUMNS: ReadonlyMap<string, ReadonlySet<string>> = new Map([['pg_catalog.pg_class', new Set(['reltuples', 'relpages', 'relallvisible'])]]);

export function countsStatistics(name: string): boolean {
  return STATISTICS_BUILTINS.has(name);
}

export function countedColumn(relation: string, column: string): boolean {
  return COUNTED_COLUMNS.get(relation)?.has(column) === true;
}
