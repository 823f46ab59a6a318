// A relation's definition read by lineage is cached per connection; the database can change it
// between two calls (a migration, another client, an approved write). Each attack reads a relation
// once, so its lineage is cached, then changes what the name means so that an unprotected output
// column now shows a protected one, and reads again: the column must be attributed to the protected
// source, never to what the cache last knew; and a column that was masked stays masked. The server's own column source cannot save these: for a
// view it names the view's column, which no rule covers.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type pg from 'pg';
import type { TableResult } from '../../src/pipeline/result.ts';
import { ToolError, type ColumnProtection } from '../../src/pipeline/toolpack.ts';
import { isMasked, onWorkerThread, reached, suiteHarness } from './pack-harness.ts';

const PROTECTED = new Set(['name', 'email']);
const protection: ColumnProtection = {
  column: (table, column) => table === 'public.customers' && PROTECTED.has(column),
  table: (table) => table === 'public.customers',
  any: true,
};

interface Attack {
  name: string;
  /** Run once before the first read. */
  setup: string;
  /** What the agent reads, before and after the change. */
  read: string;
  /** The change between the two reads, made by another client. */
  change: string;
  /** The first read already shows the protected column (the change must not unmask it). */
  masked?: true;
}

const ATTACKS: Attack[] = [
  {
    name: 'a view redefined in place (CREATE OR REPLACE VIEW keeps its oid)',
    setup: 'CREATE VIEW cc_cities AS SELECT id, city AS label FROM customers',
    read: 'SELECT label FROM cc_cities',
    change: 'CREATE OR REPLACE VIEW cc_cities AS SELECT id, name AS label FROM customers',
  },
  {
    name: 'a view over a view redefined underneath',
    setup: 'CREATE VIEW cc_inner AS SELECT id, city AS label FROM customers; CREATE VIEW cc_outer AS SELECT label FROM cc_inner',
    read: 'SELECT label FROM cc_outer',
    change: 'CREATE OR REPLACE VIEW cc_inner AS SELECT id, email AS label FROM customers',
  },
  {
    name: 'a table renamed away and a view put in its place',
    setup: 'CREATE TABLE cc_notes (id int, body text); INSERT INTO cc_notes VALUES (1, $$plain$$)',
    read: 'SELECT body FROM cc_notes',
    change: 'ALTER TABLE cc_notes RENAME TO cc_notes_old; CREATE VIEW cc_notes AS SELECT id, name AS body FROM customers',
  },
  {
    name: 'a table dropped and a view of the same name created',
    setup: 'CREATE TABLE cc_memo (id int, body text); INSERT INTO cc_memo VALUES (1, $$plain$$)',
    read: 'SELECT body FROM cc_memo',
    change: 'DROP TABLE cc_memo; CREATE VIEW cc_memo AS SELECT id, email AS body FROM customers',
  },
  {
    name: 'a view moved to another schema and a new one earlier on the search path',
    setup: 'CREATE SCHEMA cc_later; CREATE VIEW cc_later.cc_shadowed AS SELECT id, city AS label FROM public.customers',
    read: 'SELECT label FROM cc_shadowed',
    change: 'CREATE VIEW public.cc_shadowed AS SELECT id, name AS label FROM public.customers',
  },
  {
    name: 'a view column renamed onto the protected one (the view keeps its oid and text)',
    setup: 'CREATE VIEW cc_pair AS SELECT id, city, name FROM customers',
    read: 'SELECT city FROM cc_pair',
    change: 'ALTER VIEW cc_pair RENAME COLUMN city TO tmp; ALTER VIEW cc_pair RENAME COLUMN name TO city; ALTER VIEW cc_pair RENAME COLUMN tmp TO name',
  },
  {
    name: 'a table made to inherit a protected one (rules on a table cover its children)',
    setup: 'CREATE TABLE cc_heir (LIKE customers)',
    read: 'SELECT name FROM cc_heir',
    change: 'ALTER TABLE cc_heir INHERIT customers',
  },
  {
    name: "a table's parent made to inherit a protected one (the table itself unchanged)",
    setup: 'CREATE TABLE cc_mid (LIKE customers); CREATE TABLE cc_low () INHERITS (cc_mid)',
    read: 'SELECT name FROM cc_low',
    change: 'ALTER TABLE cc_mid INHERIT customers',
  },
  {
    name: 'a view whose name holds quotes, a backslash and $& redefined in place',
    setup: `CREATE VIEW "cc_o'd\\d$&""x" AS SELECT id, city AS label FROM customers`,
    read: `SELECT label FROM "cc_o'd\\d$&""x"`,
    change: `CREATE OR REPLACE VIEW "cc_o'd\\d$&""x" AS SELECT id, email AS label FROM customers`,
  },
  {
    name: 'columns swapped by name under a view that reads them (the view still shows the same column, and prints differently)',
    setup: 'CREATE VIEW cc_under AS SELECT id, city AS a, name AS b FROM customers; CREATE VIEW cc_over AS SELECT b AS shown FROM cc_under',
    read: 'SELECT shown FROM cc_over',
    change: 'ALTER VIEW cc_under RENAME COLUMN a TO tmp; ALTER VIEW cc_under RENAME COLUMN b TO a; ALTER VIEW cc_under RENAME COLUMN tmp TO b',
    masked: true,
  },
];

describe('lineage after the catalog changes between calls', () => {
  // The shadowing attack needs the later schema on the search path after public.
  const harness = suiteHarness((pack) => pack.db.query(`ALTER DATABASE "${new URL(pack.db.url).pathname.slice(1)}" SET search_path = "$user", public, cc_later`));

  for (const attack of ATTACKS) {
    it(`masks what the name shows now: ${attack.name}`, async () => {
      await harness().db.query(attack.setup);
      const conn = harness().open();
      try {
        const first = await harness().run(attack.read, { on: conn, protection });
        assert.equal(first.columns[0]?.table === 'public.customers' && PROTECTED.has(first.columns[0].column ?? ''), attack.masked === true, `the first read: ${JSON.stringify(first.columns[0])}`);
        await harness().db.query(attack.change);
        const second = await harness().run(attack.read, { on: conn, protection });
        const column = second.columns[0];
        assert.equal(column?.table, 'public.customers', `${attack.read} after the change: ${JSON.stringify(column)}`);
        assert.ok(column?.column !== undefined && PROTECTED.has(column.column), `${attack.read} after the change: ${JSON.stringify(column)}`);
      } finally {
        await conn.close();
      }
    });
  }

  it('reads a cached definition again once it changed, and not at every call', async () => {
    await harness().db.query('CREATE VIEW cc_cached AS SELECT id, city FROM customers');
    const conn = harness().open();
    // Reading a definition asks for its columns; checking the cache asks for stamps only.
    let loads = 0;
    conn.pool(true).on('connect', (client: pg.PoolClient) => {
      const query = client.query.bind(client) as (...args: unknown[]) => unknown;
      (client as unknown as { query: unknown }).query = (...args: unknown[]) => {
        if (typeof args[0] === 'string' && args[0].includes(' AS columns')) loads += 1;
        return query(...args);
      };
    });
    try {
      const read = () => harness().run('SELECT city FROM cc_cached', { on: conn, protection });
      await read();
      const cold = loads;
      assert.ok(cold > 0, 'the first read did not load the view');
      await read();
      assert.equal(loads, cold, 'an unchanged definition was read again');
      await harness().db.query('CREATE OR REPLACE VIEW cc_cached AS SELECT id, name AS city FROM customers');
      assert.ok(isMasked((await read()).columns[0], protection));
      assert.ok(loads > cold, 'a changed definition was not read again');
    } finally {
      await conn.close();
    }
  });
});

// The same name can mean another relation within one call: a statement may change the search path
// (or the role that "$user" names) before the next one is read. Only the first statement is read
// under the path lineage knows; after it, a name another schema also holds could be that one.
const IN_CALL: string[] = [
  'SET search_path = cc_path, public; SELECT label FROM cc_pathview',
  'SET LOCAL search_path TO cc_path, public; SELECT label FROM cc_pathview',
  'set SEARCH_PATH = "cc_path", "public"; select label from CC_PATHVIEW',
  "SELECT pg_catalog.set_config('search_path', 'cc_path,public', false) AS label; SELECT label FROM cc_pathview",
  "SELECT 'x' AS label FROM pg_catalog.set_config('search_path', 'cc_path,public', true); SELECT label FROM cc_pathview",
  "DECLARE c CURSOR FOR SELECT pg_catalog.set_config('search_path', 'cc_path,public', false); MOVE NEXT IN c; SELECT label FROM cc_pathview",
  "SELECT 1 WHERE pg_catalog.set_config('search_path', 'cc_path,public', false) IS NULL; SELECT 2 AS label WHERE false; SELECT label FROM cc_pathview",
  "SET search_path = cc_path, public; SELECT upper(label) FROM cc_pathview",
  "SET search_path = cc_path, public; SELECT x.label FROM (SELECT label FROM cc_pathview) x",
  "SET search_path = cc_path, public; WITH w AS (SELECT label FROM cc_pathview) SELECT label FROM w",
  // A prepared statement is parsed again when the path changed since it was prepared.
  'PREPARE p AS SELECT label FROM cc_pathview; SET search_path = cc_path, public; EXECUTE p',
  'PREPARE p AS SELECT label FROM cc_pathview; EXECUTE p; SET search_path = cc_path, public; EXECUTE p',
];

/** The attack reached the protected view's values, and they are attributed to a protected column or masked whole. */
function assertMasked(sql: string, result: TableResult): void {
  assert.ok(reached(result.rows[0]?.[0], 'ada lovelace'), 'the attack did not reach the protected view');
  assert.ok(isMasked(result.columns[0], protection), `${sql}: ${JSON.stringify(result.columns[0])}`);
}

describe('lineage when a call changes how names resolve', () => {
  const harness = suiteHarness((pack) =>
    pack.db.query(`CREATE SCHEMA cc_path;
      CREATE VIEW cc_path.cc_pathview AS SELECT id, name AS label FROM public.customers;
      CREATE VIEW public.cc_pathview AS SELECT id, city AS label FROM public.customers`),
  );

  it('reads a name as it resolves now when nothing before it can change that', async () => {
    const result = await harness().run('SELECT label FROM cc_pathview', { protection });
    assert.deepEqual(result.columns[0], { name: 'label', type: 'text', table: 'public.customers', column: 'city', stored: true });
    assert.equal(result.rows[0]?.[0], 'London');
  });

  // Classified with the protection, a condition on what cannot be followed is an oracle the policy
  // did not see when it comes from a view: refused before it runs, which shows nothing either.
  const maskedOrRefused = async (sql: string, offThread: boolean) => {
    const result = await harness()
      .run(sql, { protection, ...(offThread ? { offThread: true as const } : {}) })
      .catch((error: unknown) => {
        if (error instanceof ToolError && error.code === 'protected_columns_hidden') return undefined;
        throw error;
      });
    if (result) assertMasked(sql, result);
  };

  for (const sql of IN_CALL) {
    it(`masks a name another schema holds after a statement that may change the path: ${sql}`, async () => {
      await maskedOrRefused(sql, false);
    });
  }

  it('does the same for SQL classified on a worker thread, as large SQL is', async (t) => {
    onWorkerThread(t);
    for (const sql of IN_CALL) await maskedOrRefused(sql, true);
  });
});
