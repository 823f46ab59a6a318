// A call's statements run one after another on one transaction, so what one writes the next reads:
// `INSERT INTO notes SELECT reverse(phone) ...; SELECT body FROM notes` shows a value through a
// column no rule covers, and `DELETE ... WHERE id > ascii(email); SELECT count(*) ...` counts one.
// A count is a value too: `INSERT ... SELECT FROM generate_series(1, <six digits of a card>)`
// answers INSERT 0 411111. So each statement's count is derived from what chose the rows it
// counts, and every statement after a write is derived from what the write stored and what chose
// the rows it changed; after code whose body is not visible (DO, CALL, a user function, a trigger),
// from everything.
import { isBuiltinFunction } from '../classify/function-rules.ts';
import { isObject, nodeOf, nodesUnder, stringsOf } from '../classify/tree.ts';
import type { Analysis, QueryOutput } from './analysis.ts';
import { chosenBy, rowChoice } from './row-choice.ts';
import { addAll, EVERYTHING } from './sources.ts';
import { storesValuesInSessionState } from './session-state.ts';
import type { Usage } from './usage.ts';

/** Statements that change rows of tables that existed when the call began. */
const WRITES = new Set(['InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt']);

/** Built-ins that move a sequence once for every row that calls them. */
const ADVANCES_PER_ROW = new Set(['nextval']);

/**
 * A statement that leaves rows past the call (a write, a table it creates, a sequence it moves row
 * by row) leaves also how many there are and which: a later call reads that back as a plain value
 * (`SELECT count(*)`, `max(id)`, the sequence's last_value) no lineage of its own can follow. So
 * what chose those rows is `copied`, as the values the statement stores are.
 */
export function copiesRowChoice(statement: unknown, usage: Usage): void {
  for (const [type, body] of nodesUnder([statement])) {
    const parts = type === 'FuncCall' ? stringsOf(body.funcname) : [];
    const advances = ADVANCES_PER_ROW.has(parts.at(-1) ?? '') && isBuiltinFunction(parts);
    if (WRITES.has(type) || type === 'CreateTableAsStmt' || (type === 'SelectStmt' && isObject(body.intoClause)) || advances) {
      usage.add('copied', rowChoice(usage).sources);
      return;
    }
  }
}

/** What chose the rows a statement's count counts: its own choice, a cursor's it moves over, and what earlier writes left. */
export function countedBy(statement: unknown, output: QueryOutput | undefined, usage: Usage, a: Analysis, carried: ReadonlySet<string>): ReadonlySet<string> {
  const out = new Set([...rowChoice(usage).sources, ...(output?.chosen ?? []), ...carried]);
  const fetch = nodeOf(statement, 'FetchStmt');
  const cursor = typeof fetch?.portalname === 'string' ? a.cursors.get(fetch.portalname) : undefined;
  if (fetch) addAll(out, cursor?.chosen ?? new Set([EVERYTHING]));
  return out;
}

/**
 * Adds to `carried` what a statement leaves for later ones to read: what it stored and what chose
 * the rows it changed. A table the statement creates (CREATE TABLE AS, SELECT INTO) carries
 * nothing: it was not in the catalog lineage read, so what is read from it is unknown already.
 */
export function carryForward(statement: unknown, usage: Usage, carried: Set<string>, a: Analysis): void {
  let writes = false;
  for (const [type, body] of nodesUnder([statement])) {
    if (!WRITES.has(type)) continue;
    writes = true;
    if (writesThroughHiddenCode(body.relation, a)) carried.add(EVERYTHING);
  }
  // Code whose body is not visible (DO, CALL, a user function, operator or type) may write any table.
  if (storesValuesInSessionState([statement], a)) carried.add(EVERYTHING);
  const creates = nodeOf(statement, 'CreateTableAsStmt') !== undefined || isObject(nodeOf(statement, 'SelectStmt')?.intoClause);
  // Also what built-ins keep past the statement (setval, large objects): `copied` without a write.
  if (writes || !creates) addAll(carried, usage.sets.copied);
  if (writes) addAll(carried, rowChoice(usage).sources);
}

/** A write's target whose writes run code the statement does not show (a trigger, a rule, a default calling a function), or a view's. */
function writesThroughHiddenCode(relation: unknown, a: Analysis): boolean {
  if (!isObject(relation) || typeof relation.relname !== 'string') return false;
  const schema = typeof relation.schemaname === 'string' && relation.schemaname !== '' ? relation.schemaname : undefined;
  const info = a.resolver.resolve(schema, relation.relname);
  return info?.rewritten === true || info?.view !== undefined;
}

/** A statement's output as earlier writes of the call left its tables: every column also derived from what they carried. */
export function afterWrites(output: QueryOutput | undefined, carried: ReadonlySet<string>): QueryOutput | undefined {
  if (!output || carried.size === 0) return output;
  const chosen = new Set([...output.chosen, ...carried]);
  const used = new Set([...output.used, ...carried]);
  if (!output.columns) return { used, chosen };
  return { columns: chosenBy(output.columns, { sources: new Set(carried) }), used, chosen };
}
