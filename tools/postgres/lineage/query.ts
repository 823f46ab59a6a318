// A query's output columns and what it touched: SELECT with its CTEs, set operations, VALUES,
// star expansion, and the clauses that use columns without showing them (ORDER BY, GROUP BY,
// HAVING, DISTINCT ON, LIMIT, WINDOW).
import { constantValue, isObject, nodeOf, stringsOf, unwrap, type NodeBody } from '../classify/tree.ts';
import { UNKNOWN_OUTPUT, type Analysis, type QueryOutput } from './analysis.ts';
import { expression } from './expression.ts';
import { addFromClause } from './from.ts';
import { predicate } from './predicate.ts';
import { chosenBy, choosing, multiplying } from './row-choice.ts';
import { entryRow, expandEntry, expandStar, Scope } from './scope.ts';
import { addAll, derived, NONE, UNKNOWN, type ColumnLineage } from './sources.ts';
import { statementOutput } from './statement.ts';
import { windowDefinitions } from './windows.ts';

/** Passes over a recursive CTE before its lineage must have settled; unsettled fails closed. */
const RECURSIVE_PASSES = 4;

/** Any query node: a SELECT (wrapped or bare, as set-operation arms are) or a statement with RETURNING. */
export function analyzeQuery(node: unknown, parent: Scope | undefined, a: Analysis): QueryOutput {
  const wrapped = unwrap(node);
  if (wrapped && wrapped[0] !== 'SelectStmt') return statementOutput(node, parent, a) ?? UNKNOWN_OUTPUT;
  const body = wrapped ? wrapped[1] : isObject(node) ? node : undefined;
  if (!body) return UNKNOWN_OUTPUT;
  const { value, used } = a.query(() => select(body, parent, a));
  return { ...(value.columns ? { columns: value.columns } : {}), used, chosen: value.chosen };
}

function select(body: NodeBody, parent: Scope | undefined, a: Analysis): { columns?: Array<[string, ColumnLineage]>; chosen: ReadonlySet<string> } {
  const scope = new Scope(parent);
  addCtes(body.withClause, scope, a);
  let columns: Array<[string, ColumnLineage]> | undefined;
  // What chooses the rows shown (see row-choice.ts): FROM, WHERE, grouping, sorting, LIMIT.
  const choice: ColumnLineage[] = [];
  if (typeof body.op === 'string' && body.op !== 'SETOP_NONE') {
    columns = setOperation(body, scope, a, choice);
  } else if (Array.isArray(body.valuesLists)) {
    columns = values(body.valuesLists, scope, a);
  } else {
    choice.push(
      choosing(a, () => {
        addFromClause(body.fromClause, scope, a);
        predicate(body.whereClause, scope, a);
      }).by,
    );
    const list = multiplying(a, () => targetList(body.targetList, scope, a));
    columns = list.value;
    choice.push(list.by);
    const known = columns;
    choice.push(
      choosing(a, () => {
        groupBy(body.groupClause, known, scope, a);
        predicate(body.havingClause, scope, a);
        const distinctOn = Array.isArray(body.distinctClause) ? body.distinctClause.filter((d) => unwrap(d)) : [];
        for (const key of distinctOn) a.usage.add('ordered', sortKey(key, known, scope, a).sources);
      }).by,
    );
    const windows = expression(body.windowClause, scope, a);
    // A named window's partitions and order shape the values of the functions over it.
    if (windows.sources.size > 0 && columns) columns = columns.map(([n, l]) => [n, l.bare === undefined ? derived([l, windows]) : l]);
    // Every window, named or written in a call, sorts the rows themselves (windows.ts).
    choice.push(choosing(a, () => a.usage.add('ordered', expression(windowDefinitions(body), scope, a).sources)).by);
  }
  const shown = columns;
  choice.push(
    choosing(a, () => {
      for (const key of Array.isArray(body.sortClause) ? body.sortClause : []) {
        a.usage.add('ordered', sortKey(nodeOf(key, 'SortBy')?.node ?? key, shown, scope, a).sources);
      }
      // LIMIT and OFFSET computed from data count rows by it: an oracle like any comparison.
      a.usage.add('compared', derived([expression(body.limitCount, scope, a), expression(body.limitOffset, scope, a)]).sources);
    }).by,
  );
  const chosen = derived(choice);
  if (columns) columns = chosenBy(columns, chosen);
  if (isObject(body.intoClause)) a.usage.add('copied', everything(columns, scope).sources);
  return { ...(columns ? { columns } : {}), chosen: chosen.sources };
}

/** All a query's columns are made of; with columns not known yet, every row in its FROM. */
function everything(columns: ReadonlyArray<readonly [string, ColumnLineage]> | undefined, scope?: Scope): ColumnLineage {
  if (columns) return derived(columns.map(([, l]) => l));
  return scope && scope.entries.length > 0 ? derived(scope.entries.map(entryRow)) : UNKNOWN;
}

export function addCtes(withClause: unknown, scope: Scope, a: Analysis): void {
  if (!isObject(withClause)) return;
  const recursive = withClause.recursive === true;
  for (const item of Array.isArray(withClause.ctes) ? withClause.ctes : []) {
    const cte = nodeOf(item, 'CommonTableExpr');
    if (!cte || typeof cte.ctename !== 'string') continue;
    const name = cte.ctename;
    const rename = (columns: Array<[string, ColumnLineage]> | undefined) => {
      const names = stringsOf(cte.aliascolnames);
      return columns?.map(([n, l], i): [string, ColumnLineage] => [names[i] ?? n, l]);
    };
    if (!recursive) {
      const out = analyzeQuery(cte.ctequery, scope, a);
      const { chosen } = out;
      scope.ctes.set(name, out.columns ? { columns: rename(out.columns), chosen } : { fallback: derived([{ sources: out.used }, UNKNOWN]), chosen });
      continue;
    }
    // A recursive CTE reads itself: start from nothing and pass again until its lineage settles.
    scope.ctes.set(name, { fallback: NONE, chosen: NONE.sources });
    let signature = '';
    let settled = false;
    const chosen = new Set<string>();
    for (let pass = 0; pass < RECURSIVE_PASSES && !settled; pass++) {
      const out = analyzeQuery(cte.ctequery, scope, a);
      addAll(chosen, out.chosen);
      const columns = rename(out.columns);
      const next = columns ? columns.map(([n, l]) => `${n}:${[...l.sources].sort().join(',')}:${l.bare ?? ''}:${[...(l.chosen ?? [])].sort().join(',')}`).join('|') + `/${[...chosen].sort().join(',')}` : 'unknown';
      settled = next === signature;
      signature = next;
      scope.ctes.set(name, columns ? { columns, chosen } : { fallback: UNKNOWN, chosen });
    }
    if (!settled) scope.ctes.set(name, { fallback: UNKNOWN, chosen: UNKNOWN.sources });
  }
}

/** Each arm's rows are the operation's: what chose them chooses its rows (pushed onto `choice`). */
function setOperation(body: NodeBody, scope: Scope, a: Analysis, choice: ColumnLineage[]): Array<[string, ColumnLineage]> | undefined {
  const arms = [analyzeQuery(body.larg, scope, a), analyzeQuery(body.rarg, scope, a)];
  for (const arm of arms) choice.push({ sources: arm.chosen });
  const [left, right] = arms.map((arm) => arm.columns);
  if (!left || !right || left.length !== right.length) return undefined;
  // A row of either side may show in a column: derived from both, never bare.
  return left.map(([name, l], i) => [name, derived([{ sources: l.sources }, { sources: (right[i] as [string, ColumnLineage])[1].sources }])]);
}

function values(lists: unknown[], scope: Scope, a: Analysis): Array<[string, ColumnLineage]> {
  const columns: ColumnLineage[][] = [];
  for (const list of lists) {
    const items = nodeOf(list, 'List')?.items;
    (Array.isArray(items) ? items : []).forEach((item, i) => (columns[i] ??= []).push(expression(item, scope, a)));
  }
  return columns.map((parts, i) => [`column${i + 1}`, derived(parts)]);
}

/** The columns of a select list or a RETURNING list, stars expanded; undefined when a star's columns are not known. */
export function targetList(list: unknown, scope: Scope, a: Analysis): Array<[string, ColumnLineage]> | undefined {
  const out: Array<[string, ColumnLineage]> = [];
  let known = true;
  for (const item of Array.isArray(list) ? list : []) {
    const target = nodeOf(item, 'ResTarget');
    if (!target) continue;
    const star = starColumns(target.val, scope, a);
    if (star === 'not a star') {
      out.push([typeof target.name === 'string' ? target.name : outputName(target.val), expression(target.val, scope, a)]);
    } else if (star) {
      for (const column of star) out.push([column[0], a.touch(column[1])]);
    } else {
      known = false;
    }
  }
  return known ? out : undefined;
}

/** `*` or `t.*` in a select list: the columns it expands to, undefined when unknown. */
function starColumns(value: unknown, scope: Scope, a: Analysis): Array<[string, ColumnLineage]> | undefined | 'not a star' {
  const ref = nodeOf(value, 'ColumnRef');
  const fields = Array.isArray(ref?.fields) ? ref.fields : [];
  if (unwrap(fields[fields.length - 1])?.[0] !== 'A_Star') return 'not a star';
  const names = stringsOf(fields);
  if (names.length === 0) {
    const columns = expandStar(scope);
    if (!columns) for (const entry of scope.entries) a.touch(entryRow(entry));
    return columns;
  }
  const entry = scope.entries.find((e) => e.alias === names[names.length - 1]);
  if (!entry) return undefined;
  const columns = expandEntry(entry);
  if (!columns) a.touch(entryRow(entry));
  return columns;
}

function outputName(value: unknown): string {
  const [type, body] = unwrap(value) ?? ['', {}];
  if (type === 'ColumnRef') return stringsOf(body.fields).at(-1) ?? '?column?';
  if (type === 'FuncCall') return stringsOf(body.funcname).at(-1) ?? '?column?';
  if (type === 'TypeCast') return outputName(body.arg);
  return '?column?';
}

/** ORDER BY / DISTINCT ON key: an output position or name first, then an input expression. */
function sortKey(node: unknown, columns: ReadonlyArray<readonly [string, ColumnLineage]> | undefined, scope: Scope, a: Analysis): ColumnLineage {
  const position = nodeOf(node, 'A_Const') ? constantValue(node) : undefined;
  if (typeof position === 'number') return columns?.[position - 1]?.[1] ?? everything(columns);
  const names = stringsOf(nodeOf(node, 'ColumnRef')?.fields);
  const byName = names.length === 1 && nodeOf(node, 'ColumnRef') ? columns?.find(([n]) => n === names[0]) : undefined;
  return byName ? byName[1] : expression(node, scope, a);
}

/** GROUP BY: a bare column groups; a computed key (a prefix, a length) is searched with. */
function groupBy(list: unknown, columns: ReadonlyArray<readonly [string, ColumnLineage]> | undefined, scope: Scope, a: Analysis): void {
  for (const item of Array.isArray(list) ? list : []) {
    const set = nodeOf(item, 'GroupingSet');
    if (set) {
      groupBy(set.content, columns, scope, a);
      continue;
    }
    const key = sortKey(item, columns, scope, a);
    a.usage.add(key.bare !== undefined ? 'grouped' : 'compared', key.sources);
  }
}
