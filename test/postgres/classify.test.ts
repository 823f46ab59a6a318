// The SQL classifier: the documented corpus (sql-corpus.yaml) and the properties of the public API
// that a corpus cannot show (limits, odd characters, the parser surviving hostile input).
import assert from 'node:assert/strict';
import { SUMMARY_MAX } from '../../src/render/characters.ts';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { FactCollector } from '../../tools/postgres/classify/collector.ts';
import { classifySql, DANGER_FLAGS, initSqlParser, SQL_LIMITS, SqlFactsSchema, sqlGrantShape, summarizeSql, type SqlFacts } from '../../tools/postgres/classify/index.ts';
import { SqlLimitError } from '../../tools/postgres/classify/limits.ts';
import { parseSql } from '../../tools/postgres/classify/parser.ts';
import { combineRules } from '../../tools/postgres/classify/statement-rules.ts';
import type { RuleContext, Scope } from '../../tools/postgres/classify/walk-types.ts';

const CorpusCase = z.object({
  sql: z.string(),
  expect: z.record(z.string(), z.unknown()),
  note: z.string().min(1),
});
const corpus = z.array(CorpusCase).parse(parseYaml(readFileSync(new URL('./sql-corpus.yaml', import.meta.url), 'utf8')));

/** Keys a case may use besides fact names. */
const SPECIAL_KEYS = new Set(['dangers', 'errorMatches']);

const sorted = (list: unknown) => (Array.isArray(list) ? [...list].map(String).sort() : list);

/** Every way `facts` differs from `expect`, as readable lines; empty when they agree. */
function differences(facts: SqlFacts, expect: Record<string, unknown>): string[] {
  const out: string[] = [];
  const record = facts as unknown as Record<string, unknown>;
  for (const [key, want] of Object.entries(expect)) {
    if (key === 'dangers') {
      const have = DANGER_FLAGS.filter((f) => facts.danger[f]);
      if (JSON.stringify(sorted(have)) !== JSON.stringify(sorted(want))) out.push(`dangers: want ${JSON.stringify(want)}, have ${JSON.stringify(have)}`);
    } else if (key === 'errorMatches') {
      if (!new RegExp(String(want)).test(facts.error)) out.push(`error: want /${String(want)}/, have ${JSON.stringify(facts.error)}`);
    } else if (key === 'danger') {
      for (const [flag, value] of Object.entries(want as Record<string, unknown>)) {
        if (!(flag in facts.danger)) out.push(`danger.${flag}: no such flag`);
        else if (facts.danger[flag as keyof SqlFacts['danger']] !== value) out.push(`danger.${flag}: want ${String(value)}`);
      }
    } else if (key === 'statements') {
      out.push(...statementDifferences(facts, want as Array<Record<string, unknown>>));
    } else if (!(key in record)) {
      out.push(`${key}: no such fact`);
    } else if (JSON.stringify(sorted(record[key])) !== JSON.stringify(sorted(want))) {
      out.push(`${key}: want ${JSON.stringify(want)}, have ${JSON.stringify(record[key])}`);
    }
  }
  return out;
}

function statementDifferences(facts: SqlFacts, want: Array<Record<string, unknown>>): string[] {
  if (facts.statements.length !== want.length) return [`statements: want ${want.length}, have ${JSON.stringify(facts.statements)}`];
  const out: string[] = [];
  want.forEach((partial, i) => {
    const have = facts.statements[i] as unknown as Record<string, unknown>;
    for (const [key, value] of Object.entries(partial)) {
      if (JSON.stringify(sorted(have[key])) !== JSON.stringify(sorted(value))) out.push(`statements[${i}].${key}: want ${JSON.stringify(value)}, have ${JSON.stringify(have[key])}`);
    }
  });
  return out;
}

before(() => initSqlParser());

describe('SQL corpus', () => {
  it('has at least 160 documented cases', () => {
    assert.ok(corpus.length >= 160, `only ${corpus.length} cases`);
  });

  it('covers every fact, every danger flag, and only real fact names', () => {
    const facts = new Set(Object.keys(SqlFactsSchema.shape));
    const used = new Set(corpus.flatMap((c) => Object.keys(c.expect)));
    for (const key of used) assert.ok(facts.has(key) || SPECIAL_KEYS.has(key), `unknown expectation key ${key}`);
    for (const fact of facts) {
      if (fact === 'notes') continue; // free text for people, not a policy input
      if (fact === 'protected') continue; // filled by the pack from lineage: test/lineage/facts.test.ts
      assert.ok(used.has(fact) || (fact === 'danger' && used.has('dangers')), `no case checks ${fact}`);
    }
    const raised = new Set(corpus.flatMap((c) => [
      ...((c.expect.dangers as string[] | undefined) ?? []),
      ...Object.entries((c.expect.danger as Record<string, boolean> | undefined) ?? {}).filter(([, v]) => v).map(([k]) => k),
    ]));
    for (const flag of DANGER_FLAGS) assert.ok(raised.has(flag), `no case expects danger.${flag}`);
  });

  for (const c of corpus) {
    it(`${c.note}: ${c.sql.replace(/\s+/g, ' ').slice(0, 70)}`, () => {
      const facts = classifySql(c.sql);
      assert.deepEqual(differences(facts, c.expect), [], JSON.stringify(facts));
    });
  }
});

describe('classifySql', () => {
  it('returns facts that satisfy the declared schema, for reads, writes and failures alike', () => {
    for (const sql of ['SELECT 1', 'DROP TABLE t', 'SELEC', 'DO $$ BEGIN EXECUTE x; END $$', '']) {
      const result = SqlFactsSchema.safeParse(classifySql(sql));
      assert.ok(result.success, `${sql}: ${result.success ? '' : result.error.message}`);
    }
  });

  it('fails closed when it cannot read: not read-only, writes, opaque', () => {
    const facts = classifySql('SELECT * FROM');
    assert.equal(facts.parsed, false);
    assert.equal(facts.readOnly, false);
    assert.equal(facts.writes, true);
    assert.equal(facts.danger.opaqueCode, true);
    assert.ok(facts.error.length > 0);
  });

  it('refuses a NUL character, which would end the text early for the C parser', () => {
    const facts = classifySql('SELECT 1\u0000; DROP TABLE t');
    assert.equal(facts.parsed, false);
    assert.equal(facts.errorPosition, 8);
    assert.match(facts.error, /NUL/);
  });

  it('refuses an unpaired surrogate but reads well-formed astral characters', () => {
    assert.equal(classifySql('SELECT \ud800 1').parsed, false);
    const astral = classifySql("SELECT '😀' +");
    assert.equal(astral.parsed, false);
    assert.equal(astral.errorPosition, 'SELECT \'😀\' +'.length, 'the position is a JavaScript string index');
    assert.equal(classifySql("SELECT '😀'").readOnly, true);
  });

  it('refuses 10 MB of SQL at once, without parsing it', () => {
    const huge = `SELECT 1 -- ${'x'.repeat(10_000_000)}`;
    const facts = classifySql(huge);
    assert.equal(facts.parsed, false);
    // The length check's own message: the parser never saw the text.
    assert.match(facts.error, /longer than/);
  });

  it('reads a long flat statement under the size limit', () => {
    const rows = Array.from({ length: 3000 }, (_, i) => `(${i}, 'name ${i}')`).join(', ');
    const facts = classifySql(`INSERT INTO t (id, name) VALUES ${rows}`);
    assert.equal(facts.parsed, true);
    assert.deepEqual(facts.writtenTables, ['t']);
  });

  it('refuses deep nesting of every kind and the parser keeps working afterwards', () => {
    // Sizes past where the WebAssembly parser overflows its stack (about 5,000 to 9,000 levels),
    // or past the bound for shapes that would only overflow when larger still.
    const deep: Array<[number, (n: number) => string]> = [
      [12_000, (n) => `SELECT 1${' + 1'.repeat(n)}`],
      [12_000, (n) => `SELECT 'a'${' COLLATE "C"'.repeat(n)}`],
      [12_000, (n) => `SELECT 1, 2${' UNION SELECT 1, 2'.repeat(n)}`],
      [12_000, (n) => `SELECT 1 FROM a${' JOIN a ON x AND y'.repeat(n)}`],
      [3_000, (n) => `SELECT ${'('.repeat(n)}1${')'.repeat(n)}`],
      [3_000, (n) => `SELECT ${'(SELECT '.repeat(n)}1${')'.repeat(n)}`],
      [3_000, (n) => `SELECT ${'CASE WHEN true THEN '.repeat(n)}1${' END'.repeat(n)}`],
      [3_000, (n) => `SELECT ${'ARRAY['.repeat(n)}1${']'.repeat(n)}`],
      [3_000, (n) => `DO $$ BEGIN ${'IF true THEN '.repeat(n)}PERFORM 1; ${'END IF; '.repeat(n)}END $$`],
      [3_000, (n) => `DO $$ BEGIN PERFORM 1${' + 1'.repeat(n)}; END $$`],
    ];
    for (const [n, make] of deep) {
      const facts = classifySql(make(n));
      assert.equal(facts.parsed, false, make(3));
      assert.match(facts.error, /nested too deeply/);
    }
    assert.equal(classifySql('SELECT 42 AS still_working').readOnly, true);
  });

  it('survives the deepest accepted input while the JavaScript stack is already deep', () => {
    // Just under the nesting bound, with the heaviest construct measured (COLLATE chains).
    const sql = `SELECT 'a'${' COLLATE "C"'.repeat(SQL_LIMITS.maxNesting - 10)}`;
    const atDepth = (depth: number): SqlFacts => (depth === 0 ? classifySql(sql) : atDepth(depth - 1));
    assert.equal(atDepth(3000).parsed, true);
    assert.equal(classifySql('SELECT 43').parsed, true);
  });

  it('refuses more statements than the limit, nested ones included', () => {
    const facts = classifySql('SELECT 1;'.repeat(SQL_LIMITS.maxStatements + 1));
    assert.equal(facts.parsed, false);
    assert.match(facts.error, /more than \d+ statements/);
    const nested = classifySql(`DO $$ BEGIN ${'PERFORM 1; '.repeat(SQL_LIMITS.maxStatements)}END $$`);
    assert.equal(nested.parsed, false);
  });

  it('counts parse-tree nodes against a bound (a text that big takes seconds to build, so the counter is tested)', () => {
    const collector = new FactCollector();
    for (let i = 0; i < SQL_LIMITS.maxNodes; i++) collector.countNode();
    assert.throws(() => collector.countNode(), SqlLimitError);
  });

  it('refuses code hidden in code too many times over', () => {
    let sql = 'DELETE FROM t';
    for (let i = 0; i < SQL_LIMITS.maxCodeDepth + 2; i++) sql = `DO $q${i}$ BEGIN EXECUTE $e${i}$${sql}$e${i}$; END $q${i}$`;
    const facts = classifySql(sql);
    assert.equal(facts.parsed, false);
    assert.match(facts.error, /nested in code/);
  });

  it('never throws, even on values that are not strings', () => {
    for (const value of [undefined, null, 42, {}, []]) assert.equal(classifySql(value as unknown as string).parsed, false);
  });

  it('gets a failure of the parser library that is no syntax error back as a value, never a throw', () => {
    // The library throws a plain Error (no cursor) for faults such as a value it cannot copy in.
    const outcome = parseSql(new String('SELECT 1') as unknown as string);
    assert.deepEqual(outcome, { ok: false, error: 'the SQL parser failed: Expected a string, got object', position: -1 });
  });

  it('returns frozen facts, so a caller cannot loosen a shared result', () => {
    const facts = classifySql('SELECT 1');
    assert.throws(() => {
      (facts as { readOnly: boolean }).readOnly = false;
    });
    assert.throws(() => (facts.tables as string[]).push('x'));
  });

  it('notes for the reviewer which code it cannot read, and in which language', () => {
    assert.deepEqual(classifySql('DO LANGUAGE plperl $$ 1; $$').notes, ['a DO block in language plperl cannot be read']);
    assert.deepEqual(classifySql("CREATE FUNCTION f() RETURNS int LANGUAGE plperl AS '1'").notes, ['a function in language plperl cannot be read']);
  });

  it('initSqlParser is idempotent', async () => {
    await Promise.all([initSqlParser(), initSqlParser()]);
    assert.equal(classifySql('SELECT 1').parsed, true);
  });
});

const sqlShape = (sql: string, params?: unknown[]) => sqlGrantShape(sql, params).shape;

describe('statement rule tables', () => {
  const scope = (codeDepth: number): Scope => ({ codeDepth, executes: true, nested: true, ctes: undefined });
  const context = {} as RuleContext;

  it('run every rule a node type has, in order, and merge the field scopes they return', () => {
    const ran: string[] = [];
    const rules = combineRules(
      { ExplainStmt: () => void ran.push('data') },
      { ExplainStmt: () => (ran.push('security'), { query: scope(1) }) },
      { ExplainStmt: () => (ran.push('code'), { options: scope(2) }) },
    );
    assert.deepEqual(rules.ExplainStmt?.({}, context), { query: scope(1), options: scope(2) });
    assert.deepEqual(ran, ['data', 'security', 'code']);
  });

  it('keep the field scopes of the one rule that returns any, first or last', () => {
    const scoped = () => ({ query: scope(1) });
    assert.deepEqual(combineRules({ ExplainStmt: scoped }, { ExplainStmt: () => undefined }).ExplainStmt?.({}, context), { query: scope(1) });
    assert.deepEqual(combineRules({ ExplainStmt: () => undefined }, { ExplainStmt: scoped }).ExplainStmt?.({}, context), { query: scope(1) });
  });
});

describe('sqlGrantShape', () => {
  it('is the same for the same statement with other literals, spacing and case', () => {
    assert.equal(sqlShape('SELECT * FROM t WHERE id = 1'), sqlShape('select *  from t where id = 2'));
  });

  it('differs when the tables differ', () => {
    assert.notEqual(sqlShape('SELECT * FROM t WHERE id = 1'), sqlShape('SELECT * FROM u WHERE id = 1'));
  });

  it('differs when a literal changes what policy sees (set_config of another setting)', () => {
    assert.notEqual(sqlShape("SELECT set_config('work_mem', '1MB', false)"), sqlShape("SELECT set_config('role', 'postgres', false)"));
  });

  it('lets only scalar values vary: what equals a column, what an UPDATE sets, what an INSERT adds', () => {
    for (const [a, b] of [
      ['DELETE FROM orders WHERE id = 5', 'DELETE FROM orders WHERE id = 6'],
      ['DELETE FROM orders WHERE 5 = id', 'delete from orders where 77 = id'],
      ["UPDATE orders SET status = 'paid' WHERE id = 2", "UPDATE orders SET status = 'void' WHERE id = 3"],
      ["UPDATE orders SET status = 'paid'::text WHERE id = '2'::int", "UPDATE orders SET status = 'x'::text WHERE id = '9'::int"],
      ['INSERT INTO orders (customer_id, total) VALUES (1, 10)', 'INSERT INTO orders (customer_id, total) VALUES (2, 99.5)'],
    ]) assert.equal(sqlShape(a as string), sqlShape(b as string), `${a} / ${b}`);
    assert.equal(sqlShape('DELETE FROM orders WHERE id = $1', [5]), sqlShape('DELETE FROM orders WHERE id = $1', [6]));
  });

  it('keeps operators, lists, ranges, limits, functions and the values of other parameters', () => {
    const approved = 'DELETE FROM orders WHERE id = 5';
    for (const wider of [
      "DELETE FROM orders WHERE id = ANY('{1,2,3,4,5,6}')",
      'DELETE FROM orders WHERE id IN (5, 6)',
      'DELETE FROM orders WHERE id > -1',
      'DELETE FROM orders WHERE id >= 5',
      'DELETE FROM orders WHERE id = 5 OR true',
      'DELETE FROM orders WHERE id = id',
      'DELETE FROM orders WHERE id = abs(-5)',
      'DELETE FROM orders WHERE id = (SELECT 5)',
      'DELETE FROM orders WHERE id <> 5',
      'DELETE FROM orders WHERE id::text = \'5\'',
      // A cast of a column, or a collation on a value, is no plain value even though a value sits inside.
      'DELETE FROM orders WHERE id = customer_id::int',
      'DELETE FROM orders WHERE id = \'5\' COLLATE "C"',
    ]) assert.notEqual(sqlShape(wider), sqlShape(approved), wider);
    assert.notEqual(sqlShape('UPDATE orders SET status = 1 WHERE id > 100000'), sqlShape('UPDATE orders SET status = 1 WHERE id > -1'));
    assert.notEqual(sqlShape('DELETE FROM orders WHERE id IN (1, 2)'), sqlShape('DELETE FROM orders WHERE id IN (1, 3)'));
    assert.notEqual(sqlShape('SELECT * FROM orders LIMIT 1'), sqlShape('SELECT * FROM orders LIMIT 1000'));
    assert.notEqual(sqlShape('DELETE FROM orders WHERE id = ANY($1)', [[5]]), sqlShape('DELETE FROM orders WHERE id = ANY($1)', [[5, 6, 7]]));
    assert.notEqual(sqlShape('DELETE FROM orders WHERE id > $1', [100000]), sqlShape('DELETE FROM orders WHERE id > $1', [-1]));
    assert.notEqual(sqlShape('UPDATE orders SET total = total * 2 WHERE id = 1'), sqlShape('UPDATE orders SET total = total * 3 WHERE id = 1'));
    assert.notEqual(sqlShape('INSERT INTO orders (total) VALUES (1)'), sqlShape('INSERT INTO orders (total) VALUES (1), (2)'));
    assert.notEqual(sqlShape('INSERT INTO orders (total) VALUES (1)'), sqlShape('INSERT INTO orders (total) SELECT total FROM orders'));
    // An inserted value that is not a plain value (a function call, a subquery) is part of the shape,
    // even where the facts are alike: a grant to copy a customer's email copies no card number.
    const copied = (column: string) => sqlShape(`INSERT INTO notes (customer_id, body) VALUES (1, (SELECT ${column} FROM customers WHERE id = 1))`);
    assert.notEqual(copied('card_number'), copied('email'));
    assert.notEqual(sqlShape('INSERT INTO orders (customer_id, total) VALUES (1, pg_terminate_backend(7))'), sqlShape('INSERT INTO orders (customer_id, total) VALUES (1, 10)'));
  });

  it('says in words what may vary under a grant', () => {
    assert.deepEqual(sqlGrantShape("UPDATE orders SET status = 'paid' WHERE id = 2 AND total > 5").varies, ['the value id is compared equal to', 'the value set for status']);
    assert.deepEqual(sqlGrantShape('DELETE FROM orders WHERE id > 5').varies, []);
    // A prefix operator named = has one side: no value is compared with the column.
    assert.deepEqual(sqlGrantShape('DELETE FROM orders WHERE OPERATOR(=) id').varies, []);
  });

  it('falls back to a hash of the text for SQL that does not parse', () => {
    assert.match(sqlShape('SELEC 1'), /^sha256:[0-9a-f]{64}$/);
    assert.notEqual(sqlShape('SELEC 1'), sqlShape('SELEC 2'));
  });
});

describe('summarizeSql', () => {
  it('is one line of at most SUMMARY_MAX characters, facts first', () => {
    const summary = summarizeSql(`DELETE FROM orders\n-- comment\n${'  '.repeat(50)}; SELECT ${'x, '.repeat(SUMMARY_MAX)}1`);
    assert.ok(!summary.includes('\n'));
    assert.ok(summary.length <= SUMMARY_MAX, String(summary.length));
    assert.match(summary, /^\[2 statements, delete\+select, writes, NO WHERE\] DELETE FROM orders ; SELECT/);
    assert.match(summary, /, … \(\d+ more characters\)$/, 'the cut says how much is left out, after a whole word');
  });

  it('never cuts a literal in two, so masking later sees it whole', () => {
    const summary = summarizeSql(`UPDATE orders SET note = 'x' WHERE ${'id > 1 AND '.repeat(88)}note = 'token=abcdefghijklmnopqrstuvwxyz0123456789'`);
    assert.ok(summary.length <= SUMMARY_MAX, String(summary.length));
    assert.doesNotMatch(summary, /'token=[a-z0-9]*(?!')\s/, 'the literal is whole or absent');
    assert.match(summary, / … \(\d+ more characters\)$/);
  });

  it('drops comments, so a comment cannot make a write look like a read', () => {
    assert.equal(summarizeSql('/* harmless read */ DELETE FROM t -- just a read'), '[delete, writes, NO WHERE] DELETE FROM t');
  });

  it('says read-only, writes, or neither: a call that needs the write pool without writing is not called a write', () => {
    assert.equal(summarizeSql('SELECT 1'), '[select, read-only] SELECT 1');
    assert.equal(summarizeSql('UPDATE t SET a = 1 WHERE id = 2'), '[update, writes] UPDATE t SET a = 1 WHERE id = 2');
    assert.equal(summarizeSql('SELECT pg_advisory_lock(1)'), '[select] SELECT pg_advisory_lock(1)');
    assert.equal(summarizeSql('NOTIFY jobs'), '[notify] NOTIFY jobs');
  });

  it('hides password literals and shows invisible characters', () => {
    assert.match(summarizeSql("CREATE ROLE x PASSWORD 'hunter2'"), /PASSWORD '\*\*\*'$/);
    assert.doesNotMatch(summarizeSql("SELECT dblink_connect('host=x password=hunter2')"), /hunter2/);
    assert.match(summarizeSql("SELECT 'a\u202eb'"), /'a�b'/);
    // Variation selectors and fillers draw nothing either, beyond the Basic Multilingual Plane too.
    assert.match(summarizeSql("SELECT 'a\ufe00\u3164\u{e0100}b'"), /'a���b'/);
  });

  it('marks SQL it cannot read', () => {
    assert.match(summarizeSql('SELEC 1'), /^\[unparseable\] SELEC 1$/);
  });
});
