// What a value is made of: a set of source keys. A key names one column of one relation, a whole
// row of a relation whose columns are not known, everything (what cannot be decided), or the
// server's statistics. Sets of
// strings keep unions cheap; the keys never leave the lineage code in this form.

/**
 * Where one value comes from; `bare` is set when the value IS that one column, unchanged. A bare
 * value may also have `chosen`: what chose the rows it shows (row-choice.ts), among its sources.
 */
export interface ColumnLineage {
  readonly sources: ReadonlySet<string>;
  readonly bare?: string;
  readonly chosen?: ReadonlySet<string>;
}

const COLUMN = '\u0001';
const ROW = '\u0002';
/** Undecidable: treated as derived from every protected column there is. */
export const EVERYTHING = '\u0003';
/** A count the server keeps of what any call did (statistics.ts): masked like everything, yet no column a fact could name. */
export const STATISTICS = '\u0004';

const columnKey = (relation: string, column: string): string => `${relation}${COLUMN}${column}`;
export const rowKey = (relation: string): string => `${relation}${ROW}`;

export type SourceKey = { kind: 'column'; relation: string; column: string } | { kind: 'row'; relation: string } | { kind: 'everything' } | { kind: 'statistics' };

export function parseKey(key: string): SourceKey {
  if (key === EVERYTHING) return { kind: 'everything' };
  if (key === STATISTICS) return { kind: 'statistics' };
  const column = key.indexOf(COLUMN);
  if (column >= 0) return { kind: 'column', relation: key.slice(0, column), column: key.slice(column + 1) };
  return { kind: 'row', relation: key.slice(0, -1) };
}

export const NONE: ColumnLineage = Object.freeze({ sources: new Set<string>() });
export const UNKNOWN: ColumnLineage = Object.freeze({ sources: new Set([EVERYTHING]) });

export function bareColumn(relation: string, column: string): ColumnLineage {
  const key = columnKey(relation, column);
  return { sources: new Set([key]), bare: key };
}

/** A value computed from `parts`: never bare. */
export function derived(parts: readonly ColumnLineage[]): ColumnLineage {
  const nonEmpty = parts.filter((p) => p.sources.size > 0);
  if (nonEmpty.length === 0) return NONE;
  if (nonEmpty.length === 1 && (nonEmpty[0] as ColumnLineage).bare === undefined) return nonEmpty[0] as ColumnLineage;
  const sources = new Set<string>();
  for (const part of nonEmpty) for (const key of part.sources) sources.add(key);
  return { sources };
}

/** What a value is computed from beyond being shown as it is: for a bare one, what chose its rows. */
export function beyondBare(lineage: ColumnLineage): ReadonlySet<string> {
  return lineage.bare === undefined ? lineage.sources : (lineage.chosen ?? NONE.sources);
}

export function addAll(into: Set<string>, from: ReadonlySet<string>): void {
  for (const key of from) into.add(key);
}
