// A call's hold on a pooled PostgreSQL client (tools/postgres/lease.ts) when things go wrong: a
// call cancelled before it starts, a statement cancelled while it runs, a server that stops
// answering, a backend terminated mid-call; and what a client keeps of the calls that used it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ToolResult } from '../../src/pipeline/result.ts';
import { ToolError } from '../../src/pipeline/toolpack.ts';
import type { PostgresConnection } from '../../tools/postgres/connection.ts';
import { postgresPack } from '../../tools/postgres/index.ts';
import { startProxyFor, throughProxy, type TcpProxy } from '../fixtures/tcp-proxy.ts';
import { suiteHarness } from './pack-harness.ts';

const LIMITS = { timeoutMs: 10_000, maxRows: 100, maxBytes: 64 * 1024 };

function call(conn: PostgresConnection, sql: string, signal = new AbortController().signal, timeoutMs = LIMITS.timeoutMs): Promise<ToolResult> {
  const classification = postgresPack.classify('postgres_query', { connection: 'shop', sql });
  return postgresPack.execute({ tool: 'postgres_query', args: { connection: 'shop', sql }, connection: conn, targets: [] }, { limits: { ...LIMITS, timeoutMs }, readOnly: classification.readOnly, signal, classification });
}

const failure = (work: Promise<unknown>) =>
  work.then(
    () => assert.fail('the call was served'),
    (error: unknown) => {
      assert.ok(error instanceof ToolError, `not a ToolError: ${String(error)}`);
      return error;
    },
  );

describe('a lease on a pooled client, when things go wrong', () => {
  const pack = suiteHarness(() => Promise.resolve());

  it('refuses a call cancelled before it starts at once, without waiting for a client', async () => {
    const conn = pack().open();
    try {
      const holder = call(conn, 'SELECT pg_sleep(0.5)');
      const first = await Promise.race([failure(call(conn, 'SELECT 1', AbortSignal.abort())).then((e) => e.code), holder.then(() => 'the holder ended first')]);
      assert.equal(first, 'cancelled');
      await holder;
    } finally {
      await conn.close();
    }
  });

  it('cancels a running statement on the server too, and says the connection was closed', async () => {
    const conn = pack().open();
    try {
      const controller = new AbortController();
      const running = failure(call(conn, 'SELECT pg_sleep(30) AS lease_cancel_probe', controller.signal));
      const active = () => pack().db.query("SELECT pid FROM pg_stat_activity WHERE query LIKE '%lease_cancel_probe%' AND pid <> pg_backend_pid() AND state = 'active'");
      while ((await active()).length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      controller.abort();
      const error = await running;
      assert.equal(error.code, 'cancelled');
      assert.equal(error.message, 'the call was cancelled; its connection was closed');
      // A sleeping backend never notices its client left: only the cancel stops it.
      for (let i = 0; i < 100 && (await active()).length > 0; i++) await new Promise((resolve) => setTimeout(resolve, 50));
      assert.deepEqual(await active(), []);
    } finally {
      await conn.close();
    }
  });

  it('answers a quick statement under a limit as short as the grace the deadline adds', async () => {
    const conn = pack().open();
    try {
      const result = (await call(conn, 'SELECT 1 AS one', undefined, 1000)) as { rows: unknown[][] };
      assert.deepEqual(result.rows, [[1]]);
    } finally {
      await conn.close();
    }
  });

  it('answers under a limit longer than a timer can hold (24.8 days)', async () => {
    const conn = pack().open();
    try {
      const result = (await call(conn, 'SELECT 1 AS one', undefined, 30 * 86_400_000)) as { rows: unknown[][] };
      assert.deepEqual(result.rows, [[1]]);
    } finally {
      await conn.close();
    }
  });

  describe('a server that stops answering', () => {
    let proxy: TcpProxy;
    before(async () => (proxy = await startProxyFor(pack().db.url)));
    after(async () => proxy.close());

    for (const [kind, sql, outcome] of [
      ['a read', 'SELECT 1', ''],
      ['a write', 'NOTIFY gatehouse_probe', '; the write may or may not have been committed'],
    ] as const) {
      it(`ends ${kind} at its limit with a timeout, and drops the connection`, async () => {
        proxy.forward();
        const conn = pack().open(throughProxy(pack().db.url, proxy));
        try {
          await call(conn, sql);
          // The session is cleaned after the answer: stalled before that, no client would be free.
          const pool = conn.pool(kind === 'a read');
          while (pool.idleCount === 0) await new Promise((resolve) => setTimeout(resolve, 10));
          proxy.stall();
          const error = await failure(call(conn, sql, undefined, 300));
          assert.equal(error.code, 'timeout');
          assert.match(error.message, new RegExp(`^PostgreSQL at .* did not answer within 300 ms; the connection was closed${outcome.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
          proxy.forward();
          // The connection that hung was dropped, not pooled: the next call gets a new one.
          const accepted = proxy.acceptedConnections();
          await call(conn, 'SELECT 2');
          assert.equal(proxy.acceptedConnections(), accepted + 1);
        } finally {
          proxy.forward();
          await conn.close();
        }
      });
    }
  });

  it('fails a call whose backend is terminated, and the next call on the pool works', async () => {
    const conn = pack().open();
    try {
      const running = failure(call(conn, 'SELECT pg_sleep(30) AS lease_terminate_probe'));
      const active = () => pack().db.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE query LIKE '%lease_terminate_probe%' AND pid <> pg_backend_pid() AND state = 'active'");
      let pids: Array<{ pid: number }> = [];
      while ((pids = await active()).length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      await pack().db.query('SELECT pg_terminate_backend($1)', [pids[0]?.pid]);
      const error = await running;
      assert.equal(error.code, 'backend_unavailable');
      assert.deepEqual(((await call(conn, 'SELECT 3 AS three')) as { rows: unknown[][] }).rows, [[3]]);
    } finally {
      await conn.close();
    }
  });

  it('leaves a pooled client with the listeners of one lease, however many calls used it', async () => {
    const conn = pack().open();
    const listeners = async () => {
      const client = await conn.pool(true).connect();
      try {
        const { connection } = client as unknown as { connection: { stream: NodeJS.EventEmitter } & NodeJS.EventEmitter };
        return [client.listenerCount('error'), connection.stream.listenerCount('data'), connection.listenerCount('copyInResponse'), connection.listenerCount('copyOutResponse')];
      } finally {
        client.release();
      }
    };
    try {
      await call(conn, 'SELECT 1');
      const once = await listeners();
      for (let i = 0; i < 5; i++) await call(conn, `SELECT ${i}`);
      assert.deepEqual(await listeners(), once);
    } finally {
      await conn.close();
    }
  });
});
