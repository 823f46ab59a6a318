// Fault: the target PostgreSQL hangs. A proxy between gatehouse and the server keeps every
// connection open but moves no byte, as a frozen server or a black-holed link would; the server's
// own statement timeout cannot help, since its answer never arrives. The call must still end at
// the call's time limit with a clear timeout error, more calls than the pool holds must each end
// too (none waits forever behind a stuck connection), and once the link moves again the pool works.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import { startGatehouse, type RunningGatehouse } from '../fixtures/gatehouse.ts';
import { createTestDatabase, type TestDatabase } from '../fixtures/postgres.ts';
import { startProxyFor, throughProxy, type TcpProxy } from '../fixtures/tcp-proxy.ts';
import { assertEveryCallSettled } from './faults-audit.ts';
import { errorOf, queryShop } from './faults-calls.ts';
import { sessionsCleaned, waitFor } from './faults-wait.ts';

const POOL_SIZE = 2;

describe('fault: the target PostgreSQL hangs', () => {
  let db: TestDatabase;
  let proxy: TcpProxy;
  let gh: RunningGatehouse;

  const query = (sql: string) => queryShop(gh, sql);

  before(async () => {
    db = await createTestDatabase();
    proxy = await startProxyFor(db.url);
    gh = await startGatehouse(
      {
        identity: { stdio: { id: 'agent-1', groups: ['dev'] } },
        connections: { shop: { type: 'postgres', url: throughProxy(db.url, proxy), poolSize: POOL_SIZE, connectTimeout: 1500 } },
        limits: { timeout: '1s' },
      },
      'stdio',
    );
  });

  after(async () => {
    await gh?.stop();
    await proxy?.close();
    await db?.drop();
  });

  it('control: on a live server the statement timeout ends a slow statement, and the connection is kept', async () => {
    assert.equal((await query('SELECT 1 AS opens_a_connection')).isError, undefined);
    await sessionsCleaned(db);
    const opened = proxy.acceptedConnections();
    const slow = await query('SELECT pg_sleep(5) AS slow');
    assert.equal(errorOf(slow).code, 'timeout', JSON.stringify(slow));
    assert.match(errorOf(slow).message ?? '', /cancelled after 1000 ms \(statement timeout\)/);
    await sessionsCleaned(db);
    assert.equal((await query('SELECT 2 AS after_slow')).isError, undefined);
    assert.equal(proxy.acceptedConnections(), opened, 'the connection went back to the pool and was used again');
  });

  it('ends a call on a hung connection at the time limit, with a timeout error', async () => {
    // Fill the read pool with live connections, so the hang hits connections already in use.
    const warm = await Promise.all(Array.from({ length: POOL_SIZE }, (_, i) => query(`SELECT pg_sleep(0.3), ${i} AS warm`)));
    for (const r of warm) assert.equal(r.isError, undefined, JSON.stringify(r));
    await sessionsCleaned(db);
    proxy.stall();

    const hung = await query('SELECT 1 AS hung');
    assert.equal(hung.isError, true);
    assert.equal(errorOf(hung).code, 'timeout', JSON.stringify(hung));
    assert.match(errorOf(hung).message ?? '', /did not answer within 1000 ms/);
  });

  it('ends every call when more calls than the pool holds hang, and keeps no connection stuck', async () => {
    const calls = await Promise.all(Array.from({ length: POOL_SIZE * 2 }, (_, i) => query(`SELECT ${i} AS piled`)));
    for (const r of calls) {
      assert.equal(r.isError, true);
      // A call that found a pooled connection hung on it; one that had to open a new one could not
      // connect; one that waited for a pooled connection found them all busy.
      assert.ok(['timeout', 'backend_unavailable', 'backend_busy'].includes(errorOf(r).code ?? ''), JSON.stringify(r));
    }
    // Closing reaches the proxy a moment after the calls return; a connection the pool kept would stay.
    await waitFor('every hung connection to close, none kept in the pool', async () => (proxy.openConnections() === 0 ? true : undefined), 5000);
  });

  it('works again once the link moves', async () => {
    proxy.forward();
    const back = await query('SELECT 42 AS recovered');
    assert.equal(back.isError, undefined, JSON.stringify(back));
    assert.deepEqual((back.structuredContent as { rows: unknown[][] }).rows, [[42]]);
  });

  it('records every call with its outcome, and the chain verifies', async () => {
    const store = openSqliteStore(gh.storeFile);
    try {
      const calls = await assertEveryCallSettled(store);
      const timeouts = calls.filter((c) => c.outcome.data.code === 'timeout');
      // The control's, the first hung call, and at least the piled call that got the pool's other hung connection.
      assert.ok(timeouts.length >= 3, `timeouts recorded: ${timeouts.length}`);
      // The control's two, the warm-up's, and the one after recovery.
      assert.equal(calls.filter((c) => c.outcome.type === 'call.result').length, 2 + POOL_SIZE + 1);
    } finally {
      await store.close();
    }
  });
});
