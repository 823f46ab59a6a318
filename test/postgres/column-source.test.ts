// Which source a result column is masked by when lineage and the server name different ones: the
// server names the relation a column was read from as written (a view, a child table), lineage the
// column it comes from (through the view, the root whose rules cover its children). If either names
// a protected column, that one counts, so neither can unmask what the other sees.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ColumnProtection } from '../../src/pipeline/toolpack.ts';
import { startPackHarness, type PackHarness } from './pack-harness.ts';

const RULES = new Set(['public.customers.name', 'public.cs_kid.note']);
const protection: ColumnProtection = {
  column: (table, column) => RULES.has(`${table}.${column}`),
  table: (table) => table === 'public.customers' || table === 'public.cs_kid',
  any: true,
};

describe('the column source masking follows', () => {
  let pack: PackHarness;

  before(async () => {
    pack = await startPackHarness({ timeoutMs: 5000, maxRows: 1000, maxBytes: 256 * 1024 });
    await pack.db.query(`CREATE VIEW cs_people AS SELECT id, name AS who, city FROM customers;
      CREATE TABLE cs_root (id int, note text); CREATE TABLE cs_kid () INHERITS (cs_root);
      INSERT INTO cs_kid VALUES (1, 'kept apart');
      CREATE VIEW cs_named_a AS SELECT id FROM customers WHERE name LIKE 'A%';
      CREATE VIEW cs_city_l AS SELECT id FROM customers WHERE city LIKE 'L%'`);
  });
  after(async () => {
    await pack?.close();
  });

  // Through a view, the policy saw only the view's columns: a search, a sort or an EXPLAIN of a
  // protected column behind it is refused before it runs, not answered.
  it('refuses a search, sort or plan by a protected column behind a view, and serves the same read of an unprotected one', async () => {
    for (const sql of ["SELECT id FROM cs_people WHERE who LIKE 'A%'", 'SELECT id FROM cs_people ORDER BY who', "EXPLAIN SELECT id FROM cs_people WHERE who = 'x'"]) {
      const error = await pack.refusal(sql, { protection });
      assert.equal(error.code, 'protected_columns_hidden', sql);
      assert.match(error.message, /by protected columns \(public\.customers\.name\) where the policy could not see it: through a view/, sql);
    }
    assert.equal((await pack.run("SELECT id FROM cs_people WHERE city LIKE 'L%' ORDER BY city", { protection })).columns.length, 1);
  });

  // A relation named with its schema is that schema's: read as another one, lineage would not know
  // its columns and mask it whole.
  it('follows a schema-qualified relation to its own columns, through a view in that schema', async () => {
    await pack.db.query(`CREATE SCHEMA IF NOT EXISTS cs_other; CREATE TABLE IF NOT EXISTS cs_other.cs_leads (id int, note text);
      INSERT INTO cs_other.cs_leads VALUES (7, 'plain'); CREATE OR REPLACE VIEW cs_other.cs_names AS SELECT id, name AS who FROM public.customers`);
    const result = await pack.run('SELECT id, note FROM cs_other.cs_leads', { protection });
    assert.deepEqual(
      result.columns.map(({ table, column }) => `${table}.${column}`),
      ['cs_other.cs_leads.id', 'cs_other.cs_leads.note'],
    );
    assert.deepEqual(result.rows, [[7, 'plain']]);
    const behind = await pack.run('SELECT who FROM cs_other.cs_names', { protection });
    assert.equal(`${behind.columns[0]?.table}.${behind.columns[0]?.column}`, 'public.customers.name');
  });

  it("takes lineage's protected column over the server's view column", async () => {
    const result = await pack.run('SELECT who, city FROM cs_people', { protection });
    assert.deepEqual(
      result.columns.map(({ table, column }) => `${table}.${column}`),
      ['public.customers.name', 'public.customers.city'],
    );
  });

  it("takes the server's protected column over lineage's unprotected root", async () => {
    const result = await pack.run('SELECT note, id FROM cs_kid', { protection });
    // Lineage names the root (rules on a table cover its children); the rule here is on the child.
    assert.deepEqual(
      result.columns.map(({ table, column }) => `${table}.${column}`),
      ['public.cs_kid.note', 'public.cs_root.id'],
    );
  });

  it("keeps lineage's source where neither is protected, and the server's where lineage has none", async () => {
    const result = await pack.run('SELECT city, id FROM cs_people', { protection });
    assert.deepEqual(
      result.columns.map(({ table, column }) => `${table}.${column}`),
      ['public.customers.city', 'public.customers.id'],
    );
    // Of two statements the server shows the last; lineage merges both into a source-less column.
    const merged = await pack.run("SELECT 0 AS id, 'x' AS city; SELECT id, city FROM customers", { protection });
    assert.deepEqual(
      merged.columns.map(({ table, column }) => `${table}.${column}`),
      ['public.customers.id', 'public.customers.city'],
    );
    const computed = await pack.run('SELECT upper(city) AS loud FROM customers', { protection });
    assert.equal(computed.columns[0]?.table, undefined, 'a computed column has no source of its own');
  });

  // A field of a row cast to a table's type is that field by position, not the table's column of
  // that name: (ROW(..., name AS 3rd, ..., protected AS 7th)::customers).name carries the protected
  // one. Whatever lineage makes of it, the protected value is never served as an unprotected column.
  it('never serves a protected value as the unprotected field of a row cast to a table type', async () => {
    const columns = (await pack.db.query<{ column_name: string }>("SELECT column_name FROM information_schema.columns WHERE table_name = 'customers' ORDER BY ordinal_position")).map((r) => r.column_name);
    // The row with name and city swapped: its field "city" is the protected name.
    const swapped = columns.map((c) => (c === 'name' ? 'city' : c === 'city' ? 'name' : c)).join(', ');
    for (const sql of [
      `SELECT (ROW(${swapped})::customers).city AS v FROM customers`,
      `SELECT (x).city FROM (SELECT ROW(${swapped})::customers AS x FROM customers) s`,
      "SELECT (jsonb_populate_record(NULL::customers, jsonb_build_object('city', name))).city AS v FROM customers",
      "SELECT r.city FROM customers c, jsonb_populate_record(NULL::customers, jsonb_build_object('city', c.name)) AS r",
    ]) {
      const served = await pack.run(sql, { protection }).then(
        (result) => result,
        (error: unknown) => {
          assert.equal((error as { code?: string }).code, 'protected_columns_hidden', sql);
          return undefined;
        },
      );
      const column = served?.columns[0];
      if (column) {
        const named = column.table === 'public.customers' && column.column === 'name';
        const derived = (column.derivedFrom ?? []).some((d) => d === '*' || d === 'public.customers.name');
        assert.ok(named || derived, `${sql} was served as ${JSON.stringify(column)}`);
      }
    }
  });

  // Which rows come back is a value too: rows chosen by a computation on a protected column spell it out.
  // A view's lineage is cached with the catalog: a later call reads what chose its rows without
  // touching its columns. Statements of different widths are mapped onto no one's columns.
  it('masks a count of rows a protected column chose behind a view, whichever statement the rows are taken from', async () => {
    const derived = async (sql: string) => (await pack.run(sql, { protection })).columns.map((c) => c.derivedFrom ?? []);
    assert.deepEqual(await derived('SELECT count(*) FROM cs_named_a'), [['public.customers.name']]);
    assert.deepEqual(await derived('SELECT 1, 2; SELECT count(*) FROM cs_named_a'), [['public.customers.name']]);
    assert.deepEqual(await derived('SELECT 1, 2; SELECT count(*) FROM cs_city_l'), [[]]);
  });

  it('masks a column shown as it is whole when a protected column (itself too) chose or ordered its rows, and by its own rule otherwise', async () => {
    // Named as the classifier (by name) and execution (by the catalog) name them, so the policy saw the search.
    const two: ColumnProtection = { ...protection, column: (table, column) => ['customers', 'public.customers'].includes(table) && ['name', 'email'].includes(column) };
    const shown = async (sql: string) => (await pack.run(sql, { protection: two })).columns.map((c) => [`${c.table}.${c.column}`, c.derivedFrom ?? []]);
    assert.deepEqual(await shown('SELECT name FROM ONLY customers ORDER BY id'), [['public.customers.name', []]]);
    assert.deepEqual(await shown("SELECT name FROM ONLY customers WHERE city LIKE 'L%' ORDER BY city"), [['public.customers.name', []]]);
    // Which of its rows show is another row's value: a row picked by a character of another row's.
    assert.deepEqual(await shown('SELECT name FROM ONLY customers ORDER BY name'), [['public.customers.name', ['public.customers.name']]]);
    assert.deepEqual(await shown('SELECT c2.name FROM ONLY customers c1 JOIN ONLY customers c2 ON c2.id = ascii(c1.name) - 64 WHERE c1.id = 1'), [['public.customers.name', ['public.customers.name']]]);
    assert.deepEqual(await shown("SELECT id, name FROM ONLY customers WHERE email = 'ada@example.com'"), [['public.customers.id', []], ['public.customers.name', []]]);
    assert.deepEqual(await shown("SELECT city FROM ONLY customers WHERE name LIKE 'A%'"), [['public.customers.city', ['public.customers.name']]]);
    assert.deepEqual(await shown('SELECT id FROM ONLY customers ORDER BY email'), [['public.customers.id', ['public.customers.email']]]);
    assert.deepEqual(await shown("SELECT name FROM ONLY customers WHERE substr(email, 1, 1) = 'a'"), [['public.customers.name', ['public.customers.email', 'public.customers.name']]]);
    assert.deepEqual(await shown("SELECT c.name FROM ONLY customers c JOIN (SELECT id FROM ONLY customers WHERE email > 'm') m USING (id)"), [['public.customers.name', ['public.customers.email', 'public.customers.name']]]);
    // `*` over a join USING or NATURAL: the joined column once, then each side's other columns, in PostgreSQL's order.
    const star = [['public.customers.id', []], ['public.customers.name', []], ['public.customers.email', []]];
    assert.deepEqual(await shown('SELECT * FROM (SELECT id, name FROM ONLY customers) a JOIN (SELECT id, email FROM ONLY customers) b USING (id) WHERE id = 1'), star);
    assert.deepEqual(await shown('SELECT * FROM (SELECT id, name FROM ONLY customers) a NATURAL JOIN (SELECT id, email FROM ONLY customers) b WHERE id = 1'), star);
    // A LATERAL item that yields no row drops the outer one, and a scalar subquery (a computed column, no source) picks its row by its own search.
    assert.deepEqual(await shown("SELECT c.id FROM ONLY customers c, LATERAL (SELECT 1 AS one WHERE c.email LIKE 'a%') x"), [['public.customers.id', ['public.customers.email']]]);
    assert.deepEqual(await shown("SELECT (SELECT id FROM ONLY customers c2 WHERE c2.email LIKE 'a%' LIMIT 1) AS n"), [['undefined.undefined', ['public.customers.email']]]);
  });
});
