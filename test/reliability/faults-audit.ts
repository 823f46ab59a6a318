// What every fault test checks last: the audit still tells the whole story. Each call the store
// recorded as requested has an outcome (a result or an error), so no call that returned to the
// agent is left looking as if it were still running, and the hash chain verifies.
import assert from 'node:assert/strict';
import type { AuditEvent } from '../../src/audit/events.ts';
import { verifyChain } from '../../src/audit/chain.ts';
import type { Store } from '../../src/store/store.ts';

export interface SettledCall {
  callId: string;
  /** The SQL or command the agent sent, for finding a call by what it did. */
  args: string;
  outcome: AuditEvent;
}

/**
 * Asserts every requested call has an outcome and the chain verifies; returns the calls in order.
 * `lateWriteAhead` names calls (by text in their arguments) refused while the store stalled: the
 * append is one statement, so the store may receive and commit it after the replica gave up on it
 * and refused the call, leaving the write-ahead record alone (the call never ran).
 */
export async function assertEveryCallSettled(store: Store, lateWriteAhead: readonly string[] = []): Promise<SettledCall[]> {
  const events = await store.events({ limit: 100_000 });
  const outcomeEvents = events.filter((e) => e.type === 'call.result' || e.type === 'call.error');
  const outcomes = new Map(outcomeEvents.map((e) => [e.callId, e]));
  assert.equal(outcomes.size, outcomeEvents.length, 'a call has more than one outcome recorded');
  const calls = events
    .filter((e) => e.type === 'call.requested')
    .filter((requested) => outcomes.has(requested.callId) || !lateWriteAhead.some((text) => JSON.stringify(requested.data.args).includes(text)))
    .map((requested) => {
      const outcome = outcomes.get(requested.callId);
      assert.ok(outcome, `call ${requested.callId} (${JSON.stringify(requested.data.args)}) has a write-ahead record but no outcome`);
      return { callId: requested.callId as string, args: JSON.stringify(requested.data.args), outcome };
    });
  const chain = await verifyChain(store.allEvents());
  assert.ok(chain.ok, `audit chain broken: ${JSON.stringify(chain)}`);
  return calls;
}

/** The outcome of the one call whose arguments contain `text`. */
export function outcomeOf(calls: readonly SettledCall[], text: string): AuditEvent {
  const matching = calls.filter((c) => c.args.includes(text));
  assert.equal(matching.length, 1, `expected one call with ${text}, found ${matching.length}`);
  return (matching[0] as SettledCall).outcome;
}
