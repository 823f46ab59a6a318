// For the dry run of a single DELETE: the same statement with RETURNING * added, so a few of the
// rows it deletes can be shown before the rollback (afterwards they are gone from the
// transaction's view). The text changes only after the statement's last token, and the result
// must parse to the very same DELETE with a RETURNING * and nothing else changed, or there is no
// rewrite (and no sample): the statement that runs in the dry run is the one the approver sees.
import { isDeepStrictEqual } from 'node:util';
import { parseSql, scanTokens } from './classify/parser.ts';
import { isObject, nodeOf, unwrap } from './classify/tree.ts';

const NOT_CODE = new Set(['C_COMMENT', 'SQL_COMMENT', 'ASCII_59']);

export function deleteReturningAll(sql: string): string | undefined {
  const original = onlyDelete(sql);
  if (!original || original.returningClause !== undefined || original.returningList !== undefined) return undefined;
  const end = scanTokens(sql)?.filter((t) => !NOT_CODE.has(t.tokenName)).at(-1)?.end;
  if (end === undefined) return undefined;
  // Token offsets are in bytes of the UTF-8 text.
  const bytes = Buffer.from(sql, 'utf8');
  const rewritten = Buffer.concat([bytes.subarray(0, end), Buffer.from(' RETURNING *'), bytes.subarray(end)]).toString('utf8');
  const changed = onlyDelete(rewritten);
  if (!changed) return undefined;
  const { returningClause, ...rest } = changed;
  return isDeepStrictEqual(rest, original) && returnsAllColumns(returningClause) ? rewritten : undefined;
}

function onlyDelete(sql: string): Record<string, unknown> | undefined {
  const parsed = parseSql(sql);
  if (!parsed.ok || parsed.statements.length !== 1) return undefined;
  return nodeOf(parsed.statements[0]?.stmt, 'DeleteStmt');
}

/** RETURNING * exactly: one target, a column reference that is a bare star. */
function returnsAllColumns(clause: unknown): boolean {
  const exprs = isObject(clause) ? clause.exprs : undefined;
  if (!Array.isArray(exprs) || exprs.length !== 1) return false;
  const target = nodeOf(exprs[0], 'ResTarget');
  const fields = nodeOf(target?.val, 'ColumnRef')?.fields;
  return Array.isArray(fields) && fields.length === 1 && unwrap(fields[0])?.[0] === 'A_Star';
}
