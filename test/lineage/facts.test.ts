// The sql.protected facts from the parse alone (no catalog), under the shipped default profile:
// each case names the uses it must report, and every use not named must be empty.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { DEFAULT_PROTECTION } from '../../src/masking/index.ts';
import type { SqlFacts } from '../../tools/postgres/classify/index.ts';
import { postgresPack } from '../../tools/postgres/index.ts';

type Uses = Partial<SqlFacts['protected']>;

const CASES: Array<[string, Uses]> = [
  ['SELECT email FROM customers', { read: ['customers.email'] }],
  ['SELECT name, city FROM customers', {}],
  ['SELECT reverse(email) FROM customers', { read: ['customers.email'], compared: ['customers.email'], derived: ['customers.email'] }],
  ['SELECT count(email), count(DISTINCT phone) FROM customers', { read: ['customers.email', 'customers.phone'] }],
  ['SELECT count(CASE WHEN email LIKE \'a%\' THEN 1 END) FROM customers', { read: ['customers.email'], compared: ['customers.email'], derived: ['customers.email'] }],
  ["SELECT id FROM customers WHERE email = 'a@b.c'", { read: ['customers.email'], filtered: ['customers.email'] }],
  ["SELECT id FROM customers WHERE phone IN ('1', '2') AND card_number IS NOT NULL", { read: ['customers.card_number', 'customers.phone'], filtered: ['customers.card_number', 'customers.phone'] }],
  ["SELECT id FROM customers c JOIN (VALUES ('a@b.c')) v(e) ON c.email = v.e", { read: ['customers.email'], filtered: ['customers.email'], compared: ['customers.email'], derived: ['customers.email'] }],
  [`SELECT id FROM customers WHERE phone IN (${Array.from({ length: 16 }, (_, i) => `'${i}'`).join(', ')})`, { read: ['customers.phone'], filtered: ['customers.phone'] }],
  [`SELECT id FROM customers WHERE phone IN (${Array.from({ length: 17 }, (_, i) => `'${i}'`).join(', ')})`, { read: ['customers.phone'], filtered: ['customers.phone'], compared: ['customers.phone'] }],
  [`SELECT id FROM customers WHERE email = 'a' OR phone IN (${Array.from({ length: 16 }, (_, i) => `'${i}'`).join(', ')})`, { read: ['customers.email', 'customers.phone'], filtered: ['customers.email', 'customers.phone'], compared: ['customers.email', 'customers.phone'] }],
  [`SELECT id FROM customers WHERE id IN (${Array.from({ length: 40 }, (_, i) => i).join(', ')}) AND email = 'a'`, { read: ['customers.email'], filtered: ['customers.email'] }],
  ["SELECT id FROM customers WHERE phone = lpad((floor(random() * 10000))::int::text, 4, '0')", { read: ['customers.phone'], filtered: ['customers.phone'], compared: ['customers.phone'], derived: ['customers.phone'] }],
  ["SELECT id FROM customers WHERE email = 'ada@' || 'example.com'", { read: ['customers.email'], filtered: ['customers.email'] }],
  ["SELECT id FROM customers WHERE email OPERATOR(pg_catalog.=) 'a@b.c'", { read: ['customers.email'], filtered: ['customers.email'] }],
  // one array literal holds any number of guesses: no lookup
  ["SELECT id FROM customers WHERE email = ANY('{a@b.c,d@e.f}')", { read: ['customers.email'], filtered: ['customers.email'], compared: ['customers.email'], derived: ['customers.email'] }],
  ["SELECT id FROM customers WHERE card_number LIKE '4%'", { read: ['customers.card_number'], filtered: ['customers.card_number'], compared: ['customers.card_number'], derived: ['customers.card_number'] }],
  ["SELECT id FROM customers WHERE lower(email) = 'x'", { read: ['customers.email'], filtered: ['customers.email'], compared: ['customers.email'], derived: ['customers.email'] }],
  ['SELECT id FROM customers ORDER BY email', { read: ['customers.email'], ordered: ['customers.email'], derived: ['customers.email'] }],
  // rows chosen or ordered by a computation on (or an order of) a protected column show it: what they show derives from it
  ["SELECT n FROM generate_series(1, 9) n, customers c WHERE substr(c.email, n, 1) = 'a'", { read: ['customers.email'], filtered: ['customers.email'], compared: ['customers.email'], derived: ['customers.email'] }],
  ['SELECT email FROM customers ORDER BY email', { read: ['customers.email'], ordered: ['customers.email'], derived: ['customers.email'] }],
  ["SELECT email FROM customers WHERE email = 'a' ORDER BY id", { read: ['customers.email'], filtered: ['customers.email'] }],
  ['SELECT email, count(*) FROM customers GROUP BY email', { read: ['customers.email'], grouped: ['customers.email'] }],
  ['SELECT count(*) FROM customers GROUP BY left(phone, 3)', { read: ['customers.phone'], compared: ['customers.phone'], derived: ['customers.phone'] }],
  // grouping sets group by their keys like a plain GROUP BY: a bare column groups, a computed key searches
  ['SELECT email, count(*) FROM customers GROUP BY GROUPING SETS ((email), ())', { read: ['customers.email'], grouped: ['customers.email'] }],
  ['SELECT count(*) FROM customers GROUP BY ROLLUP (left(phone, 3))', { read: ['customers.phone'], compared: ['customers.phone'], derived: ['customers.phone'] }],
  ['SELECT c.id FROM customers c JOIN accounts a ON a.email = c.email', { read: ['accounts.email', 'customers.email'], filtered: ['accounts.email', 'customers.email'], joined: ['accounts.email', 'customers.email'] }],
  // IN a subquery joins like ON when both sides are columns as they are; a computed side searches
  ['SELECT c.id FROM customers c WHERE c.email IN (SELECT a.email FROM accounts a)', { read: ['accounts.email', 'customers.email'], filtered: ['accounts.email', 'customers.email'], joined: ['accounts.email', 'customers.email'] }],
  ['SELECT c.id FROM customers c WHERE lower(c.email) IN (SELECT a.email FROM accounts a)', { read: ['accounts.email', 'customers.email'], filtered: ['accounts.email', 'customers.email'], compared: ['accounts.email', 'customers.email'], derived: ['accounts.email', 'customers.email'] }],
  ['SELECT c.id FROM customers c WHERE c.email = ANY (SELECT lower(a.email) FROM accounts a)', { read: ['accounts.email', 'customers.email'], filtered: ['accounts.email', 'customers.email'], compared: ['accounts.email', 'customers.email'], derived: ['accounts.email', 'customers.email'] }],
  // USING and NATURAL join like ON: columns as they are join, a side of candidates searches
  ['SELECT c.id FROM customers c JOIN accounts a USING (email)', { read: [], joined: ['accounts.email', 'customers.email'] }],
  ["SELECT g.n FROM customers c JOIN (SELECT n, 'x' || n AS email FROM generate_series(1, 9) n) g USING (email)", { compared: ['customers.email'], derived: ['customers.email'] }],
  ['SELECT g.n FROM customers c NATURAL JOIN (SELECT 1 AS n) g', { compared: ['customers.*'], derived: ['customers.*'] }],
  ["EXPLAIN SELECT 1 FROM customers WHERE email > 'm'", { read: ['customers.email'], filtered: ['customers.email'], compared: ['customers.email'], explained: ['customers.email'], derived: ['customers.email'] }],
  ["EXPLAIN SELECT 1 FROM customers WHERE email = 'a'", { read: ['customers.email'], filtered: ['customers.email'], explained: ['customers.email'] }],
  ['INSERT INTO notes (body) SELECT phone FROM customers', { read: ['customers.phone'], copied: ['customers.phone'] }],
  // COPY to a file or a program moves rows where no rule follows them: what it writes and what chose its rows are copied, as an INSERT's are
  ["COPY (SELECT reverse(email) FROM customers WHERE phone LIKE '4%') TO '/tmp/x'", { read: ['customers.email', 'customers.phone'], filtered: ['customers.phone'], compared: ['customers.email', 'customers.phone'], copied: ['customers.email', 'customers.phone'], derived: ['customers.email', 'customers.phone'] }],
  ["COPY (SELECT email FROM customers) TO '/tmp/x'", { read: ['customers.email'], copied: ['customers.email'] }],
  ["COPY (SELECT id FROM customers WHERE card_number LIKE '4%') TO PROGRAM 'cat > /tmp/x'", { read: ['customers.card_number'], filtered: ['customers.card_number'], compared: ['customers.card_number'], copied: ['customers.card_number'], derived: ['customers.card_number'] }],
  // (columns not known before the catalog is read: any value at all)
  ["COPY customers TO '/tmp/x'", { read: ['customers.*'], copied: ['*', 'customers.*'] }],
  ["COPY customers (id, phone) TO PROGRAM 'cat'", { read: ['customers.phone'], copied: ['customers.phone'] }],
  // decoys: unprotected columns out, and rows in from a file
  ["COPY (SELECT id, city FROM customers) TO '/tmp/x'", {}],
  ["COPY customers (id, city) TO '/tmp/x'", {}],
  ["COPY customers FROM '/tmp/x'", {}],
  ['WITH x AS (SELECT card_number AS k FROM customers) SELECT k FROM x', { read: ['customers.card_number'] }],
  ['SELECT s.k || \'\' FROM (SELECT card_number AS k FROM customers) s', { read: ['customers.card_number'], compared: ['customers.card_number'], derived: ['customers.card_number'] }],
  ['SELECT row_to_json(c) FROM customers c', { read: ['customers.*'], compared: ['customers.*'], derived: ['customers.*'] }],
  ['SELECT my_function(id) FROM customers', { compared: ['*'], derived: ['*'] }],
  ['SELECT 1 / (ascii(substr(card_number, 1, 1)) - 52) FROM customers', { read: ['customers.card_number'], compared: ['customers.card_number'], derived: ['customers.card_number'] }],
  ['SELECT CASE WHEN email LIKE \'a%\' THEN 1/0 END FROM customers', { read: ['customers.email'], compared: ['customers.email'], derived: ['customers.email'] }],
  // an aggregate's FILTER and ORDER BY, and a window, are part of what it computes
  ["SELECT count(*) FILTER (WHERE email LIKE 'a%') FROM customers", { read: ['customers.email'], compared: ['customers.email'], derived: ['customers.email'] }],
  ["SELECT string_agg(id::text, ',' ORDER BY email) FROM customers", { read: ['customers.email'], compared: ['customers.email'], derived: ['customers.email'] }],
  ['SELECT rank() OVER (ORDER BY email) FROM customers', { read: ['customers.email'], compared: ['customers.email'], ordered: ['customers.email'], derived: ['customers.email'] }],
  // count of anything but one argument is no count of values (a user's count(text, int))
  ['SELECT count(email, 1) FROM customers', { read: ['customers.email'], compared: ['customers.email'], derived: ['customers.email'] }],
  // an operator that is no built-in, or named in a schema other than pg_catalog, is user code: it reads what it is given and may answer anything
  ["SELECT id FROM customers WHERE email <<=> 'a'", { read: ['customers.email'], filtered: ['*'], compared: ['*'], derived: ['*'] }],
  ["SELECT id FROM customers WHERE email OPERATOR(public.=) 'a'", { read: ['customers.email'], filtered: ['*'], compared: ['*'], derived: ['*'] }],
  ['SELECT id FROM customers WHERE my_function(email) IS NULL', { read: ['customers.email'], filtered: ['*'], compared: ['*'], derived: ['*'] }],
  ['VALUES (generate_series(1, 3))', {}],
  // built-ins that read by name or run SQL text, and those that show other sessions' statements: anything
  ["SELECT query_to_xml('SELECT email FROM customers', true, true, '')", { compared: ['*'], derived: ['*'] }],
  ['SELECT pg_stat_get_activity(NULL)', { compared: ['*'], derived: ['*'] }],
];

describe('protected-column facts', () => {
  before(() => postgresPack.init?.());

  for (const [sql, want] of CASES) {
    it(sql, () => {
      const facts = postgresPack.classify('postgres_query', { connection: 'shop', sql }, { protection: DEFAULT_PROTECTION }).facts.sql as SqlFacts;
      for (const [use, have] of Object.entries(facts.protected)) {
        assert.deepEqual(have, [...((want as Record<string, string[]>)[use] ?? [])].sort(), `${use} of ${sql}`);
      }
    });
  }

  it('counts COPY to a file or a program as copying what it writes and what chose its rows, and COPY of plain columns or into a table as no copy', () => {
    const copied = (sql: string) => (postgresPack.classify('postgres_query', { connection: 'shop', sql }, { protection: DEFAULT_PROTECTION }).facts.sql as SqlFacts).protected.copied;
    assert.deepEqual(copied("COPY (SELECT email FROM customers) TO '/tmp/x'"), ['customers.email']);
    assert.deepEqual(copied("COPY customers (id, phone) TO PROGRAM 'cat'"), ['customers.phone']);
    assert.deepEqual(copied("COPY (SELECT id FROM customers WHERE card_number LIKE '4%') TO PROGRAM 'cat > /tmp/x'"), ['customers.card_number']);
    for (const sql of ["COPY customers (id, city) TO '/tmp/x'", "COPY customers FROM '/tmp/x'"]) assert.deepEqual(copied(sql), [], sql);
  });

  it('sees the columns of a write\'s own table: a copy into a plain column, a search in a DELETE, what RETURNING computes', () => {
    const used = (sql: string) => (postgresPack.classify('postgres_query', { connection: 'shop', sql }, { protection: DEFAULT_PROTECTION }).facts.sql as SqlFacts).protected;
    assert.deepEqual(used('UPDATE customers SET city = email WHERE id = 2').copied, ['customers.email']);
    assert.deepEqual(used('UPDATE customers c SET city = c.phone').copied, ['customers.phone']);
    assert.deepEqual(used("DELETE FROM customers WHERE email LIKE 'a%'").compared, ['customers.email']);
    assert.deepEqual(used("UPDATE customers SET city = 'x' WHERE card_number > '4'").compared, ['customers.card_number']);
    assert.deepEqual(used("UPDATE customers SET city = 'x' WHERE id = 1 RETURNING upper(email)").derived, ['customers.email'], 'RETURNING is an output like a select list');
    assert.deepEqual(used("DELETE FROM customers WHERE card_number LIKE '4%' RETURNING id").derived, ['customers.card_number'], 'the rows RETURNING shows were chosen by a search');
    // An INSERT's query does not see the table it inserts into.
    assert.deepEqual(used('INSERT INTO notes (email) SELECT name FROM people').read, []);
  });

  it('sees a built-in that keeps what it is given for a later call or another session as a copy', () => {
    const used = (sql: string) => (postgresPack.classify('postgres_query', { connection: 'shop', sql }, { protection: DEFAULT_PROTECTION }).facts.sql as SqlFacts).protected;
    // A sequence keeps its value (through a rollback too), a large object its bytes; notifications and logical messages go to other sessions.
    for (const sql of [
      "SELECT setval('s', ascii(substr(email, 1, 1))) FROM customers WHERE id = 1",
      'SELECT pg_catalog.setval(\'s\', length(phone), true) FROM customers',
      "SELECT lo_from_bytea(0, convert_to(card_number, 'UTF8')) FROM customers",
      "SELECT lo_put(1234, 0, convert_to(email, 'UTF8')) FROM customers",
      "SELECT lowrite(lo_open(1234, 131072), convert_to(email, 'UTF8')) FROM customers",
      "SELECT pg_notify('ch', email) FROM customers",
      "SELECT pg_logical_emit_message(true, 'p', phone) FROM customers",
      "SELECT id FROM customers WHERE pg_notify('ch', card_number) IS NULL",
    ]) {
      assert.notDeepEqual(used(sql).copied, [], sql);
    }
    assert.deepEqual(used("SELECT setval('s', 42), pg_notify('ch', 'plain'), email FROM customers").copied, [], 'what the call writes itself is no copy');
  });

  it('names nothing as protected when no profile protects a column', () => {
    const none = { column: () => false, table: () => false, any: false };
    const facts = postgresPack.classify('postgres_query', { connection: 'shop', sql: "SELECT reverse(email) FROM customers WHERE card_number LIKE '4%'" }, { protection: none }).facts.sql as SqlFacts;
    assert.ok(Object.values(facts.protected).every((list) => list.length === 0));
  });
});
