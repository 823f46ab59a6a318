// Fault: the target PostgreSQL goes away in the middle of a query, through a real gatehouse and
// the SDK's client. Either the network to it dies (a proxy between them cuts every socket) or the
// server ends the session (pg_terminate_backend). The agent gets a clear error that names no URL,
// password or stack; the audit records the call as errored; the next call works (the pool let go
// of the dead connection).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import { startGatehouse, type RunningGatehouse } from '../fixtures/gatehouse.ts';
import { createTestDatabase, type TestDatabase } from '../fixtures/postgres.ts';
import { startProxyFor, throughProxy, type TcpProxy } from '../fixtures/tcp-proxy.ts';
import { assertEveryCallSettled, outcomeOf } from './faults-audit.ts';
import { errorOf, queryShop, type CallResult } from './faults-calls.ts';
import { sessionsCleaned, waitFor } from './faults-wait.ts';

const CANARY = `pw-${randomBytes(8).toString('hex')}`;

describe('fault: the target PostgreSQL stops mid-query', () => {
  let db: TestDatabase;
  let proxy: TcpProxy;
  let gh: RunningGatehouse;

  const query = (sql: string) => queryShop(gh, sql);
  /** The backend pid running `sql`, once the server runs it: the call has passed every stage before execute. */
  const backendRunning = (sql: string) =>
    waitFor(`the statement on the server: ${sql}`, async () => (await db.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE state = 'active' AND query = $1", [sql]))[0]?.pid);

  /** What the agent saw must be a plain sentence: no connection string, credential or stack frame. */
  const assertCleanError = (r: CallResult) => {
    const seen = JSON.stringify(r);
    assert.ok(!seen.includes(CANARY), 'the password reached the agent');
    assert.doesNotMatch(seen, /postgres(ql)?:\/\//, 'a connection string reached the agent');
    assert.doesNotMatch(seen, /\bat \S+ \(|node:internal|\.ts:\d+/, 'a stack trace reached the agent');
  };

  before(async () => {
    db = await createTestDatabase();
    proxy = await startProxyFor(db.url);
    gh = await startGatehouse(
      {
        identity: { stdio: { id: 'agent-1', groups: ['dev'] } },
        connections: { shop: { type: 'postgres', url: throughProxy(db.url, proxy), password: 'env:SHOP_PG_PASSWORD', poolSize: 2 } },
        limits: { timeout: '20s' },
      },
      'stdio',
      // Trust auth ignores the password; it is there to show it never leaks.
      { env: { SHOP_PG_PASSWORD: CANARY } },
    );
  });

  after(async () => {
    await gh?.stop();
    await proxy?.close();
    await db?.drop();
  });

  it('control: an SQL error is no fault: a clear sql_error, and the connection is kept', async () => {
    assert.equal((await query('SELECT 1 AS warm')).isError, undefined, 'the pool has a live connection first');
    await sessionsCleaned(db);
    const opened = proxy.acceptedConnections();
    const failed = await query('SELECT 1 / 0 AS divides_by_zero');
    assert.equal(errorOf(failed).code, 'sql_error', JSON.stringify(failed));
    assert.match(errorOf(failed).message ?? '', /PostgreSQL error 22012 \(division_by_zero\): division by zero/);
    await sessionsCleaned(db);
    assert.equal((await query('SELECT 2 AS after_sql_error')).isError, undefined);
    assert.equal(proxy.acceptedConnections(), opened, 'the connection went back to the pool and was used again');
  });

  it('fails a query whose connection is cut with backend_unavailable, then recovers', async () => {
    const sql = 'SELECT pg_sleep(30) AS cut_here';
    const pending = query(sql);
    await backendRunning(sql);
    proxy.cut();

    const failed = await pending;
    assert.equal(failed.isError, true);
    assert.equal(errorOf(failed).code, 'backend_unavailable', JSON.stringify(failed));
    assert.match(errorOf(failed).message ?? '', /PostgreSQL at 127\.0\.0\.1:\d+\/gatehouse_test_\w+ is not reachable/);
    assertCleanError(failed);

    const next = await query('SELECT 2 AS after_cut');
    assert.equal(next.isError, undefined, JSON.stringify(next));
    assert.deepEqual((next.structuredContent as { rows: unknown[][] }).rows, [[2]]);
  });

  it('fails a query whose backend is terminated (as a server shutting down does) with backend_unavailable, then recovers', async () => {
    const sql = 'SELECT pg_sleep(30) AS terminated_here';
    const pending = query(sql);
    const pid = await backendRunning(sql);
    await db.query('SELECT pg_terminate_backend($1)', [pid]);

    const failed = await pending;
    assert.equal(failed.isError, true);
    assert.equal(errorOf(failed).code, 'backend_unavailable', JSON.stringify(failed));
    assert.match(errorOf(failed).message ?? '', /ended the session: terminating connection due to administrator command/);
    assertCleanError(failed);

    // Both pool connections in turn: neither is the terminated one left behind.
    for (const n of [3, 4]) {
      const next = await query(`SELECT ${n} AS after_terminate_${n}`);
      assert.equal(next.isError, undefined, JSON.stringify(next));
    }
  });

  it('records every call with its outcome, and the chain verifies', async () => {
    const store = openSqliteStore(gh.storeFile);
    try {
      const calls = await assertEveryCallSettled(store);
      assert.equal(outcomeOf(calls, 'cut_here').type, 'call.error');
      assert.equal(outcomeOf(calls, 'cut_here').data.code, 'backend_unavailable');
      assert.equal(outcomeOf(calls, 'terminated_here').data.code, 'backend_unavailable');
      assert.equal(outcomeOf(calls, 'divides_by_zero').data.code, 'sql_error');
      for (const text of ['warm', 'after_sql_error', 'after_cut', 'after_terminate_3', 'after_terminate_4']) assert.equal(outcomeOf(calls, text).type, 'call.result');
      assert.ok(!JSON.stringify(await store.events({ limit: 100_000 })).includes(CANARY), 'the password reached the audit');
      assert.ok(!gh.logs().includes(CANARY), 'the password reached a log line');
    } finally {
      await store.close();
    }
  });
});
