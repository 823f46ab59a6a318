// The impact preview and the row ceiling over a real MCP client, the real CLI and a real PostgreSQL:
// a reviewed write is dry-run and rolled back when it is held, the approver sees what it would
// change (through the server's people API), and the approved call (and any grant for it) may change
// no more rows than that.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../fixtures/postgres.ts';
import { startGatehouse, type RunningGatehouse } from '../fixtures/gatehouse.ts';
import { people, servePeopleApi, type PeopleApi } from '../fixtures/people.ts';

interface CallResult {
  isError?: boolean;
  structuredContent?: Record<string, unknown>;
}

describe('impact preview and row ceiling', () => {
  let db: TestDatabase;
  let gh: RunningGatehouse;
  let api: PeopleApi;
  const dana = people({ id: 'dana', groups: ['dba'] });

  const call = (sql: string) => gh.client.callTool({ name: 'postgres_query', arguments: { connection: 'shop', sql } }) as Promise<CallResult>;
  const err = (r: CallResult) => (r.structuredContent?.error ?? {}) as { code?: string; message?: string; approvalId?: string };
  const approvals = (...args: string[]) => dana.cli(api.origin, 'dana', ['approvals', ...args]);
  const notes = async (customer: number) => (await db.query<{ note: string | null }>('SELECT note FROM orders WHERE customer_id = $1 ORDER BY id', [customer])).map((r) => r.note);
  const addOrders = (customer: number, n: number) => db.query(`INSERT INTO orders (customer_id, total) SELECT $1, 1 FROM generate_series(1, ${n})`, [customer]);
  const held = async (sql: string) => {
    const result = await call(sql);
    assert.equal(err(result).code, 'approval_pending', JSON.stringify(result));
    return err(result).approvalId as string;
  };

  before(async () => {
    db = await createTestDatabase();
    await db.query('UPDATE orders SET customer_id = 1 WHERE id IN (SELECT id FROM orders ORDER BY id LIMIT 2)');
    await db.query('UPDATE orders SET customer_id = 2 WHERE id IN (SELECT id FROM orders ORDER BY id OFFSET 2 LIMIT 2)');
    gh = await startGatehouse(
      { identity: { stdio: { id: 'agent-1', groups: ['dev'] }, apiKeys: dana.apiKeys }, connections: { shop: { type: 'postgres', url: db.url } }, approvals: { wait: '300ms', ttl: '15m' } },
      'stdio',
    );
    api = await servePeopleApi(gh.configFile);
  });
  after(async () => {
    await api?.stop();
    await gh?.stop();
    await db?.drop();
  });

  it('dry-runs a held write, rolls it back, and shows the approver what it would change', async () => {
    const before = await notes(1);
    const id = await held("UPDATE orders SET note = 'previewed' WHERE customer_id = 1");
    assert.deepEqual(await notes(1), before, 'the dry run was rolled back');
    const shown = await approvals('show', id);
    assert.match(shown.stdout, /impact: +dry run, rolled back: 2 rows would change \(UPDATE 2\)/);
    assert.equal((await approvals('deny', id, '--reason', 'not now')).code, 0);
  });

  it('refuses and rolls back an approved write that would change more rows than its preview showed', async () => {
    const sql = "UPDATE orders SET note = 'ceiling' WHERE customer_id = 1";
    const id = await held(sql);
    assert.equal((await approvals('approve', id)).code, 0);
    await addOrders(1, 3);
    const over = await call(sql);
    assert.equal(err(over).code, 'row_ceiling_exceeded', JSON.stringify(over));
    assert.match(err(over).message ?? '', /5 rows, more than the 2/);
    assert.ok((await notes(1)).every((n) => n !== 'ceiling'), 'nothing was committed');
  });

  it('refuses an approved write that would change one row more than its preview showed', async () => {
    const shown = (await notes(3)).length;
    const sql = "UPDATE orders SET note = 'one over' WHERE customer_id = 3";
    const id = await held(sql);
    assert.equal((await approvals('approve', id)).code, 0);
    await addOrders(3, 1);
    const over = await call(sql);
    assert.equal(err(over).code, 'row_ceiling_exceeded', JSON.stringify(over));
    assert.match(err(over).message ?? '', new RegExp(`${shown + 1} rows, more than the ${shown} `));
    assert.ok((await notes(3)).every((n) => n !== 'one over'), 'nothing was committed');
  });

  it('holds a grant to the approved call\'s row count, whatever the scalar values', async () => {
    const id = await held("UPDATE orders SET note = 'granted' WHERE customer_id = 2");
    assert.equal((await approvals('approve', id, '--grant', '10')).code, 0);
    assert.equal((await call("UPDATE orders SET note = 'granted' WHERE customer_id = 2")).isError, undefined);
    assert.deepEqual(await notes(2), ['granted', 'granted']);
    // Same meaning, another customer: covered while it changes no more rows than were approved.
    const ada = await call("UPDATE orders SET note = 'widened' WHERE customer_id = 1");
    assert.equal(err(ada).code, 'row_ceiling_exceeded', 'customer 1 has 5 orders, the grant was for 2');
    assert.ok((await notes(1)).every((n) => n !== 'widened'));
  });

  it('falls back to the planner\'s estimate when a trigger could act outside the transaction', async () => {
    await db.query(`CREATE TABLE order_log (id int);
      CREATE FUNCTION log_order() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO order_log VALUES (NEW.id); RETURN NEW; END $$;
      CREATE TRIGGER orders_logged AFTER UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION log_order();`);
    try {
      const id = await held("UPDATE orders SET status = 'estimated' WHERE customer_id = 2");
      const shown = await approvals('show', id);
      assert.match(shown.stdout, /impact: +planner estimate: about \d+ rows? \(no dry run: trigger orders_logged on orders may act outside the transaction\)/);
      assert.deepEqual((await db.query('SELECT * FROM order_log')).length, 0, 'the trigger did not run');
    } finally {
      await db.query('DROP TRIGGER orders_logged ON orders; DROP TABLE order_log; DROP FUNCTION log_order()');
    }
  });

  it('sees a trigger behind a view or on a child table, where the rows really land', async () => {
    await db.query(`CREATE TABLE order_log (id int);
      CREATE FUNCTION log_order() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO order_log VALUES (NEW.id); RETURN NEW; END $$;
      CREATE TABLE orders_archive () INHERITS (orders);
      CREATE TRIGGER archive_logged AFTER UPDATE ON orders_archive FOR EACH ROW EXECUTE FUNCTION log_order();
      CREATE VIEW open_orders AS SELECT * FROM orders WHERE status = 'new';`);
    try {
      for (const [sql, what] of [
        ["UPDATE orders SET total = 2 WHERE customer_id = 2", 'trigger archive_logged on orders_archive'],
        ["UPDATE open_orders SET total = 3 WHERE customer_id = 2", 'view open_orders'],
      ]) {
        const id = await held(sql as string);
        assert.match((await approvals('show', id)).stdout, new RegExp(`no dry run: ${what} may act outside the transaction`), sql);
      }
      assert.equal((await db.query('SELECT * FROM order_log')).length, 0);
    } finally {
      await db.query('DROP VIEW open_orders; DROP TABLE orders_archive; DROP TABLE order_log; DROP FUNCTION log_order()');
    }
  });

  it('shows a sample of the changed rows with protected columns masked, never their raw values', async () => {
    // A token no detector would recognize: only the column rule (*token*) can hide it.
    const token = 'opaque-7f3a9c2e-plain';
    await db.query('ALTER TABLE customers ADD COLUMN api_token text');
    try {
      const id = await held(`UPDATE customers SET city = 'Paris', api_token = '${token}' WHERE id = 1`);
      const shown = (await approvals('show', id)).stdout;
      assert.match(shown, /1 changed row of customers shown as they would be, masked/);
      assert.match(shown, /customers, as the call would leave these rows \(masked\):\n +id \| name \| email \| phone \| card_number \| city \| created_at \| api_token\n +1 \| Ada Lovelace \| /);
      assert.match(shown, /\| Paris \|/, 'the changed value is shown');
      assert.doesNotMatch(shown, /ada@example\.com/, 'the email column is masked');
      assert.doesNotMatch(shown, /4111 1111 1111 1111/, 'the card column is masked');
      // The token is in the statement itself (the approver sees the call); only the sample must hide it.
      const sample = shown.slice(shown.indexOf('as the call would leave these rows'), shown.indexOf('arguments:'));
      assert.doesNotMatch(sample, new RegExp(token), 'the protected column is masked in the sample');
      const stored = JSON.stringify((await approvals('show', id, '--json')).stdout);
      assert.doesNotMatch(stored.slice(stored.indexOf('samples')), /ada@example\.com/, 'the request holds the sample masked');
      assert.equal((await db.query<{ city: string }>('SELECT city FROM customers WHERE id = 1'))[0]?.city, 'London', 'rolled back');

      // A protected value copied into a plain column of the written table would show raw there:
      // lineage sees the copy, so the shipped policy refuses it (and a policy that holds it gets no sample).
      const copy = await call('UPDATE customers SET city = api_token WHERE id = 2');
      assert.equal(err(copy).code, 'denied', JSON.stringify(copy));
      assert.match(err(copy).message ?? '', /copy protected columns \(customers\.api_token\)/);
    } finally {
      await db.query('ALTER TABLE customers DROP COLUMN api_token');
    }
  });

  it('shows some rows a DELETE would remove, masked, from the same statement with RETURNING * in the dry run', async () => {
    await db.query("INSERT INTO customers (name, email, phone, card_number, city) VALUES ('Mary Jackson', 'mary@example.com', '+1 757 555 0123', '4111 1111 1111 1111', 'Hampton -- gone')");
    const id = await held("DELETE FROM customers WHERE city = 'Hampton -- gone' -- the test customer");
    const shown = (await approvals('show', id)).stdout;
    assert.match(shown, /1 row would change \(DELETE 1\); the approved call may change no more; 1 deleted row of customers shown, masked/);
    assert.match(shown, /customers, rows the call would delete \(masked\):\n +id \| name \| email \| phone \| card_number \| city \| created_at\n +\d+ \| Mary Jackson \| m\*\*\*@example\.com \| /);
    assert.doesNotMatch(shown, /mary@example\.com|4111 1111 1111 1111/);
    assert.equal((await db.query("SELECT 1 FROM customers WHERE city = 'Hampton -- gone'")).length, 1, 'rolled back');
    assert.equal((await approvals('deny', id, '--reason', 'keep her')).code, 0);
  });
});
