// The classifier remembers recent short SQL texts, so an agent repeating a statement is not parsed
// again. What it remembers depends on the text alone: a repeat gets the facts a first reading gets,
// parameters still shape each call's grant, and what the masking profiles protect is the call's own.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { DEFAULT_PROTECTION } from '../../src/masking/index.ts';
import { PROTECT_EVERYTHING } from '../../tools/postgres/lineage/index.ts';
import { initSqlParser } from '../../tools/postgres/classify/index.ts';
import { postgresPack } from '../../tools/postgres/index.ts';

const classify = (sql: string, params?: unknown[], protection = DEFAULT_PROTECTION) => postgresPack.classify('postgres_query', { connection: 'shop', sql, ...(params ? { params } : {}) }, { protection });

describe('remembered SQL', () => {
  before(async () => {
    await initSqlParser();
  });

  it('gives a repeated text the facts of its first reading, after many other texts came between', () => {
    const sql = 'SELECT email FROM customers WHERE id = $1';
    const first = classify(sql, [1]);
    for (let i = 0; i < 200; i++) classify(`SELECT ${i} AS n`);
    const again = classify(sql, [2]);
    const repeat = classify(sql, [3]);
    assert.deepEqual(again.facts, first.facts);
    assert.deepEqual(repeat.facts, first.facts);
    assert.deepEqual((first.facts.sql as { protected: { derived: string[] } }).protected, (repeat.facts.sql as { protected: { derived: string[] } }).protected);
  });

  it('still makes the grant shape of each call from its own parameters', () => {
    const sql = 'SELECT id FROM orders WHERE total > $1';
    assert.notEqual(classify(sql, [10]).shape, classify(sql, [1_000_000]).shape, 'a fixed parameter is part of the shape');
    const lookup = 'SELECT id FROM orders WHERE id = $1';
    assert.equal(classify(lookup, [1]).shape, classify(lookup, [2]).shape, 'an equality parameter may vary');
  });

  it('applies the protection of each call to a remembered text', () => {
    const sql = 'SELECT upper(name) FROM customers';
    const everything = classify(sql, undefined, PROTECT_EVERYTHING);
    const shipped = classify(sql, undefined, DEFAULT_PROTECTION);
    const derived = (c: ReturnType<typeof classify>) => (c.facts.sql as { protected: { derived: string[] } }).protected.derived;
    assert.ok(derived(everything).length > 0, 'with everything protected, upper(name) derives from a protected column');
    assert.deepEqual(derived(shipped), []);
  });
});
