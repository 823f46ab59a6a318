// Several writer processes on one PostgreSQL store, as replicas are, each with many appends in
// flight (so its appends go by group commit): one chain that verifies and prunes, every promised
// append recorded exactly once even when a writer is killed mid-batch or the store ends a batch's
// connection, and an append the store refuses never takes its batch-mates down with it. A store
// whose append statement hashes differently or drops events fails the append (fail closed).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import pg from 'pg';
import { verifyStore } from '../../src/audit/verify.ts';
import { openPostgresStore } from '../../src/store/postgres.ts';
import type { Store } from '../../src/store/store.ts';
import { until } from '../fixtures/until.ts';
import { runWriters } from '../fixtures/writer-processes.ts';
import { createStoreDatabase, postgresReachable, type TestStoreDatabase } from './places.ts';

const reachable = await postgresReachable();

async function withStore(work: (db: TestStoreDatabase, store: Store) => Promise<void>): Promise<void> {
  const db = await createStoreDatabase();
  const store = await openPostgresStore({ url: db.url, poolSize: 4 });
  try {
    await work(db, store);
  } finally {
    await store.close();
    await db.drop();
  }
}

/** Call ids in the store, each with how many events carry it. */
async function recordedCalls(store: Store): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for await (const event of store.allEvents()) if (event.callId) counts.set(event.callId, (counts.get(event.callId) ?? 0) + 1);
  return counts;
}

describe('postgres store: several writer processes', { skip: !reachable && 'no PostgreSQL server (set PG_TEST_URL)' }, () => {
  it('keep one chain that verifies, holds every append once, and prunes and verifies again', async () => {
    await withStore(async (db, store) => {
      await runWriters(db.url, { writers: 4, eventsPerWriter: 150, concurrency: 32 });
      const check = await verifyStore(store);
      assert.deepEqual(check.ok && check.count, 600);
      const calls = await recordedCalls(store);
      assert.equal(calls.size, 600);
      assert.ok([...calls.values()].every((n) => n === 1));
      const outOfOrder = await db.query('SELECT a.seq FROM audit_events a JOIN audit_events b ON b.seq = a.seq + 1 WHERE b.time < a.time');
      assert.deepEqual(outOfOrder, [], 'times follow sequence order across the writers');
      const batched = await db.query<{ n: number }>('SELECT count(DISTINCT time)::int AS n FROM audit_events');
      assert.ok((batched[0]?.n ?? 600) < 600, 'some appends shared a transaction (one database time)');
      const pruned = await store.pruneEvents('9999-01-01T00:00:00.000Z', { slice: 250 });
      assert.equal(pruned?.removed, 600);
      const after = await verifyStore(store);
      assert.deepEqual(after.ok && [after.count, after.pruned?.throughSeq], [3, 600]);
    });
  });

  it('record every append a killed writer was promised, once, and the chain still verifies', async () => {
    await withStore(async (db, store) => {
      const run = await runWriters(db.url, {
        writers: 2,
        eventsPerWriter: 2000,
        concurrency: 64,
        each: true,
        midway: { afterResolved: 100, act: (children) => children[0]?.kill('SIGKILL') },
      });
      const calls = await recordedCalls(store);
      const promised = run.resolved.flat();
      assert.ok(promised.every((id) => calls.get(id) === 1), 'every resolved append is recorded exactly once');
      assert.ok([...calls.values()].every((n) => n === 1));
      assert.ok((run.resolved[0]?.length ?? 0) < 2000, 'the first writer was killed before it finished');
      const check = await verifyStore(store);
      assert.ok(check.ok, check.ok ? '' : check.problem);
    });
  });

  it('fails whole a batch whose connection the store ends, and the chain still verifies', async () => {
    await withStore(async (db, store) => {
      await store.append([{ type: 'session.started', session: 'cut', data: {} }]);
      // The test holds the head's lock, so the first batch waits in the store until its connection is ended.
      const holder = new pg.Client({ connectionString: db.url });
      await holder.connect();
      await holder.query('BEGIN; SELECT 1 FROM audit_head FOR UPDATE');
      const settled = Promise.allSettled(
        Array.from({ length: 300 }, (_, i) =>
          store.append([{ type: 'call.requested', session: 'cut', callId: `cut-${i}`, data: { i } }, { type: 'call.result', session: 'cut', callId: `cut-${i}`, data: { i } }]),
        ),
      );
      const waiting = "SELECT pid FROM pg_stat_activity WHERE application_name = 'gatehouse' AND datname = current_database() AND wait_event_type = 'Lock'";
      await until('a batch waiting for the head', async () => ((await db.query(waiting)).length > 0 ? true : undefined));
      await db.query(`SELECT pg_terminate_backend(pid) FROM (${waiting}) AS w`);
      await holder.query('COMMIT');
      await holder.end();
      const outcomes = await settled;
      assert.equal(outcomes[0]?.status, 'rejected', 'the waiting batch failed');
      // Read through a fresh handle: this one's pool may still hand out a connection the store ended.
      const reader = await openPostgresStore({ url: db.url });
      const calls = await recordedCalls(reader);
      outcomes.forEach((o, i) => {
        const recorded = calls.get(`cut-${i}`);
        assert.equal(recorded, o.status === 'fulfilled' ? 2 : undefined, `append ${i} is recorded whole if it resolved, not at all if it failed`);
      });
      const check = await verifyStore(reader);
      await reader.close();
      assert.ok(check.ok, check.ok ? '' : check.problem);
    });
  });

  it('refuses an append the store cannot hold without failing the appends batched with it', async () => {
    await withStore(async (_db, store) => {
      const good = (i: number) => store.append([{ type: 'call.requested', session: 'ok', callId: `ok-${i}`, data: { i } }]);
      const outcomes = await Promise.allSettled([good(0), good(1), store.append([{ type: 'call.requested', session: 'nul\u0000here', data: {} }]), good(2), good(3)]);
      assert.deepEqual(outcomes.map((o) => o.status), ['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
      assert.deepEqual([...(await recordedCalls(store)).keys()].sort(), ['ok-0', 'ok-1', 'ok-2', 'ok-3']);
      const check = await verifyStore(store);
      assert.deepEqual(check.ok && check.count, 4);
    });
  });

  it('fails an append whose hashes the store computed differently, and hands out no event', async () => {
      await withStore(async (db, store) => {
        await store.append([{ type: 'session.started', session: 's', data: {} }]);
        await db.query("DO $$ BEGIN EXECUTE replace(pg_get_functiondef('gatehouse_audit_append'::regproc), 'sha256(', 'sha224('); END $$");
        await assert.rejects(store.append([{ type: 'call.requested', session: 's', data: {} }]), /the store hashed event 2 differently from gatehouse/);
      });
  });

  it('fails an append whose events the store linked to a hash other than the one it gave the event before', async () => {
    await withStore(async (db, store) => {
      await store.append([{ type: 'session.started', session: 's', data: {} }]);
      // Each row answers with a hash that fits its own link, but the second event of a statement links to a made-up hash.
      await db.query(`DO $$ BEGIN EXECUTE replace(pg_get_functiondef('gatehouse_audit_append'::regproc), 'prevs := prevs || head_hash;', 'IF e.i > 1 THEN head_hash := repeat(''a'', 64); END IF; prevs := prevs || head_hash;'); END $$`);
      const two = [{ type: 'call.requested' as const, session: 's', data: {} }, { type: 'call.result' as const, session: 's', data: {} }];
      await assert.rejects(store.append(two), /the store linked event 3 to a hash other than the one it gave event 2/);
    });
  });

  it('fails whole a batch the store refuses for a reason other than its content, and does not retry its appends one by one', async () => {
    await withStore(async (db, store) => {
      // Refused whenever a statement carries more than one append: not a data exception, so no append of it may go on alone.
      await db.query(`DO $$ BEGIN EXECUTE replace(pg_get_functiondef('gatehouse_audit_append'::regproc), 'SELECT h.seq, h.hash INTO', 'IF p_append[array_length(p_append, 1)] > 0 THEN RAISE EXCEPTION ''several appends'' USING ERRCODE = ''55000''; END IF; SELECT h.seq, h.hash INTO'); END $$`);
      const event = (i: number) => [{ type: 'call.requested' as const, session: 'batch', callId: `b-${i}`, data: { i } }];
      // The first goes alone; the two that come while it is in flight go together.
      const outcomes = await Promise.allSettled([store.append(event(0)), store.append(event(1)), store.append(event(2))]);
      assert.deepEqual(outcomes.map((o) => (o.status === 'fulfilled' ? 'appended' : (o.reason as Error).message)), ['appended', 'several appends', 'several appends']);
      assert.deepEqual((await store.events({ session: 'batch' })).map((e) => e.callId), ['b-0']);
    });
  });

  it('fails an append the store recorded only in part', async () => {
    await withStore(async (db, store) => {
      await db.query("DO $$ BEGIN EXECUTE replace(pg_get_functiondef('gatehouse_audit_append'::regproc), 'CONTINUE WHEN skipping;', 'CONTINUE WHEN skipping OR e.i > 1;'); END $$");
      const two = [{ type: 'call.requested' as const, session: 's', data: {} }, { type: 'call.result' as const, session: 's', data: {} }];
      await assert.rejects(store.append(two), /the store appended 1 of the 2 events of an append/);
    });
  });

  it('records an outcome once when two appends of one batch both ask unless it is recorded', async () => {
    await withStore(async (_db, store) => {
      const outcome = { type: 'call.result' as const, session: 'retry', callId: 'twice', data: {} };
      const unlessRecorded = { callId: 'twice', type: 'call.result' as const };
      const results = await Promise.all([store.append([{ ...outcome, callId: 'first' }]), store.append([outcome], { unlessRecorded }), store.append([outcome], { unlessRecorded })]);
      assert.deepEqual(results.map((r) => r.length), [1, 1, 0]);
      assert.equal((await store.events({ callId: 'twice' })).length, 1);
    });
  });
});
