// Recognizes WHERE conditions that hold for every row (WHERE true, 1 = 1, 'a' = 'a', x = x, NOT false,
// ... OR true), so that an UPDATE or DELETE written with one counts as unbounded. Best effort: it
// only has to catch the cheap ways of dressing up "no WHERE", and it gives up (false) on anything
// it does not understand, which keeps the statement counted as bounded only when it really reads
// as a condition.
import { constantValue, isObject, nodeOf, stringsOf, unwrap, type NodeBody } from './tree.ts';

const MAX_DEPTH = 32;

export function isTautology(node: unknown, depth = 0): boolean {
  return truth(node, depth) === true;
}

/** true: always true; false: always false; undefined: depends on the row or unknown. */
function truth(node: unknown, depth: number): boolean | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const constant = constantValue(node);
  if (typeof constant === 'boolean') return constant;
  const unwrapped = unwrap(node);
  if (!unwrapped) return undefined;
  const [type, body] = unwrapped;
  switch (type) {
    case 'BoolExpr':
      return boolExpr(body, depth);
    case 'A_Expr':
      return comparison(body);
    case 'NullTest':
      return nullTest(body);
    case 'BooleanTest':
      return booleanTest(body, depth);
    case 'SubLink':
      return existsWithoutCondition(body);
    default:
      return undefined;
  }
}

function boolExpr(body: NodeBody, depth: number): boolean | undefined {
  const args = Array.isArray(body.args) ? body.args.map((a) => truth(a, depth + 1)) : [];
  switch (body.boolop) {
    case 'AND_EXPR':
      if (args.some((a) => a === false)) return false;
      return args.length > 0 && args.every((a) => a === true) ? true : undefined;
    case 'OR_EXPR':
      if (args.some((a) => a === true)) return true;
      return args.length > 0 && args.every((a) => a === false) ? false : undefined;
    case 'NOT_EXPR':
      return args[0] === undefined ? undefined : !args[0];
    default:
      return undefined;
  }
}

function comparison(body: NodeBody): boolean | undefined {
  // The parser reads "!=" as "<>": only "<>" ever arrives.
  const op = stringsOf(body.name).at(-1);
  if (body.kind === 'AEXPR_IN') return inList(body, op);
  // x IS NOT DISTINCT FROM x holds for every row, nulls included; IS DISTINCT FROM never does.
  if (body.kind === 'AEXPR_NOT_DISTINCT' || body.kind === 'AEXPR_DISTINCT') return sameExpression(body.lexpr, body.rexpr) ? body.kind === 'AEXPR_NOT_DISTINCT' : undefined;
  if (body.kind !== 'AEXPR_OP') return undefined;
  // The same expression on both sides (x = x) holds for every row where x is not null: as good as
  // no condition for a write.
  if (sameExpression(body.lexpr, body.rexpr)) {
    if (op === '=' || op === '<=' || op === '>=') return true;
    if (op === '<>' || op === '<' || op === '>') return false;
  }
  const left = constantValue(body.lexpr);
  const right = constantValue(body.rexpr);
  // Mixed types ('1' = 1) are coerced by the server in ways not modelled here: unknown.
  if (left === undefined || right === undefined || left === null || right === null || typeof left !== typeof right) return undefined;
  if (op === '=') return left === right;
  if (op === '<>') return left !== right;
  // Order of strings depends on the collation: only numbers are compared.
  if (typeof left !== 'number') return undefined;
  const [l, r] = [left, right as number];
  switch (op) {
    case '<':
      return l < r;
    case '>':
      return l > r;
    case '<=':
      return l <= r;
    case '>=':
      return l >= r;
    default:
      return undefined;
  }
}

function inList(body: NodeBody, op: string | undefined): boolean | undefined {
  const left = constantValue(body.lexpr);
  const list = nodeOf(body.rexpr, 'List');
  if (left === undefined || left === null || !list || !Array.isArray(list.items)) return undefined;
  const values = list.items.map((item) => constantValue(item));
  if (values.some((v) => v === undefined)) return undefined;
  const found = values.includes(left);
  return op === '=' ? found : op === '<>' ? !found : undefined;
}

function nullTest(body: NodeBody): boolean | undefined {
  const value = constantValue(body.arg);
  if (value === undefined) return undefined;
  const isNull = value === null;
  return body.nulltesttype === 'IS_NULL' ? isNull : !isNull;
}

function booleanTest(body: NodeBody, depth: number): boolean | undefined {
  const value = truth(body.arg, depth + 1);
  if (value === undefined) return undefined;
  switch (body.booltesttype) {
    case 'IS_TRUE':
    case 'IS_NOT_FALSE':
      return value;
    case 'IS_FALSE':
    case 'IS_NOT_TRUE':
      return !value;
    // A value known true or false is never unknown.
    case 'IS_UNKNOWN':
      return false;
    case 'IS_NOT_UNKNOWN':
      return true;
    default:
      return undefined;
  }
}

/** EXISTS (SELECT 1) without FROM or WHERE is always true. */
function existsWithoutCondition(body: NodeBody): boolean | undefined {
  if (body.subLinkType !== 'EXISTS_SUBLINK') return undefined;
  const select = nodeOf(body.subselect, 'SelectStmt');
  if (!select || select.fromClause || select.whereClause || select.havingClause || select.limitCount || select.op !== 'SETOP_NONE') return undefined;
  return true;
}

/** Structural equality that ignores source locations. */
function sameExpression(a: unknown, b: unknown): boolean {
  if (a === undefined || b === undefined) return false;
  return JSON.stringify(stripLocations(a)) === JSON.stringify(stripLocations(b));
}

function stripLocations(value: unknown, depth = 0): unknown {
  if (depth > MAX_DEPTH) return value;
  if (Array.isArray(value)) return value.map((v) => stripLocations(v, depth + 1));
  if (!isObject(value)) return value;
  const out: NodeBody = {};
  for (const [key, v] of Object.entries(value)) if (key !== 'location') out[key] = stripLocations(v, depth + 1);
  return out;
}
