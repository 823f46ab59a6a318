// EXPLAIN ANALYZE shows how many rows every scan, subplan and join produced, with no row cap: a
// subplan that counts up to a number computed from a protected value shows the number (three
// characters a subplan). The plan is derived from what chose the rows it counts, as the rows
// would be; a plan over lookups and unprotected columns is served as it is.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { protectingCustomers, suiteHarness } from './pack-harness.ts';

const protection = protectingCustomers('email', 'phone', 'card_number');

/** Counts up to a number made of three characters of the first customer's address. */
const counted = (k: number) =>
  `(SELECT count(*) FROM generate_series(1, 900000) g WHERE g <= (SELECT (ascii(substr(email, ${k}, 1)) - 32) * 9025 + (ascii(substr(email, ${k + 1}, 1)) - 32) * 95 + ascii(substr(email, ${k + 2}, 1)) - 32 FROM ONLY customers WHERE id = 1))`;

describe('the row counts of a plan', () => {
  const pack = suiteHarness(async () => undefined);
  const planFrom = async (sql: string) => (await pack().run(sql, { protection })).columns[0]?.derivedFrom ?? [];

  it('derives the plan of a statement whose rows a computation on a protected value chose', async () => {
    for (const sql of [
      `EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT ${counted(1)} AS a, ${counted(4)} AS b`,
      "EXPLAIN (ANALYZE, FORMAT JSON) SELECT 1 FROM ONLY customers c, generate_series(1, 200000) g WHERE c.id = 1 AND g <= ascii(substr(c.phone, 2, 1)) * 1000",
      "EXPLAIN ANALYZE SELECT id FROM customers ORDER BY card_number LIMIT 1",
      "EXPLAIN SELECT id FROM customers WHERE email LIKE 'a%'",
    ]) {
      assert.ok((await planFrom(sql)).length > 0, sql);
    }
  });

  it('serves the plan of lookups and of unprotected columns as it is', async () => {
    for (const sql of ["EXPLAIN ANALYZE SELECT id, name FROM customers WHERE email = 'ada@example.com'", 'EXPLAIN (ANALYZE, VERBOSE) SELECT o.id, c.city FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.total > 10 ORDER BY c.city']) {
      assert.deepEqual(await planFrom(sql), [], sql);
    }
  });
});
