// The shared store: one PostgreSQL database that several gatehouse replicas use at once for the
// audit log, approvals, grants and the kill switch. Opening it applies pending migrations and starts listening for
// approval and kill switch changes; any failure to open is an error (fail closed), never a fallback to SQLite.
import pg from 'pg';
import { postgresApprovals } from './postgres-approvals.ts';
import { postgresAudit } from './postgres-audit.ts';
import { APPROVALS_CHANNEL, KILL_SWITCH_CHANNEL, listenForChanges } from './postgres-listen.ts';
import { postgresRevocations } from './postgres-revocations.ts';
import { migrate } from './postgres-migrations.ts';
import { parseStoreUrl, redact } from './postgres-url.ts';
import type { Store } from './store.ts';

export interface PostgresStoreOptions {
  /** postgres://USER:PASSWORD@HOST:PORT/DATABASE[?sslmode=...]: a secret, never quoted in errors. */
  url: string;
  poolSize?: number;
  /** Client-side deadline of every store query: a store that stops answering fails calls (closed) instead of hanging them. */
  queryTimeoutMs?: number;
}

export const DEFAULT_QUERY_TIMEOUT_MS = 30_000;

export class StoreOpenError extends Error {
  readonly code = 'store_unavailable';
}

export async function openPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  const parsed = parseStoreUrl(options.url);
  if (!parsed.ok) throw new StoreOpenError(`cannot open the PostgreSQL store: ${parsed.message}`);
  const secrets = [options.url, parsed.password];
  const pool = new pg.Pool({ ...parsed.connection, max: options.poolSize ?? 10, connectionTimeoutMillis: 10_000, idleTimeoutMillis: 30_000, application_name: 'gatehouse', query_timeout: options.queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS });
  // An idle connection's error (a server restart) must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  try {
    await migrate(pool);
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new StoreOpenError(`cannot open the PostgreSQL store at ${parsed.where}: ${redact((error as Error).message, secrets)}`);
  }
  const listener = listenForChanges(parsed.connection);
  await listener.ready;
  return {
    ...postgresAudit(pool),
    ...postgresApprovals(pool),
    ...postgresRevocations(pool),
    watchApprovals: (onChange) => listener.watch(APPROVALS_CHANNEL, onChange),
    watchRevocations: (onChange) => listener.watch(KILL_SWITCH_CHANNEL, () => onChange()),
    async close() {
      await listener.close();
      await pool.end();
    },
  };
}
