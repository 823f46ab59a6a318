// Statement shape for approval grants: what a grant for an approved statement also lets run. Only
// scalar values may vary: the constant a column is compared equal to, the values an INSERT adds
// and the values an UPDATE sets (literals or parameters). Everything else is part of the shape as
// written: operators, IN and ANY lists, ranges, LIMITs, function arguments, the tables, columns
// and functions, and the values of parameters used anywhere else. So a grant for
// `DELETE FROM orders WHERE id = 5` runs `... WHERE id = 6`, never `WHERE id = ANY('{...}')` or
// `WHERE id > -1`. The facts are part of the shape too: two calls share one only if policy sees
// them the same way.
import { createHash } from 'node:crypto';
import { analyzeSql } from './classify.ts';
import { relationEffect } from './relation-catalogue.ts';
import { isObject, stringsOf, unwrap } from './tree.ts';

export interface SqlGrantShape {
  shape: string;
  /** What may differ under a grant, in words ("the value orders.id is compared equal to"). */
  varies: string[];
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Where a statement is in the text, not what it means. */
const POSITION_KEYS = new Set(['location', 'stmt_location', 'stmt_len', 'rexpr_list_start', 'rexpr_list_end']);
const VARIES = { '?': 'value' };

export function sqlGrantShape(sql: string, params: readonly unknown[] = []): SqlGrantShape {
  const text = typeof sql === 'string' ? sql : String(sql);
  const { facts, statements } = analyzeSql(text);
  if (!facts.parsed || statements.length === 0) return { shape: `sha256:${sha256(JSON.stringify([text, params]))}`, varies: [] };
  const varies = new Set<string>();
  const tree = statements.map((statement) => normalize(statement, params, varies));
  const { error: _error, errorPosition: _position, notes: _notes, ...decisive } = facts;
  return { shape: `pg:${sha256(JSON.stringify([tree, decisive]))}`, varies: [...varies] };
}

/** Passed as `varies` where nothing may vary: what it collects is thrown away. */
const FIXED: Set<string> = new Set();

function normalize(node: unknown, params: readonly unknown[], varies: Set<string>): unknown {
  if (Array.isArray(node)) return node.map((item) => normalize(item, params, varies));
  if (!isObject(node)) return node;
  const wrapped = unwrap(node);
  if (wrapped) {
    const [type, body] = wrapped;
    // An UPDATE of pg_settings is set_config: the setting's name and value are the statement's
    // meaning, so nothing in it varies (as nothing in a SET does).
    if (type === 'UpdateStmt' && changesSettings(body.relation)) return { UpdateStmt: normalize(body, params, FIXED) };
    if (varies !== FIXED && type === 'A_Expr') return { A_Expr: equality(body, params, varies) };
    if (varies !== FIXED && type === 'UpdateStmt') return { UpdateStmt: updated(body, params, varies) };
    if (varies !== FIXED && type === 'InsertStmt') return { InsertStmt: inserted(body, params, varies) };
    // A parameter anywhere else is fixed: its value is part of the shape.
    if (type === 'ParamRef') return { ParamRef: { number: body.number, value: params[Number(body.number) - 1] ?? null } };
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) if (!POSITION_KEYS.has(key)) out[key] = normalize(value, params, varies);
  return out;
}

function changesSettings(relation: unknown): boolean {
  if (!isObject(relation) || typeof relation.relname !== 'string') return false;
  const schema = typeof relation.schemaname === 'string' && relation.schemaname !== '' ? relation.schemaname : undefined;
  return relationEffect(schema, relation.relname, true).changesSettings;
}

/** A literal or a parameter, possibly cast: the one kind of value a grant lets vary. */
function scalar(node: unknown): boolean {
  const wrapped = unwrap(node);
  if (!wrapped) return false;
  const [type, body] = wrapped;
  if (type === 'A_Const' || type === 'ParamRef') return true;
  return type === 'TypeCast' && scalar(body.arg);
}

/** Keeps a cast's type: `'5'::int` and `'5'::text` are not one value. */
function placeholder(node: unknown): unknown {
  const wrapped = unwrap(node);
  return wrapped?.[0] === 'TypeCast' ? { TypeCast: { arg: VARIES, typeName: normalize(wrapped[1].typeName, [], new Set()) } } : VARIES;
}

function columnName(node: unknown): string | undefined {
  const wrapped = unwrap(node);
  return wrapped?.[0] === 'ColumnRef' ? stringsOf(wrapped[1].fields).join('.') : undefined;
}

/** `column = scalar` (either way round): the scalar varies. */
function equality(body: Record<string, unknown>, params: readonly unknown[], varies: Set<string>): unknown {
  const plainEquals = body.kind === 'AEXPR_OP' && stringsOf(body.name).join('.') === '=';
  const out = normalize(body, params, varies) as Record<string, unknown>;
  if (!plainEquals) return out;
  for (const [side, other] of [['rexpr', 'lexpr'], ['lexpr', 'rexpr']] as const) {
    const column = columnName(body[other]);
    if (column !== undefined && scalar(body[side])) {
      out[side] = placeholder(body[side]);
      varies.add(`the value ${column} is compared equal to`);
      return out;
    }
  }
  return out;
}

/** UPDATE ... SET column = scalar: the scalar varies. */
function updated(body: Record<string, unknown>, params: readonly unknown[], varies: Set<string>): unknown {
  const out = normalize(body, params, varies) as Record<string, unknown>;
  const targets = Array.isArray(body.targetList) ? body.targetList : [];
  out.targetList = targets.map((target, i) => {
    const res = unwrap(target);
    if (res?.[0] !== 'ResTarget' || !scalar(res[1].val)) return (out.targetList as unknown[])[i];
    varies.add(`the value set for ${String(res[1].name)}`);
    return { ResTarget: { ...(normalize(res[1], params, varies) as object), val: placeholder(res[1].val) } };
  });
  return out;
}

/** INSERT ... VALUES (scalars): each scalar varies; the number of rows and columns does not. */
function inserted(body: Record<string, unknown>, params: readonly unknown[], varies: Set<string>): unknown {
  const out = normalize(body, params, varies) as Record<string, unknown>;
  const select = unwrap(body.selectStmt);
  const lists = select?.[0] === 'SelectStmt' && Array.isArray(select[1].valuesLists) ? select[1].valuesLists : undefined;
  if (!lists) return out;
  const rows = lists.map((row) => {
    const list = unwrap(row);
    const items = list?.[0] === 'List' && Array.isArray(list[1].items) ? list[1].items : [];
    return { List: { items: items.map((item) => (scalar(item) ? placeholder(item) : normalize(item, params, varies))) } };
  });
  if (lists.some((row) => (unwrap(row)?.[1].items as unknown[] | undefined)?.some(scalar))) varies.add('the values inserted');
  out.selectStmt = { SelectStmt: { ...((unwrap(out.selectStmt)?.[1] as object) ?? {}), valuesLists: rows } };
  return out;
}
