// Fault: the agent gives up on a call. When the client cancels (notifications/cancelled) or its
// connection goes, the statement must not run on to the time limit holding a pooled connection: the
// call ends, its connection is dropped (which ends the statement on the server and rolls back an
// uncommitted write), the outcome is recorded as cancelled, and the next call works.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import { startGatehouse, type RunningGatehouse } from '../fixtures/gatehouse.ts';
import { createTestDatabase, type TestDatabase } from '../fixtures/postgres.ts';
import { assertEveryCallSettled, outcomeOf } from './faults-audit.ts';
import { allowAllPolicy, queryShop } from './faults-calls.ts';
import { waitFor } from './faults-wait.ts';

describe('fault: the agent cancels a running query', () => {
  let db: TestDatabase;
  let gh: RunningGatehouse;
  const sleeping = () => db.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE '%pg_sleep(20)%' AND query NOT LIKE '%pg_stat_activity%'");

  before(async () => {
    db = await createTestDatabase();
    await db.query('CREATE TABLE cancel_marks (label text NOT NULL)');
    gh = await startGatehouse(
      {
        identity: { stdio: { id: 'agent-1', groups: ['dev'] } },
        connections: { shop: { type: 'postgres', url: db.url, poolSize: 1 } },
        policies: [allowAllPolicy()],
        limits: { timeout: '30s' },
      },
      'stdio',
    );
  });

  after(async () => {
    await gh?.stop();
    await db?.drop();
  });

  for (const [label, sql] of [
    ['a read', 'SELECT pg_sleep(20) AS cancelled_read'],
    ['a write', "INSERT INTO cancel_marks SELECT 'cancelled-write' FROM pg_sleep(20)"],
  ] as const) {
    it(`ends ${label} on the server and frees its connection`, async () => {
      const abort = new AbortController();
      const call = gh.client.callTool({ name: 'postgres_query', arguments: { connection: 'shop', sql } }, { signal: abort.signal, timeout: 60_000 }).catch((error: Error) => error);
      await waitFor('the statement to run on the server', async () => ((await sleeping())[0]?.n === 1 ? true : undefined));
      abort.abort();
      assert.ok((await call) instanceof Error);
      await waitFor('the statement to end on the server', async () => ((await sleeping())[0]?.n === 0 ? true : undefined), 5000);
      // The pool holds one connection: this call only runs once the cancelled one gave it back.
      const next = await queryShop(gh, 'SELECT 1 AS after_cancel');
      assert.equal(next.isError, undefined, JSON.stringify(next));
    });
  }

  it('rolled back the cancelled write and recorded both calls as cancelled', async () => {
    assert.deepEqual(await db.query('SELECT label FROM cancel_marks'), []);
    const store = openSqliteStore(gh.storeFile);
    try {
      const calls = await assertEveryCallSettled(store);
      for (const tag of ['cancelled_read', 'cancelled-write']) {
        const outcome = outcomeOf(calls, tag);
        assert.equal(outcome.type, 'call.error', tag);
        assert.equal(outcome.data.code, 'cancelled', tag);
      }
    } finally {
      await store.close();
    }
  });
});
