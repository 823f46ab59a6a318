// Which rows a query shows, how many and in what order is itself a value: conditions, joins on
// computed keys, functions in FROM or set-returning ones in the select list, grouping by computed
// keys, DISTINCT ON, ORDER BY, LIMIT and OFFSET choose them. Rows chosen by a computation on a
// protected value spell it out as well as the value would (one row per position and character
// that matches, aggregated back into text), so every column such a query shows is derived from
// what chose its rows. Lookups (a column equal to a constant, IN constants, IS NULL) and joins of
// columns as they are choose nothing of a value beyond "this one" and are not counted.
import type { Analysis } from './analysis.ts';
import { addAll, derived, type ColumnLineage } from './sources.ts';
import { Usage } from './usage.ts';

/** Runs `work` (clauses that choose rows), keeping its uses, and says what the choice depends on. */
export function choosing<T>(a: Analysis, work: () => T): { value: T; by: ColumnLineage } {
  const usage = new Usage();
  const value = a.withUsage(usage, work);
  a.usage.merge(usage);
  return { value, by: rowChoice(usage) };
}

/** What the uses recorded while rows were chosen make of them: searches, sorts and the rows of queries read. */
export function rowChoice(usage: Usage): ColumnLineage {
  return derived([{ sources: usage.sets.compared }, { sources: usage.sets.ordered }, { sources: usage.chosen }]);
}

/** A query (a CTE, a view, a subquery) read where it stands: what chose its rows chooses the reader's. */
export function readsRowsOf(chosen: ReadonlySet<string> | undefined, a: Analysis): void {
  if (chosen) addAll(a.usage.chosen, chosen);
}

/** Reads a select list: what its set-returning calls are computed from chose how many rows there are. */
export function multiplying<T>(a: Analysis, work: () => T): { value: T; by: ColumnLineage } {
  const calls: ColumnLineage[] = [];
  const outer = a.setReturning;
  a.setReturning = calls;
  try {
    return { value: work(), by: derived(calls) };
  } finally {
    a.setReturning = outer;
  }
}

/**
 * Columns as the choice leaves them: each also derived from it. A column shown as it is stays
 * bare, the choice kept apart: masking keeps its own rule unless a protected column (itself too:
 * which of its rows show is another row's value) chose its rows (protection.ts).
 */
export function chosenBy(columns: Array<[string, ColumnLineage]>, by: ColumnLineage): Array<[string, ColumnLineage]> {
  if (by.sources.size === 0) return columns;
  return columns.map(([name, lineage]) => {
    if (lineage.bare === undefined) return [name, derived([lineage, by])];
    const chosen = new Set([...(lineage.chosen ?? []), ...by.sources]);
    return [name, { sources: new Set([...lineage.sources, ...by.sources]), bare: lineage.bare, chosen }];
  });
}
