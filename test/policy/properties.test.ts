// Properties of decisions under the shipped policy, over generated calls: appending a statement never
// makes a call less restricted, and comments or keyword case never change the effect.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import { SHIPPED_POLICIES } from '../../src/config/load.ts';
import { loadPolicyFiles, type Policy } from '../../src/policy/compile.ts';
import { decide, type Action } from '../../src/policy/decide.ts';
import { postgresPack } from '../../tools/postgres/index.ts';
import { packs } from '../../tools/index.ts';

const STATEMENTS = [
  'SELECT 1',
  'SELECT * FROM customers WHERE id = 1',
  "SELECT 'drop table x'",
  'SELECT count(*) FROM orders o JOIN customers c ON c.id = o.customer_id',
  "UPDATE orders SET status = 'x' WHERE id = 1",
  'DELETE FROM orders',
  'DROP TABLE customers',
  "INSERT INTO orders (customer_id, total) VALUES (1, 2)",
  "SELECT pg_read_file('/etc/passwd')",
  'SET ROLE postgres',
  'TRUNCATE orders',
  'EXPLAIN SELECT 1',
  "DO $$ BEGIN PERFORM 1; END $$",
  'SELEC broken',
  'CREATE TABLE t (a int)',
  "COPY customers TO PROGRAM 'x'",
];
const RANK = { allow: 0, confirm: 1, review: 2, deny: 3 } as const;

describe('decision properties under the shipped policy', () => {
  let policy: Policy;
  const limits = { timeoutMs: 1000, maxRows: 10, maxBytes: 1000 };
  const effect = (sql: string) => {
    const facts = postgresPack.classify('postgres_query', { connection: 'shop', sql }).facts;
    const action: Action = { tool: 'postgres_query', target: { name: 'shop', type: 'postgres', labels: {} }, principal: { id: 'a', name: 'a', groups: [], kind: 'agent' }, facts };
    return decide(policy, action, limits).effect;
  };

  before(async () => {
    await Promise.all(packs.map((p) => p.init?.()));
    const loaded = loadPolicyFiles(SHIPPED_POLICIES, packs.map((p) => ({ key: p.factsKey, schema: p.factsSchema })));
    assert.ok(loaded.ok);
    policy = loaded.policy;
  });

  it('appending a statement never lowers the effect', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...STATEMENTS), { minLength: 1, maxLength: 3 }), fc.constantFrom(...STATEMENTS), (call, extra) => {
        const sql = call.join('; ');
        assert.ok(RANK[effect(`${sql}; ${extra}`)] >= RANK[effect(sql)], `${sql} + ${extra}`);
      }),
      { numRuns: 300 },
    );
  });

  it('comments and keyword case never change the effect', () => {
    const recase = (sql: string, upper: boolean[]) =>
      sql.replace(/\b(select|update|delete|drop|insert|into|from|where|set|table|truncate|values|explain|copy|to|role|create)\b/gi, (w, _k, i: number) => (upper[i % upper.length] ? w.toUpperCase() : w.toLowerCase()));
    fc.assert(
      fc.property(fc.constantFrom(...STATEMENTS.filter((s) => !s.includes('$$'))), fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }), fc.string({ maxLength: 20 }), (sql, upper, note) => {
        // PostgreSQL nests block comments, so neither /* nor */ may appear inside one.
        const comment = note.replace(/\/\*|\*\//g, '').replace(/[\r\n]/g, ' ');
        const variant = `/* ${comment} */ ${recase(sql, upper).replace(/ /g, ' /**/ ')} -- ${comment}`;
        assert.equal(effect(variant), effect(sql), variant);
      }),
      { numRuns: 300 },
    );
  });
});
