// A set-returning call in a select list repeats its row once per value it returns: the number of
// rows is computed from its arguments, and rows counted back per position spell a protected value
// out. Lineage knows which built-ins return sets by a list; the server's catalog is the truth.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SAFE_BUILTIN_FUNCTIONS, SET_RETURNING_BUILTINS } from '../../tools/postgres/classify/builtin-functions.ts';
import { protectingCustomers, suiteHarness } from './pack-harness.ts';

const protection = protectingCustomers('email');

describe('set-returning calls in a select list', () => {
  const pack = suiteHarness(async () => undefined);

  it('lists every built-in the server says returns a set', async () => {
    const rows = await pack().db.query<{ proname: string }>("SELECT DISTINCT proname FROM pg_proc WHERE proretset AND pronamespace = 'pg_catalog'::regnamespace");
    const missing = rows.map((r) => r.proname).filter((name) => SAFE_BUILTIN_FUNCTIONS.has(name) && !SET_RETURNING_BUILTINS.has(name));
    assert.deepEqual(missing, []);
  });

  it('derives every column of the rows a set-returning call over a protected value repeats, through a CTE and a subquery', async () => {
    const counted = "SELECT string_agg(chr(x.cnt::int), '' ORDER BY x.n) AS v FROM (SELECT n, count(*) AS cnt FROM s GROUP BY n) x";
    for (const repeat of ['generate_series(1, ascii(substr(c.email, n, 1)))', "unnest(string_to_array(repeat('x', ascii(substr(c.email, n, 1))), NULL))", "regexp_split_to_table(repeat('x', ascii(substr(c.email, n, 1))), '')"]) {
      const sql = `WITH s AS (SELECT n, ${repeat} AS k FROM ONLY customers c, generate_series(1, 40) n WHERE c.id = 1) ${counted}`;
      const result = await pack().run(sql, { protection });
      assert.deepEqual(result.columns[0]?.derivedFrom, ['public.customers.email'], sql);
    }
    const plain = await pack().run('SELECT id, generate_series(1, 2) AS k FROM ONLY customers ORDER BY id LIMIT 2', { protection });
    assert.deepEqual(plain.columns.map((c) => c.derivedFrom ?? []), [[], []]);
  });
});
