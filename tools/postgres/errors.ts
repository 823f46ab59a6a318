// PostgreSQL and driver errors, turned into ToolErrors written for the agent. Messages from the
// server never contain the password; connection details we add name host and port only.
//
// An error in the agent's SQL reaches it as its SQLSTATE, the condition's name, the position and the
// message with every fragment that could be a value withheld unless the agent wrote it (error-text.ts).
// DETAIL, CONTEXT (`where`) and the text of SQL the server built are dropped: they are where the
// server puts the row, the key or the input it failed on. Notices never get here: nothing listens
// for the driver's 'notice' event, so the driver drops them.
import { ToolError } from '../../src/pipeline/toolpack.ts';
import { withholdValues } from './error-text.ts';
import { conditionName } from './sqlstate.ts';

interface PgLikeError {
  code?: string;
  message?: string;
  position?: string;
  hint?: string;
  where?: string;
  internalQuery?: string;
  routine?: string;
  file?: string;
}

/**
 * `sql` is the agent's own SQL: fragments of the error it holds are shown. Without it (the schema
 * tool's fixed query) every fragment that could be a value is withheld.
 */
export function toToolError(error: unknown, where: string, timeoutMs: number, sql = ''): ToolError {
  if (error instanceof ToolError) return error;
  const e = (error ?? {}) as PgLikeError;
  const code = e.code ?? '';
  if (code === '57014') return new ToolError('timeout', `the statement was cancelled after ${timeoutMs} ms (statement timeout)`);
  if (code === '28P01' || code === '28000') return new ToolError('backend_auth_failed', `PostgreSQL at ${where} refused the server's credentials`);
  // pg-pool's wording when every pooled connection stayed busy: the database is fine, gatehouse is saturated.
  if (/^timeout exceeded when trying to connect$/.test(e.message ?? '')) return new ToolError('backend_busy', `every connection to PostgreSQL at ${where} stayed busy with other calls; try again shortly`);
  if (['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', 'ECONNRESET', 'EAI_AGAIN'].includes(code) || /Connection terminated/i.test(e.message ?? '')) {
    return new ToolError('backend_unavailable', `PostgreSQL at ${where} is not reachable`);
  }
  // admin_shutdown, crash_shutdown, cannot_connect_now: the server is stopping or starting, not the SQL at fault.
  if (['57P01', '57P02', '57P03'].includes(code)) return new ToolError('backend_unavailable', `PostgreSQL at ${where} ended the session: ${e.message ?? 'shutting down'}`);
  if (code === '25006') return new ToolError('read_only_violation', 'the statement tried to write inside a read-only transaction and was rolled back');
  if (/^[0-9A-Z]{5}$/.test(code)) return new ToolError('sql_error', sqlErrorMessage(e, code, sql));
  return new ToolError('backend_error', `PostgreSQL at ${where} failed: ${e.message ?? 'unknown error'}`);
}

function sqlErrorMessage(e: PgLikeError, code: string, sql: string): string {
  const name = conditionName(code);
  const head = `PostgreSQL error ${code}${name ? ` (${name})` : ''}`;
  if (writtenByDatabaseCode(e, code)) return `${head}: the message and hint were written by code in the database (RAISE, ASSERT or a procedural function), which may put any value in them, so they are withheld`;
  const parts = [`${head}: ${withholdValues(e.message ?? 'unknown error', sql, e.internalQuery)}`];
  // With a context the position may count into other text than the agent's: a type name read from a value.
  if (e.position && !e.where) parts.push(`at character ${e.position}`);
  if (e.hint) parts.push(`hint: ${withholdValues(e.hint, sql, e.internalQuery)}`);
  return parts.join('; ');
}

/**
 * Whether the text is a function's own (RAISE and ASSERT in PL/pgSQL, with any SQLSTATE, or
 * PL/Perl's die, PL/Python's and PL/Tcl's errors): nothing in it is the server's wording, so no
 * part of it can be told from a value. Class P0 covers a server that does not say where it raised.
 */
function writtenByDatabaseCode(e: PgLikeError, code: string): boolean {
  return e.routine === 'exec_stmt_raise' || e.routine === 'exec_stmt_assert' || /^(plperl|plpy_|pltcl)/.test(e.file ?? '') || code.startsWith('P0');
}
