// A quick measure of audit append rate on each store: one writer appending one event per call (how
// the pipeline writes), and for PostgreSQL four replicas at once contending for the chain head. The
// rates are printed as test diagnostics; the floor asserted is far below what either store does, so
// the test catches a store that stalls (a lock never released, a per-append reconnect), not noise.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { verifyChain } from '../../src/audit/chain.ts';
import type { Store } from '../../src/store/store.ts';
import { postgresBackend, postgresReachable, sqliteBackend, type StoreBackend } from './places.ts';

const EVENTS = 1000;
const event = (i: number) => ({ type: 'call.requested' as const, session: 'rate', callId: `c${i}`, principal: 'agent-1', tool: 'postgres_query', data: { args: { sql: `SELECT ${i}` } } });

async function rate(stores: Store[]): Promise<number> {
  const perWriter = EVENTS / stores.length;
  const started = performance.now();
  await Promise.all(stores.map(async (store, w) => {
    for (let i = 0; i < perWriter; i++) await store.append([event(w * perWriter + i)]);
  }));
  return Math.round(EVENTS / ((performance.now() - started) / 1000));
}

async function measure(backend: StoreBackend, writers: number, report: (message: string) => void): Promise<void> {
  const place = await backend.fresh();
  const stores = await Promise.all(Array.from({ length: writers }, () => place.open()));
  try {
    const perSecond = await rate(stores);
    report(`${backend.name}, ${writers} writer${writers > 1 ? 's' : ''}: ${perSecond} events/s`);
    const [first] = stores;
    assert.ok(first);
    const check = await verifyChain(first.allEvents());
    assert.deepEqual(check.ok && check.count, EVENTS);
    assert.ok(perSecond > 100, `${perSecond} events/s`);
  } finally {
    await Promise.all(stores.map((s) => s.close()));
    await place.drop();
  }
}

const reachable = await postgresReachable();

describe('audit append rate', () => {
  it('sqlite, one writer', (t) => measure(sqliteBackend, 1, (m) => t.diagnostic(m)));
  it('postgres, one writer', { skip: !reachable && 'no PostgreSQL server' }, (t) => measure(postgresBackend, 1, (m) => t.diagnostic(m)));
  it('postgres, four replicas at once', { skip: !reachable && 'no PostgreSQL server' }, (t) => measure(postgresBackend, 4, (m) => t.diagnostic(m)));
});
