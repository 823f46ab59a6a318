// One append statement on the shared store: the events of a batch of appends, handed to
// gatehouse_audit_append (migration 4), which numbers, hashes and inserts them under the head's lock
// in the store itself. Run alone it is a whole transaction in one round trip, so the lock is held
// only while the store works and commits (pg resolves a query at ReadyForQuery, after that commit). Every hash the store returns is computed again here
// before an event leaves: a store whose hashing differs (or lies) fails the append, closed.
import type pg from 'pg';
import { hashCanonical } from '../audit/chain.ts';
import { canonicalJson } from '../audit/canonical.ts';
import type { AuditEvent } from '../audit/events.ts';
import type { PreparedEvent } from './audit-rows.ts';
import type { AppendOptions } from './store.ts';

export interface PendingAppend {
  prepared: readonly PreparedEvent[];
  options: AppendOptions;
}

const APPEND = `SELECT event_index, event_seq, event_prev, event_hash, event_time FROM gatehouse_audit_append(
  $1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[])`;

interface AppendedRow {
  event_index: number;
  event_seq: string;
  event_prev: string;
  event_hash: string;
  event_time: string;
}

const SEQ_PART = '"seq":0';
const TIME_PART = '"time":""';

/**
 * An event's canonical JSON without its data, cut around seq and time. Safe to cut by search: inside
 * a JSON string every quote is escaped, so `"seq":0` and `"time":""` only occur as the keys themselves.
 */
function metaParts(meta: Record<string, unknown>): [string, string, string] {
  const json = canonicalJson({ ...meta, seq: 0, time: '' });
  const seqAt = json.indexOf(SEQ_PART) + SEQ_PART.length - 1;
  const timeAt = json.indexOf(TIME_PART) + TIME_PART.length - 2;
  return [json.slice(0, seqAt), json.slice(seqAt + 1, timeAt), json.slice(timeAt + 2)];
}

/** Appends each of `appends` in order; [] for one whose unlessRecorded found its outcome already recorded. */
export async function appendInStore(db: pg.Pool | pg.PoolClient, appends: readonly PendingAppend[]): Promise<AuditEvent[][]> {
  const events = appends.flatMap(({ prepared, options }, append) => prepared.map((p) => ({ ...p, append, unless: options.unlessRecorded })));
  const column = <T>(f: (e: (typeof events)[number]) => T) => events.map(f);
  const parts = events.map(({ input }) => {
    const { data: _data, ...meta } = input;
    return metaParts(meta);
  });
  const { rows } = await db.query<AppendedRow>(APPEND, [
    column((e) => e.append),
    column((e) => e.unless?.callId ?? null),
    column((e) => e.unless?.type ?? null),
    column((e) => e.input.type),
    column((e) => e.input.session),
    column((e) => e.input.callId ?? null),
    column((e) => e.input.principal ?? null),
    column((e) => e.input.tool ?? null),
    column((e) => e.input.target ?? null),
    column((e) => e.dataJson),
    parts.map((p) => p[0]),
    parts.map((p) => p[1]),
    parts.map((p) => p[2]),
  ]);
  const results: AuditEvent[][] = appends.map(() => []);
  /** The hash the store gave each sequence number of this statement, so links between them are held to it. */
  const hashes = new Map<number, string>();
  for (const row of rows) {
    const source = events[row.event_index];
    if (!source) throw new Error(`the store appended an event gatehouse did not send (${row.event_index})`);
    const { data, ...meta } = source.input;
    const body = { ...meta, seq: Number(row.event_seq), time: row.event_time, prevHash: row.event_prev };
    // The canonical fields are the parts sent, with seq and time put back: no second canonicalization.
    const [beforeSeq, beforeTime, after] = parts[row.event_index] as [string, string, string];
    const metaJson = `${beforeSeq}${body.seq}${beforeTime}${JSON.stringify(body.time)}${after}`;
    if (hashCanonical(body.prevHash, metaJson, source.dataJson) !== row.event_hash) throw new Error(`the store hashed event ${row.event_seq} differently from gatehouse; the audit chain cannot be trusted`);
    hashes.set(body.seq, row.event_hash);
    results[source.append]?.push({ ...body, data, hash: row.event_hash });
  }
  // Events this statement numbered one after another must link: a store that links its own copy
  // of the chain while answering with another is caught here, before any call goes on.
  for (const row of rows) {
    const before = hashes.get(Number(row.event_seq) - 1);
    if (before !== undefined && before !== row.event_prev) throw new Error(`the store linked event ${row.event_seq} to a hash other than the one it gave event ${Number(row.event_seq) - 1}; the audit chain cannot be trusted`);
  }
  // Only an append that asked unlessRecorded may come back empty; none may come back in part.
  const short = appends.findIndex(({ prepared, options }, i) => results[i]?.length !== prepared.length && (results[i]?.length !== 0 || !options.unlessRecorded));
  if (short >= 0) throw new Error(`the store appended ${results[short]?.length} of the ${appends[short]?.prepared.length} events of an append; the audit chain cannot be trusted`);
  return results;
}
