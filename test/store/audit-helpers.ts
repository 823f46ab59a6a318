// Events and stores for the audit cases: calls to append, a store with five calls, a store with a
// past for retention, verifying a place the way `gatehouse audit verify` does, and rewriting a chain
// the way an insider would.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { canonicalJson } from '../../src/audit/canonical.ts';
import { hashEvent } from '../../src/audit/chain.ts';
import { GENESIS_HASH, type AuditEvent, type AuditEventInput } from '../../src/audit/events.ts';
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

/** SQL that rewrites events from `events[0]` on with new contents, every hash recomputed, and moves the head: a rewrite no link can show. */
export function rehashSql(events: AuditEvent[], prevHash: string): string {
  const q = (text: string) => `'${text.replace(/'/g, "''")}'`;
  let prev = prevHash;
  const statements = events.map((e) => {
    const { hash: _hash, data, ...meta } = { ...e, prevHash: prev };
    const dataJson = canonicalJson(data);
    const hash = hashEvent(meta, dataJson);
    prev = hash;
    const text = (value: string | undefined) => (value === undefined ? 'NULL' : q(value));
    return `UPDATE audit_events SET time = ${q(e.time)}, type = ${q(e.type)}, session = ${q(e.session)}, call_id = ${text(e.callId)}, principal = ${text(e.principal)}, tool = ${text(e.tool)}, target = ${text(e.target)}, data = ${q(dataJson)}, prev_hash = ${q(meta.prevHash)}, hash = ${q(hash)} WHERE seq = ${e.seq};`;
  });
  return `${statements.join('\n')}\nUPDATE audit_head SET hash = ${q(prev)};`;
}

/** SQL that removes event `seq` and moves every later event down a place, re-hashed: the chain links without it. */
export function removeEventSql(events: AuditEvent[], seq: number): string {
  const prevHash = events.find((e) => e.seq === seq - 1)?.hash ?? GENESIS_HASH;
  const moved = events.filter((e) => e.seq > seq).map((e) => ({ ...e, seq: e.seq - 1 }));
  const last = events.at(-1)?.seq ?? seq;
  return `${rehashSql(moved, prevHash)}\nDELETE FROM audit_events WHERE seq = ${last}; UPDATE audit_head SET seq = ${last - 1};`;
}
