// The audit log in the shared PostgreSQL store: the same hash chain and canonical JSON as SQLite,
// written by several replicas at once.
//
// Why appends stay one chain: every append is one transaction that first locks the single row of
// `audit_head` (SELECT ... FOR UPDATE), reads the head (last seq and hash) from it, inserts its
// events after it and moves the head. A second replica's append waits on that row lock and, once
// the first commits, reads the new head (READ COMMITTED re-reads a locked row that changed), so no
// two appends ever chain to the same predecessor. A row lock rather than an advisory lock: it is
// tied to the data it protects, it gives an O(1) head read, and a crashed replica's lock ends with
// its connection. The primary key on seq is the second wall against a duplicate sequence number.
// Times come from the database clock, read under the lock, so one clock orders every replica's events.
//
// A retention prune takes the same lock for its removal, so an append never chains to an event that
// is being removed, and two replicas pruning at once remove the prefix once: the second finds the
// first one's anchor under the lock and stands down. The prefix goes in one DELETE, so the first
// prune of a large old store holds the lock (appends wait) while it runs; daily prunes after it
// remove about a day of events each.
import type pg from 'pg';
import type { AuditEvent } from '../audit/events.ts';
import { ANCHOR_COLUMNS, anchorValues, chainAfter, EVENT_COLUMNS, eventsQuery, headMissing, prepareEvents, toAnchor, toEvent, type AnchorRow, type EventRow, type PreparedEvent } from './audit-rows.ts';
import { pagedEvents } from './paged-events.ts';
import { inTransaction } from './postgres-tx.ts';
import { anchorOf, prune, prunedEvent, PruneRefused, resultOf, type PrunePlan } from './prune-plan.ts';
import type { AppendOptions, AuditLog, AuditQuery, PruneResult } from './store.ts';

const RECORDED = 'SELECT 1 FROM audit_events WHERE call_id = $1 AND type = $2 LIMIT 1';
const LOCK_HEAD = `SELECT seq, hash, to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS now FROM audit_head FOR UPDATE`;
// One statement for the whole batch (arrays, not N placeholders) that also moves the head.
const INSERT_AND_MOVE_HEAD = `
WITH added AS (
  INSERT INTO audit_events (${EVENT_COLUMNS})
  SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
)
UPDATE audit_head SET seq = $12, hash = $13`;
// Removes the prefix and reports what went, so the removal can be held against the plan.
// The first prune of a large old store removes much at once: past the store's usual query deadline.
const PRUNE_DELETE_TIMEOUT_MS = 600_000;
const DELETE_PREFIX = `
WITH gone AS (DELETE FROM audit_events WHERE seq <= $1 RETURNING seq, hash)
SELECT count(*)::int AS removed, (SELECT hash FROM gone WHERE seq = $1) AS through_hash FROM gone`;

export function postgresAudit(pool: pg.Pool): AuditLog {
  async function events(query: AuditQuery = {}): Promise<AuditEvent[]> {
    const { sql, params } = eventsQuery(query, (n) => `$${n}`);
    return (await pool.query<EventRow>(sql, params)).rows.map(toEvent);
  }

  const methods: AuditLog = {
    async append(inputs, options = {}) {
      if (inputs.length === 0) return [];
      const prepared = prepareEvents(inputs);
      return inTransaction(pool, (client) => appendLocked(client, prepared, options));
    },
    events,
    // Pages by sequence number rather than a cursor: no connection is held between pages.
    allEvents: () => pagedEvents({ events }),
    async auditHead() {
      const head = (await pool.query<{ seq: string; hash: string }>('SELECT seq, hash FROM audit_head')).rows[0];
      if (!head) throw headMissing();
      return { seq: Number(head.seq), hash: head.hash };
    },
    async auditAnchors() {
      return (await pool.query<AnchorRow>(`SELECT ${ANCHOR_COLUMNS} FROM audit_anchors ORDER BY through_seq`)).rows.map(toAnchor);
    },
    async pruneEvents(before, options = {}) {
      // Planned (and the prefix verified) without the lock, so appends go on meanwhile.
      const newest = (await pool.query<{ seq: string | null }>('SELECT max(seq) AS seq FROM audit_events WHERE time < $1', [before])).rows[0]?.seq;
      const through = newest == null ? undefined : Number(newest);
      return prune(methods, through, before, options, (plan) => inTransaction(pool, (client) => pruneLocked(client, plan, options.principal)));
    },
  };
  return methods;
}

/** Appends after the head inside the caller's transaction, holding the head's row lock until it ends. */
async function appendLocked(client: pg.PoolClient, prepared: readonly PreparedEvent[], options: AppendOptions = {}): Promise<AuditEvent[]> {
  const head = (await client.query<{ seq: string; hash: string; now: string }>(LOCK_HEAD)).rows[0];
  if (!head) throw headMissing();
  const unless = options.unlessRecorded;
  // Under the head's lock: an earlier attempt still committing holds it, so its outcome is settled by now.
  if (unless && (await client.query(RECORDED, [unless.callId, unless.type])).rowCount) return [];
  const chained = chainAfter({ seq: Number(head.seq), hash: head.hash }, head.now, prepared);
  const columns: unknown[][] = Array.from({ length: 11 }, (_, i) => chained.map(({ values }) => values[i]));
  const last = chained.at(-1)?.event;
  await client.query(INSERT_AND_MOVE_HEAD, [...columns, last?.seq ?? head.seq, last?.hash ?? head.hash]);
  return chained.map(({ event }) => event);
}

/** Removes the planned prefix and anchors it, unless another replica pruned since the plan was made. */
async function pruneLocked(client: pg.PoolClient, plan: PrunePlan, principal: string | undefined): Promise<PruneResult | undefined> {
  // The head's lock first, as every append takes it: removal and audit.pruned event are one step of the chain.
  await client.query('SELECT 1 FROM audit_head FOR UPDATE');
  const newest = (await client.query<{ seq: string }>('SELECT coalesce(max(through_seq), 0) AS seq FROM audit_anchors')).rows[0];
  if (Number(newest?.seq) !== plan.afterSeq) return undefined;
  const gone = (await client.query<{ removed: number; through_hash: string | null }>({ text: DELETE_PREFIX, values: [plan.throughSeq], query_timeout: PRUNE_DELETE_TIMEOUT_MS } as pg.QueryConfig)).rows[0];
  if (gone?.removed !== plan.removed || gone.through_hash !== plan.throughHash) throw new PruneRefused('the events to prune changed while they were checked; nothing was removed');
  const [event] = await appendLocked(client, prepareEvents([prunedEvent(plan, principal)]));
  if (!event) throw new Error('the audit.pruned event was not appended');
  await client.query(`INSERT INTO audit_anchors (${ANCHOR_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6)`, anchorValues(anchorOf(plan, event)));
  return { ...resultOf(plan), event };
}
