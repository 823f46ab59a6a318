// The audit log as both stores keep it: one row per event in the same eleven columns, the data as
// the exact canonical JSON that was hashed (so verification re-hashes the bytes written), and one
// row per retention prune in audit_anchors.
import { hashEvent, type AuditAnchor, type ChainPoint } from '../audit/chain.ts';
import { canonicalJson } from '../audit/canonical.ts';
import type { AuditEvent, AuditEventInput } from '../audit/events.ts';
import type { AuditQuery } from './store.ts';

export const EVENT_COLUMNS = 'seq, time, type, session, call_id, principal, tool, target, data, prev_hash, hash';

/** Every audit write reads the head row; without it the store was altered outside gatehouse. */
export function headMissing(): Error {
  return new Error('the audit head row is missing: the store was altered outside gatehouse');
}

export interface EventRow {
  /** PostgreSQL returns bigint as text. */
  seq: number | string;
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

/** An event about to be appended, its data already serialized. */
export interface PreparedEvent {
  input: AuditEventInput;
  dataJson: string;
}

/**
 * Serializes each event's data before the store takes its write lock: for a large result that is
 * most of an append's work, and other writers (replicas, the CLI) need not wait for it.
 */
export function prepareEvents(inputs: readonly AuditEventInput[]): PreparedEvent[] {
  return inputs.map((input) => ({ input: wellFormed(input), dataJson: canonicalJson(input.data) }));
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const TEXT_COLUMNS = ['session', 'callId', 'principal', 'tool', 'target'] as const;

/**
 * The event's own text columns with any lone surrogate replaced by U+FFFD, as the store will keep
 * them: hashed as given, a lone surrogate (in a tool name an agent made up, say) would be stored
 * as U+FFFD and its event would no longer match its hash, breaking the chain. Data needs no care:
 * its canonical JSON escapes lone surrogates.
 */
function wellFormed(input: AuditEventInput): AuditEventInput {
  let fixed: AuditEventInput | undefined;
  for (const key of TEXT_COLUMNS) {
    const value = input[key];
    const clean = value?.replace(LONE_SURROGATE, '\uFFFD');
    if (clean !== value) fixed = { ...(fixed ?? input), [key]: clean };
  }
  return fixed ?? input;
}

/** New events linked after `head`, all stamped `time`, each with its row values in EVENT_COLUMNS order. */
export function chainAfter(head: ChainPoint, time: string, prepared: readonly PreparedEvent[]): Array<{ event: AuditEvent; values: unknown[] }> {
  let seq = head.seq;
  let prevHash = head.hash;
  return prepared.map(({ input, dataJson }) => {
    const { data, ...meta } = input;
    const body = { ...meta, seq: ++seq, time, prevHash };
    const event: AuditEvent = { ...body, data, hash: hashEvent(body, dataJson) };
    prevHash = event.hash;
    const values = [seq, time, input.type, input.session, input.callId ?? null, input.principal ?? null, input.tool ?? null, input.target ?? null, dataJson, event.prevHash, event.hash];
    return { event, values };
  });
}

export function toEvent(row: EventRow): AuditEvent {
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

export const ANCHOR_COLUMNS = 'through_seq, through_hash, removed, before, time, event_seq';

export interface AnchorRow {
  through_seq: number | string;
  through_hash: string;
  removed: number | string;
  before: string;
  time: string;
  event_seq: number | string;
}

export function anchorValues(a: AuditAnchor): unknown[] {
  return [a.throughSeq, a.throughHash, a.removed, a.before, a.time, a.eventSeq];
}

export function toAnchor(row: AnchorRow): AuditAnchor {
  return { throughSeq: Number(row.through_seq), throughHash: row.through_hash, removed: Number(row.removed), before: row.before, time: row.time, eventSeq: Number(row.event_seq) };
}

/**
 * The SELECT behind AuditLog.events for both stores; `placeholder(n)` writes the n-th (1-based)
 * parameter as the store's driver wants it ($n or ?).
 */
export function eventsQuery(query: AuditQuery, placeholder: (n: number) => string): { sql: string; params: unknown[] } {
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
    where.push(`${clause} ${placeholder(params.length)}`);
  }
  if (query.types) {
    const first = params.length + 1;
    params.push(...query.types);
    where.push(`type IN (${query.types.map((_, i) => placeholder(first + i)).join(', ')})`);
  }
  params.push(query.limit ?? 10_000);
  return { sql: `SELECT * FROM audit_events ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq LIMIT ${placeholder(params.length)}`, params };
}
