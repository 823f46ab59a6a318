// The lineage of an expression: which sources its value is computed from. Every node type not
// named here is the union of its children, so an operator, a CASE, a JSON constructor or a node
// this file never heard of still carries what is under it (a literal, a parameter or a type name
// has no child that is a column, so carries nothing). Only a bare column reference stays
// bare; a count over a bare column or a star is the one computation that carries no value.
// Whatever computes on a source also records it as `compared`: whether the code failed is visible.
import { BETWEEN_OPERATORS, BUILTIN_OPERATORS, SET_RETURNING_BUILTINS } from '../classify/builtin-functions.ts';
import { dangerousFunction } from '../classify/function-catalogue.ts';
import { isBuiltinFunction } from '../classify/function-rules.ts';
import { isObject, nodeOf, stringsOf, unwrap, type NodeBody } from '../classify/tree.ts';
import type { Analysis } from './analysis.ts';
import { resolveName, resolveQualified, resolveRow, type Scope } from './scope.ts';
import { analyzeQuery } from './query.ts';
import { exposesValues } from './relations.ts';
import { readsSessionState } from './session-state.ts';
import { COUNTED, countsStatistics } from './statistics.ts';
import { beyondBare, derived, NONE, UNKNOWN, type ColumnLineage } from './sources.ts';

export function expression(node: unknown, scope: Scope, a: Analysis): ColumnLineage {
  if (Array.isArray(node)) return derived(node.map((item) => expression(item, scope, a)));
  if (!isObject(node)) return NONE;
  const wrapped = unwrap(node);
  if (!wrapped) return children(node, scope, a);
  const [type, body] = wrapped;
  if (type === 'ColumnRef') return a.touch(columnRef(body, scope));
  // A statistic is shown as the server counted it: computing on it (in a condition too) is what computes.
  if (type === 'FuncCall' && statisticsCall(body, a)) return derived([children(body, scope, a), COUNTED]);
  const value = a.nested(() => {
    switch (type) {
      case 'FuncCall':
        return functionCall(body, scope, a);
      case 'A_Expr':
        return customOperator(body, a) ? opaque(body, scope, a) : children(body, scope, a);
      case 'SubLink':
        return userCodeNamed(stringsOf(body.operName), a) ? opaque(body, scope, a) : subLink(body, scope, a);
      case 'TypeCast':
        return userCodeNamed([castName(body) ?? ''], a) ? opaque(body, scope, a) : children(body, scope, a);
      case 'CaseExpr':
        // `CASE x WHEN v` compares with whatever "=" fits x and v.
        return body.arg !== undefined && userCodeNamed(['='], a) ? opaque(body, scope, a) : children(body, scope, a);
      default:
        return children(body, scope, a);
    }
  });
  // Code run over a protected value is itself an oracle: a cast, a division or a CASE that fails or
  // not, a scalar subquery that finds more than one row, answers a question about it. (Only a column
  // reference, above, is bare: every value computed here is derived.)
  a.usage.add('compared', value.sources);
  return value;
}

/** Union of every field: what a generic node is made of (a field that is no node is NONE). */
function children(body: NodeBody, scope: Scope, a: Analysis): ColumnLineage {
  return derived(Object.values(body).map((value) => expression(value, scope, a)));
}

export function columnRef(body: NodeBody, scope: Scope): ColumnLineage {
  const fields = Array.isArray(body.fields) ? body.fields : [];
  const names = stringsOf(fields);
  const star = fields.some((f) => nodeOf(f, 'A_Star') !== undefined);
  if (star) {
    // `c.*` inside an expression is c's whole row; a bare `*` there is every item's.
    if (names.length === 0) return derived(scope.entries.map((e) => resolveRow(scope, e.alias)));
    return resolveRow(scope, names[names.length - 1] as string);
  }
  if (names.length === 1) return resolveName(scope, names[0] as string);
  if (names.length >= 2) return resolveQualified(scope, names[names.length - 2] as string, names[names.length - 1] as string);
  return UNKNOWN;
}

/**
 * Built-ins that keep what they are given where a later call or another session can read it: a
 * sequence's value (kept through a rollback too), a large object's bytes, a notification's or a
 * logical message's payload. What reaches them is copied, as an INSERT's values are.
 */
const KEEPS_ARGUMENTS = new Set(['setval', 'lo_from_bytea', 'lo_put', 'lowrite', 'pg_notify', 'pg_logical_emit_message']);

function functionCall(body: NodeBody, scope: Scope, a: Analysis): ColumnLineage {
  const parts = stringsOf(body.funcname);
  // A built-in's name is as written: a quoted "COUNT" is no built-in (isBuiltinFunction), so user code.
  const name = parts[parts.length - 1] ?? '';
  if (KEEPS_ARGUMENTS.has(name) && isBuiltinFunction(parts)) a.usage.add('copied', expression(body.args, scope, a).sources);
  // Other sessions' statements, and session state the call may have stored a value in: undecidable.
  const userCode = !isBuiltinFunction(parts) || userCodeNamed(parts, a);
  if (userCode || dangerousFunction(name) !== undefined || exposesValues(parts.length > 1 ? parts[0] : undefined, name) || (a.stateHoldsValues && readsSessionState(name))) {
    // User code may return any number of rows, counted from anything; a built-in's, from what it is given.
    const given = children(body, scope, a);
    returnsRows(userCode ? UNKNOWN : given, a);
    return UNKNOWN;
  }
  const args = Array.isArray(body.args) ? body.args.map((arg) => expression(arg, scope, a)) : [];
  const extras = [expression(body.agg_order, scope, a), expression(body.agg_filter, scope, a), expression(body.over, scope, a)];
  const value = derived([name === 'count' && args.length === 1 ? oneWayCount(args[0] as ColumnLineage) : derived(args), ...extras]);
  return SET_RETURNING_BUILTINS.has(name) ? returnsRows(value, a) : value;
}

/** A built-in statistic (statistics.ts) that no user code bearing its name stands in for. */
function statisticsCall(body: NodeBody, a: Analysis): boolean {
  const parts = stringsOf(body.funcname);
  return countsStatistics(parts.at(-1) ?? '') && isBuiltinFunction(parts) && !userCodeNamed(parts, a);
}

/** A set-returning call in a select list repeats its row per value: what it is computed from chose the rows. */
function returnsRows(value: ColumnLineage, a: Analysis): ColumnLineage {
  a.setReturning?.push(value);
  return value;
}

/** User code (its body is not visible), and built-ins that read by name or run SQL text. */
export function opaqueFunction(parts: readonly string[], name: string, a: Analysis): boolean {
  return !isBuiltinFunction(parts) || userCodeNamed(parts, a) || dangerousFunction(name) !== undefined;
}

/**
 * count(column) (DISTINCT or not) gives how many values there are, never a value: a column counted
 * as it is carries only what chose its rows (row-choice.ts). count over anything computed could
 * count a predicate's answers, so it carries them. (count(*) has no argument: it carries nothing.)
 */
function oneWayCount(counted: ColumnLineage): ColumnLineage {
  return { sources: beyondBare(counted) };
}

/** Code whose body is not visible: what it is given is read, and what it returns may be anything. */
function opaque(body: NodeBody, scope: Scope, a: Analysis): ColumnLineage {
  children(body, scope, a);
  return UNKNOWN;
}

export function customOperator(body: NodeBody, a: Analysis): boolean {
  const parts = stringsOf(body.name);
  const op = parts[parts.length - 1] ?? '';
  if (parts.length > 2 || (parts.length === 2 && parts[0] !== 'pg_catalog')) return true;
  return !BUILTIN_OPERATORS.has(op) || userCodeNamed(parts, a);
}

/**
 * A bare name user code also bears (see RelationResolver.userNamesake). The BETWEEN forms are
 * spelled out by the server as the comparisons they are made of.
 */
export function userCodeNamed(parts: readonly string[], a: Analysis): boolean {
  if (parts.length !== 1 || !a.resolver.userNamesake) return false;
  const name = parts[0] as string;
  const user = (BETWEEN_OPERATORS[name] ?? [name]).some((n) => a.resolver.userNamesake?.(n) === true);
  if (user) a.userCode.add(name);
  return user;
}

/** A subquery's value depends on everything it touched: its outputs and its predicates. */
function subLink(body: NodeBody, scope: Scope, a: Analysis): ColumnLineage {
  const test = expression(body.testexpr, scope, a);
  const inner = analyzeQuery(body.subselect, scope, a);
  return derived([test, { sources: inner.used }, { sources: inner.chosen }, ...(inner.columns ?? []).map(([, l]) => l)]);
}

/** How a cast (a TypeCast's body) is named among routine names: "::" and the type's own name (pg_type.typname). */
export function castName(cast: NodeBody): string | undefined {
  const type = isObject(cast.typeName) ? stringsOf(cast.typeName.names).at(-1) : undefined;
  return type === undefined ? undefined : `::${type}`;
}
