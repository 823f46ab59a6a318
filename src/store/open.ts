// Opens the store a loaded config names: the embedded SQLite file (the default; one process) or the
// shared PostgreSQL database (several replicas). The server and the CLI open it the same way.
import { createSeal } from '../approval/seal.ts';
import { openPostgresStore } from './postgres.ts';
import { sealedStore, type Tampering } from './sealed-approvals.ts';
import { sqliteSealKey } from './seal-key.ts';
import { openSqliteStore } from './sqlite.ts';
import type { Store } from './store.ts';

/** The store as config resolves it: the SQLite path made absolute, the PostgreSQL URL read from its secret. */
export type StoreLocation =
  | { kind: 'sqlite'; file: string }
  /** `where` is host:port/database, safe to show; `url` is a secret. */
  | { kind: 'postgres'; url: string; poolSize: number; queryTimeoutMs: number; where: string };

/**
 * The store with its approvals sealed under `sealKey` (approvals.sealKey): required for PostgreSQL
 * (config refuses one without it); a SQLite store without it seals with a key kept beside its file.
 * Documents sealed under one of `previousSealKeys` (a rotation) still open.
 * `report` hears of every tampered approval document met. A retention prune whose event is unsealed
 * shows (Store.unsealedPrune) unless it is the one audit.acceptUnsealedPrune names.
 */
export async function openStore(config: { store: StoreLocation; sealKey?: string; previousSealKeys?: readonly string[]; parsed?: { audit: { acceptUnsealedPrune?: number } } }, report: (t: Tampering) => void = () => undefined): Promise<Store> {
  const location = config.store;
  const key = config.sealKey ?? (location.kind === 'sqlite' ? sqliteSealKey(location.file) : undefined);
  if (key === undefined) throw new Error('a PostgreSQL store needs approvals.sealKey, the key approvals and grants are sealed with');
  const raw = location.kind === 'sqlite' ? openSqliteStore(location.file) : await openPostgresStore({ url: location.url, poolSize: location.poolSize, queryTimeoutMs: location.queryTimeoutMs });
  return sealedStore(raw, createSeal(key, config.previousSealKeys), report, { acceptedUnsealedPrune: config.parsed?.audit.acceptUnsealedPrune });
}

/** Names the store for people (logs, the demo banner) without its credentials. */
export function describeStore(location: StoreLocation): string {
  return location.kind === 'sqlite' ? location.file : `postgres ${location.where}`;
}
