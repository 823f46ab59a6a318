// UPDATE pg_settings: a rule on the view runs set_config(name, setting, false) for each row the
// UPDATE touches, so it is SET in disguise. Which settings it changes is read from the WHERE only when
// the WHERE plainly restricts the name column to a list of literals (=, IN, = ANY, and their AND and
// OR); anything else may touch any row, so it changes "*" (every setting, role included).
import type { SettingChange } from './settings.ts';
import { constantValue, isObject, nodeOf, stringsOf, unwrap, type NodeBody } from './tree.ts';

const ANY_SETTING: readonly SettingChange[] = [{ name: '*', value: undefined }];

/** Deeper WHERE trees than this are not read: any setting. */
const MAX_WHERE_DEPTH = 32;

/**
 * The settings one UPDATE of pg_settings changes. `inCode`: the UPDATE is in a code body, where a
 * PL/pgSQL variable or a block label may stand for the column (#variable_conflict use_variable),
 * so no name in the WHERE can be trusted.
 */
export function settingsOfSettingsUpdate(update: NodeBody, inCode: boolean): readonly SettingChange[] {
  // A FROM list brings other columns (and names) into the WHERE.
  if (inCode || (Array.isArray(update.fromClause) && update.fromClause.length > 0)) return withValue(ANY_SETTING, update);
  const relation = isObject(update.relation) ? update.relation : {};
  const names = namesIn(update.whereClause, qualifiers(relation), 0);
  return withValue(names ? [...names].map((name) => ({ name, value: undefined })) : ANY_SETTING, update);
}

/** The new value when the UPDATE sets the setting column to one constant, and nothing else. */
function withValue(changes: readonly SettingChange[], update: NodeBody): SettingChange[] {
  const targets = Array.isArray(update.targetList) ? update.targetList : [];
  const only = targets.length === 1 ? nodeOf(targets[0], 'ResTarget') : undefined;
  const value = only && only.name === 'setting' && only.indirection === undefined ? constantValue(only.val) : undefined;
  return changes.map((change) => ({ name: change.name, value }));
}

/**
 * How the target's columns may be qualified: its alias, or else its name, bare or with its schema.
 * Only pg_catalog's pg_settings reaches here (relationEffect), written bare or qualified.
 */
function qualifiers(relation: NodeBody): string[][] {
  const alias = isObject(relation.alias) && typeof relation.alias.aliasname === 'string' ? relation.alias.aliasname : undefined;
  if (alias !== undefined) return [[alias]];
  const relname = typeof relation.relname === 'string' ? relation.relname : '';
  return [[relname], ['pg_catalog', relname]];
}

/** Setting names a WHERE restricts the rows to (lower case), or undefined when it may be any. */
function namesIn(where: unknown, quals: string[][], depth: number): Set<string> | undefined {
  if (depth > MAX_WHERE_DEPTH) return undefined;
  const bool = nodeOf(where, 'BoolExpr');
  if (bool) {
    const args = Array.isArray(bool.args) ? bool.args : [];
    const sets = args.map((arg) => namesIn(arg, quals, depth + 1));
    if (bool.boolop === 'AND_EXPR') return intersect(sets.filter((s): s is Set<string> => s !== undefined));
    if (bool.boolop === 'OR_EXPR' && sets.every((s) => s !== undefined)) return new Set(sets.flatMap((s) => [...(s as Set<string>)]));
    return undefined;
  }
  const expr = nodeOf(where, 'A_Expr');
  if (!expr || stringsOf(expr.name).join('.') !== '=') return undefined;
  if (expr.kind === 'AEXPR_OP') {
    if (isNameColumn(expr.lexpr, quals)) return literals([expr.rexpr]);
    if (isNameColumn(expr.rexpr, quals)) return literals([expr.lexpr]);
    return undefined;
  }
  if (!isNameColumn(expr.lexpr, quals)) return undefined;
  if (expr.kind === 'AEXPR_IN') return literals(nodeOf(expr.rexpr, 'List')?.items);
  if (expr.kind === 'AEXPR_OP_ANY') return arrayLiterals(expr.rexpr);
  return undefined;
}

/** The intersection of the restrictions found (undefined when no conjunct restricts the name). */
function intersect(sets: Array<Set<string>>): Set<string> | undefined {
  const [first, ...rest] = sets;
  if (!first) return undefined;
  return new Set([...first].filter((name) => rest.every((s) => s.has(name))));
}

function isNameColumn(node: unknown, quals: string[][]): boolean {
  const ref = nodeOf(node, 'ColumnRef');
  if (!ref) return false;
  const fields = stringsOf(ref.fields);
  if (fields.length !== (Array.isArray(ref.fields) ? ref.fields.length : -1) || fields.at(-1) !== 'name') return false;
  const qualifier = fields.slice(0, -1);
  return qualifier.length === 0 || quals.some((q) => q.length === qualifier.length && q.every((part, i) => part === qualifier[i]));
}

/** Types whose input keeps a string as written (a cast to another type may run any input function). */
const TEXT_TYPES = new Set(['text', 'varchar', 'name', 'bpchar']);

/** A string literal, possibly cast to a text type (to an array of one when `array`). */
function textLiteral(node: unknown, array: boolean): string | undefined {
  let current = unwrap(node);
  while (current?.[0] === 'TypeCast') {
    const typeName = isObject(current[1].typeName) ? current[1].typeName : {};
    const isArray = Array.isArray(typeName.arrayBounds) && typeName.arrayBounds.length > 0;
    const names = stringsOf(typeName.names);
    const builtin = names.length === 1 || (names.length === 2 && names[0] === 'pg_catalog');
    if (!builtin || !TEXT_TYPES.has(names.at(-1) ?? '') || isArray !== array) return undefined;
    current = unwrap(current[1].arg);
  }
  if (current?.[0] !== 'A_Const') return undefined;
  const value = constantValue({ A_Const: current[1] });
  return typeof value === 'string' ? value : undefined;
}

/** Lower-cased string literals, or undefined if any item is something else. */
function literals(items: unknown): Set<string> | undefined {
  if (!Array.isArray(items) || items.length === 0) return undefined;
  const names = new Set<string>();
  for (const item of items) {
    const value = textLiteral(item, false);
    if (value === undefined) return undefined;
    names.add(value.toLowerCase());
  }
  return names;
}

/** ARRAY['a', 'b'], or a plain array literal '{a,b}' (possibly cast to text[]). */
function arrayLiterals(node: unknown): Set<string> | undefined {
  const array = nodeOf(node, 'A_ArrayExpr');
  if (array) return literals(array.elements);
  const text = textLiteral(node, true);
  // Only the plain form: no quoting, escapes, nesting or NULLs to interpret.
  if (typeof text !== 'string' || !/^\s*\{[^"\\{}]*\}\s*$/.test(text)) return undefined;
  const items = text.trim().slice(1, -1).split(',').map((item) => item.trim().toLowerCase());
  if (items.some((item) => item === '' || item === 'null')) return undefined;
  return new Set(items);
}
