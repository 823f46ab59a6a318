// One configured connection: it logs in as the role its URL names (a least-privileged role must not
// become the server's superuser), and an idle session that ends (the server ends it, the network
// drops it) does not take the process down: the next call gets a new session.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import type { PostgresConnection } from '../../tools/postgres/connection.ts';
import { startProxyFor, throughProxy } from '../fixtures/tcp-proxy.ts';
import { startPackHarness, type PackHarness } from './pack-harness.ts';

/** Waits until the connection's read pool holds `count` idle sessions. */
async function idleSessions(conn: PostgresConnection, count: number): Promise<void> {
  for (let i = 0; i < 200 && conn.pool(true).idleCount !== count; i++) await sleep(25);
  assert.equal(conn.pool(true).idleCount, count);
}

describe('a PostgreSQL connection', () => {
  let pack: PackHarness;
  const backendPid = async (conn: PostgresConnection) => (await pack.run('SELECT pg_backend_pid()', { on: conn })).rows[0]?.[0] as number;
  before(async () => {
    pack = await startPackHarness({ timeoutMs: 5000, maxRows: 100, maxBytes: 64 * 1024 });
  });
  after(async () => {
    await pack?.close();
  });

  it('logs in as the role its URL names, and as postgres when the URL names none', async (t) => {
    if (pack.db.kind === 'pglite') return t.skip('one user');
    // Roles belong to the whole server: a name of this run's own.
    const role = `gh_reader_${randomBytes(4).toString('hex')}`;
    await pack.db.query(`CREATE ROLE ${role} LOGIN`);
    t.after(() => pack.db.query(`DROP ROLE ${role}`));
    const asRole = new URL(pack.db.url);
    asRole.username = role;
    const anonymous = new URL(pack.db.url);
    anonymous.username = '';
    for (const [url, expected] of [
      [asRole, role],
      [anonymous, 'postgres'],
    ] as const) {
      const conn = pack.open(url.toString());
      try {
        const result = await pack.run('SELECT current_user, session_user', { on: conn });
        assert.deepEqual(result.rows, [[expected, expected]], url.toString());
      } finally {
        await conn.close();
      }
    }
  });

  // The pool hears of the end of a session lent to no call; unheard, that error would crash the process.
  it('survives the server ending an idle session, and the next call gets a new one', async () => {
    const conn = pack.open();
    try {
      const first = await backendPid(conn);
      await idleSessions(conn, 1);
      await pack.db.query('SELECT pg_terminate_backend($1)', [first]);
      await idleSessions(conn, 0);
      assert.notEqual(await backendPid(conn), first);
    } finally {
      await conn.close();
    }
  });

  it('reaches a server whose URL names it by an IPv6 address, written in brackets', async (t) => {
    const proxy = await startProxyFor(pack.db.url, '::1').catch((error: Error) => {
      // As for sshd and Chromium: CI never skips, a machine without IPv6 loopback fails there.
      if (process.env.CI) throw new Error(`CI: cannot listen on the IPv6 loopback (${error.message})`);
      return undefined;
    });
    if (!proxy) return t.skip('no IPv6 loopback');
    const conn = pack.open(throughProxy(pack.db.url, proxy));
    try {
      assert.match(new URL(throughProxy(pack.db.url, proxy)).host, /^\[::1\]:\d+$/);
      assert.equal(typeof (await backendPid(conn)), 'number');
      assert.equal(proxy.acceptedConnections(), 1, 'the call did not go through the address the URL names');
    } finally {
      await conn.close();
      await proxy.close();
    }
  });

  it('survives the network dropping an idle session without a word from the server', async () => {
    const proxy = await startProxyFor(pack.db.url);
    const conn = pack.open(throughProxy(pack.db.url, proxy));
    try {
      const first = await backendPid(conn);
      await idleSessions(conn, 1);
      proxy.cut();
      await idleSessions(conn, 0);
      assert.notEqual(await backendPid(conn), first);
      assert.equal(proxy.acceptedConnections(), 2);
    } finally {
      await conn.close();
      await proxy.close();
    }
  });
});
