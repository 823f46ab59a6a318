// PostgreSQL and driver errors, turned into ToolErrors written for the agent. Messages from the
// server never contain the password; connection details we add name host and port only.
import { ToolError } from '../../src/pipeline/toolpack.ts';

interface PgLikeError {
  code?: string;
  message?: string;
  position?: string;
  detail?: string;
  hint?: string;
}

export function toToolError(error: unknown, where: string, timeoutMs: number): ToolError {
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
  if (/^[0-9A-Z]{5}$/.test(code)) {
    const parts = [`PostgreSQL error ${code}: ${e.message ?? 'unknown error'}`];
    if (e.position) parts.push(`at character ${e.position}`);
    if (e.detail) parts.push(`detail: ${e.detail}`);
    if (e.hint) parts.push(`hint: ${e.hint}`);
    return new ToolError('sql_error', parts.join('; '));
  }
  return new ToolError('backend_error', `PostgreSQL at ${where} failed: ${e.message ?? 'unknown error'}`);
}
