// The audit log in the shared PostgreSQL store: the same hash chain and canonical JSON as SQLite,
// written by several replicas at once.
//
// Why appends stay one chain: every append statement (a batch of appends, see below) runs the
// store's gatehouse_audit_append, which first locks the single row of `audit_head` (SELECT ... FOR
// UPDATE), reads the head (last seq and hash) from it, inserts its events after it and moves the
// head. A second replica's append waits on that row lock and, once the first commits, reads the new
// head (READ COMMITTED re-reads a locked row that changed), so no two appends ever chain to the same
// predecessor. A row lock rather than an advisory lock: it is tied to the data it protects, it gives
// an O(1) head read, and a crashed replica's lock ends with its connection. The primary key on seq is
// the second wall against a duplicate sequence number. Times come from the database clock, read
// under the lock, so one clock orders every replica's events.
//
// Two things keep that lock from being the ceiling. The chain step runs in the store, as one
// statement that is its own transaction (postgres-append.ts): the lock is held while the store
// inserts and commits, never across a round trip to a replica busy with other calls. And group
// commit: the appends a replica's calls make while its previous append is in flight go together in
// its next one (group-commit.ts), so one lock and one commit carry many appends. Each caller still
// gets its events only after their statement committed. A batch the store refuses for one append's
// content is retried one append at a time, so an agent cannot fail the calls its write happened to
// be batched with.
//
// A retention prune takes the same lock for its removal, so an append never chains to an event that
// is being removed, and two replicas pruning at once remove the prefix once: the second finds the
// first one's anchor under the lock and stands down. The prefix goes in one DELETE, so the first
// prune of a large old store holds the lock (appends wait) while it runs; daily prunes after it
// remove about a day of events each.
import type pg from 'pg';
import type { AuditEvent } from '../audit/events.ts';
import { ANCHOR_COLUMNS, anchorValues, eventsQuery, headMissing, prepareEvents, toAnchor, toEvent, type AnchorRow, type EventRow } from './audit-rows.ts';
import { groupCommit, type Outcome } from './group-commit.ts';
import { pagedEvents } from './paged-events.ts';
import { appendInStore, type PendingAppend } from './postgres-append.ts';
import { inTransaction } from './postgres-tx.ts';
import { anchorOf, prune, prunedEvent, PruneRefused, resultOf, type PrunePlan } from './prune-plan.ts';
import type { AuditLog, AuditQuery, PruneOptions, PruneResult } from './store.ts';

// Removes the prefix and reports what went, so the removal can be held against the plan.
// The first prune of a large old store removes much at once: past the store's usual query deadline.
const PRUNE_DELETE_TIMEOUT_MS = 600_000;
const DELETE_PREFIX = `
WITH gone AS (DELETE FROM audit_events WHERE seq <= $1 RETURNING seq, hash)
SELECT count(*)::int AS removed, (SELECT hash FROM gone WHERE seq = $1) AS through_hash FROM gone`;

/** Bounds on one group commit: its INSERT's arrays and the memory they take stay modest. */
const BATCH_LIMITS = { items: 256, weight: 8 * 1024 * 1024 };
// SQLSTATE classes of a statement refused for what it carries (22: data exception, such as a NUL
// in text; 54: program limit exceeded); the transaction was rolled back, the connection is fine.
const REFUSED_CONTENT = /^(22|54)[0-9A-Z]{3}$/;

export function postgresAudit(pool: pg.Pool): AuditLog {
  const appendGrouped = groupCommit((batch: PendingAppend[]) => commitAppends(pool, batch), BATCH_LIMITS);
  async function events(query: AuditQuery = {}): Promise<AuditEvent[]> {
    const { sql, params } = eventsQuery(query, (n) => `$${n}`);
    return (await pool.query<EventRow>(sql, params)).rows.map(toEvent);
  }

  const methods: AuditLog = {
    async append(inputs, options = {}) {
      if (inputs.length === 0) return [];
      const prepared = prepareEvents(inputs);
      return appendGrouped({ prepared, options }, prepared.reduce((bytes, p) => bytes + p.dataJson.length, 0));
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
      return prune(methods, through, before, options, (plan) => inTransaction(pool, (client) => pruneLocked(client, plan, options)));
    },
  };
  return methods;
}

/**
 * Appends a batch in one statement, its own transaction. A statement the store refuses for its
 * content was rolled back whole, so the batch is safe to split; a lost connection leaves the outcome
 * unknown, and every caller gets the error (a retry with unlessRecorded settles it).
 */
async function commitAppends(pool: pg.Pool, batch: readonly PendingAppend[]): Promise<Array<Outcome<AuditEvent[]>>> {
  try {
    return (await appendInStore(pool, batch)).map((value) => ({ ok: true, value }));
  } catch (error) {
    if (batch.length === 1 || !REFUSED_CONTENT.test(String((error as { code?: unknown }).code))) throw error;
    const outcomes: Array<Outcome<AuditEvent[]>> = [];
    for (const one of batch) outcomes.push(await commitAppends(pool, [one]).then(([o]) => o as Outcome<AuditEvent[]>, (e: unknown) => ({ ok: false, error: e })));
    return outcomes;
  }
}

/** Removes the planned prefix and anchors it, unless another replica pruned since the plan was made. */
async function pruneLocked(client: pg.PoolClient, plan: PrunePlan, options: PruneOptions): Promise<PruneResult | undefined> {
  // The head's lock first, as every append takes it: removal and audit.pruned event are one step of the chain.
  await client.query('SELECT 1 FROM audit_head FOR UPDATE');
  const newest = (await client.query<{ seq: string }>('SELECT coalesce(max(through_seq), 0) AS seq FROM audit_anchors')).rows[0];
  if (Number(newest?.seq) !== plan.afterSeq) return undefined;
  const carry = options.carry;
  const carried = carry ? carry.keep(await sessionAfter(client, carry.session, plan.afterSeq), plan.throughSeq) : [];
  const gone = (await client.query<{ removed: number; through_hash: string | null }>({ text: DELETE_PREFIX, values: [plan.throughSeq], query_timeout: PRUNE_DELETE_TIMEOUT_MS } as pg.QueryConfig)).rows[0];
  if (gone?.removed !== plan.removed || gone.through_hash !== plan.throughHash) throw new PruneRefused('the events to prune changed while they were checked; nothing was removed');
  const [event] = (await appendInStore(client, [{ prepared: prepareEvents([prunedEvent(plan, options), ...carried]), options: {} }]))[0] ?? [];
  if (!event) throw new Error('the audit.pruned event was not appended');
  await client.query(`INSERT INTO audit_anchors (${ANCHOR_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6)`, anchorValues(anchorOf(plan, event)));
  return { ...resultOf(plan), event };
}

async function sessionAfter(client: pg.PoolClient, session: string, afterSeq: number): Promise<AuditEvent[]> {
  const { sql, params } = eventsQuery({ session, afterSeq, limit: Number.MAX_SAFE_INTEGER }, (n) => `$${n}`);
  return (await client.query<EventRow>(sql, params)).rows.map(toEvent);
}
