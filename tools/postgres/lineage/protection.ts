// Source keys meet the masking rules: which sources are protected, named for facts and counts.
import type { ColumnProtection } from '../../../src/pipeline/toolpack.ts';
import type { QueryOutput } from './analysis.ts';
import { beyondBare, EVERYTHING, parseKey, type ColumnLineage } from './sources.ts';

/** Without the core's word on what is protected (a bare call in a test), everything is. */
export const PROTECT_EVERYTHING: ColumnProtection = { column: () => true, table: () => true, any: true };

export function isProtected(key: string, protection: ColumnProtection): boolean {
  const source = parseKey(key);
  switch (source.kind) {
    case 'column':
      return protection.column(source.relation, source.column);
    case 'row':
      return protection.table(source.relation);
    case 'everything':
    case 'statistics':
      return protection.any;
  }
}

/** "public.customers.email", "orders.*" (a whole row), "*" (undecidable), "(statistics)". */
export function sourceLabel(key: string): string {
  const source = parseKey(key);
  if (source.kind === 'everything') return '*';
  if (source.kind === 'statistics') return '(statistics)';
  return `${source.relation}.${source.kind === 'column' ? source.column : '*'}`;
}

export function protectedLabels(keys: ReadonlySet<string>, protection: ColumnProtection): string[] {
  const out: string[] = [];
  for (const key of keys) if (isProtected(key, protection)) out.push(sourceLabel(key));
  return out.sort();
}

/** How one result column is masked: as its bare source column, or whole as derived from protected ones. */
export interface ColumnMask {
  source?: { table: string; column: string };
  derivedFrom: string[];
}

/**
 * Maps a statement's analyzed outputs onto the columns the server returned. When the counts
 * differ (or the outputs are unknown), every column is taken as derived from all the statement
 * touched and all that chose its rows (a view's search, its lineage cached, is touched by no
 * reference): the mapping cannot be trusted, so nothing keeps its shape.
 */
export function columnMasks(output: QueryOutput | undefined, count: number, protection: ColumnProtection): ColumnMask[] {
  const columns = output?.columns;
  if (!columns || columns.length !== count) {
    const all = output ? [...output.used, ...output.chosen, ...(columns ?? []).flatMap(([, l]) => [...l.sources])] : [EVERYTHING];
    const derivedFrom = protectedLabels(new Set(all), protection);
    return Array.from({ length: count }, () => ({ derivedFrom }));
  }
  return columns.map(([, lineage]) => columnMask(lineage, protection));
}

function columnMask(lineage: ColumnLineage, protection: ColumnProtection): ColumnMask {
  if (lineage.bare !== undefined) {
    const source = parseKey(lineage.bare);
    // Shown as it is, under its own rule, unless protected columns chose the rows it shows.
    const chosen = protectedLabels(beyondBare(lineage), protection).length > 0;
    if (source.kind === 'column') return { source: { table: source.relation, column: source.column }, derivedFrom: chosen ? protectedLabels(lineage.sources, protection) : [] };
  }
  return { derivedFrom: protectedLabels(lineage.sources, protection) };
}

/**
 * The output whose rows a call shows. One statement: its own. Several: the server shows the last
 * that returned rows, so each column is taken as derived from that position in every statement
 * that may have (positions that disagree in number fail closed).
 */
export function shownOutput(outputs: ReadonlyArray<QueryOutput | undefined>): QueryOutput | undefined {
  const candidates = outputs.filter((o): o is QueryOutput => o !== undefined);
  if (candidates.length <= 1) return candidates[0];
  const used = new Set(candidates.flatMap((o) => [...o.used]));
  const chosen = new Set(candidates.flatMap((o) => [...o.chosen]));
  const width = candidates[0]?.columns?.length;
  if (candidates.some((o) => o.columns?.length !== width) || width === undefined) return { used, chosen };
  const columns = Array.from({ length: width }, (_, i): [string, ColumnLineage] => {
    const parts = candidates.map((o) => (o.columns as Array<[string, ColumnLineage]>)[i]?.[1] as ColumnLineage);
    const same = parts.every((p) => p.bare !== undefined && p.bare === parts[0]?.bare);
    const sources = new Set(parts.flatMap((p) => [...p.sources]));
    return [`column${i + 1}`, same ? { sources, bare: parts[0]?.bare as string, chosen: new Set(parts.flatMap((p) => [...(p.chosen ?? [])])) } : { sources }];
  });
  return { columns, used, chosen };
}
