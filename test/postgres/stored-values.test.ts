// What the server stores is not always what a statement says. A generated column is computed from
// other columns of its row; RETURNING shows a row as the write left it (`SET city = name RETURNING
// city` shows a name under city), after triggers, rules, defaults and a partition's own triggers
// changed it; and a write call can replace a view, rename a column or add a trigger before a later
// statement reads through it. Each attack below shows the first customer's protected name under an
// unprotected column. Served, the value must come attributed to what it may be made of (masked
// whole), or the call must be refused and rolled back; plain writes and reads stay as they are.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TableResult } from '../../src/pipeline/result.ts';
import { ToolError } from '../../src/pipeline/toolpack.ts';
import { isMasked, onWorkerThread, protectingCustomers, reached, suiteHarness, UNPROTECTED } from './pack-harness.ts';

const protection = protectingCustomers('name', 'email');

const FIRST_NAME = `(SELECT name FROM public.customers ORDER BY id LIMIT 1)`;

const SETUP = `
  CREATE FUNCTION public.gh_first_name() RETURNS text LANGUAGE sql STABLE AS $$SELECT ${FIRST_NAME}$$;
  -- IMMUTABLE is the function's own word: nothing checks it.
  CREATE FUNCTION public.gh_tag(text) RETURNS text LANGUAGE sql IMMUTABLE AS $$SELECT ${FIRST_NAME}$$;
  CREATE FUNCTION public.gh_copy_name() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN NEW.body := ${FIRST_NAME}; RETURN NEW; END$$;
  ALTER TABLE customers ADD COLUMN name_key text GENERATED ALWAYS AS (lower(name)) STORED;
  ALTER TABLE customers ADD COLUMN city_tag text GENERATED ALWAYS AS (public.gh_tag(city)) STORED;
  CREATE TABLE memos (id int PRIMARY KEY, body text);
  INSERT INTO memos VALUES (1, 'first');
  CREATE TABLE notes (id serial PRIMARY KEY, body text);
  CREATE TRIGGER gh_notes BEFORE INSERT ON notes FOR EACH ROW EXECUTE FUNCTION public.gh_copy_name();
  -- A plain table, and a namesake in another schema whose trigger changes what it stores.
  CREATE TABLE gh_plain (id int, body text);
  INSERT INTO gh_plain VALUES (1, 'plain');
  CREATE SCHEMA gh_other;
  CREATE TABLE gh_other.gh_plain (id int, body text);
  CREATE TRIGGER gh_other_plain BEFORE INSERT ON gh_other.gh_plain FOR EACH ROW EXECUTE FUNCTION public.gh_copy_name();
  CREATE TABLE tags (id serial PRIMARY KEY, body text DEFAULT public.gh_first_name());
  CREATE DOMAIN gh_label AS text DEFAULT public.gh_first_name();
  CREATE TABLE labels (id serial PRIMARY KEY, body gh_label);
  CREATE TABLE events (id int, body text) PARTITION BY RANGE (id);
  CREATE TABLE events_low PARTITION OF events FOR VALUES FROM (0) TO (1000);
  CREATE TRIGGER gh_events BEFORE INSERT ON events_low FOR EACH ROW EXECUTE FUNCTION public.gh_copy_name();
  CREATE TABLE drafts (id int, body text);
  CREATE RULE gh_drafts AS ON INSERT TO drafts DO INSTEAD
    INSERT INTO memos SELECT NEW.id, ${FIRST_NAME} RETURNING memos.id, memos.body;
  CREATE VIEW gh_cities AS SELECT id, city FROM customers;
  CREATE VIEW gh_bodies AS SELECT id, body FROM memos;
  CREATE FUNCTION public.gh_instead() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN NEW.body := ${FIRST_NAME}; RETURN NEW; END$$;
  CREATE TRIGGER gh_bodies_instead INSTEAD OF UPDATE ON gh_bodies FOR EACH ROW EXECUTE FUNCTION public.gh_instead()`;

/** Reads and writes whose first column shows the first customer's name under an unprotected column. */
const SHOWN: string[] = [
  // Generated columns: the server computes them from the row (and from user code).
  'SELECT name_key FROM customers WHERE id = 1',
  'SELECT x.name_key FROM (SELECT * FROM customers) x WHERE x.id = 1',
  'SELECT city_tag FROM customers WHERE id = 1',
  'UPDATE customers SET phone = phone WHERE id = 1 RETURNING name_key',
  // RETURNING shows what the statement stored.
  'UPDATE customers SET city = name WHERE id = 1 RETURNING city',
  'UPDATE customers SET city = upper(name) WHERE id = 1 RETURNING lower(city)',
  'UPDATE customers c SET city = d.name FROM customers d WHERE c.id = 1 AND d.id = 1 RETURNING c.city',
  'UPDATE customers SET (city, phone) = (SELECT name, email FROM customers WHERE id = 1) WHERE id = 1 RETURNING city',
  'INSERT INTO memos (id, body) SELECT 100 + count(*), min(name) FROM customers, memos WHERE customers.id = 1 RETURNING body',
  `INSERT INTO memos SELECT (SELECT max(id) + 1 FROM memos), ${FIRST_NAME} RETURNING body`,
  `INSERT INTO memos VALUES ((SELECT max(id) + 1 FROM memos), ${FIRST_NAME}) RETURNING body`,
  `INSERT INTO memos VALUES (1, 'x') ON CONFLICT (id) DO UPDATE SET body = ${FIRST_NAME} RETURNING body`,
  `INSERT INTO memos VALUES (1, ${FIRST_NAME}) ON CONFLICT (id) DO UPDATE SET body = excluded.body RETURNING body`,
  'WITH w AS (UPDATE customers SET city = name WHERE id = 1 RETURNING city) SELECT city FROM w',
  // Code the statement does not show changes what it stores.
  "INSERT INTO notes (body) VALUES ('hello') RETURNING body",
  'INSERT INTO tags DEFAULT VALUES RETURNING body',
  'INSERT INTO labels DEFAULT VALUES RETURNING body',
  "INSERT INTO events VALUES (1, 'hello') RETURNING body",
  "INSERT INTO drafts VALUES ((SELECT max(id) + 1 FROM memos), 'hello') RETURNING body",
  "UPDATE gh_bodies SET body = 'x' WHERE id = 1 RETURNING body",
  // A schema-qualified target is that schema's table, not its plain namesake the call also reads.
  "INSERT INTO gh_other.gh_plain SELECT id, 'hello' FROM gh_plain RETURNING body",
];

/** Calls that change, before a later statement reads through it, what lineage read at their start. */
const CHANGED_IN_CALL: Array<[change: string, read: string, kept: string]> = [
  [
    'CREATE OR REPLACE VIEW gh_cities AS SELECT id, name AS city FROM customers',
    'SELECT city FROM gh_cities WHERE id = 1',
    `SELECT count(*)::int AS n FROM pg_views WHERE viewname = 'gh_cities' AND definition LIKE '%name%'`,
  ],
  [
    `DO $do$ BEGIN EXECUTE 'CREATE OR REPLACE VIEW gh_cities AS SELECT id, name AS city FROM customers'; END $do$`,
    'SELECT city FROM gh_cities WHERE id = 1',
    `SELECT count(*)::int AS n FROM pg_views WHERE viewname = 'gh_cities' AND definition LIKE '%name%'`,
  ],
  [
    // DDL that rewrites the values themselves: the column keeps its name, its values are names now.
    'ALTER TABLE customers ALTER COLUMN phone TYPE varchar USING name',
    'SELECT phone FROM customers WHERE id = 1',
    `SELECT count(*)::int AS n FROM customers WHERE phone = name`,
  ],
  [
    'CREATE TEMPORARY VIEW customers AS SELECT id, name AS city FROM public.customers',
    'SELECT city FROM customers WHERE id = 1',
    `SELECT count(*)::int AS n FROM pg_class WHERE relname = 'customers' AND relpersistence = 't'`,
  ],
  [
    'ALTER TABLE customers RENAME COLUMN city TO gh_city; ALTER TABLE customers RENAME COLUMN name TO city',
    'SELECT city FROM customers WHERE id = 1',
    `SELECT count(*)::int AS n FROM information_schema.columns WHERE column_name = 'gh_city'`,
  ],
  [
    'CREATE TRIGGER gh_memos BEFORE UPDATE ON memos FOR EACH ROW EXECUTE FUNCTION public.gh_copy_name()',
    "UPDATE memos SET body = 'x' WHERE id = 1 RETURNING body",
    `SELECT count(*)::int AS n FROM pg_trigger WHERE tgname = 'gh_memos'`,
  ],
  [
    'ALTER TABLE memos ALTER COLUMN body SET DEFAULT public.gh_first_name()',
    'INSERT INTO memos (id) VALUES (900) RETURNING body',
    `SELECT count(*)::int AS n FROM pg_attrdef WHERE adrelid = 'memos'::regclass`,
  ],
  [
    'CREATE RULE gh_memos_rule AS ON INSERT TO memos DO INSTEAD INSERT INTO notes (body) VALUES (NEW.body) RETURNING notes.id, notes.body',
    "INSERT INTO memos VALUES (901, 'x') RETURNING body",
    `SELECT count(*)::int AS n FROM pg_rules WHERE rulename = 'gh_memos_rule'`,
  ],
];

const shows = (result: TableResult) => String(result.rows[0]?.[0]);

describe('lineage of what the server stores', () => {
  const harness = suiteHarness((pack) => pack.db.query(SETUP));

  async function assertMasked(sql: string, offThread = false): Promise<void> {
    const result = await harness().run(sql, { protection, ...(offThread ? { offThread: true as const } : {}) });
    assert.ok(reached(result.rows[0]?.[0], 'ada lovelace'), `${sql}: the attack did not reach the protected value`);
    assert.ok(isMasked(result.columns[0], protection), `${sql}: ${JSON.stringify(result.columns[0])}`);
  }

  it('runs the attacks as they mean (the name comes back)', async () => {
    for (const sql of SHOWN) assert.equal(shows(await harness().run(sql, { protection: UNPROTECTED })).toLowerCase(), 'ada lovelace', sql);
  });

  for (const sql of SHOWN) {
    it(`never shows a stored value under the column it was stored in: ${sql}`, async () => {
      await assertMasked(sql);
    });
  }

  it('does the same for SQL classified on a worker thread, as large SQL is', async (t) => {
    onWorkerThread(t);
    for (const sql of SHOWN) await assertMasked(sql, true);
  });

  for (const [change, read, kept] of CHANGED_IN_CALL) {
    it(`refuses a call that changes what a later statement reads, and keeps nothing of it: ${change.slice(0, 60)}`, async () => {
      const error = await harness().refusal(`${change}; ${read}`, { protection });
      assert.ok(error instanceof ToolError);
      assert.equal(error.code, 'catalog_changed', error.message);
      assert.match(error.message, /rolled back/);
      const [row] = await harness().db.query<{ n: number }>(kept);
      assert.equal(row?.n, 0, `${change}: the change was kept`);
    });
  }

  // On a worker thread too, as large SQL is: the catalog the check compares with is the one its lineage read.
  it('names every relation the call changed under its later statements, and says to make the change in a call of its own', async (t) => {
    const [view, default_] = CHANGED_IN_CALL.filter(([change]) => /^(CREATE OR REPLACE VIEW|ALTER TABLE memos ALTER COLUMN body SET DEFAULT)/.test(change));
    assert.ok(view && default_);
    const sql = `${view[0]}; ${default_[0]}; ${view[1]}; ${default_[1]}`;
    const keptChecks: string[] = [view[2], default_[2]];
    for (const offThread of [false, true]) {
      if (offThread) onWorkerThread(t);
      const error = await harness().refusal(sql, { protection, ...(offThread ? { offThread } : {}) });
      assert.equal(error.code, 'catalog_changed', error.message);
      assert.match(error.message, /^the call changes ("gh_cities", "memos"|"memos", "gh_cities") \(a definition, .*rolled back\. Make the change in a call of its own$/);
      for (const kept of keptChecks) assert.equal((await harness().db.query<{ n: number }>(kept))[0]?.n, 0, `${kept}: the change was kept`);
    }
  });

  it('serves plain writes and reads as they are: nothing masked that was not stored from a protected column', async () => {
    const cases: Array<[sql: string, derived: string[][]]> = [
      ["UPDATE customers SET city = 'Paris' WHERE id = 2 RETURNING id, city", [[], []]],
      ['UPDATE customers SET city = upper(city) WHERE id = 2 RETURNING id, city', [[], []]],
      ["INSERT INTO memos VALUES (60, 'hello') RETURNING id, body", [[], []]],
      ['DELETE FROM memos WHERE id = 60 RETURNING id, body', [[], []]],
      ['SELECT id, city, phone FROM customers WHERE id = 2', [[], [], []]],
      ["UPDATE customers SET phone = '1' WHERE id = 2; SELECT city FROM customers WHERE id = 2", [[]]],
      // A relation the call creates is not refused; unknown when lineage read the catalog, it is masked whole.
      ['CREATE TABLE gh_fresh AS SELECT 1 AS x; SELECT x FROM gh_fresh', [['*']]],
    ];
    for (const [sql, derived] of cases) {
      const result = await harness().run(sql, { protection });
      assert.deepEqual(
        result.columns.map((c) => c.derivedFrom ?? []),
        derived,
        sql,
      );
    }
    // A protected column the write did not compute keeps its own rule (masked in its style, not whole).
    const kept = await harness().run("UPDATE customers SET city = 'Rome' WHERE id = 2 RETURNING name", { protection });
    assert.deepEqual([kept.columns[0]?.table, kept.columns[0]?.column, kept.columns[0]?.derivedFrom ?? []], ['public.customers', 'name', []]);
  });
});
