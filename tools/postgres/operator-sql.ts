// Statements the operator commands run (`gatehouse masking scan`, `gatehouse postgres masked-views`),
// outside any agent's call: each in a transaction of its own with a statement and lock timeout, on a
// leased client, so a hung server or link ends the command instead of hanging it.
import type { PostgresConnection } from './connection.ts';
import { leaseClient } from './lease.ts';
import { timerMs } from '../shared/abort.ts';

/** An error PostgreSQL raised for a statement, as opposed to a lost or refused connection. */
export function isStatementError(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && !/^(08|28|57P)/.test(code);
}

/**
 * Runs `sql` (one statement, or several without parameters) in one transaction, READ ONLY on the
 * read pool unless `write`; returns the last statement's rows as arrays. A statement's error comes
 * back as PostgreSQL raised it (the transaction rolled back); any other failure as a ToolError.
 */
export async function runInTransaction(conn: PostgresConnection, sql: string, options: { timeoutMs: number; write?: boolean }): Promise<unknown[][]> {
  const write = options.write === true;
  const lease = await leaseClient(conn, !write, options.timeoutMs);
  let broken: Error | undefined;
  try {
    return await lease.run(async (client) => {
      const ms = timerMs(options.timeoutMs);
      // Its own round trip: the server lexes a whole query string before running any of it, and
      // literals in `sql` are written for standard_conforming_strings on.
      await client.query(`BEGIN${write ? '' : ' READ ONLY'}; SET LOCAL statement_timeout = ${ms}; SET LOCAL lock_timeout = ${ms}; SET LOCAL standard_conforming_strings = on`);
      const raw = (await client.query({ text: sql, rowMode: 'array' })) as unknown as { rows: unknown[][] } | Array<{ rows: unknown[][] }>;
      await client.query('COMMIT');
      return Array.isArray(raw) ? (raw[raw.length - 1]?.rows ?? []) : raw.rows;
    });
  } catch (error) {
    await lease.run((client) => client.query('ROLLBACK')).catch((e: Error) => (broken = e));
    throw isStatementError(error) ? error : lease.failure(error);
  } finally {
    lease.release(broken);
  }
}
