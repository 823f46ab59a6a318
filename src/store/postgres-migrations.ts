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
  {
    version: 4,
    name: 'audit appends chained by the store in one statement',
    // The chain step of an append, run where the lock is: lock the head, skip appends whose
    // unlessRecorded is already recorded (in the table or earlier in the batch), number and hash each
    // event after the last, insert them all and move the head. Called alone it is its own transaction,
    // so the head's lock is held for the statement and its commit only, never across a round trip
    // to a replica. The hash is the one hashEvent computes: SHA-256 over the previous hash, the
    // event's canonical JSON without its data (given in two parts around seq and time, which only
    // the store knows) and the data's canonical JSON, each joined by a newline, all in UTF-8. The
    // replica recomputes every hash it gets back before it hands an event out.
    sql: `
CREATE FUNCTION gatehouse_audit_append(
  p_append int[], p_unless_call text[], p_unless_type text[],
  p_type text[], p_session text[], p_call_id text[], p_principal text[], p_tool text[], p_target text[], p_data text[],
  p_before_seq text[], p_before_time text[], p_after_time text[]
) RETURNS TABLE (event_index int, event_seq bigint, event_prev text, event_hash text, event_time text)
LANGUAGE plpgsql AS $fn$
DECLARE
  head_seq bigint;
  head_hash text;
  now_text text;
  batch_recorded text[] := '{}';
  kept int[] := '{}';
  seqs bigint[] := '{}';
  prevs text[] := '{}';
  hashes text[] := '{}';
  this_append int;
  skipping boolean := false;
  e record;
BEGIN
  SELECT h.seq, h.hash INTO head_seq, head_hash FROM audit_head h FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'the audit head row is missing: the store was altered outside gatehouse';
  END IF;
  -- Read under the lock, so times follow sequence order across replicas.
  now_text := to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');
  -- Walked as rows, not by subscript: subscripting a text array walks it from its start each time.
  FOR e IN SELECT * FROM unnest(p_append, p_unless_call, p_unless_type, p_type, p_call_id, p_data, p_before_seq, p_before_time, p_after_time)
      WITH ORDINALITY AS x(append, unless_call, unless_type, type, call_id, data, before_seq, before_time, after_time, i) LOOP
    IF this_append IS DISTINCT FROM e.append THEN
      this_append := e.append;
      skipping := e.unless_call IS NOT NULL AND (
        json_build_array(e.unless_call, e.unless_type)::text = ANY (batch_recorded)
        OR EXISTS (SELECT 1 FROM audit_events a WHERE a.call_id = e.unless_call AND a.type = e.unless_type));
    END IF;
    CONTINUE WHEN skipping;
    prevs := prevs || head_hash;
    head_seq := head_seq + 1;
    head_hash := encode(sha256(convert_to(
      head_hash || E'\\n' || e.before_seq || head_seq::text || e.before_time || '"' || now_text || '"' || e.after_time || E'\\n' || e.data, 'UTF8')), 'hex');
    kept := kept || e.i::int;
    seqs := seqs || head_seq;
    hashes := hashes || head_hash;
    IF e.call_id IS NOT NULL THEN
      batch_recorded := batch_recorded || json_build_array(e.call_id, e.type)::text;
    END IF;
  END LOOP;
  IF array_length(kept, 1) > 0 THEN
    INSERT INTO audit_events (seq, time, type, session, call_id, principal, tool, target, data, prev_hash, hash)
    SELECT k.s, now_text, x.type, x.session, x.call_id, x.principal, x.tool, x.target, x.data, k.p, k.h
    FROM unnest(kept, seqs, prevs, hashes) AS k(i, s, p, h)
    JOIN unnest(p_type, p_session, p_call_id, p_principal, p_tool, p_target, p_data) WITH ORDINALITY AS x(type, session, call_id, principal, tool, target, data, i) ON x.i = k.i
    ORDER BY k.s;
    UPDATE audit_head SET seq = head_seq, hash = head_hash;
  END IF;
  -- The index of each appended event in the arrays given, from 0.
  RETURN QUERY SELECT k.i - 1, k.s, k.p, k.h, now_text FROM unnest(kept, seqs, prevs, hashes) AS k(i, s, p, h);
END
$fn$;
`,
  },
  {
    version: 5,
    name: 'kill switch: sealed revocations',
    // Rows written before have no seal: they read as tampered and stay in force (fail closed).
    sql: 'ALTER TABLE revocations ADD COLUMN seal text;',
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
