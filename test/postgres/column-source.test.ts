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
      INSERT INTO cs_kid VALUES (1, 'kept apart')`);
  });
  after(async () => {
    await pack?.close();
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
});
