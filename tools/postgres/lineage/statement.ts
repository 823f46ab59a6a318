// One statement's rows and its column uses. Writes use columns too: what an INSERT, UPDATE, MERGE
// or CREATE TABLE AS stores is `copied` (protected data moved where no rule covers it), and their
// RETURNING lists are outputs like a select list. FETCH and EXECUTE return what the cursor or
// prepared statement of this call returns; EXPLAIN shows a plan, whose row counts and estimates
// answer its conditions (`explained`).
import { isObject, nodeOf, unwrap, type NodeBody } from '../classify/tree.ts';
import { NO_ROWS_OUTPUT, UNKNOWN_OUTPUT, type Analysis, type QueryOutput } from './analysis.ts';
import { expression } from './expression.ts';
import { addFromClause, fromItem } from './from.ts';
import { predicate } from './predicate.ts';
import { chosenBy, choosing, rowChoice } from './row-choice.ts';
import { addCtes, analyzeQuery, targetList } from './query.ts';
import type { RelationInfo } from './relations.ts';
import { entryRow, Scope, type RangeEntry } from './scope.ts';
import { derived, NONE, UNKNOWN, type ColumnLineage } from './sources.ts';
import { Usage, type Use } from './usage.ts';

/** Undefined: the statement returns no rows. */
export function statementOutput(node: unknown, parent: Scope | undefined, a: Analysis): QueryOutput | undefined {
  const [type, body] = (isObject(node) && Object.entries(node)[0]) || ['', {}];
  if (!isObject(body)) return UNKNOWN_OUTPUT;
  switch (type) {
    case 'SelectStmt':
      return analyzeQuery(node, parent, a);
    case 'InsertStmt':
    case 'UpdateStmt':
    case 'DeleteStmt':
    case 'MergeStmt':
      return write(type, body, parent, a);
    case 'ExplainStmt':
      return explain(body, parent, a);
    case 'CreateTableAsStmt':
      a.usage.add('copied', columnsOf(analyzeQuery(body.query, parent, a)).sources);
      return undefined;
    case 'ViewStmt':
      analyzeQuery(body.query, parent, a);
      return undefined;
    case 'DeclareCursorStmt':
      if (typeof body.portalname === 'string') a.cursors.set(body.portalname, analyzeQuery(body.query, parent, a));
      return undefined;
    case 'FetchStmt':
      if (body.ismove === true) return undefined;
      return (typeof body.portalname === 'string' && a.cursors.get(body.portalname)) || UNKNOWN_OUTPUT;
    case 'PrepareStmt': {
      // Each EXECUTE looks its parameters up again: the lookups are counted per execution. It runs
      // in a later statement, and PostgreSQL parses it again if the search path changed by then.
      a.pathMayHaveChanged = true;
      const usage = new Usage();
      const output = a.withUsage(usage, () => statementOutput(body.query, parent, a)) ?? NO_ROWS_OUTPUT;
      a.usage.merge(usage);
      if (typeof body.name === 'string') a.prepared.set(body.name, { ...output, guesses: usage.guesses });
      return undefined;
    }
    case 'ExecuteStmt': {
      expression(body.params, new Scope(parent), a);
      const prepared = typeof body.name === 'string' ? a.prepared.get(body.name) : undefined;
      for (const [key, count] of prepared?.guesses ?? []) a.usage.guess(key, count);
      return prepared ?? UNKNOWN_OUTPUT;
    }
    case 'VariableShowStmt':
      return { columns: [[typeof body.name === 'string' ? body.name : 'setting', a.stateHoldsValues ? UNKNOWN : NONE]], used: NONE.sources, chosen: NONE.sources };
    case 'CopyStmt':
      return copy(body, parent, a);
    case 'DoStmt':
    case 'CallStmt':
      return UNKNOWN_OUTPUT;
    default:
      // Statements that return no rows: SET, BEGIN, DDL ... If one ever does, its columns have no
      // lineage and are masked as derived from everything (see the pack's use of outputs).
      return undefined;
  }
}

/**
 * COPY out reads as the query it names (a table's: `SELECT * | columns FROM table`). To a file or a
 * program it moves the rows where no rule follows them, as an INSERT into a table no rule covers:
 * what it writes and what chose its rows are `copied`. (COPY in reads no protected column.)
 */
function copy(body: NodeBody, parent: Scope | undefined, a: Analysis): QueryOutput | undefined {
  if (body.is_from === true) return undefined;
  const output = analyzeQuery(body.query ?? tableQuery(body.relation, body.attlist), parent, a);
  if (typeof body.filename === 'string') a.usage.add('copied', derived([columnsOf(output), { sources: output.chosen }]).sources);
  return output;
}

/** The query `COPY table [(columns)] TO` reads. */
function tableQuery(relation: unknown, columns: unknown): unknown {
  const names = Array.isArray(columns) ? columns : [];
  const refs = names.length > 0 ? names.map((name) => ({ ColumnRef: { fields: [name] } })) : [{ ColumnRef: { fields: [{ A_Star: {} }] } }];
  return { SelectStmt: { targetList: refs.map((val) => ({ ResTarget: { val } })), fromClause: [{ RangeVar: relation }] } };
}

function columnsOf(output: QueryOutput): ColumnLineage {
  return output.columns ? derived(output.columns.map(([, l]) => l)) : derived([{ sources: output.used }, UNKNOWN]);
}

function write(type: string, body: NodeBody, parent: Scope | undefined, a: Analysis): QueryOutput | undefined {
  const { value, used } = a.query(() => {
    const scope = new Scope(parent);
    addCtes(body.withClause, scope, a);
    const stored: Stored = new Map();
    // The parser gives a write's target as a bare RangeVar, without the node wrapper a FROM item has:
    // read as anything else, its columns would resolve to nothing and their uses would go unseen.
    const relation = isObject(body.relation) && !unwrap(body.relation) ? body.relation : undefined;
    // Which rows RETURNING shows is chosen like a query's (see row-choice.ts).
    const { value: target, by: choice } = choosing(a, () => {
      // An INSERT's query does not see the table it inserts into.
      if (type === 'InsertStmt' && body.selectStmt) {
        const row = columnsOf(analyzeQuery(body.selectStmt, scope, a));
        a.usage.add('copied', row.sources);
        const named = stringsOfTargets(body.cols);
        for (const name of named.length > 0 ? named : ['*']) store(stored, name, row);
      }
      const first = scope.entries.length;
      // The target first among what RETURNING * expands to.
      scope.from.push(fromItem(relation ? { RangeVar: relation } : body.relation, scope, a));
      addFromClause(body.fromClause ?? body.usingClause, scope, a);
      if (type === 'MergeStmt') {
        fromItem(body.sourceRelation, scope, a);
        predicate(body.joinCondition, scope, a);
        for (const clause of Array.isArray(body.mergeWhenClauses) ? body.mergeWhenClauses : []) {
          const when = nodeOf(clause, 'MergeWhenClause');
          predicate(when?.condition, scope, a);
          // Which column a MERGE's INSERT fills is positional: every value counts for every column.
          copied(when?.targetList, scope, a, stored, '*');
          const values = expression(when?.values, scope, a);
          a.usage.add('copied', values.sources);
          store(stored, '*', values);
        }
      }
      if (type === 'UpdateStmt') copied(body.targetList, scope, a, stored);
      const conflict = isObject(body.onConflictClause) ? body.onConflictClause : undefined;
      if (conflict) {
        predicate(conflict.whereClause, scope, a);
        copied(conflict.targetList, scope, a, stored);
      }
      predicate(body.whereClause, scope, a);
      return scope.entries[first];
    });
    // PostgreSQL 18's parser puts RETURNING in a clause (it may name OLD and NEW); older ones in a list.
    const clause = isObject(body.returningClause) ? body.returningClause.exprs : undefined;
    const returning = clause ?? body.returningList;
    if (!Array.isArray(returning)) return undefined;
    if (target) asStored(target, stored, relation && a.resolver.resolve(nonEmpty(relation.schemaname), String(relation.relname)), a.stateHoldsValues);
    // A star expands column by column, as in a select list: the target's, then its FROM items'.
    const columns = targetList(returning, scope, a);
    return { ...(columns ? { columns: chosenBy(columns, choice) } : {}), chosen: choice.sources };
  });
  return value ? { ...value, used } : undefined;
}

/** What a write stores, by the column it sets ("*": any column of the row). */
type Stored = Map<string, ColumnLineage[]>;

function store(stored: Stored, column: string, value: ColumnLineage): void {
  if (value.sources.size === 0) return;
  const values = stored.get(column);
  if (values) values.push(value);
  else stored.set(column, [value]);
}

function copied(targets: unknown, scope: Scope, a: Analysis, stored: Stored, column?: '*'): void {
  for (const item of Array.isArray(targets) ? targets : []) {
    const target = nodeOf(item, 'ResTarget');
    const value = expression(target?.val, scope, a);
    a.usage.add('copied', value.sources);
    store(stored, column ?? (typeof target?.name === 'string' ? target.name : '*'), value);
  }
}

function stringsOfTargets(targets: unknown): string[] {
  return (Array.isArray(targets) ? targets : []).map((item) => nodeOf(item, 'ResTarget')?.name).filter((name): name is string => typeof name === 'string');
}

const nonEmpty = (text: unknown): string | undefined => (typeof text === 'string' && text !== '' ? text : undefined);

/**
 * RETURNING reads the row as the write left it: a column the statement set is computed from what
 * it stored there (`SET city = email RETURNING city` shows an email). Through a view, or into a
 * table whose rows code the statement does not show may change (RelationInfo.rewritten), every
 * column may hold anything; so too into a table whose defaults read session state the call may
 * have stored a value in.
 */
function asStored(target: RangeEntry, stored: Stored, info: RelationInfo | undefined, stateHoldsValues: boolean): void {
  if (!info || info.view !== undefined || info.rewritten || (info.defaultsReadState && stateHoldsValues)) {
    if (target.columns) target.columns = target.columns.map(([name]) => [name, UNKNOWN] as const);
    else {
      delete target.relation;
      target.fallback = UNKNOWN;
    }
    return;
  }
  if (!target.columns) {
    // Columns unknown (before the catalog is read): any of them may hold what was stored.
    if (target.relation !== undefined && stored.size > 0) {
      target.fallback = derived([entryRow(target), ...[...stored.values()].flat()]);
      delete target.relation;
    }
    return;
  }
  const every = stored.get('*') ?? [];
  target.columns = target.columns.map(([name, lineage]) => {
    const values = [...every, ...(stored.get(name) ?? [])];
    return [name, values.length > 0 ? derived([lineage, ...values]) : lineage] as const;
  });
}

/**
 * Conditions of an explained statement: the plan's row counts (ANALYZE) and estimates (statistics)
 * answer them. Its row counts are those of every scan, subplan and join, uncapped: the plan is
 * derived from what chose the rows it counts, as the rows themselves would be (row-choice.ts).
 */
function explain(body: NodeBody, parent: Scope | undefined, a: Analysis): QueryOutput {
  const inner = new Usage();
  a.withUsage(inner, () => statementOutput(body.query, parent, a));
  a.usage.merge(inner);
  const answered: Use[] = ['filtered', 'compared', 'ordered', 'grouped', 'joined'];
  for (const use of answered) a.usage.add('explained', inner.sets[use]);
  return { columns: [['QUERY PLAN', rowChoice(inner)]], used: inner.sets.read, chosen: NONE.sources };
}
