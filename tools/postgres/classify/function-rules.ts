// What a function call, an operator or a type name means for policy: its name in the facts, whether
// it is a dangerous or side-effect built-in, whether it is user code, and, for the few built-ins that
// run SQL given as text, what that text does when it is a literal.
import { BUILTIN_OPERATORS, BUILTIN_PREFIX_OPERATORS, SAFE_BUILTIN_FUNCTIONS } from './builtin-functions.ts';
import { userTypeName } from './builtin-types.ts';
import type { FactCollector } from './collector.ts';
import { dangerousFunction, sideEffectFunction } from './function-catalogue.ts';
import { applySettingChanges, settingOfSetConfig } from './settings.ts';
import { constantValue, stringsOf, type NodeBody } from './tree.ts';
import { codeScope, type Scope, type WalkHost } from './walk-types.ts';

export function analyzeFunctionCall(body: NodeBody, host: WalkHost, scope: Scope): void {
  const { facts } = host;
  const parts = stringsOf(body.funcname);
  const name = parts.at(-1) ?? '';
  const schema = parts.length > 1 ? parts.at(-2) : undefined;
  facts.functions.add(parts.join('.'));
  // Matching on the lower-case name is stricter than PostgreSQL ("PG_READ_FILE" is another function).
  const lower = name.toLowerCase();
  const danger = dangerousFunction(lower);
  const side = sideEffectFunction(lower);
  if (danger) {
    facts.dangerousFunctions.add(lower);
    for (const flag of danger.flags) facts.flag(flag);
    if (danger.writes && scope.executes) facts.extraWrites = true;
    for (const index of danger.sqlArgs ?? []) readSqlArgument(lower, argumentAt(body, index), host, scope);
    if (lower === 'set_config') applySettingChanges([settingOfSetConfig(body.args)], facts);
  }
  if (side) {
    facts.sideEffectFunctions.add(lower);
    if (side.writes && scope.executes) facts.extraWrites = true;
  }
  if (!isBuiltin(name, schema, parts.length, danger !== undefined || side !== undefined)) facts.callsUserFunctions = true;
}

/**
 * Built-in when known by name, unqualified or qualified with pg_catalog. Built-in names are all
 * lower case, so a quoted "COUNT" is user code; an unknown pg_catalog name counts as unknown code too,
 * so qualifying a built-in the lists miss cannot make a call read-only.
 */
function isBuiltin(name: string, schema: string | undefined, parts: number, catalogued: boolean): boolean {
  if (schema !== undefined && !(schema === 'pg_catalog' && parts === 2)) return false;
  return SAFE_BUILTIN_FUNCTIONS.has(name) || (catalogued && name === name.toLowerCase());
}

/** Whether a call by this (possibly qualified) name reaches a known built-in rather than user code. */
export function isBuiltinFunction(parts: readonly string[]): boolean {
  const name = parts[parts.length - 1] ?? '';
  const catalogued = dangerousFunction(name.toLowerCase()) !== undefined || sideEffectFunction(name.toLowerCase()) !== undefined;
  return isBuiltin(name, parts.length > 1 ? parts[parts.length - 2] : undefined, parts.length, catalogued);
}

function argumentAt(body: NodeBody, index: number): unknown {
  return Array.isArray(body.args) ? body.args[index] : undefined;
}

/** A literal SQL argument (query_to_xml('DELETE ...')) is classified as nested code. */
function readSqlArgument(fn: string, arg: unknown, host: WalkHost, scope: Scope): void {
  const text = constantValue(arg);
  if (typeof text !== 'string') {
    host.facts.note(`${fn}() runs SQL that is computed at run time`);
    return;
  }
  const outcome = host.walkText(text, codeScope(scope), true);
  if (!outcome.ok) host.facts.note(`the SQL given to ${fn}() does not parse: ${outcome.error}`);
  else host.facts.note(`${fn}() runs SQL given as text; it was classified too`);
}

/**
 * Where a node names an operator: an expression (A_Expr), a comparison with a subquery's rows
 * (`a ### ANY (SELECT ...)`, a SubLink) and a sort (`ORDER BY a USING ###`, a SortBy). Each runs
 * the operator's function, so each name is checked the same way.
 */
export const OPERATOR_FIELDS: Readonly<Record<string, string>> = { A_Expr: 'name', SubLink: 'operName', SortBy: 'useOp' };

/** The operator a node of a type in OPERATOR_FIELDS names (none: a SubLink of IN or EXISTS, a plain sort). */
export function analyzeOperator(type: string, body: NodeBody, facts: FactCollector): void {
  const parts = stringsOf(body[OPERATOR_FIELDS[type] ?? '']);
  if (parts.length === 0) return;
  const op = parts.at(-1) ?? '';
  const qualified = parts.length > 1;
  const builtins = type === 'A_Expr' && body.lexpr === undefined ? BUILTIN_PREFIX_OPERATORS : BUILTIN_OPERATORS;
  if (builtins.has(op) && (!qualified || (parts.length === 2 && parts[0] === 'pg_catalog'))) return;
  facts.customOperators.add(qualified ? `OPERATOR(${parts.join('.')})` : op);
  facts.callsUserFunctions = true;
}

/**
 * A type named anywhere (a cast, a column list of a function in FROM, XMLSERIALIZE, a prepared
 * statement's parameters): converting a value to a type that is not built in may run its code.
 */
export function analyzeTypeName(body: NodeBody, facts: FactCollector): void {
  const name = userTypeName(body);
  if (name === undefined) return;
  facts.callsUserFunctions = true;
  facts.note(`the type ${name} is not built in: converting to it may run its code`);
}
