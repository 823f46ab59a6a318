// FROM items: each becomes an entry in scope whose columns carry their lineage. A table is its
// own columns (bare); a view, subquery or CTE is what its query derives; a function's columns
// derive from its arguments; JOIN ... USING merges columns as PostgreSQL does for `*`.
import { isObject, nodeOf, stringsOf, unwrap, type NodeBody } from '../classify/tree.ts';
import type { Analysis } from './analysis.ts';
import { expression } from './expression.ts';
import { predicate } from './predicate.ts';
import { analyzeQuery } from './query.ts';
import type { RelationInfo } from './relations.ts';
import { readsRowsOf } from './row-choice.ts';
import { isSessionStateRelation } from './session-state.ts';
import { COUNTED, countedColumn } from './statistics.ts';
import { entryRow, expandStar, nodeColumns, resolveName, Scope, type FromNode, type RangeEntry } from './scope.ts';
import { bareColumn, derived, UNKNOWN, type ColumnLineage } from './sources.ts';
import { Usage } from './usage.ts';

/** Past this many views inside views the analysis stops and fails closed. */
const MAX_VIEW_DEPTH = 16;

export function addFromClause(items: unknown, scope: Scope, a: Analysis): void {
  for (const item of Array.isArray(items) ? items : []) scope.from.push(fromItem(item, scope, a));
}

export function fromItem(node: unknown, scope: Scope, a: Analysis): FromNode {
  const [type, body] = unwrap(node) ?? ['', isObject(node) ? node : {}];
  switch (type) {
    case 'RangeVar':
      return add(scope, relationEntry(body, scope, a));
    case 'RangeSubselect': {
      const inner = analyzeQuery(body.subquery, scope, a);
      readsRowsOf(inner.chosen, a);
      const alias = aliasOf(body) ?? 'subquery';
      return add(scope, renamed({ alias, ...(inner.columns ? { columns: inner.columns } : { fallback: derived([{ sources: inner.used }]) }) }, body));
    }
    case 'RangeFunction':
      return add(scope, functionEntry(body, scope, a));
    case 'JoinExpr':
      return join(body, scope, a);
    case 'RangeTableSample': {
      // The method's arguments and the REPEATABLE seed choose which rows come: everything but the relation is read.
      const { relation, ...sampling } = body;
      expression(sampling, scope, a);
      return fromItem(relation, scope, a);
    }
    default:
      // XMLTABLE, JSON_TABLE and anything newer: columns unknown, made of everything inside.
      return add(scope, { alias: aliasOf(body) ?? type, fallback: expression(body, scope, a) });
  }
}

function add(scope: Scope, entry: RangeEntry): FromNode {
  scope.entries.push(entry);
  return { kind: 'entry', entry };
}

function aliasOf(body: NodeBody): string | undefined {
  const alias = isObject(body.alias) ? body.alias.aliasname : undefined;
  return typeof alias === 'string' ? alias : undefined;
}

/** `AS t(a, b)` renames the first columns; an item with unknown columns then has unknown ones still. */
function renamed(entry: RangeEntry, body: NodeBody): RangeEntry {
  const names = stringsOf(isObject(body.alias) ? body.alias.colnames : undefined);
  if (names.length === 0) return entry;
  if (!entry.columns) return { alias: entry.alias, fallback: entryRow(entry) };
  return { alias: entry.alias, columns: entry.columns.map(([name, lineage], i) => [names[i] ?? name, lineage] as const) };
}

function relationEntry(body: NodeBody, scope: Scope, a: Analysis): RangeEntry {
  const name = typeof body.relname === 'string' ? body.relname : '';
  const schema = typeof body.schemaname === 'string' && body.schemaname !== '' ? body.schemaname : undefined;
  const alias = aliasOf(body) ?? name;
  const cte = schema === undefined ? scope.findCte(name) : undefined;
  if (cte) {
    readsRowsOf(cte.chosen, a);
    return renamed({ alias, ...(cte.columns ? { columns: cte.columns } : { fallback: cte.fallback ?? UNKNOWN }) }, body);
  }
  if (a.stateHoldsValues && isSessionStateRelation(schema, name)) return { alias, fallback: UNKNOWN };
  const info = a.resolver.resolve(schema, name);
  // A view's own names were printed and resolved under the path its text was read with.
  const ambiguous = info?.shadowed === true && schema === undefined && a.pathMayHaveChanged && a.viewDepth === 0;
  if (!info || info.exposesAll || ambiguous) return { alias, fallback: UNKNOWN };
  if (info.view !== undefined) return renamed(viewEntry(info, alias, a), body);
  if (info.columns) return renamed({ alias, columns: info.columns.map((c) => [c, tableColumn(info, c)] as const) }, body);
  return renamed({ alias, relation: info.key }, body);
}

/** A stored column is itself (a statistic kept in a catalog is computed from everything: statistics.ts); a generated one is computed from the columns its expression reads (itself included, for its own rule). */
function tableColumn(info: RelationInfo, column: string): ColumnLineage {
  if (countedColumn(info.key, column)) return COUNTED;
  const own = bareColumn(info.key, column);
  const from = info.generated?.[column];
  if (from === undefined) return own;
  return derived([own, ...(from === null ? [UNKNOWN] : from.map((c) => bareColumn(info.key, c)))]);
}

/** A view's columns derive through its query, analyzed once per resolved view, its own conditions not counted as the agent's. */
function viewEntry(info: RelationInfo, alias: string, a: Analysis): RangeEntry {
  if (!info.viewLineage) {
    if (a.viewDepth >= MAX_VIEW_DEPTH) return { alias, fallback: UNKNOWN };
    a.viewDepth++;
    try {
      const output = a.withUsage(new Usage(), () => analyzeQuery(info.view, undefined, a));
      const columns = output.columns;
      if (!columns || !info.columns || columns.length !== info.columns.length) return { alias, fallback: derived([{ sources: output.used }, UNKNOWN]) };
      info.viewLineage = columns.map(([, lineage]) => lineage);
      info.viewChosen = output.chosen;
    } finally {
      a.viewDepth--;
    }
  }
  readsRowsOf(info.viewChosen, a);
  const names = info.columns ?? [];
  return { alias, columns: info.viewLineage.map((lineage, i) => [names[i] ?? `?column${i}?`, lineage] as const) };
}

function functionEntry(body: NodeBody, scope: Scope, a: Analysis): RangeEntry {
  const calls = Array.isArray(body.functions) ? body.functions : [];
  const parts: ColumnLineage[] = [];
  let first = '';
  for (const item of calls) {
    const list = nodeOf(item, 'List');
    const items = Array.isArray(list?.items) ? list.items : [item];
    const call = items[0];
    first ||= stringsOf(nodeOf(call, 'FuncCall')?.funcname).at(-1) ?? '';
    parts.push(expression(call, scope, a));
  }
  const made = derived(parts);
  const alias = aliasOf(body) ?? first;
  const names = stringsOf(isObject(body.alias) ? body.alias.colnames : undefined);
  // Every column of a function's result is computed from all its arguments.
  return names.length > 0 ? { alias, columns: names.map((n) => [n, made] as const), fallback: made } : { alias, fallback: made };
}

function join(body: NodeBody, scope: Scope, a: Analysis): FromNode {
  const before = scope.entries.length;
  const left = fromItem(body.larg, scope, a);
  const right = fromItem(body.rarg, scope, a);
  const using = body.isNatural === true ? 'natural' : stringsOf(body.usingClause);
  const names = using === 'natural' ? commonColumns(left, right) : using;
  // A NATURAL join of items whose columns are not known yet may join on any of them.
  if (!names) a.usage.add('compared', derived(scope.entries.slice(before).map(entryRow)).sources);
  else {
    for (const name of names) {
      const sides = scope.entries.slice(before).filter((e) => !e.columns || e.columns.some(([n]) => n === name));
      const values = sides.map((e) => resolveName(oneEntry(e, scope), name));
      // Columns joined as they are: a join. A side computed (a subquery of candidates) tries each of its values on the other, as ON would.
      const joined = values.every((v) => v.bare !== undefined);
      a.usage.add(joined ? 'joined' : 'compared', derived(values).sources);
    }
  }
  predicate(body.quals, scope, a);
  const node: FromNode = { kind: 'join', left, right, using };
  const alias = aliasOf(body);
  if (alias === undefined) return node;
  // `(a JOIN b) AS j` hides a and b behind j.
  const hidden = scope.entries.splice(before);
  const joined = new Scope();
  joined.from.push(node);
  const columns = expandStar(joined);
  return add(scope, columns ? { alias, columns } : { alias, fallback: derived(hidden.map(entryRow)) });
}

/** The names a NATURAL join joins on: those both sides have; undefined when a side's columns are unknown. */
function commonColumns(left: FromNode, right: FromNode): string[] | undefined {
  const [l, r] = [nodeColumns(left), nodeColumns(right)];
  if (!l || !r) return undefined;
  return [...new Set(l.map(([n]) => n))].filter((n) => r.some(([m]) => m === n));
}

function oneEntry(entry: RangeEntry, parent: Scope): Scope {
  const scope = new Scope(parent.parent);
  scope.entries.push(entry);
  return scope;
}
