// Audit append rate on each store, one event per append as the pipeline writes: SQLite with one
// writer, PostgreSQL with one writer and with four store handles at once (four replicas contending
// for the chain head). Each run ends by verifying the chain, so a rate is only reported for a log
// that holds every event once. That the chain stays right under concurrent writers is a test
// (test/store/audit.case.ts); how fast it goes is measured here.
// Run directly with `npx tsx bench/audit-append.ts`, or through benchAuditAppend() from the bench runner.
import { pathToFileURL } from 'node:url';
import { verifyChain } from '../src/audit/chain.ts';
import type { Store } from '../src/store/store.ts';
import { postgresBackend, postgresReachable, sqliteBackend, type StoreBackend } from '../test/store/places.ts';
import type { BenchResult } from './shell.ts';

const EVENTS = 2000;

const event = (i: number) => ({
  type: 'call.requested' as const,
  session: 'bench',
  callId: `c${i}`,
  principal: 'agent-1',
  tool: 'postgres_query',
  data: { args: { connection: 'shop', sql: `SELECT id, email FROM customers WHERE id = ${i}` } },
});

/** Events per second with `writers` handles appending EVENTS between them, one event per append. */
async function appendRate(backend: StoreBackend, writers: number): Promise<number> {
  const place = await backend.fresh();
  const stores: Store[] = await Promise.all(Array.from({ length: writers }, () => place.open()));
  try {
    const perWriter = EVENTS / writers;
    const started = performance.now();
    await Promise.all(
      stores.map(async (store, w) => {
        for (let i = 0; i < perWriter; i++) await store.append([event(w * perWriter + i)]);
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const check = await verifyChain((stores[0] as Store).allEvents());
    if (!check.ok || check.count !== EVENTS) throw new Error(`${backend.name}, ${writers} writers: the chain does not hold the ${EVENTS} events appended`);
    return EVENTS / seconds;
  } finally {
    await Promise.all(stores.map((store) => store.close()));
    await place.drop();
  }
}

export async function benchAuditAppend(): Promise<BenchResult[]> {
  const results: BenchResult[] = [{ name: 'audit append, SQLite, 1 writer', value: await appendRate(sqliteBackend, 1), unit: 'events/s' }];
  if (!(await postgresReachable())) {
    console.error('audit append: no PostgreSQL server (PG_TEST_URL); PostgreSQL rates skipped');
    return results;
  }
  results.push(
    { name: 'audit append, PostgreSQL, 1 writer', value: await appendRate(postgresBackend, 1), unit: 'events/s' },
    { name: 'audit append, PostgreSQL, 4 writers at once', value: await appendRate(postgresBackend, 4), unit: 'events/s' },
  );
  return results;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const r of await benchAuditAppend()) console.log(`${r.name}: ${r.value.toFixed(0)} ${r.unit}`);
}
