// The masking attack corpus end to end: a real gatehouse over stdio (the SDK's client), a real
// PostgreSQL seeded with the demo shop plus views over it. Every attack read runs (a policy that
// allows every read, so masking alone must hold) and nothing the agent sees may contain a protected
// value, reversed, base64, hex or md5, or any 6-character piece of one. Decoys come back unmasked.
// The shipped policy sends oracle-shaped reads to a human and lets lookups through.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../fixtures/postgres.ts';
import type { RunningGatehouse } from '../fixtures/gatehouse.ts';
import { ATTACKS, DECOYS, LOOKUPS, ORACLES, SHAPES } from './attacks.ts';
import { leakIn, shippedDecision, startMaskingGatehouse } from './leak-check.ts';
import { postgresPack } from '../../tools/postgres/index.ts';
import { afterCheckingShare, type CallResult } from '../reliability/clean-answers.ts';

// Fixed times: now()'s digits could match a piece of a protected value (10:55:50 holds 105550, a
// piece of a phone number reversed) and report a leak that depends on the time of day.
const VIEWS = `
  UPDATE customers SET created_at = '2026-01-02 03:04:06+00';
  UPDATE orders SET created_at = '2026-01-02 03:04:06+00';
  CREATE VIEW v_contact_reversed AS SELECT id, reverse(email) AS v FROM customers;
  CREATE VIEW v_contact_mixed AS SELECT id, reverse(email) AS r, email AS e, card_number AS c FROM customers;
  CREATE VIEW v_nested AS SELECT r AS x FROM v_contact_mixed;
  CREATE MATERIALIZED VIEW mv_cards AS SELECT id, card_number || '' AS c FROM customers;
  CREATE VIEW v_public_customers AS SELECT id, name, city FROM customers;
  CREATE TABLE customers_archive () INHERITS (customers);
  INSERT INTO customers_archive SELECT * FROM customers;
  CREATE TABLE people (id int, email text, region text) PARTITION BY LIST (region);
  CREATE TABLE people_eu PARTITION OF people FOR VALUES IN ('eu');
  INSERT INTO people_eu SELECT id, email, 'eu' FROM customers;
  ANALYZE customers;`;

// Twice: classified in place, and with every call classified on a worker thread (large SQL's path),
// whose lineage at execution works from a catalog snapshot: both must mask alike.
for (const [where, largeInputs] of [['in place', { threads: 0 }], ['on a worker thread', { threads: 1, minChars: 1 }]] as const) describe(`masking holds against SQL written to get around it (classified ${where})`, () => {
  let db: TestDatabase;
  let gh: RunningGatehouse;
  let secrets: Set<string>;
  let neighbour: pg.Client;

  before(async () => {
    db = await createTestDatabase();
    await db.query(VIEWS);
    ({ gh, secrets } = await startMaskingGatehouse(db, "default: deny\nrules:\n  - { id: reads, when: 'sql.readOnly', effect: allow, reason: reads }\n", largeInputs, ['people.email']));
    // Another session whose last statement quotes a protected value: activity views show it.
    const [first] = await db.query<{ email: string }>('SELECT email FROM customers ORDER BY id LIMIT 1');
    neighbour = new pg.Client({ connectionString: db.url });
    await neighbour.connect();
    await neighbour.query(`SELECT id FROM customers WHERE reverse(email) = '${[...(first?.email ?? '')].reverse().join('')}'`);
  });

  after(async () => {
    await neighbour?.end();
    await gh?.stop();
    await db?.drop();
  });

  // About 300 calls back to back from one principal.
  const query = (sql: string): Promise<CallResult> => afterCheckingShare(async () => (await gh.client.callTool({ name: 'postgres_query', arguments: { connection: 'shop', sql } })) as CallResult);

  it(`leaks nothing for any of the ${ATTACKS.length} attack reads`, async () => {
    const leaks: string[] = [];
    let answered = 0;
    for (const sql of ATTACKS) {
      const result = await query(sql);
      if (!result.isError) answered++;
      const found = leakIn(result, secrets);
      if (found) leaks.push(`${sql}\n    -> ${found} in ${JSON.stringify(result).slice(0, 300)}`);
    }
    assert.deepEqual(leaks, [], `${leaks.length} leaks:\n${leaks.join('\n')}`);
    // Masking must hold because results are masked, not because the reads failed.
    assert.ok(answered >= ATTACKS.length * 0.9, `only ${answered} of ${ATTACKS.length} attacks ran`);
    assert.ok(ATTACKS.length >= 150);
  });

  it(`shows the same for any two customers in all ${SHAPES.length} reads that put protected values into the shape of what they return`, async () => {
    const differing: string[] = [];
    for (const sql of SHAPES) {
      const [first, second] = [await query(sql.replaceAll('$ID', '1')), await query(sql.replaceAll('$ID', '2'))];
      assert.ok(!first.isError && !second.isError, `${sql}\n    -> ${JSON.stringify(first).slice(0, 300)}`);
      if (JSON.stringify(first) !== JSON.stringify(second)) differing.push(`${sql}\n    -> ${JSON.stringify(first).slice(0, 300)}`);
    }
    assert.deepEqual(differing, [], `${differing.length} reads tell the customers apart:\n${differing.join('\n')}`);
  });

  it('refuses a read that searches protected columns through a view before it runs', async () => {
    for (const sql of ["SELECT id FROM v_contact_mixed WHERE r LIKE 'moc%'", 'SELECT id FROM v_nested ORDER BY x', "EXPLAIN ANALYZE SELECT 1 FROM v_contact_reversed WHERE v > 'm'"]) {
      const result = await query(sql);
      assert.equal((result.structuredContent?.error as { code?: string } | undefined)?.code, 'protected_columns_hidden', sql);
    }
  });

  it(`returns every one of the ${DECOYS.length} ordinary reads unmasked`, async () => {
    const masked: string[] = [];
    for (const sql of DECOYS) {
      const result = await query(sql);
      if (result.isError || /derived:|column:/.test(result.content[0]?.text ?? "")) masked.push(`${sql}\n    -> ${JSON.stringify(result).slice(0, 300)}`);
    }
    assert.deepEqual(masked, [], masked.join('\n'));
    assert.ok(DECOYS.length >= 50);
  });
});

describe('the shipped policy and protected columns', () => {
  const effectOf = shippedDecision();

  before(() => postgresPack.init?.());

  it('sends reads that search, sort by or explain over protected columns to review', () => {
    for (const sql of [...ORACLES, ...SHAPES.map((shape) => shape.replaceAll('$ID', '1'))]) {
      const decision = effectOf(sql);
      assert.equal(decision.effect, 'review', sql);
      assert.ok(decision.rules.some((r) => r.id === 'sql-review-protected-oracles'), sql);
    }
  });

  it('refuses at execution a read whose oracle a view hid from the facts', async () => {
    // The facts see v_contact_mixed.r as a column of its own; only the catalog shows it is computed from customers.email.
    assert.equal(effectOf("SELECT id FROM v_contact_mixed WHERE r LIKE 'moc%'").effect, 'allow');
  });

  it('lets plain lookups of protected columns through', () => {
    for (const sql of LOOKUPS) assert.equal(effectOf(sql, sql.includes('$1') ? ['ada@example.com'] : undefined).effect, 'allow', sql);
  });

  it('denies writes that copy protected columns elsewhere', () => {
    for (const sql of ['UPDATE orders SET note = (SELECT email FROM customers WHERE id = 1) WHERE id = 2', 'INSERT INTO orders (customer_id, total, note) SELECT id, 1, reverse(card_number) FROM customers', 'CREATE TABLE stash AS SELECT phone FROM customers', "SELECT setval('orders_id_seq', ascii(substr(email, 1, 1))) FROM customers WHERE id = 1", "SELECT lo_from_bytea(0, convert_to(card_number, 'UTF8')) FROM customers", "SELECT pg_notify('ch', phone) FROM customers"]) {
      assert.equal(effectOf(sql).effect, 'deny', sql);
    }
  });
});
