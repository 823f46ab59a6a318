// A write hidden in a read, against the real PostgreSQL through the real server: writes the
// classifier sees (a data-modifying CTE, nextval, setval, a function it cannot see into) are not
// reads, so a policy that allows only reads refuses them; a write it cannot see (a view over a
// VOLATILE function that inserts, or over nextval) is allowed as a read and still cannot commit,
// because reads run in a READ ONLY transaction on a session whose default is read-only.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startGatehouse, writeConfig, type RunningGatehouse } from '../fixtures/gatehouse.ts';
import { createTestDatabase, type TestDatabase } from '../fixtures/postgres.ts';

const READS_ONLY = `
default: deny
rules:
  - id: reads
    match: { tools: [postgres_query] }
    when: sql.readOnly
    effect: allow
`;

interface CallResult {
  isError?: boolean;
  content: Array<{ text?: string }>;
  structuredContent?: { error?: { code: string; message: string }; rows?: unknown[][] };
}

describe('a write hidden in an allowed read', () => {
  let db: TestDatabase;
  let gh: RunningGatehouse;
  const query = (sql: string) => gh.client.callTool({ name: 'postgres_query', arguments: { connection: 'shop', sql } }) as Promise<CallResult>;
  const orders = async () => Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM orders'))[0]?.n);
  const ledger = async () => Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM ledger'))[0]?.n);
  const sequence = async () => (await db.query<{ last_value: string; is_called: boolean }>('SELECT last_value, is_called FROM orders_id_seq'))[0];

  before(async () => {
    db = await createTestDatabase();
    await db.query(`CREATE TABLE ledger (at timestamptz DEFAULT now());
      CREATE FUNCTION bump() RETURNS int VOLATILE LANGUAGE plpgsql AS $$ BEGIN INSERT INTO ledger DEFAULT VALUES; RETURN 1; END $$;
      CREATE VIEW ledger_bump AS SELECT bump() AS n;
      CREATE VIEW order_ids AS SELECT nextval('orders_id_seq') AS n;
      CREATE VIEW read_walls AS SELECT current_setting('default_transaction_read_only') AS session_default, current_setting('transaction_read_only') AS in_transaction`);
    const { dir } = writeConfig({});
    writeFileSync(join(dir, 'reads.yaml'), READS_ONLY);
    gh = await startGatehouse({ identity: { stdio: { id: 'agent-1', groups: ['dev'] } }, connections: { shop: { type: 'postgres', url: db.url } }, policies: [join(dir, 'reads.yaml')] }, 'stdio');
  });
  after(async () => {
    await gh?.stop();
    await db?.drop();
  });

  it('refuses writes the classifier sees inside a SELECT (data-modifying CTE, nextval, setval, a user function) and commits nothing', async () => {
    const ordersBefore = await orders();
    const sequenceBefore = await sequence();
    for (const sql of [
      'WITH gone AS (DELETE FROM orders RETURNING *) SELECT count(*) FROM gone',
      "WITH made AS (INSERT INTO orders (customer_id, total) VALUES (1, 1) RETURNING id) SELECT id FROM made",
      "SELECT nextval('orders_id_seq')",
      "SELECT setval('orders_id_seq', 999999)",
      'SELECT bump()',
    ]) {
      const result = await query(sql);
      assert.equal(result.structuredContent?.error?.code, 'denied', `${sql}: ${JSON.stringify(result)}`);
    }
    assert.equal(await orders(), ordersBefore);
    assert.deepEqual(await sequence(), sequenceBefore);
    assert.equal(await ledger(), 0);
  });

  it('runs a read the classifier cannot see into (a view over a VOLATILE function that inserts) read-only, so its write fails and nothing commits', async () => {
    const result = await query('SELECT n FROM ledger_bump');
    assert.equal(result.structuredContent?.error?.code, 'read_only_violation', JSON.stringify(result));
    assert.equal(await ledger(), 0);
  });

  it('cannot advance a sequence through a view over nextval', async () => {
    const before = await sequence();
    const result = await query('SELECT n FROM order_ids');
    assert.equal(result.structuredContent?.error?.code, 'read_only_violation', JSON.stringify(result));
    assert.deepEqual(await sequence(), before);
  });

  it('reads in a READ ONLY transaction on a session whose default is read-only: both walls stand', async () => {
    const result = await query('SELECT session_default, in_transaction FROM read_walls');
    assert.equal(result.isError, undefined, JSON.stringify(result));
    assert.deepEqual(result.structuredContent?.rows, [['on', 'on']]);
  });
});
