// A setting is a place a call can keep a value: set_config(name, value) stores any text, and
// current_setting, SHOW and pg_settings read it back, in another column of the same row, in a
// condition evaluated first, or in a later statement. Which runs first is the planner's choice, so
// when a call may store a value it computed in a setting, every read of a setting in the call
// counts as unknown (masked whole). Settings do not outlive a call: its session is reset after it.
import { isObject, stringsOf, unwrap } from '../classify/tree.ts';
import type { Analysis } from './analysis.ts';
import { castName, customOperator, opaqueFunction, userCodeNamed } from './expression.ts';

/** Built-ins that read settings; pg_settings and SHOW read them too. */
const READERS = new Set(['current_setting', 'current_schemas', 'current_schema', 'pg_show_all_settings']);

export function readsSettings(name: string): boolean {
  return READERS.has(name);
}

export function isSettingsRelation(schema: string | undefined, name: string): boolean {
  return (schema === undefined || schema === 'pg_catalog') && name === 'pg_settings';
}

/**
 * Whether the call may store in a setting a value it did not write: set_config of anything but
 * constants, an UPDATE of pg_settings, or code whose body is not visible (it may call set_config).
 */
export function storesValuesInSettings(trees: readonly unknown[], a: Analysis): boolean {
  const stack: unknown[] = [...trees];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      stack.push(...node);
      continue;
    }
    if (!isObject(node)) continue;
    const [type, body] = unwrap(node) ?? ['', node];
    if (type === 'DoStmt' || type === 'CallStmt') return true;
    if (type === 'FuncCall') {
      const parts = stringsOf(body.funcname);
      const name = (parts.at(-1) ?? '').toLowerCase();
      if (name === 'set_config' ? !writtenInStatement(Array.isArray(body.args) ? body.args[1] : undefined) : opaqueFunction(parts, name, a)) return true;
    }
    if (type === 'A_Expr' && customOperator(body, a)) return true;
    if (type === 'TypeCast' && userCodeNamed([castName(body) ?? ''], a)) return true;
    if ((type === 'UpdateStmt' || type === 'InsertStmt' || type === 'MergeStmt') && isObject(body.relation) && body.relation.relname === 'pg_settings') return true;
    for (const child of Object.values(body)) if (typeof child === 'object' && child !== null) stack.push(child);
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
