// The two walls around a read, each standing alone. The read pool's session default
// (default_transaction_read_only=on) makes every transaction read-only by itself, so an end-to-end
// read cannot tell whether the BEGIN also says READ ONLY. Here the session default is knocked
// down (the connection lends reads from its write pool): the transaction must still be read-only,
// and a write hidden where the classifier cannot see it must still fail and commit nothing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { PostgresConnection } from '../../tools/postgres/connection.ts';
import { startPackHarness, type PackHarness } from './pack-harness.ts';

describe('a read with the read pool’s session default gone', () => {
  let pack: PackHarness;
  let conn: PostgresConnection;
  before(async () => {
    pack = await startPackHarness({ timeoutMs: 5000, maxRows: 100, maxBytes: 65536 });
    await pack.db.query(`
      CREATE TABLE ledger (id serial PRIMARY KEY);
      CREATE FUNCTION bump() RETURNS int VOLATILE LANGUAGE plpgsql AS $$ BEGIN INSERT INTO ledger DEFAULT VALUES; RETURN 1; END $$;
      CREATE VIEW ledger_bump AS SELECT bump() AS n;
      CREATE VIEW read_walls AS SELECT current_setting('default_transaction_read_only') AS session_default, current_setting('transaction_read_only') AS in_transaction`);
    conn = pack.open();
    const writePool = conn.pool.bind(conn, false);
    conn.pool = () => writePool();
  });
  after(async () => {
    await conn.close();
    await pack.close();
  });

  it('still runs in a READ ONLY transaction', async () => {
    assert.equal(pack.classify('SELECT * FROM read_walls').readOnly, true);
    const result = await pack.run('SELECT session_default, in_transaction FROM read_walls', { on: conn });
    assert.deepEqual(result.rows, [['off', 'on']]);
  });

  it('still refuses a write hidden in a view, and commits nothing', async () => {
    assert.equal(pack.classify('SELECT n FROM ledger_bump').readOnly, true);
    const error = await pack.refusal('SELECT n FROM ledger_bump', { on: conn });
    assert.match(error.message, /read-only transaction/);
    assert.deepEqual((await pack.run('SELECT count(*)::int FROM ledger', { on: conn })).rows, [[0]]);
  });

  it('refuses a read that ends its READ ONLY transaction with COMMIT before it runs, and commits nothing', async () => {
    // With the session default gone, a COMMIT would leave the statements after it outside any READ ONLY transaction.
    const sql = 'COMMIT; SELECT n FROM ledger_bump';
    assert.equal(pack.classify(sql).readOnly, true);
    const error = await pack.refusal(sql, { on: conn });
    assert.equal(error.code, 'invalid_arguments');
    assert.match(error.message, /transaction control .* is not allowed in a read/);
    assert.deepEqual((await pack.run('SELECT count(*)::int FROM ledger', { on: conn })).rows, [[0]]);
  });
});
