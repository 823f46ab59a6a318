// The embedded store: one SQLite file (better-sqlite3), WAL mode. The server and the CLI may both
// open it (the CLI decides approvals); SQLite serializes their writes.
// Appends run in one IMMEDIATE transaction that reads the chain head, so the chain stays right when
// two handles share the file.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { canonicalJson } from '../audit/canonical.ts';
import { hashEvent } from '../audit/chain.ts';
import { GENESIS_HASH, type AuditEvent, type AuditEventInput } from '../audit/events.ts';
import { sqliteApprovals } from './sqlite-approvals.ts';
import type { AuditQuery, Store } from './store.ts';

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
`;

interface Row {
  seq: number;
  time: string;
  type: AuditEvent['type'];
  session: string;
  call_id: string | null;
  principal: string | null;
  tool: string | null;
  target: string | null;
  data: string;
  prev_hash: string;
  hash: string;
}

export function openSqliteStore(file: string): Store {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode: a committed append survives a process crash; FULL would add an fsync per call.
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.exec(SCHEMA);

  const head = db.prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1');
  const insert = db.prepare(
    'INSERT INTO audit_events (seq, time, type, session, call_id, principal, tool, target, data, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)',
  );
  const appendAll = db.transaction((inputs: readonly AuditEventInput[]) => {
    const last = head.get();
    let seq = last?.seq ?? 0;
    let prevHash = last?.hash ?? GENESIS_HASH;
    const time = new Date().toISOString();
    return inputs.map((input) => {
      const { data, ...meta } = input;
      const dataJson = canonicalJson(data);
      const body = { ...meta, seq: ++seq, time, prevHash };
      const event: AuditEvent = { ...body, data, hash: hashEvent(body, dataJson) };
      insert.run(seq, time, input.type, input.session, input.callId ?? null, input.principal ?? null, input.tool ?? null, input.target ?? null, dataJson, prevHash, event.hash);
      prevHash = event.hash;
      return event;
    });
  });

  return {
    ...sqliteApprovals(db),
    async append(inputs) {
      return appendAll.immediate(inputs);
    },
    async events(query: AuditQuery = {}) {
      const where: string[] = [];
      const params: unknown[] = [];
      const filters: Array<[string, unknown]> = [
        ['session = ?', query.session],
        ['call_id = ?', query.callId],
        ['seq > ?', query.afterSeq],
      ];
      for (const [clause, value] of filters) {
        if (value === undefined) continue;
        where.push(clause);
        params.push(value);
      }
      const sql = `SELECT * FROM audit_events ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq LIMIT ?`;
      return db.prepare<unknown[], Row>(sql).all(...params, query.limit ?? 10_000).map(toEvent);
    },
    async *allEvents() {
      for (const row of db.prepare<[], Row>('SELECT * FROM audit_events ORDER BY seq').iterate()) yield toEvent(row);
    },
    async close() {
      db.close();
    },
  };
}

function toEvent(row: Row): AuditEvent {
  return {
    seq: row.seq,
    time: row.time,
    type: row.type,
    session: row.session,
    ...(row.call_id !== null ? { callId: row.call_id } : {}),
    ...(row.principal !== null ? { principal: row.principal } : {}),
    ...(row.tool !== null ? { tool: row.tool } : {}),
    ...(row.target !== null ? { target: row.target } : {}),
    data: JSON.parse(row.data) as Record<string, unknown>,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
