// Opens the store a loaded config names: the embedded SQLite file (the default; one process) or the
// shared PostgreSQL database (several replicas). The server and the CLI open it the same way.
import { openPostgresStore } from './postgres.ts';
import { openSqliteStore } from './sqlite.ts';
import type { Store } from './store.ts';

/** The store as config resolves it: the SQLite path made absolute, the PostgreSQL URL read from its secret. */
export type StoreLocation =
  | { kind: 'sqlite'; file: string }
  /** `where` is host:port/database, safe to show; `url` is a secret. */
  | { kind: 'postgres'; url: string; poolSize: number; queryTimeoutMs: number; where: string };

export async function openStore(config: { store: StoreLocation }): Promise<Store> {
  const location = config.store;
  if (location.kind === 'sqlite') return openSqliteStore(location.file);
  return openPostgresStore({ url: location.url, poolSize: location.poolSize, queryTimeoutMs: location.queryTimeoutMs });
}

/** Names the store for people (logs, the demo banner) without its credentials. */
export function describeStore(location: StoreLocation): string {
  return location.kind === 'sqlite' ? location.file : `postgres ${location.where}`;
}
