// What names mean at a point in a statement: the FROM items in view (each with its columns'
// lineage), the enclosing query's items for correlated references, and the CTEs in view.
import { bareColumn, derived, rowKey, UNKNOWN, type ColumnLineage } from './sources.ts';

/** One FROM item as a name resolves it. */
export interface RangeEntry {
  /** The name it is referred to by: its alias, else the relation's own name. */
  alias: string;
  /** Columns by name, in order; undefined when unknown (a table before the catalog is read). */
  columns?: ReadonlyArray<readonly [string, ColumnLineage]>;
  /** For a relation with unknown columns: the relation key a column name is taken to belong to. */
  relation?: string;
  /** For an item with unknown columns that is not a relation (a function's result): what any column is made of. */
  fallback?: ColumnLineage;
}

/** A FROM item's shape for star expansion: JOIN ... USING merges columns. */
export type FromNode = { kind: 'entry'; entry: RangeEntry } | { kind: 'join'; left: FromNode; right: FromNode; using: readonly string[] | 'natural' };

export interface Cte {
  columns?: ReadonlyArray<readonly [string, ColumnLineage]>;
  /** What any column is made of when the columns are not known. */
  fallback?: ColumnLineage;
  /** What chose its rows (row-choice.ts). */
  chosen: ReadonlySet<string>;
}

export class Scope {
  readonly entries: RangeEntry[] = [];
  readonly from: FromNode[] = [];
  readonly ctes = new Map<string, Cte>();

  constructor(readonly parent?: Scope) {}

  findCte(name: string): Cte | undefined {
    return this.ctes.get(name) ?? this.parent?.findCte(name);
  }
}

export function entryColumn(entry: RangeEntry, name: string): ColumnLineage | undefined {
  if (entry.columns) return entry.columns.find(([n]) => n === name)?.[1];
  if (entry.relation !== undefined) return bareColumn(entry.relation, name);
  return entry.fallback ?? UNKNOWN;
}

/** The whole row of an entry: every column it has. */
export function entryRow(entry: RangeEntry): ColumnLineage {
  if (entry.columns) return derived(entry.columns.map(([, lineage]) => lineage));
  if (entry.relation !== undefined) return { sources: new Set([rowKey(entry.relation)]) };
  return entry.fallback ?? UNKNOWN;
}

/** Could the entry have a column of this name? Unknown columns: maybe. */
function mayHave(entry: RangeEntry, name: string): 'yes' | 'maybe' | 'no' {
  if (!entry.columns) return 'maybe';
  return entry.columns.some(([n]) => n === name) ? 'yes' : 'no';
}

function findEntry(scope: Scope, alias: string): RangeEntry | undefined {
  for (let s: Scope | undefined = scope; s; s = s.parent) {
    const entry = s.entries.find((e) => e.alias === alias);
    if (entry) return entry;
  }
  return undefined;
}

/**
 * What an unqualified name refers to. At the innermost level that may have it: one item that
 * surely has it gives its lineage as is; several candidates (unknown columns, a USING column) give
 * their union. A name no column has may be a whole row (`SELECT c FROM customers c`). Nothing
 * found: fail closed.
 */
export function resolveName(scope: Scope, name: string): ColumnLineage {
  const found = lookupName(scope, name);
  if (found) return found;
  const row = findEntry(scope, name);
  return row ? entryRow(row) : UNKNOWN;
}

/** Undefined when no level may have the name. */
function lookupName(scope: Scope, name: string): ColumnLineage | undefined {
  for (let s: Scope | undefined = scope; s; s = s.parent) {
    const sure = s.entries.filter((e) => mayHave(e, name) === 'yes');
    const maybe = s.entries.filter((e) => mayHave(e, name) === 'maybe');
    if (sure.length === 0 && maybe.length === 0) continue;
    if (sure.length === 1 && maybe.length === 0) return entryColumn(sure[0] as RangeEntry, name) as ColumnLineage;
    const parts = [...sure, ...maybe].map((e) => entryColumn(e, name) as ColumnLineage);
    // A name that may also be an item's alias may be that whole row; an outer level may have it too.
    const asRow = s.entries.find((e) => e.alias === name);
    if (asRow) parts.push(entryRow(asRow));
    const outer = sure.length === 0 && s.parent ? lookupName(s.parent, name) : undefined;
    if (outer) parts.push(outer);
    return parts.length === 1 ? (parts[0] as ColumnLineage) : derived(parts);
  }
  return undefined;
}

/** `alias.column`: the column of that item; a name that is no item may be a composite column's field. */
export function resolveQualified(scope: Scope, alias: string, column: string): ColumnLineage {
  const entry = findEntry(scope, alias);
  if (!entry) return derived([resolveName(scope, alias)]);
  return entryColumn(entry, column) ?? UNKNOWN;
}

export function resolveRow(scope: Scope, alias: string): ColumnLineage {
  const entry = findEntry(scope, alias);
  return entry ? entryRow(entry) : UNKNOWN;
}

/** Every column the items of this level show for `*`, in order; undefined when some are unknown. */
export function expandStar(scope: Scope): Array<[string, ColumnLineage]> | undefined {
  const out: Array<[string, ColumnLineage]> = [];
  for (const node of scope.from) {
    const columns = nodeColumns(node);
    if (!columns) return undefined;
    out.push(...columns);
  }
  return out;
}

export function expandEntry(entry: RangeEntry): Array<[string, ColumnLineage]> | undefined {
  return entry.columns ? entry.columns.map(([n, l]) => [n, l]) : undefined;
}

/** The columns a FROM node shows for `*`, in order; undefined when some are unknown. */
export function nodeColumns(node: FromNode): Array<[string, ColumnLineage]> | undefined {
  if (node.kind === 'entry') return expandEntry(node.entry);
  const left = nodeColumns(node.left);
  const right = nodeColumns(node.right);
  if (!left || !right) return undefined;
  const using = node.using === 'natural' ? left.map(([n]) => n).filter((n) => right.some(([m]) => m === n)) : node.using;
  const merged: Array<[string, ColumnLineage]> = using.map((name) => [name, derived([pick(left, name), pick(right, name)])]);
  return [...merged, ...without(left, using), ...without(right, using)];
}

function pick(columns: ReadonlyArray<readonly [string, ColumnLineage]>, name: string): ColumnLineage {
  return columns.find(([n]) => n === name)?.[1] ?? UNKNOWN;
}

/** PostgreSQL drops the first column of each USING name from each side. */
function without(columns: Array<[string, ColumnLineage]>, names: readonly string[]): Array<[string, ColumnLineage]> {
  const left = [...names];
  return columns.filter(([n]) => {
    const i = left.indexOf(n);
    if (i < 0) return true;
    left.splice(i, 1);
    return false;
  });
}
