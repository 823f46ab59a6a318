// LISTEN/NOTIFY on the shared store: a change made through one replica's store reaches another's
// watchers, a call waiting on one replica wakes when another decides (by the notice, not a poll),
// and a dropped LISTEN connection is re-established while polling covers the gap.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createApprovals } from '../../src/approval/service.ts';
import { createRecorder } from '../../src/audit/recorder.ts';
import { openPostgresStore } from '../../src/store/postgres.ts';
import type { Store } from '../../src/store/store.ts';
import { createStoreDatabase, postgresReachable, type TestStoreDatabase } from './places.ts';
import { dba, gateCall, request } from './requests.ts';

const reachable = await postgresReachable();
const service = (store: Store, pollMs: number, waitMs = 30_000) => createApprovals(store, createRecorder(store, (t) => t), { waitMs, ttlMs: 3_600_000, defaultApprovers: ['approvers'], pollMs });
const HOUR_MS = 3_600_000;

/** Resolves with the first id the store reports, or rejects after `ms`. */
function nextNotice(store: Store, ms = 3000): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (stop(), reject(new Error('no notification'))), ms);
    const stop = store.watchApprovals?.((id) => (clearTimeout(timer), stop(), resolve(id))) ?? (() => undefined);
  });
}

async function pendingId(store: Store): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const [pending] = await store.listApprovals({ states: ['pending'] });
    if (pending) return pending.id;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('no pending request appeared');
}

describe('postgres store: approval notifications', { skip: !reachable && 'no PostgreSQL server (set PG_TEST_URL)' }, () => {
  let db: TestStoreDatabase;
  let a: Store;
  let b: Store;
  before(async () => {
    db = await createStoreDatabase();
    [a, b] = await Promise.all([openPostgresStore({ url: db.url }), openPostgresStore({ url: db.url })]);
  });
  after(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await db?.drop();
  });

  const listenPids = async () => (await db.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE application_name = 'gatehouse-listen' AND datname = current_database()")).map((r) => r.pid);

  it("tells one replica's watchers of a change made through another, and stays quiet on a lost compare-and-set", async () => {
    const r = request();
    await a.createApproval(r);
    const heard = nextNotice(b);
    assert.equal(await a.updateApproval({ ...r, state: 'cancelled', version: r.version + 1 }, r.version), true);
    assert.equal(await heard, r.id);
    const silence = nextNotice(b, 500);
    assert.equal(await a.updateApproval({ ...r, state: 'approved', version: r.version + 1 }, r.version), false);
    await assert.rejects(silence, /no notification/);
  });

  // The waiter neither polls nor gives up within the hour, so only the notification can release it;
  // the test's timeout stands only between a lost notification and a hung run.
  it('wakes a call waiting on one replica when another decides, by notification alone', { timeout: 60_000 }, async () => {
    const waiting = service(b, HOUR_MS, HOUR_MS).gate(gateCall('UPDATE t SET a = 2 WHERE id = 2'), new AbortController().signal);
    const id = await pendingId(a);
    const decided = await service(a, HOUR_MS).decide(id, dba('dana'), { decision: 'approve', reason: 'ok' });
    assert.equal(decided.ok, true);
    assert.equal((await waiting).kind, 'run');
  });

  it('re-establishes a dropped LISTEN connection; a waiter polls through the gap', async () => {
    const before = await listenPids();
    assert.equal(before.length, 2, 'one LISTEN connection per store');
    const waiting = service(b, 300).gate(gateCall('UPDATE t SET a = 3 WHERE id = 3'), new AbortController().signal);
    const id = await pendingId(a);
    await db.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'gatehouse-listen' AND datname = current_database()");
    // Decided while no replica listens: the notice is lost, the waiter's poll finds the decision.
    assert.equal((await service(a, 300).decide(id, dba('dana'), { decision: 'approve', reason: 'ok' })).ok, true);
    assert.equal((await waiting).kind, 'run');

    let after: number[] = [];
    for (let i = 0; i < 100 && after.length < 2; i++) {
      await new Promise((r) => setTimeout(r, 50));
      after = (await listenPids()).filter((pid) => !before.includes(pid));
    }
    assert.equal(after.length, 2, 'both stores listen again on new connections');
    const r = request();
    await a.createApproval(r);
    const heard = nextNotice(b);
    await a.updateApproval({ ...r, state: 'cancelled', version: r.version + 1 }, r.version);
    assert.equal(await heard, r.id);
  });
});
