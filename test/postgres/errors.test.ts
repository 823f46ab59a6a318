// How driver errors reach the agent: the real pg-pool error for a saturated pool is "busy", not
// "unreachable", so an operator is not sent looking for a database that is fine.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import pg from 'pg';
import { toToolError } from '../../tools/postgres/errors.ts';
import { ADMIN_URL, postgresReachable } from '../store/places.ts';

describe('PostgreSQL errors for the agent', { skip: !(await postgresReachable()) && 'no PostgreSQL server (set PG_TEST_URL)' }, () => {
  it('reports a pool whose every connection stays busy as backend_busy', async () => {
    const pool = new pg.Pool({ connectionString: ADMIN_URL, max: 1, connectionTimeoutMillis: 100 });
    const held = await pool.connect();
    try {
      const error = await pool.connect().then(
        (extra) => (extra.release(), undefined),
        (e: unknown) => e,
      );
      const mapped = toToolError(error, 'db.internal:5432', 1000);
      assert.equal(mapped.code, 'backend_busy');
      assert.match(mapped.message, /stayed busy/);
    } finally {
      held.release();
      await pool.end();
    }
  });

  it('reports a server that refuses connections as backend_unavailable', async () => {
    const client = new pg.Client({ host: '127.0.0.1', port: 1, connectionTimeoutMillis: 1000 });
    const error = await client.connect().then(
      () => undefined,
      (e: unknown) => e,
    );
    await client.end().catch(() => undefined);
    const mapped = toToolError(error, '127.0.0.1:1', 1000);
    assert.equal(mapped.code, 'backend_unavailable');
    assert.equal(mapped.message, 'PostgreSQL at 127.0.0.1:1 is not reachable');
  });
});
