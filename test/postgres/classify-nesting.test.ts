// The nesting guard bounds a text's depth from its tokens before the parser sees it. Comments never
// nest, however many stand in a row (generated SQL carries many), nor do the items of a list or of
// an AND or OR chain: such long texts are parsed and classified, not refused as too deep.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { classifySql, initSqlParser, SQL_LIMITS } from '../../tools/postgres/classify/index.ts';

before(() => initSqlParser());

const MANY = SQL_LIMITS.maxNesting + 50;
const repeat = (piece: string, n = MANY) => Array.from({ length: n }, () => piece).join('');
/** MANY conditions, each an operator of its own, joined by `separator`. */
const conditions = (separator: string) => Array.from({ length: MANY }, (_, i) => `a = ${i}`).join(separator);

describe('SQL nesting guard on flat texts', () => {
  const flat: Array<[kind: string, sql: string]> = [
    ['block comments', `SELECT 1 ${repeat('/* c */ ')}`],
    ['line comments', `SELECT 1 ${repeat('-- c\n')}`],
    ['conditions joined by OR', `SELECT 1 FROM t WHERE ${conditions(' OR ')}`],
    ['conditions joined by AND', `SELECT 1 FROM t WHERE ${conditions(' AND ')}`],
    ['items of a list', `SELECT ${conditions(', ')} FROM t`],
  ];
  for (const [kind, sql] of flat) {
    it(`parses ${MANY} ${kind} in a row`, () => {
      assert.ok(sql.length > SQL_LIMITS.fastPathChars, 'long enough to be estimated');
      const facts = classifySql(sql);
      assert.equal(facts.parsed, true, facts.error);
      assert.deepEqual(facts.kinds, ['select']);
    });
  }

  it('still refuses a text nested deeper than the limit', () => {
    const facts = classifySql(`SELECT ${repeat('(')}1${repeat(')')}`);
    assert.equal(facts.parsed, false);
    assert.match(facts.error, /nested too deeply to classify safely/);
  });

  // A comma resets the operators of its frame only: brackets nest however many items each holds.
  for (const [kind, open, close] of [
    ['parenthesized lists', '(1, ', ')'],
    ['array constructors', 'ARRAY[1, ', ']'],
  ] as const) {
    it(`refuses ${kind} nested deeper than the limit, a comma in each`, () => {
      const facts = classifySql(`SELECT ${repeat(open)}1${repeat(close)}`);
      assert.equal(facts.parsed, false);
      assert.match(facts.error, /nested too deeply to classify safely/);
    });
  }

  // Below the limit in depth, but with more than the limit in dots or set operations: neither adds depth.
  const BELOW = SQL_LIMITS.maxNesting - 400;
  it(`parses a chain of ${BELOW} qualified columns added together`, () => {
    const facts = classifySql(`SELECT ${Array.from({ length: BELOW }, () => 's.t.a').join(' + ')} FROM s.t`);
    assert.equal(facts.parsed, true, facts.error);
  });

  it(`parses ${MANY} statements in a row, each a UNION`, () => {
    const facts = classifySql(repeat('SELECT 1 UNION SELECT 2; '));
    assert.equal(facts.parsed, true, facts.error);
    assert.equal(facts.statementCount, MANY);
  });

  it('keeps the dangers of the statements before one nested too deeply, with the limit as the error', () => {
    const facts = classifySql(`SELECT pg_read_file('/etc/passwd'); SELECT ${repeat('(')}1${repeat(')')}`);
    assert.equal(facts.parsed, false);
    assert.match(facts.error, /^the SQL is nested too deeply to classify safely/);
    assert.equal(facts.danger.fileAccess, true);
  });
});

describe('SQL nesting guard on PL/pgSQL loops', () => {
  // LOOP is no SQL keyword: the scanner gives it as a name, and the guard still counts it as a block.
  const loops = (n: number) => `DO $$ BEGIN ${repeat('LOOP ', n)}UPDATE t SET a = 1; ${repeat('EXIT; END LOOP; ', n)}END $$`;

  it('refuses loops nested deeper than the limit', () => {
    const facts = classifySql(loops(MANY));
    assert.equal(facts.parsed, false);
    assert.match(facts.error, /nested too deeply to classify safely/);
  });

  // END IF, END LOOP and END CASE close one block: the word after END opens none.
  for (const [blocks, block] of [
    ['loops', 'LOOP UPDATE t SET a = 1; EXIT; END LOOP; '],
    ['IF statements', 'IF true THEN UPDATE t SET a = 1; END IF; '],
    ['CASE statements', 'CASE WHEN true THEN UPDATE t SET a = 1; END CASE; '],
  ] as const) {
    it(`reads ${blocks} in a row, each closed by END ${block.match(/END (\w+)/)?.[1]}`, () => {
      const facts = classifySql(`DO $$ BEGIN ${repeat(block, MANY)}END $$`);
      assert.equal(facts.parsed, true, facts.error);
      assert.deepEqual(facts.writtenTables, ['t']);
    });
  }

  it('reads loops nested below the limit and sees the write inside', () => {
    const facts = classifySql(loops(SQL_LIMITS.maxNesting - 10));
    assert.equal(facts.parsed, true, facts.error);
    assert.deepEqual(facts.writtenTables, ['t']);
  });

  it('reads a long text holding control characters in a literal and a comment', () => {
    const sql = `SELECT $$a\u001b[2Kb\u0007\b$$ /* \u0001 */, ${repeat("'padding', ", 120)}1 FROM t`;
    assert.ok(sql.length > SQL_LIMITS.fastPathChars, 'long enough to be estimated');
    const facts = classifySql(sql);
    assert.equal(facts.parsed, true, facts.error);
  });

  it('reads a long text with columns named loop', () => {
    const facts = classifySql(`SELECT ${repeat('loop, ', 50)}1 FROM t WHERE ${repeat("x = 'padding' OR ", 60)}true`);
    assert.equal(facts.parsed, true, facts.error);
  });
});
