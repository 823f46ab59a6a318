// Session state is a place a call can keep a value: set_config(name, value) stores any text (read
// back by current_setting, SHOW and pg_settings), an advisory lock's keys are numbers pg_locks
// lists, and setval sets what currval returns. A value can go in through one column, condition or
// statement and come out through another: in the same row, in a condition evaluated first, in a
// CTE, through a cursor or in a later statement. Reading a protected value into session state and
// out again must not launder it into a column computed from nothing. Each attack shows the first
// customer's protected name (or a letter of it); served, it must be masked whole.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TableResult } from '../../src/pipeline/result.ts';
import { ToolError } from '../../src/pipeline/toolpack.ts';
import { isMasked, onWorkerThread, protectingCustomers, reached, suiteHarness, UNPROTECTED } from './pack-harness.ts';

const protection = protectingCustomers('name', 'email');

const STORE = `set_config('gh.kept', (SELECT name FROM customers WHERE id = 1), true)`;

/** A name's letters as the keys of advisory locks (key 1: the position, key 2: the letter), and read back from pg_locks. */
const LOCKED = `SELECT pg_advisory_xact_lock(g, ascii(substr(name, g, 1))) FROM customers, generate_series(1, 12) g WHERE id = 1`;
const UNLOCKED = `SELECT string_agg(chr(objid::int), '' ORDER BY classid) AS shown FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 2 AND pid = pg_backend_pid()`;

/** Calls whose shown column (of the last statement with rows) holds the first customer's name, read back from session state. */
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
  // Advisory locks, in a read (they need no write).
  `${LOCKED}; ${UNLOCKED}`,
  `DECLARE c CURSOR FOR ${LOCKED}; MOVE ALL IN c; ${UNLOCKED}`,
  `DECLARE c CURSOR FOR ${LOCKED}; MOVE ALL IN c; SELECT string_agg(chr(l.objid::int), '' ORDER BY l.classid) AS shown FROM pg_catalog.pg_lock_status() l WHERE l.locktype = 'advisory' AND l.objsubid = 2 AND l.pid = pg_backend_pid()`,
  // User code bearing a session-state writer's name runs whatever it likes, constants or not.
  `DECLARE c CURSOR FOR SELECT public.setval('gh.kept', 'x'); MOVE NEXT IN c; SELECT current_setting('gh.kept') AS shown`,
  `DECLARE c CURSOR FOR SELECT setval('gh.kept', 'x'); MOVE NEXT IN c; SELECT current_setting('gh.kept') AS shown`,
  // A domain's CHECK runs whatever it calls on every value converted to it: a cast, a function's column list.
  `SELECT name::gh_kept_text IS NULL AS stored, current_setting('gh.kept') AS shown FROM customers WHERE id = 1`,
  `SELECT CAST(name AS public.gh_kept_text) IS NULL AS stored, current_setting('gh.kept') AS shown FROM customers WHERE id = 1`,
  `SELECT x.a IS NULL AS stored, current_setting('gh.kept') AS shown FROM customers c, json_to_record(json_build_object('a', c.name)) AS x(a gh_kept_text) WHERE c.id = 1`,
  // A default that reads a setting brings the stored value back through RETURNING.
  `DECLARE c CURSOR FOR SELECT ${STORE}; MOVE NEXT IN c; INSERT INTO gh_owned DEFAULT VALUES RETURNING owner AS shown`,
  `DECLARE c CURSOR FOR SELECT set_config('search_path', (SELECT '"' || name || '"' FROM customers WHERE id = 1), true); MOVE NEXT IN c; SELECT trim(both '"' from current_setting('search_path')) AS shown`,
];

/** setval stores a number: the first letter of the name, read back by currval (a write call). */
const SEQUENCED: string[] = [
  `SELECT setval('gh_seq', ascii(substr(name, 1, 1))) IS NULL AS stored FROM customers WHERE id = 1; SELECT chr(currval('gh_seq')::int) AS shown`,
  `SELECT setval('gh_seq', ascii(substr(name, 1, 1))) IS NULL AS stored FROM customers WHERE id = 1; SELECT chr(last_value::int) AS shown FROM pg_sequences WHERE sequencename = 'gh_seq'`,
  `DECLARE c CURSOR FOR SELECT setval('gh_seq', ascii(substr(name, 1, 1))) FROM customers WHERE id = 1; MOVE NEXT IN c; SELECT chr(currval('gh_seq')::int) AS shown`,
  `SELECT chr(currval('gh_seq')::int) AS shown FROM customers WHERE id = 1 AND setval('gh_seq', ascii(substr(name, 1, 1))) > 0`,
  // A default that reads a sequence brings the stored number back through RETURNING.
  `DECLARE c CURSOR FOR SELECT setval('gh_seq', ascii(substr(name, 1, 1))) FROM customers WHERE id = 1; MOVE NEXT IN c; INSERT INTO gh_numbered DEFAULT VALUES RETURNING chr(n::int) AS shown`,
];

/** Settings read, and written with values the call writes itself: what is read is served as it is (set_config's own result is opaque). */
const PLAIN: string[] = [
  `SELECT current_setting('statement_timeout') AS shown`,
  `SELECT set_config('gh.kept', 'plain', true) AS stored, current_setting('gh.kept') AS shown`,
  `SELECT set_config('gh.kept', 'pl' || 'ain'::text, true) IS NULL AS stored, current_setting('gh.kept', true) AS shown`,
  `SHOW statement_timeout`,
  `INSERT INTO gh_owned DEFAULT VALUES RETURNING id AS shown`,
];

/** The column named "shown", or the only one. */
const shownAt = (result: TableResult) => Math.max(0, result.columns.findIndex((c) => c.name === 'shown'));
const shows = (result: TableResult) => String(result.rows[0]?.[shownAt(result)]);

describe('lineage of values kept in session state', () => {
  const harness = suiteHarness((pack) =>
    pack.db.query(`CREATE SEQUENCE gh_seq;
      CREATE FUNCTION public.setval(text, text) RETURNS text LANGUAGE sql AS
        $$SELECT set_config($1, (SELECT name FROM public.customers WHERE id = 1), true)$$;
      CREATE DOMAIN public.gh_kept_text AS text CHECK (set_config('gh.kept', VALUE, true) IS NOT NULL);
      CREATE TABLE gh_owned (id serial PRIMARY KEY, owner text DEFAULT current_setting('gh.kept', true));
      CREATE TABLE gh_numbered (id serial PRIMARY KEY, n bigint DEFAULT currval('gh_seq'))`),
  );

  /** Served masked whole; or, where user code bears a built-in's bare name, refused before it runs. */
  async function assertMasked(sql: string, offThread = false, value = 'Ada Lovelace'): Promise<void> {
    const result = await harness()
      .run(sql, { protection, ...(offThread ? { offThread: true as const } : {}) })
      .catch((error: unknown) => {
        if (error instanceof ToolError && error.code === 'protected_columns_hidden' && /user code outside pg_catalog/.test(error.message)) return undefined;
        throw error;
      });
    if (!result) return;
    assert.ok(reached(result.rows[0]?.[shownAt(result)], value), `${sql}: the attack did not reach the protected value`);
    const column = result.columns[shownAt(result)];
    assert.ok(isMasked(column, protection), `${sql}: ${JSON.stringify(column)}`);
  }

  it('runs the attacks as they mean (the name comes back)', async () => {
    for (const sql of SHOWN) assert.equal(shows(await harness().run(sql, { protection: UNPROTECTED })), 'Ada Lovelace', sql);
    for (const sql of SEQUENCED) assert.equal(shows(await harness().run(sql, { protection: UNPROTECTED })), 'A', sql);
  });

  for (const sql of SHOWN) {
    it(`never shows a value read back from session state as computed from nothing: ${sql}`, async () => {
      await assertMasked(sql);
    });
  }

  for (const sql of SEQUENCED) {
    it(`never shows a number read back from a sequence as computed from nothing: ${sql}`, async () => {
      await assertMasked(sql, false, 'A');
    });
  }

  it('does the same for SQL classified on a worker thread, as large SQL is', async (t) => {
    onWorkerThread(t);
    for (const sql of SHOWN) await assertMasked(sql, true);
    for (const sql of SEQUENCED) await assertMasked(sql, true, 'A');
  });

  it('serves session state the call writes itself, and reads of it alone, as they are', async (t) => {
    onWorkerThread(t);
    for (const sql of PLAIN) {
      // Classified with the protection (on a worker thread), as the server classifies: set_config's own opaque result is an oracle the policy then sees.
      const result = await harness().run(sql, { protection, offThread: true });
      assert.deepEqual(result.columns[shownAt(result)]?.derivedFrom ?? [], [], sql);
    }
  });
});
