// Session state is a place a call can keep a value and read it back: set_config(name, value)
// stores any text in a setting (current_setting, SHOW, pg_settings read it), code can put any text
// in a cursor's or prepared statement's text (pg_cursors, pg_prepared_statements), an advisory lock's keys
// are numbers pg_locks lists, and setval sets what currval returns. A value can go in through one
// column, condition or statement and come out through another, in either order (which runs first
// is the planner's choice). So when a call may store a value it computed in session state, every
// read of session state in the call counts as unknown (masked whole). Nothing of it outlives the
// call: its session is reset after it.
import { isTypeName, userTypeName } from '../classify/builtin-types.ts';
import { isBuiltinFunction } from '../classify/function-rules.ts';
import { isObject, nodesUnder, stringsOf } from '../classify/tree.ts';
import type { Analysis } from './analysis.ts';
import { castName, customOperator, opaqueFunction, userCodeNamed } from './expression.ts';

/** Built-ins that read session state; SHOW does too. */
const READERS = new Set(['current_setting', 'current_schemas', 'current_schema', 'pg_show_all_settings', 'pg_cursor', 'pg_prepared_statement', 'pg_lock_status', 'currval', 'lastval', 'pg_sequence_last_value']);
/** Catalog views over those readers. */
const RELATIONS = new Set(['pg_settings', 'pg_cursors', 'pg_prepared_statements', 'pg_locks', 'pg_sequences']);

export function readsSessionState(name: string): boolean {
  return READERS.has(name);
}

export function isSessionStateRelation(schema: string | undefined, name: string): boolean {
  return (schema === undefined || schema === 'pg_catalog') && RELATIONS.has(name);
}

/** The arguments of a built-in that stores them in session state; undefined for any other function. */
function storedArguments(name: string, args: readonly unknown[]): readonly unknown[] | undefined {
  if (name === 'set_config' || name === 'setval') return args.slice(1);
  if (name.startsWith('pg_advisory_') || name.startsWith('pg_try_advisory_')) return args;
  return undefined;
}

/**
 * Whether the call may store in session state a value it did not write: set_config, setval or an
 * advisory lock of anything but constants, an UPDATE of pg_settings, or code whose body is not
 * visible (it may call any of them).
 */
export function storesValuesInSessionState(trees: readonly unknown[], a: Analysis): boolean {
  for (const [type, body] of nodesUnder(trees)) {
    if (type === 'DoStmt' || type === 'CallStmt') return true;
    if (type === 'FuncCall') {
      const parts = stringsOf(body.funcname);
      const name = (parts.at(-1) ?? '').toLowerCase();
      const stored = storedArguments(name, Array.isArray(body.args) ? body.args : []);
      // User code bearing a writer's name (public.setval) runs whatever it likes, constants or not.
      const userCode = !isBuiltinFunction(parts) || userCodeNamed(parts, a);
      if (stored ? userCode || !writtenInStatement(stored) : opaqueFunction(parts, name, a)) return true;
    }
    if (type === 'A_Expr' && customOperator(body, a)) return true;
    if (type === 'TypeCast' && userCodeNamed([castName(body) ?? ''], a)) return true;
    // A type that is not built in may be a domain: its CHECK runs on every value converted to it.
    if (isTypeName(type, body) && userTypeName(body) !== undefined) return true;
    if ((type === 'UpdateStmt' || type === 'InsertStmt' || type === 'MergeStmt') && isObject(body.relation) && body.relation.relname === 'pg_settings') return true;
  }
  return false;
}

/** Made of constants and parameters only: no column, subquery or function call under it. */
function writtenInStatement(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) stack.push(...node);
    else if (isObject(node)) {
      if ('ColumnRef' in node || 'SubLink' in node || 'FuncCall' in node) return false;
      for (const child of Object.values(node)) if (typeof child === 'object' && child !== null) stack.push(child);
    }
  }
  return true;
}
