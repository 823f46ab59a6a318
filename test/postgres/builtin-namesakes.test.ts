// A bare function or operator name is looked up by the server among every schema on the search
// path, and a user-defined one whose argument types fit better wins over pg_catalog's whatever the
// order (`public.count(text)` beats `count("any")` for a text column; `public.||(text, integer)`
// beats `text || anynonarray`). Lineage reads a built-in name as the built-in: count drops its
// argument, to_json carries it. User code under that name can return any value of any table, so
// each attack below makes a read of unprotected columns (or of none) show a protected one, or
// makes a lookup search. The value must come back attributed to what it may be computed from (so
// masked whole), or the call be refused before it runs; never shown as the harmless column.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TableResult } from '../../src/pipeline/result.ts';
import { ToolError, type ColumnProtection } from '../../src/pipeline/toolpack.ts';
import { isMasked, onWorkerThread, reached, suiteHarness, type PackHarness } from './pack-harness.ts';

const PROTECTED = new Set(['name', 'email']);
const protection: ColumnProtection = {
  column: (table, column) => table === 'public.customers' && PROTECTED.has(column),
  table: (table) => table === 'public.customers',
  any: true,
};

/** User code that returns the first customer's protected name, whatever it is given. */
const LEAK_BODY = `LANGUAGE sql STABLE AS $$SELECT name FROM public.customers ORDER BY id LIMIT 1$$`;

/** Functions, a cast and an operator other than the comparisons: "=" stays the built-in here. */
const SETUP = `
  CREATE FUNCTION public.count(text) RETURNS text LANGUAGE sql AS $$SELECT $1$$;
  CREATE FUNCTION public.to_json(text) RETURNS text ${LEAK_BODY};
  CREATE FUNCTION public.unnest(text) RETURNS SETOF text ${LEAK_BODY};
  CREATE FUNCTION public.gh_cat(text, integer) RETURNS text ${LEAK_BODY};
  CREATE OPERATOR public.|| (LEFTARG = text, RIGHTARG = integer, FUNCTION = public.gh_cat);
  CREATE FUNCTION public.gh_step(text, varchar) RETURNS text ${LEAK_BODY};
  CREATE AGGREGATE public.min(varchar) (SFUNC = public.gh_step, STYPE = text);
  CREATE VIEW public.gh_cities AS SELECT id, to_json(city) AS shown FROM public.customers;
  CREATE TYPE public.gh_pair AS (shown text);
  CREATE FUNCTION public.gh_to_pair(text) RETURNS public.gh_pair LANGUAGE sql STABLE AS $$SELECT ROW(name)::public.gh_pair FROM public.customers ORDER BY id LIMIT 1$$;
  CREATE CAST (text AS public.gh_pair) WITH FUNCTION public.gh_to_pair(text)`;

/** Reads that would show the protected name under an unprotected or computed-from-nothing column. */
const SHOWN: string[] = [
  'SELECT count(name) FROM customers ORDER BY 1 LIMIT 1',
  'SELECT count(c.name) AS n FROM customers c WHERE c.id = 1',
  'SELECT to_json(city) FROM customers WHERE id = 1',
  "SELECT to_json('x'::text)",
  "SELECT * FROM unnest('x'::text)",
  "SELECT u FROM unnest('x'::text) AS u",
  "SELECT r.u FROM ROWS FROM (unnest('x'::text)) AS r(u)",
  // An aggregate (its own language is "internal") whose step is user code, as a window too.
  'SELECT min(city::varchar) FROM customers',
  'SELECT min(city::varchar) OVER () FROM customers ORDER BY id LIMIT 1',
  'SELECT city || 1 FROM customers WHERE id = 1',
  'SELECT shown FROM gh_cities WHERE id = 1',
  'SELECT x.shown FROM (SELECT shown, id FROM gh_cities) x WHERE x.id = 1',
  // A cast to a type someone owns runs the function the owner gave it.
  'SELECT (city::gh_pair).shown FROM customers WHERE id = 1',
  'SELECT (CAST(city AS public.gh_pair)).shown FROM customers WHERE id = 1',
  "SELECT ('x'::text::gh_pair).shown",
];

/** Comparison operators, in a database of their own. */
const OPERATOR_SETUP = `
  CREATE FUNCTION public.gh_starts(text, integer) RETURNS boolean LANGUAGE sql AS $$SELECT $1 LIKE 'A%'$$;
  CREATE OPERATOR public.= (LEFTARG = text, RIGHTARG = integer, FUNCTION = public.gh_starts);
  CREATE FUNCTION public.gh_first_starts(text, boolean) RETURNS boolean LANGUAGE sql STABLE AS
    $$SELECT name LIKE 'A%' FROM public.customers ORDER BY id LIMIT 1$$;
  CREATE OPERATOR public.= (LEFTARG = text, RIGHTARG = boolean, FUNCTION = public.gh_first_starts);
  CREATE OPERATOR public.>= (LEFTARG = text, RIGHTARG = boolean, FUNCTION = public.gh_first_starts);
  CREATE OPERATOR public.<= (LEFTARG = text, RIGHTARG = boolean, FUNCTION = public.gh_first_starts)`;

/**
 * Lookups, which the policy lets pass as "this row" (a protected column equal to a written value),
 * turned by user code into a search of the value: each finds the customers whose name starts
 * with A (1 and 3). Conditions the policy already sees as searches (ranges, CASE, functions of the
 * column) go to a human whoever computes them.
 */
const SEARCHED: string[] = [
  'SELECT id FROM customers WHERE name = 1',
  'SELECT id FROM customers c WHERE c.name = 1',
  'SELECT id FROM customers WHERE name IN (1, 2)',
  'SELECT id FROM customers WHERE name = 1 OR name = 2',
];

/**
 * Answers user code computes from a protected value (whether the first name starts with A: true),
 * shown under an unprotected column through the comparisons the server makes by name.
 */
const ANSWERED: string[] = [
  "SELECT CASE city WHEN true THEN 'yes' ELSE 'no' END AS answer FROM customers WHERE id = 2",
  'SELECT (city BETWEEN true AND true) AS answer FROM customers WHERE id = 2',
  'SELECT city = ANY (SELECT true) AS answer FROM customers WHERE id = 2',
  'SELECT city = true AS answer FROM customers WHERE id = 2',
];

/**
 * Reads of unprotected columns through every construct the namesakes touch, with no user code of
 * their names: served as they are (nothing masked, nothing refused).
 */
const PLAIN = [
  'upper(city)',
  'length(city)',
  "CASE city WHEN 'London' THEN 'yes' ELSE 'no' END",
  "city = ANY (SELECT 'London')",
  "city BETWEEN 'A' AND 'M'",
  'city::varchar',
  'id + 1',
  'id IN (1, 2)',
];

const UNPROTECTED: ColumnProtection = { column: () => false, table: () => false, any: false };

const shows = (result: TableResult) => String(result.rows[0]?.[0]).replace(/"/g, '');

/**
 * Served, the value comes attributed to protected columns (masked whole); or the call is refused
 * before it runs, since what it computes from protected columns was not what the policy saw.
 */
async function assertMaskedOrRefused(pack: PackHarness, sql: string, offThread = false): Promise<void> {
  const result = await pack.run(sql, { protection, ...(offThread ? { offThread: true as const } : {}) }).catch((error: unknown) => {
    if (error instanceof ToolError && error.code === 'protected_columns_hidden') {
      assert.match(error.message, /user code outside pg_catalog/, sql);
      return undefined;
    }
    throw error;
  });
  if (!result) return;
  assert.ok(reached(result.rows[0]?.[0], 'Ada Lovelace'), `${sql}: the attack did not reach the protected value`);
  assert.ok(isMasked(result.columns[0], protection), `${sql}: ${JSON.stringify(result.columns[0])}`);
}

/** The search the policy did not see is refused before it runs. */
async function assertRefused(pack: PackHarness, sql: string, offThread = false): Promise<void> {
  const error = await pack.refusal(sql, { protection, ...(offThread ? { offThread: true as const } : {}) });
  assert.equal(error.code, 'protected_columns_hidden', `${sql}: ${error.message}`);
  assert.match(error.message, /user code outside pg_catalog/, sql);
}

describe('lineage when user code bears a built-in name', () => {
  const harness = suiteHarness((pack) => pack.db.query(SETUP));

  it('runs the reads as the attacks mean them (user code answers)', async () => {
    for (const sql of SHOWN) assert.equal(shows(await harness().run(sql, { protection: UNPROTECTED })), 'Ada Lovelace', sql);
  });

  for (const sql of SHOWN) {
    it(`never shows what user code returns under a built-in's name: ${sql}`, async () => {
      await assertMaskedOrRefused(harness(), sql);
    });
  }

  it('follows a namesake created after the name was read as the built-in', async () => {
    const sql = 'SELECT num_nonnulls(city) AS n FROM customers WHERE id = 1';
    const first = await harness().run(sql, { protection });
    assert.equal(first.rows[0]?.[0], 1);
    assert.deepEqual(first.columns[0]?.derivedFrom ?? [], []);
    await harness().db.query(`CREATE FUNCTION public.num_nonnulls(text) RETURNS text ${LEAK_BODY}`);
    await assertMaskedOrRefused(harness(), sql);
  });

  // Within one call, a write can create the namesake before a later statement calls it: by DDL,
  // or by code that runs DDL (a DO block here; a trigger or a function alike).
  for (const create of [
    `CREATE FUNCTION public.md5(varchar) RETURNS text ${LEAK_BODY}`,
    `DO $do$ BEGIN EXECUTE $x$CREATE FUNCTION public.md5(varchar) RETURNS text ${LEAK_BODY}$x$; END $do$`,
  ]) {
    it(`refuses a call that creates a namesake and then calls it, and keeps nothing of it: ${create.slice(0, 40)}`, async () => {
      const sql = `${create}; SELECT md5(city::varchar) AS digest FROM customers WHERE id = 1`;
      const error = await harness().refusal(sql, { protection });
      assert.equal(error.code, 'user_code_created', error.message);
      assert.match(error.message, /md5/);
      const left = await harness().db.query(`SELECT count(*)::int AS n FROM pg_proc WHERE proname = 'md5' AND pronamespace <> 11`);
      assert.equal(left[0]?.n, 0, 'the function was kept');
    });
  }

  it('reads a built-in name as the built-in when no user code bears it', async () => {
    const result = await harness().run(`SELECT ${PLAIN.join(', ')} FROM customers WHERE id = 1`, { protection });
    assert.deepEqual(
      result.columns.map((c) => c.derivedFrom ?? []),
      PLAIN.map(() => []),
    );
    assert.deepEqual(result.rows[0], ['LONDON', 6, 'yes', true, true, 'London', 2, true]);
  });

  it('does the same for SQL classified on a worker thread, as large SQL is', async (t) => {
    onWorkerThread(t);
    for (const sql of SHOWN) await assertMaskedOrRefused(harness(), sql, true);
  });
});

describe('lineage when user code bears a comparison operator', () => {
  const harness = suiteHarness((pack) => pack.db.query(OPERATOR_SETUP));

  it('runs the searches as the attacks mean them (user code answers)', async () => {
    for (const sql of SEARCHED) {
      const ids = (await harness().run(sql, { protection: UNPROTECTED })).rows.map((row) => row[0] as number);
      assert.deepEqual(ids.sort(), [1, 3], sql);
    }
  });

  for (const sql of SEARCHED) {
    it(`does not take user code under a built-in operator's name for a lookup: ${sql}`, async () => {
      await assertRefused(harness(), sql);
    });
  }

  it('runs the answers as the attacks mean them (user code answers)', async () => {
    for (const sql of ANSWERED) assert.ok(['yes', 'true'].includes(shows(await harness().run(sql, { protection: UNPROTECTED }))), sql);
  });

  for (const sql of ANSWERED) {
    it(`masks what user code under a comparison's name answers: ${sql}`, async () => {
      const result = await harness().run(sql, { protection }).catch((error: unknown) => {
        if (error instanceof ToolError && error.code === 'protected_columns_hidden') return undefined;
        throw error;
      });
      if (result) assert.ok((result.columns[0]?.derivedFrom?.length ?? 0) > 0, `${sql}: ${JSON.stringify(result.columns[0])}`);
    });
  }

  it('does the same for SQL classified on a worker thread', async (t) => {
    onWorkerThread(t);
    for (const sql of SEARCHED) await assertRefused(harness(), sql, true);
  });
});
