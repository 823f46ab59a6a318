// Reading a gatehouse's audit store after a run: the hash chain verifies, no event is written twice,
// and every call has exactly one request and exactly one outcome. Tests find their own calls by a
// tag they put into the arguments, since the call id is made inside the server.
import assert from 'node:assert/strict';
import { verifyChain } from '../../src/audit/chain.ts';
import type { AuditEvent } from '../../src/audit/events.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';

const OUTCOMES = new Set(['call.result', 'call.error']);

/** All events of the store, after checking that its chain verifies. */
export async function readVerifiedAudit(storeFile: string): Promise<AuditEvent[]> {
  const store = openSqliteStore(storeFile);
  try {
    const chain = await verifyChain(store.allEvents());
    assert.ok(chain.ok, `audit chain broken: ${JSON.stringify(chain)}`);
    return await store.events({ limit: 1_000_000 });
  } finally {
    await store.close();
  }
}

/**
 * The events of each call by call id; fails on a repeated event, a missing request or two outcomes.
 * A call may lack its outcome here: a process killed mid-call leaves only its write-ahead record.
 */
export function callsById(events: readonly AuditEvent[]): Map<string, AuditEvent[]> {
  assert.equal(new Set(events.map((e) => e.seq)).size, events.length, 'a sequence number repeats');
  const byCall = new Map<string, AuditEvent[]>();
  for (const event of events) if (event.callId) byCall.set(event.callId, [...(byCall.get(event.callId) ?? []), event]);
  for (const [callId, calls] of byCall) {
    const types = calls.map((e) => e.type);
    assert.equal(new Set(types).size, types.length, `call ${callId} has an event twice: ${types.join(', ')}`);
    assert.equal(types.filter((t) => t === 'call.requested').length, 1, `call ${callId} has no request event: ${types.join(', ')}`);
    assert.ok(types.filter((t) => OUTCOMES.has(t)).length <= 1, `call ${callId} has two outcomes: ${types.join(', ')}`);
  }
  return byCall;
}

/** As callsById, and every call has its outcome. */
export function auditedCalls(events: readonly AuditEvent[]): Map<string, AuditEvent[]> {
  const byCall = callsById(events);
  for (const [callId, calls] of byCall) assert.ok(calls.some((e) => OUTCOMES.has(e.type)), `call ${callId} has no outcome event: ${calls.map((e) => e.type).join(', ')}`);
  return byCall;
}

/** The events of the one call whose recorded arguments contain `tag`. */
export function callTagged(byCall: ReadonlyMap<string, AuditEvent[]>, tag: string): AuditEvent[] {
  const found = [...byCall.values()].filter((events) => events.some((e) => e.type === 'call.requested' && JSON.stringify(e.data.args).includes(tag)));
  assert.equal(found.length, 1, `expected one audited call tagged ${tag}, found ${found.length}`);
  return found[0] as AuditEvent[];
}

/** The outcome event (result or error) of one call. */
export function outcomeIn(events: readonly AuditEvent[]): AuditEvent {
  const outcome = maybeOutcomeIn(events);
  assert.ok(outcome, 'the call has no outcome');
  return outcome;
}

/** The outcome event of one call, if it has one. */
export function maybeOutcomeIn(events: readonly AuditEvent[]): AuditEvent | undefined {
  return events.find((e) => OUTCOMES.has(e.type));
}
