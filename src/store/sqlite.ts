// The embedded store: one SQLite file (better-sqlite3), WAL mode. The server and the CLI may both
// open it (the CLI decides approvals and prunes); SQLite serializes their writes.
// Appends run in one IMMEDIATE transaction that reads and moves the chain head (`audit_head`), so the
// chain stays right when two handles share the file, and the head still names the newest event
// after events are deleted from the end. A retention prune removes its prefix, appends its
// audit.pruned event (and the events it carries forward) and records its anchor in one IMMEDIATE
// transaction too.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import Database from 'better-sqlite3';
import type { ChainPoint } from '../audit/chain.ts';
import { GENESIS_HASH } from '../audit/events.ts';
import { ANCHOR_COLUMNS, anchorValues, chainAfter, EVENT_COLUMNS, eventsQuery, headMissing, prepareEvents, toAnchor, toEvent, type AnchorRow, type EventRow, type PreparedEvent } from './audit-rows.ts';
import { anchorOf, prune, prunedEvent, PruneRefused, resultOf, type PrunePlan } from './prune-plan.ts';
import { pagedEvents } from './paged-events.ts';
import { sqliteApprovals } from './sqlite-approvals.ts';
import { sqliteRevocations } from './sqlite-revocations.ts';
import type { AppendOptions, AuditLog, AuditQuery, PruneOptions, Store } from './store.ts';

// A file written before the head table existed gets its head from its newest event.
const SCHEMA = `
CREATE TABLE IF NOT EXISTS audit_events (
  seq INTEGER PRIMARY KEY,
  time TEXT NOT NULL,
  type TEXT NOT NULL,
  session TEXT NOT NULL,
  call_id TEXT,
  principal TEXT,
  tool TEXT,
  target TEXT,
  data TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_events_session ON audit_events(session, seq);
CREATE INDEX IF NOT EXISTS audit_events_call ON audit_events(call_id);
CREATE TABLE IF NOT EXISTS audit_head (id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL, hash TEXT NOT NULL);
INSERT OR IGNORE INTO audit_head (id, seq, hash)
  SELECT 1, coalesce(max(seq), 0), coalesce((SELECT hash FROM audit_events ORDER BY seq DESC LIMIT 1), '${GENESIS_HASH}') FROM audit_events;
CREATE TABLE IF NOT EXISTS audit_anchors (
  through_seq INTEGER PRIMARY KEY,
  through_hash TEXT NOT NULL,
  removed INTEGER NOT NULL,
  before TEXT NOT NULL,
  time TEXT NOT NULL,
  event_seq INTEGER NOT NULL
);
`;

export function openSqliteStore(file: string): Store {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode: a committed append survives a process crash; FULL would add an fsync per call.
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.transaction(() => db.exec(SCHEMA)).immediate();

  const readHead = db.prepare<[], ChainPoint>('SELECT seq, hash FROM audit_head');
  const insert = db.prepare(`INSERT INTO audit_events (${EVENT_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?)`);
  const moveHead = db.prepare('UPDATE audit_head SET seq = ?, hash = ?');
  const recorded = db.prepare<[string, string], { one: number }>('SELECT 1 AS one FROM audit_events WHERE call_id = ? AND type = ? LIMIT 1');
  const appendAll = db.transaction((prepared: readonly PreparedEvent[], options: AppendOptions = {}) => {
    const head = readHead.get();
    if (!head) throw headMissing();
    const unless = options.unlessRecorded;
    if (unless && recorded.get(unless.callId, unless.type)) return [];
    const chained = chainAfter(head, new Date().toISOString(), prepared);
    for (const { values } of chained) insert.run(...values);
    const last = chained.at(-1)?.event;
    if (last) moveHead.run(last.seq, last.hash);
    return chained.map(({ event }) => event);
  });

  // At most eight distinct queries (which filters are set): each prepared once.
  const prepared = new Map<string, Database.Statement<unknown[], EventRow>>();
  const selectEvents = (sql: string) => {
    let statement = prepared.get(sql);
    if (!statement) prepared.set(sql, (statement = db.prepare<unknown[], EventRow>(sql)));
    return statement;
  };
  const eventsOf = (query: AuditQuery) => {
    const { sql, params } = eventsQuery(query, () => '?');
    return selectEvents(sql).all(...params).map(toEvent);
  };
  const sessionAfter = (session: string, afterSeq: number) => eventsOf({ session, afterSeq, limit: Number.MAX_SAFE_INTEGER });

  const newestThrough = db.prepare<[], { seq: number }>('SELECT coalesce(max(through_seq), 0) AS seq FROM audit_anchors');
  const hashAt = db.prepare<[number], { hash: string }>('SELECT hash FROM audit_events WHERE seq = ?');
  const deletePrefix = db.prepare('DELETE FROM audit_events WHERE seq <= ?');
  const insertAnchor = db.prepare(`INSERT INTO audit_anchors (${ANCHOR_COLUMNS}) VALUES (?,?,?,?,?,?)`);
  const pruneLocked = db.transaction((plan: PrunePlan, options: PruneOptions) => {
    // Another handle pruned since the plan was made: its prune stands, this one has nothing left to do.
    if (newestThrough.get()?.seq !== plan.afterSeq) return undefined;
    const carry = options.carry;
    const carried = carry ? carry.keep(sessionAfter(carry.session, plan.afterSeq), plan.throughSeq) : [];
    const throughHash = hashAt.get(plan.throughSeq)?.hash;
    const { changes } = deletePrefix.run(plan.throughSeq);
    if (changes !== plan.removed || throughHash !== plan.throughHash) throw new PruneRefused('the events to prune changed while they were checked; nothing was removed');
    const [event] = appendAll(prepareEvents([prunedEvent(plan, options), ...carried]));
    if (!event) throw new Error('the audit.pruned event was not appended');
    insertAnchor.run(...anchorValues(anchorOf(plan, event)));
    return { ...resultOf(plan), event };
  });

  const audit: AuditLog = {
    async append(inputs, options) {
      return appendAll.immediate(prepareEvents(inputs), options);
    },
    async events(query: AuditQuery = {}) {
      return eventsOf(query);
    },
    // Page by page, so a full walk (verify, the console's audit page) lets calls run between pages.
    allEvents: () => pagedEvents(audit),
    async auditHead() {
      const head = readHead.get();
      if (!head) throw headMissing();
      return head;
    },
    async auditAnchors() {
      return db.prepare<[], AnchorRow>(`SELECT ${ANCHOR_COLUMNS} FROM audit_anchors ORDER BY through_seq`).all().map(toAnchor);
    },
    async pruneEvents(before, options = {}) {
      // Planned and verified outside the write lock, page by page, so the server keeps serving meanwhile.
      const through = db.prepare<[string], { seq: number | null }>('SELECT max(seq) AS seq FROM audit_events WHERE time < ?').get(before)?.seq ?? undefined;
      return prune(audit, through, before, options, async (plan) => {
        // The synchronous delete blocks the event loop: between slices, calls are served.
        await nextTurn();
        return pruneLocked.immediate(plan, options);
      });
    },
  };

  return {
    ...sqliteApprovals(db),
    ...sqliteRevocations(db),
    ...audit,
    async close() {
      db.close();
    },
  };
}
