// A setting is a place a call can keep a value: set_config(name, value) stores any text, and
// current_setting, SHOW and pg_settings read it back, in another column of the same row, in a
// condition evaluated first, in a CTE, through a cursor or in a later statement. Reading a protected
// value into a setting and the setting out again must not launder it into a column computed from
// nothing. Each attack shows the first customer's protected name; served, it must be masked whole.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TableResult } from '../../src/pipeline/result.ts';
import { isMasked, onWorkerThread, protectingCustomers, suiteHarness, UNPROTECTED } from './pack-harness.ts';

const protection = protectingCustomers('name', 'email');

const STORE = `set_config('gh.kept', (SELECT name FROM customers WHERE id = 1), true)`;

/** Calls whose shown first column (of the last statement with rows) holds the first customer's name, read back from a setting. */
const SHOWN: string[] = [
  // The same statement: another column, a condition, a CTE, a subquery.
  `SELECT set_config('gh.kept', name, true) IS NULL AS stored, current_setting('gh.kept') AS shown FROM customers WHERE id = 1`,
  `SELECT current_setting('gh.kept') AS shown FROM customers WHERE id = 1 AND set_config('gh.kept', name, true) IS NOT NULL`,
  `WITH s AS MATERIALIZED (SELECT ${STORE} AS v) SELECT current_setting('gh.kept') AS shown FROM s`,
  `SELECT (SELECT current_setting('gh.kept') FROM (SELECT ${STORE}) s) AS shown`,
  `SELECT x.shown FROM (SELECT ${STORE} IS NULL AS stored) s, LATERAL (SELECT current_setting('gh.kept') AS shown) x`,
  `SELECT pg_catalog.current_setting('gh.kept', true) AS shown FROM (SELECT pg_catalog.${STORE}) s`,
  // A later statement that returns rows of its own shape, after statements that return none.
  `DECLARE c CURSOR FOR SELECT ${STORE}; MOVE NEXT IN c; SELECT current_setting('gh.kept') AS shown`,
  `DECLARE c CURSOR FOR SELECT ${STORE}; MOVE NEXT IN c; SHOW gh.kept`,
  `DECLARE c CURSOR FOR SELECT set_config('application_name', (SELECT name FROM customers WHERE id = 1), true); MOVE NEXT IN c; SELECT setting AS shown FROM pg_settings WHERE name = 'application_name'`,
  `DECLARE c CURSOR FOR SELECT set_config('application_name', (SELECT name FROM customers WHERE id = 1), true); MOVE NEXT IN c; SELECT s.setting AS shown FROM pg_catalog.pg_show_all_settings() s WHERE s.name = 'application_name'`,
  `DECLARE c CURSOR FOR SELECT set_config('search_path', (SELECT '"' || name || '"' FROM customers WHERE id = 1), true); MOVE NEXT IN c; SELECT trim(both '"' from current_setting('search_path')) AS shown`,
];

/** Settings read, and written with values the call writes itself: what is read is served as it is (set_config's own result is opaque). */
const PLAIN: string[] = [
  `SELECT current_setting('statement_timeout') AS shown`,
  `SELECT set_config('gh.kept', 'plain', true) AS stored, current_setting('gh.kept') AS shown`,
  `SELECT set_config('gh.kept', 'pl' || 'ain'::text, true) IS NULL AS stored, current_setting('gh.kept', true) AS shown`,
  `SHOW statement_timeout`,
];

/** The column named "shown", or the only one. */
const shownAt = (result: TableResult) => Math.max(0, result.columns.findIndex((c) => c.name === 'shown'));
const shows = (result: TableResult) => String(result.rows[0]?.[shownAt(result)]);

describe('lineage of values kept in settings', () => {
  const harness = suiteHarness(async () => undefined);

  async function assertMasked(sql: string, offThread = false): Promise<void> {
    const result = await harness().run(sql, { protection, ...(offThread ? { offThread: true as const } : {}) });
    assert.equal(shows(result), 'Ada Lovelace', `${sql}: the attack did not reach the protected value`);
    const column = result.columns[shownAt(result)];
    assert.ok(isMasked(column, protection), `${sql}: ${JSON.stringify(column)}`);
  }

  it('runs the attacks as they mean (the name comes back)', async () => {
    for (const sql of SHOWN) assert.equal(shows(await harness().run(sql, { protection: UNPROTECTED })), 'Ada Lovelace', sql);
  });

  for (const sql of SHOWN) {
    it(`never shows a value read back from a setting as computed from nothing: ${sql}`, async () => {
      await assertMasked(sql);
    });
  }

  it('does the same for SQL classified on a worker thread, as large SQL is', async (t) => {
    onWorkerThread(t);
    for (const sql of SHOWN) await assertMasked(sql, true);
  });

  it('serves settings the call writes itself, and reads of settings alone, as they are', async (t) => {
    onWorkerThread(t);
    for (const sql of PLAIN) {
      // Classified with the protection (on a worker thread), as the server classifies: set_config's own opaque result is an oracle the policy then sees.
      const result = await harness().run(sql, { protection, offThread: true });
      assert.deepEqual(result.columns[shownAt(result)]?.derivedFrom ?? [], [], sql);
    }
  });
});
