// Properties of the SQL classifier that must hold for any input, checked with generated SQL:
// it never throws; appending a statement never makes a call look safer; comments and keyword case
// never change what it sees.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import { scanSync } from 'libpg-query';
import { parse as parseYaml } from 'yaml';
import { classifySql, DANGER_FLAGS, initSqlParser, SqlFactsSchema, type SqlFacts } from '../../tools/postgres/classify/index.ts';

/** Real statements of every kind: the corpus texts. */
const corpusSql = (parseYaml(readFileSync(new URL('./sql-corpus.yaml', import.meta.url), 'utf8')) as Array<{ sql: string }>).map((c) => c.sql);

const TOKENS = [
  'SELECT', 'FROM', 'WHERE', 'DROP', 'TABLE', 'DELETE', 'UPDATE', 'SET', 'INSERT', 'INTO', 'VALUES', 'WITH', 'AS', 'RETURNING',
  'DO', 'BEGIN', 'END', 'EXECUTE', 'PREPARE', 'COPY', 'PROGRAM', 'ROLE', 'EXPLAIN', 'ANALYZE', 'CASE', 'WHEN', 'THEN', 'OR', 'AND',
  'NOT', 'true', 'NULL', 'UNION', 'JOIN', 'ON', 'LATERAL', 'FOR', 't', 'x', '"x"', 'pg_read_file', 'set_config', 'pg_catalog.',
  '(', ')', '[', ']', ',', ';', '*', '=', '::', 'int', '1', "'x'", "''", "E'\\''", '$$', '$$ a $$', '$q$', '--', '/*', '*/', '\n',
  '"', "'", '\\', 'é', '😀', 'U&', 'LANGUAGE', 'plpgsql', 'plpython3u', 'PERFORM', 'RAISE', 'IF', 'LOOP',
];

const tokenSoup = fc.array(fc.constantFrom(...TOKENS), { maxLength: 40 }).chain((tokens) => fc.constantFrom(tokens.join(' '), tokens.join('')));
const anyUnits = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 200 });
const statement = fc.constantFrom(...corpusSql);
const sqlLike = fc.oneof(statement, tokenSoup);

/** Facts without the fields that may legitimately move: where an error is, and its wording. */
function comparable(facts: SqlFacts): Omit<SqlFacts, 'errorPosition' | 'error'> {
  const { errorPosition: _p, error: _e, ...rest } = facts;
  return rest;
}

/** Flips the case of ASCII letters in unquoted names and keywords, using PostgreSQL's own scanner. */
function flipKeywordCase(sql: string, pattern: boolean[]): string {
  let tokens;
  try {
    tokens = scanSync(sql).tokens;
  } catch {
    return sql;
  }
  const bytes = Buffer.from(sql, 'utf8');
  const parts: Buffer[] = [];
  let at = 0;
  tokens.forEach((token, i) => {
    parts.push(bytes.subarray(at, token.start));
    const text = bytes.subarray(token.start, token.end).toString('utf8');
    const unquotedName = (token.tokenName === 'IDENT' && !text.startsWith('"')) || (token.keywordKind > 0 && token.tokenName !== 'IDENT');
    const flipped = unquotedName ? text.replace(/[a-z]/gi, (c) => (pattern[i % pattern.length] ? c.toUpperCase() : c.toLowerCase())) : text;
    parts.push(Buffer.from(flipped, 'utf8'));
    at = token.end;
  });
  parts.push(bytes.subarray(at));
  return Buffer.concat(parts).toString('utf8');
}

before(() => initSqlParser());

describe('classifySql properties', () => {
  it('never throws and always returns schema-valid facts, for any UTF-16 string', () => {
    fc.assert(
      fc.property(anyUnits, (sql) => {
        const facts = classifySql(sql);
        assert.ok(SqlFactsSchema.safeParse(facts).success);
      }),
      { numRuns: 400 },
    );
  });

  it('never throws on mixes of SQL tokens, and is never read-only with a danger or an unread part', () => {
    fc.assert(
      fc.property(tokenSoup, (sql) => {
        const facts = classifySql(sql);
        assert.ok(SqlFactsSchema.safeParse(facts).success);
        if (facts.readOnly) {
          assert.equal(facts.parsed, true);
          assert.ok(DANGER_FLAGS.every((f) => !facts.danger[f]), sql);
          assert.equal(facts.writes, false);
        }
      }),
      { numRuns: 600 },
    );
  });

  it('appending "; <statement>" never turns a call read-only and never clears a danger flag', () => {
    fc.assert(
      fc.property(sqlLike, statement, (base, extra) => {
        const before = classifySql(base);
        // Text that does not parse can be completed by what follows it ("SELECT $$" + "; SELECT $$"):
        // the property is about adding a statement to SQL, so the base must be readable.
        fc.pre(before.parsed);
        const after = classifySql(`${base}; ${extra}`);
        if (!before.readOnly) assert.equal(after.readOnly, false, `${base}; ${extra}`);
        for (const flag of DANGER_FLAGS) if (before.danger[flag]) assert.equal(after.danger[flag], true, `${flag}: ${base}; ${extra}`);
        if (before.writes) assert.equal(after.writes, true);
        if (before.destructive) assert.equal(after.destructive, true);
      }),
      { numRuns: 500 },
    );
  });

  it('comments around the SQL never change the facts', () => {
    fc.assert(
      fc.property(sqlLike, fc.constantFrom('/* c */ ', '-- c\n', '/* a /* nested */ b */\n'), fc.constantFrom(' /* c */', '\n-- c', '\n'), (sql, head, tail) => {
        assert.deepEqual(comparable(classifySql(`${head}${sql}${tail}`)), comparable(classifySql(sql)), sql);
      }),
      { numRuns: 500 },
    );
  });

  it('the case of keywords and unquoted names never changes the facts', () => {
    fc.assert(
      fc.property(sqlLike, fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }), (sql, pattern) => {
        const flipped = flipKeywordCase(sql, pattern);
        assert.deepEqual(comparable(classifySql(flipped)), comparable(classifySql(sql)), `${sql}\n${flipped}`);
      }),
      { numRuns: 500 },
    );
  });
});
