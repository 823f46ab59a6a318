// Conditions (WHERE, HAVING, JOIN ON, FILTER): every column in one is `filtered`. A condition that
// only looks a column up (equal or unequal to a constant, IN a list of constants, IS NULL, a
// boolean column itself) or joins two columns as they are says nothing about a value beyond
// "this one"; anything else (patterns, ranges, functions of a column, arithmetic, CASE) can be
// searched with, so its columns are also `compared`: the oracle the policy looks at. A lookup's
// value must be written in the statement (literals and parameters, cast or combined by operators):
// a value that varies by row (VALUES, generate_series, another table, a function such as random())
// makes one condition try many guesses. Each constant
// looked up counts as a guess (see facts.ts for how many a call may make).
import { isObject, stringsOf, unwrap, type NodeBody } from '../classify/tree.ts';
import type { Analysis } from './analysis.ts';
import { customOperator, expression, userCodeNamed } from './expression.ts';
import { analyzeQuery } from './query.ts';
import { readsRowsOf } from './row-choice.ts';
import type { Scope } from './scope.ts';
import { derived, type ColumnLineage } from './sources.ts';

const EQUALITY = new Set(['=', '<>', '!=']);

export function predicate(node: unknown, scope: Scope, a: Analysis): void {
  if (node === undefined || node === null) return;
  const wrapped = unwrap(node);
  if (!wrapped) return record([expression(node, scope, a)], 'compared', a);
  const [type, body] = wrapped;
  a.nested(() => {
    switch (type) {
      case 'BoolExpr':
        for (const arg of Array.isArray(body.args) ? body.args : []) predicate(arg, scope, a);
        return;
      case 'A_Expr':
        // User code under an operator's name can answer anything about anything: no lookup.
        return customOperator(body, a) ? lookup(expression(node, scope, a), a) : comparison(body, scope, a);
      case 'NullTest':
      case 'BooleanTest':
        return lookup(expression(body.arg, scope, a), a);
      case 'SubLink':
        return userCodeNamed(stringsOf(body.operName), a) ? lookup(expression(node, scope, a), a) : subLinkCondition(body, scope, a);
      default:
        return lookup(expression(node, scope, a), a);
    }
  });
}

function comparison(body: NodeBody, scope: Scope, a: Analysis): void {
  const left = expression(body.lexpr, scope, a);
  const op = stringsOf(body.name).at(-1) ?? '';
  if (body.kind === 'AEXPR_IN') {
    const inList = unwrap(body.rexpr);
    const list: unknown[] = inList?.[0] === 'List' && Array.isArray(inList[1].items) ? inList[1].items : [body.rexpr];
    const items = list.map((item) => expression(item, scope, a));
    if (left.bare !== undefined && list.every(writtenValue)) return guessed(left.bare, list.length, a);
    return record([left, ...items], 'compared', a);
  }
  const right = expression(body.rexpr, scope, a);
  // Equality as written (bare or as OPERATOR(pg_catalog.=): customOperator took every other qualified
  // name); `= ANY (array)`, IS DISTINCT FROM and NULLIF are other kinds: one constant may hold many guesses.
  if (body.kind === 'AEXPR_OP' && EQUALITY.has(op)) {
    if (left.bare !== undefined && right.bare !== undefined) return record([left, right], 'joined', a);
    if (left.bare !== undefined && writtenValue(body.rexpr)) return guessed(left.bare, 1, a);
    if (right.bare !== undefined && writtenValue(body.lexpr)) return guessed(right.bare, 1, a);
  }
  record([left, right], 'compared', a);
}

/**
 * Nodes a value written in the statement is made of: literals, parameters, casts and operators
 * over them. Anything else (a column, a subquery, a function: random() after setseed() gives a
 * known guess per row) may differ from row to row.
 */
const WRITTEN = new Set(['A_Const', 'ParamRef', 'TypeCast', 'TypeName', 'A_Expr', 'List', 'String', 'Integer', 'Float', 'Boolean', 'BitString']);

/** A value written in the statement: the same for every row. */
function writtenValue(node: unknown): boolean {
  if (Array.isArray(node)) return node.every(writtenValue);
  if (!isObject(node)) return true;
  for (const [key, value] of Object.entries(node)) {
    // Node types are capitalized; a node's own fields are not.
    if (/^[A-Z]/.test(key) && !WRITTEN.has(key)) return false;
    if (typeof value === 'object' && value !== null && !writtenValue(value)) return false;
  }
  return true;
}

function guessed(column: string, count: number, a: Analysis): void {
  a.usage.add('filtered', new Set([column]));
  a.usage.guess(column, count);
}

/** A column tested as it is: a lookup; anything computed: compared. */
function lookup(value: ColumnLineage, a: Analysis): void {
  record([value], value.bare !== undefined ? 'filtered' : 'compared', a);
}

/** `x IN (SELECT y ...)` with both bare is a join; EXISTS records its own conditions inside. */
function subLinkCondition(body: NodeBody, scope: Scope, a: Analysis): void {
  const test = expression(body.testexpr, scope, a);
  const inner = analyzeQuery(body.subselect, scope, a);
  // Whether the subquery has rows, or which, is tested: what chose them chooses these.
  readsRowsOf(inner.chosen, a);
  if (body.subLinkType === 'EXISTS_SUBLINK') return;
  const outputs = (inner.columns ?? []).map(([, l]) => l);
  const join = body.subLinkType === 'ANY_SUBLINK' && test.bare !== undefined && outputs.length === 1 && (outputs[0] as ColumnLineage).bare !== undefined;
  record([test, ...outputs], join ? 'joined' : 'compared', a);
}

function record(parts: readonly ColumnLineage[], use: 'filtered' | 'compared' | 'joined', a: Analysis): void {
  const all = derived(parts).sources;
  a.usage.add('filtered', all);
  if (use !== 'filtered') a.usage.add(use, all);
}

