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
import type pg from 'pg';
import { canonicalJson } from '../audit/canonical.ts';
import { hashEvent } from '../audit/chain.ts';
import type { AuditEvent } from '../audit/events.ts';
import { inTransaction } from './postgres-tx.ts';
import type { AuditQuery, Store } from './store.ts';

const LOCK_HEAD = `SELECT seq, hash, to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS now FROM audit_head FOR UPDATE`;
// One statement for the whole batch (arrays, not N placeholders) that also moves the head.
const INSERT_AND_MOVE_HEAD = `
WITH added AS (
  INSERT INTO audit_events (seq, time, type, session, call_id, principal, tool, target, data, prev_hash, hash)
  SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
)
UPDATE audit_head SET seq = $12, hash = $13`;
const PAGE = 1000;

interface Row {
  seq: string;
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

type AuditMethods = Pick<Store, 'append' | 'events' | 'allEvents'>;

export function postgresAudit(pool: pg.Pool): AuditMethods {
  async function events(query: AuditQuery = {}): Promise<AuditEvent[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const filters: Array<[string, unknown]> = [
      ['session =', query.session],
      ['call_id =', query.callId],
      ['seq >', query.afterSeq],
    ];
    for (const [clause, value] of filters) {
      if (value === undefined) continue;
      params.push(value);
      where.push(`${clause} $${params.length}`);
    }
    params.push(query.limit ?? 10_000);
    const sql = `SELECT * FROM audit_events ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq LIMIT $${params.length}`;
    return (await pool.query<Row>(sql, params)).rows.map(toEvent);
  }

  return {
    async append(inputs) {
      if (inputs.length === 0) return [];
      return inTransaction(pool, async (client) => {
        const head = (await client.query<{ seq: string; hash: string; now: string }>(LOCK_HEAD)).rows[0];
        if (!head) throw new Error('the audit head row is missing: the store was altered outside gatehouse');
        let seq = Number(head.seq);
        let prevHash = head.hash;
        const time = head.now;
        const columns: unknown[][] = Array.from({ length: 11 }, () => []);
        const appended = inputs.map((input) => {
          const { data, ...meta } = input;
          const dataJson = canonicalJson(data);
          const body = { ...meta, seq: ++seq, time, prevHash };
          const event: AuditEvent = { ...body, data, hash: hashEvent(body, dataJson) };
          const row = [seq, time, input.type, input.session, input.callId ?? null, input.principal ?? null, input.tool ?? null, input.target ?? null, dataJson, prevHash, event.hash];
          row.forEach((value, i) => columns[i]?.push(value));
          prevHash = event.hash;
          return event;
        });
        await client.query(INSERT_AND_MOVE_HEAD, [...columns, seq, prevHash]);
        return appended;
      });
    },
    events,
    async *allEvents() {
      // Pages by sequence number rather than a cursor: no connection is held between pages.
      let afterSeq = 0;
      for (;;) {
        const page = await events({ afterSeq, limit: PAGE });
        yield* page;
        if (page.length < PAGE) return;
        afterSeq = page[page.length - 1]?.seq ?? afterSeq;
      }
    },
  };
}

function toEvent(row: Row): AuditEvent {
  return {
    seq: Number(row.seq),
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
