// Audit append rate on each store. SQLite: one writer, one event per append as the pipeline writes.
// PostgreSQL: 1 and 4 writer processes (each its own store handle and pool, as replicas are), each
// with several calls appending at once, one event per append: what a replica serving many agents
// asks of the store. The goal (issue 19) is at least 10,000 events/s with 4 writers, and more with 4
// than with 1. Each run ends by verifying the chain, so a rate is only reported for a log that holds
// every event once. That the chain stays right under concurrent writers is a test
// (test/store/postgres-writers.test.ts); how fast it goes is measured here.
// Run directly with `npx tsx bench/audit-append.ts`, or through benchAuditAppend() from the bench runner.
import { pathToFileURL } from 'node:url';
import { verifyChain } from '../src/audit/chain.ts';
import { verifyStore } from '../src/audit/verify.ts';
import { openPostgresStore } from '../src/store/postgres.ts';
import { runWriters } from '../test/fixtures/writer-processes.ts';
import { createStoreDatabase, postgresReachable, sqliteBackend } from '../test/store/places.ts';
import { percentile, type BenchResult } from './shell.ts';

const EVENTS = 2000;
/** Per PostgreSQL run: enough that process start and the first connections weigh little. */
const PG_EVENTS = 20_000;
/** Appends each writer process has in flight at once. */
const PG_CONCURRENCY = 256;
export const PG_GOAL_EVENTS_PER_SECOND = 10_000;
const PG_ROUNDS = 5;

const event = (i: number) => ({
  type: 'call.requested' as const,
  session: 'bench',
  callId: `c${i}`,
  principal: 'agent-1',
  tool: 'postgres_query',
  data: { args: { connection: 'shop', sql: `SELECT id, email FROM customers WHERE id = ${i}` } },
});

/** Events per second with one SQLite handle appending EVENTS, one event per append. */
async function sqliteRate(): Promise<number> {
  const place = await sqliteBackend.fresh();
  const store = await place.open();
  try {
    const started = performance.now();
    for (let i = 0; i < EVENTS; i++) await store.append([event(i)]);
    const seconds = (performance.now() - started) / 1000;
    const check = await verifyChain(store.allEvents());
    if (!check.ok || check.count !== EVENTS) throw new Error(`sqlite: the chain does not hold the ${EVENTS} events appended`);
    return EVENTS / seconds;
  } finally {
    await store.close();
    await place.drop();
  }
}

/** Events per second with `writers` processes appending PG_EVENTS between them on a fresh store. */
async function processRate(writers: number): Promise<number> {
  const db = await createStoreDatabase();
  try {
    await (await openPostgresStore({ url: db.url })).close();
    const run = await runWriters(db.url, { writers, eventsPerWriter: PG_EVENTS / writers, concurrency: PG_CONCURRENCY });
    const store = await openPostgresStore({ url: db.url });
    try {
      const check = await verifyStore(store);
      if (!check.ok || check.count !== PG_EVENTS) throw new Error(`PostgreSQL, ${writers} writer processes: the chain does not verify with the ${PG_EVENTS} events appended`);
    } finally {
      await store.close();
    }
    return PG_EVENTS / run.seconds;
  } finally {
    await db.drop();
  }
}

export async function benchAuditAppend(): Promise<BenchResult[]> {
  const results: BenchResult[] = [{ name: 'audit append, SQLite, 1 writer', value: await sqliteRate(), unit: 'events/s' }];
  if (!(await postgresReachable())) {
    console.error('audit append: no PostgreSQL server (PG_TEST_URL); PostgreSQL rates skipped');
    return results;
  }
  // 1 and 4 writers alternate, ROUNDS times each, so a change in the machine's other load weighs on both alike.
  const rates: Record<1 | 4, number[]> = { 1: [], 4: [] };
  for (let round = 0; round < PG_ROUNDS; round++) for (const writers of [1, 4] as const) rates[writers].push(await processRate(writers));
  const median = (values: number[]) => percentile([...values].sort((a, b) => a - b), 0.5);
  results.push(
    { name: `audit append, PostgreSQL, 1 writer process, ${PG_CONCURRENCY} appends in flight (median of ${PG_ROUNDS})`, value: median(rates[1]), unit: 'events/s' },
    { name: `audit append, PostgreSQL, 4 writer processes, ${PG_CONCURRENCY} appends in flight each (median of ${PG_ROUNDS}; goal >= ${PG_GOAL_EVENTS_PER_SECOND} and more than 1 writer)`, value: median(rates[4]), unit: 'events/s' },
  );
  console.error(`audit append, PostgreSQL rounds: 1 writer ${rates[1].map((r) => r.toFixed(0)).join(', ')}; 4 writers ${rates[4].map((r) => r.toFixed(0)).join(', ')}`);
  return results;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const r of await benchAuditAppend()) console.log(`${r.name}: ${r.value.toFixed(0)} ${r.unit}`);
}
