// The PostgreSQL pack's execution guards against a real PostgreSQL, through the pack's own classify
// and execute: COPY with the client is refused before anything runs; whatever the driver throws
// while reading the server's answer (a COPY the classifier did not see, a value it cannot parse)
// fails that call only, and its connection is closed rather than pooled.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { startPackHarness, UNPROTECTED, type PackHarness } from './pack-harness.ts';

/** PostgreSQL's point type: its parser is swapped for one that throws. */
const POINT_OID = 600 as Parameters<typeof pg.types.getTypeParser>[0];

describe('PostgreSQL execution guards', () => {
  let pack: PackHarness;
  const orderCount = async () => Number((await pack.db.query<{ n: string }>('SELECT count(*) AS n FROM orders'))[0]?.n);

  before(async () => {
    pack = await startPackHarness({ timeoutMs: 5000, maxRows: 1000, maxBytes: 256 * 1024 });
  });
  after(async () => {
    await pack?.close();
  });

  it('refuses COPY to or from the client before anything runs, and points to SELECT', async () => {
    for (const sql of ['COPY customers TO STDOUT', 'COPY (SELECT email FROM customers) TO STDOUT WITH (FORMAT csv)', 'copy customers to stdout with (format binary)']) {
      const error = await pack.refusal(sql);
      assert.equal(error.code, 'invalid_arguments', sql);
      assert.match(error.message, /COPY .*client.*use SELECT/i, sql);
    }
    const before = await orderCount();
    const write = await pack.refusal('INSERT INTO orders (customer_id, total) VALUES (1, 1); COPY orders FROM STDIN');
    assert.equal(write.code, 'invalid_arguments');
    assert.match(write.message, /INSERT/);
    assert.equal(await orderCount(), before, 'the statement before the COPY ran');
  });

  it('refuses COPY with the client before its first statement runs: a sequence is not advanced, and the connection stays pooled', async () => {
    // nextval() is not rolled back, and a COPY that reached the server closes the connection: either would show that something ran.
    const sequence = async () => (await pack.db.query<{ last_value: string; is_called: boolean }>('SELECT last_value, is_called FROM orders_id_seq'))[0];
    const seqBefore = await sequence();
    const pidBefore = await pack.pid(false);
    const error = await pack.refusal("SELECT nextval('orders_id_seq'); COPY orders FROM STDIN");
    assert.equal(error.code, 'invalid_arguments');
    assert.match(error.message, /COPY .*client.*use SELECT/i);
    assert.deepEqual(await sequence(), seqBefore);
    assert.equal(await pack.pid(false), pidBefore);
  });

  it('holds a write of several statements to its row ceiling: every INSERT, UPDATE, DELETE and MERGE counts, a SELECT does not', async () => {
    const twice = "UPDATE orders SET note = note WHERE status = 'new'; SELECT * FROM orders; UPDATE orders SET note = note WHERE status = 'new'";
    const refused = await pack.refusal(twice, { rowCeiling: 3, protection: UNPROTECTED });
    assert.equal(refused.code, 'row_ceiling_exceeded');
    assert.match(refused.message, /would change 4 rows, more than the 3 /);
    // With every column protected, SET note = note stores a protected value: the counts after it are withheld, here too.
    const withheld = await pack.refusal(twice, { rowCeiling: 3 });
    assert.match(withheld.message, /would change more rows \(count withheld: protected columns chose its rows\) than the 3 /);
    const served = await pack.run(twice, { rowCeiling: 4, protection: UNPROTECTED });
    assert.equal(served.command, 'UPDATE 2; SELECT 6; UPDATE 2', 'the 6 rows read count for nothing');
  });

  it('refuses a cursor or prepared statement the call did not create, naming each and saying to create it in the same call', async () => {
    const one = await pack.refusal('FETCH ALL FROM held');
    assert.equal(one.code, 'invalid_arguments');
    assert.equal(
      one.message,
      'cursor held was not created in this call; every call starts on a clean session, so DECLARE a cursor or PREPARE a statement in the same call that uses it',
    );
    const two = await pack.refusal('EXECUTE lookup; CLOSE held');
    assert.match(two.message, /^prepared statement lookup, cursor held were not created in this call;/);
  });

  // What the decision saw stands in for a classifier that missed the COPY: a read or a write, of one statement or several.
  for (const [path, sql, decidedOn] of [
    ['one statement (a cursor)', 'COPY customers TO STDOUT', 'SELECT 1'],
    ['several statements', 'SELECT 1; COPY customers TO STDOUT', 'SELECT 1; SELECT 2'],
    ['one statement (a cursor), from the client', 'COPY orders FROM STDIN', 'NOTIFY gatehouse_probe'],
    ['several statements, from the client', 'SELECT 1; COPY orders FROM STDIN', 'SELECT 1; NOTIFY gatehouse_probe'],
  ] as const) {
    it(`contains a COPY the classifier missed, on ${path}: the call fails, its connection is closed, the next call works`, async () => {
      const readOnly = pack.classify(decidedOn).readOnly;
      const before = await pack.pid(readOnly);
      const error = await pack.refusal(sql, { decidedOn });
      assert.equal(error.code, 'invalid_arguments');
      assert.match(error.message, /COPY/);
      assert.notEqual(await pack.pid(readOnly), before, 'a connection left in COPY mode went back to the pool');
    });
  }

  it('contains a driver failure while reading rows: the call fails cleanly and the connection is closed', async () => {
    const parsePoint = pg.types.getTypeParser(POINT_OID);
    pg.types.setTypeParser(POINT_OID, () => {
      throw new Error('parser failure with a value in it: 4111 1111 1111 1111');
    });
    try {
      for (const sql of ["SELECT '(1,2)'::point", "SELECT 1; SELECT '(1,2)'::point"]) {
        const before = await pack.pid();
        const error = await pack.refusal(sql);
        assert.equal(error.code, 'backend_error', sql);
        assert.equal(error.message, "gatehouse could not read PostgreSQL's answer (Error); the connection was closed", 'the driver error is not passed on as it is');
        assert.notEqual(await pack.pid(), before, sql);
      }
    } finally {
      pg.types.setTypeParser(POINT_OID, parsePoint);
    }
  });
});
