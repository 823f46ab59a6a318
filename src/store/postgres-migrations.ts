// Versioned schema of the shared PostgreSQL store, applied when a store opens. Several replicas
// starting at once take turns on one advisory lock, so each migration runs exactly once and a replica
// never sees a half-built schema. A database migrated by a newer gatehouse is refused, not guessed at.
import type pg from 'pg';
import { GENESIS_HASH } from '../audit/events.ts';
import { inTransaction } from './postgres-tx.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

// Audit data and times are text, not jsonb/timestamptz: verification re-hashes exactly the bytes
// that were hashed when the event was written. `audit_head` is the one row every append locks.
// ISO times compare as text under COLLATE "C" (byte order, as in SQLite), whatever the database's locale.
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'audit log, approvals, grants',
    sql: `
CREATE TABLE audit_events (
  seq bigint PRIMARY KEY,
  time text COLLATE "C" NOT NULL,
  type text NOT NULL,
  session text NOT NULL,
  call_id text,
  principal text,
  tool text,
  target text,
  data text NOT NULL,
  prev_hash text NOT NULL,
  hash text NOT NULL
);
CREATE INDEX audit_events_session ON audit_events (session, seq);
CREATE INDEX audit_events_call ON audit_events (call_id);
CREATE TABLE audit_head (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  seq bigint NOT NULL,
  hash text NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (true, 0, '${GENESIS_HASH}');
CREATE TABLE approvals (
  id text PRIMARY KEY,
  action_hash text NOT NULL,
  state text NOT NULL,
  created_at text COLLATE "C" NOT NULL,
  expires_at text COLLATE "C" NOT NULL,
  version integer NOT NULL,
  body text NOT NULL
);
CREATE INDEX approvals_action ON approvals (action_hash, state);
CREATE INDEX approvals_state ON approvals (state, created_at);
CREATE TABLE grants (
  id text PRIMARY KEY,
  principal text NOT NULL,
  tool text NOT NULL,
  target text NOT NULL,
  shape text NOT NULL,
  expires_at text COLLATE "C" NOT NULL,
  body text NOT NULL
);
CREATE INDEX grants_lookup ON grants (principal, tool, target, shape, expires_at);
`,
  },
  {
    version: 2,
    name: 'audit anchors for retention',
    // One row per retention prune: where the remaining chain starts. `event_seq` is the chained
    // audit.pruned event written with the row, which verify holds it against.
    sql: `
CREATE TABLE audit_anchors (
  through_seq bigint PRIMARY KEY,
  through_hash text NOT NULL,
  removed bigint NOT NULL,
  before text COLLATE "C" NOT NULL,
  time text COLLATE "C" NOT NULL,
  event_seq bigint NOT NULL
);
`,
  },
  {
    version: 3,
    name: 'kill switch: suspended principals and ended sessions',
    sql: `
CREATE TABLE revocations (
  kind text NOT NULL,
  id text NOT NULL,
  by_principal text NOT NULL,
  reason text NOT NULL,
  at text COLLATE "C" NOT NULL,
  PRIMARY KEY (kind, id)
);
`,
  },
];

/** An arbitrary constant: the advisory lock key gatehouse replicas share while migrating. */
const MIGRATION_LOCK = 7_420_133_901;

/** Applies the migrations this database lacks; returns the versions applied now. */
export async function migrate(pool: pg.Pool, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  return inTransaction(pool, async (client) => {
    // Transaction-scoped: released by COMMIT or ROLLBACK, and by the server if this replica dies.
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
    const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
    const have = new Set(rows.map((r) => r.version));
    const known = Math.max(...migrations.map((m) => m.version));
    const newest = Math.max(0, ...have);
    if (newest > known) throw new Error(`the store's schema is at version ${newest}, newer than this gatehouse knows (${known}); upgrade gatehouse`);
    const applied: number[] = [];
    for (const m of migrations) {
      if (have.has(m.version)) continue;
      await client.query(m.sql);
      await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      applied.push(m.version);
    }
    return applied;
  });
}
