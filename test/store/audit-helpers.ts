// Events and stores for the audit cases: calls to append, a store with five calls, a store with a
// past for retention, and verifying a place the way `gatehouse audit verify` does.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AuditEvent, AuditEventInput } from '../../src/audit/events.ts';
import { verifyStore } from '../../src/audit/verify.ts';
import type { Store } from '../../src/store/store.ts';
import type { StoreBackend, StorePlace } from './places.ts';

export const call = (i: number, session = 's1'): AuditEventInput[] => [
  { type: 'call.requested', session, callId: `c${i}`, principal: 'ann', tool: 'postgres_query', data: { args: { sql: `SELECT ${i}` } } },
  { type: 'call.decided', session, callId: `c${i}`, principal: 'ann', tool: 'postgres_query', target: 'shop', data: { effect: 'allow', nested: { b: 1, a: [1, 'x', null] } } },
];

/** A place holding five calls (ten events), closed again. */
export async function filled(backend: StoreBackend): Promise<StorePlace> {
  const place = await backend.fresh();
  const store = await place.open();
  for (let i = 0; i < 5; i++) await store.append(call(i));
  await store.close();
  return place;
}

// Event times come from the store's clock, so "old" events are ones appended before the clock moved
// on: the first event appended after them is the cutoff that prunes exactly them.
export interface Past {
  old: AuditEvent[];
  recent: AuditEvent[];
  /** The time of the first recent event (without one, now): every old event is older. */
  cut: string;
}

/** Appends `oldCalls` calls, lets the clock pass them, then appends `recentCalls` more (two events a call). */
export async function appendPast(store: Store, oldCalls: number, recentCalls: number, session = 's1'): Promise<Past> {
  const old: AuditEvent[] = [];
  for (let i = 0; i < oldCalls; i++) old.push(...(await store.append(call(i, session))));
  const last = old.at(-1)?.time ?? '';
  while (new Date().toISOString() <= last) await sleep(2);
  const recent: AuditEvent[] = [];
  for (let i = 0; i < recentCalls; i++) recent.push(...(await store.append(call(100 + i, session))));
  const cut = recent[0]?.time ?? new Date().toISOString();
  assert.ok(last < cut, 'the recent events are newer than the old ones');
  return { old, recent, cut };
}

export async function verifyPlace(place: StorePlace) {
  const store = await place.open();
  try {
    return await verifyStore(store);
  } finally {
    await store.close();
  }
}

/** Makes a place with `make`, runs `sql` on its tables the way a tamperer would, and verifies it. */
export async function verifyTampered(make: () => Promise<StorePlace>, sql: string) {
  const place = await make();
  try {
    await place.exec(sql);
    return await verifyPlace(place);
  } finally {
    await place.drop();
  }
}
