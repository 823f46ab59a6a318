// The nesting guard's bound from characters alone decides when a long text needs no token scan (a
// 256 KB list of numbers took longer to scan than to parse). It must never fall below the estimate
// from tokens, whatever the text holds: brackets, keywords, operators of several characters, quoted
// names and literals holding any of them, comments, dollar quotes, names in other scripts.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { classifySql, initSqlParser, SQL_LIMITS } from '../../tools/postgres/classify/index.ts';
import { nestingBound, nestingEstimate } from '../../tools/postgres/classify/nesting-guard.ts';
import { scanTokens } from '../../tools/postgres/classify/parser.ts';

before(() => initSqlParser());

const PIECES = [
  '(', ')', '[', ']', ',', ';', ' ', '\n', 'a', 'x1', 'SELECT', 'AND', 'OR', 'CASE', 'WHEN', 'END', 'LOOP', 'IF', 'BEGIN', 'UNION',
  'JOIN', 'ARRAY', '.', '..', '::', '=>', ':=', '+', '-', '*', '/', '=', '<=', '!=', '||', '1', '1.5', '1e5', "'x'", "'(('", '"y"',
  '"SELECT"', '$$z$$', '$$((($$', '/* ( */', '-- (\n', 'é', 'naïve', '$1', "E'\\n'", "U&'x'", '@', '#', '~', '?', '%', '^', '&', '|',
];

/** A small seeded generator (mulberry32), so a failure names a text that can be made again. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function texts(count: number, seed: number): string[] {
  const next = random(seed);
  return Array.from({ length: count }, () => {
    const pieces = Array.from({ length: 20 + Math.floor(next() * 400) }, () => PIECES[Math.floor(next() * PIECES.length)] as string);
    return pieces.join(next() < 0.5 ? '' : ' ');
  });
}

describe('the nesting bound from characters', () => {
  it('is never below the estimate from tokens, for 3,000 texts of brackets, keywords, operators, literals and comments', () => {
    let scanned = 0;
    for (const text of texts(3000, 20261207)) {
      const tokens = scanTokens(text);
      if (!tokens) continue;
      scanned++;
      assert.ok(nestingBound(text, Infinity) >= nestingEstimate(tokens), `bound below estimate for ${JSON.stringify(text)}`);
    }
    assert.ok(scanned > 1000, `only ${scanned} texts could be scanned`);
  });

  it('is never below the estimate from tokens, for 1,000 texts of words alone', () => {
    const words = ['NOT', 'a', 'SELECT', 'CASE', 'WHEN', 'END', 'LOOP', 'IF', 'BEGIN', 'UNION', 'x1', 'AND', 'true'];
    const next = random(1207);
    for (let n = 0; n < 1000; n++) {
      const text = Array.from({ length: 20 + Math.floor(next() * 300) }, () => words[Math.floor(next() * words.length)]).join(' ');
      const tokens = scanTokens(text);
      if (tokens) assert.ok(nestingBound(text, Infinity) >= nestingEstimate(tokens), `bound below estimate for ${JSON.stringify(text)}`);
    }
  });

  it('still refuses a run of words nested deeper than the limit with no bracket', () => {
    const facts = classifySql(`SELECT ${'NOT '.repeat(SQL_LIMITS.maxNesting + 50)}true`);
    assert.equal(facts.parsed, false);
    assert.match(facts.error, /nested too deeply to classify safely/);
  });

  it('keeps a 256 KB list of numbers far under the limit, and the text is read whole', () => {
    const sql = `SELECT id FROM customers WHERE id IN (${Array.from({ length: 100_000 }, (_, i) => i).join(',')})`.slice(0, SQL_LIMITS.maxChars - 1).replace(/,\d*$/, ')');
    assert.ok(nestingBound(sql, SQL_LIMITS.maxNesting) < 10);
    const facts = classifySql(sql);
    assert.equal(facts.parsed, true, facts.error);
    assert.deepEqual(facts.tables, ['customers']);
  });

  // Unscanned, a text with an unterminated literal, name or comment reaches the parser, whose error quotes the rest of the text.
  for (const [kind, opener] of [
    ['quoted string', "'"],
    ['quoted identifier', '"'],
    ['/* comment', '/* '],
    ['dollar-quoted string', '$$'],
  ] as const) {
    it(`refuses an unterminated ${kind} after a long list of numbers with a short error`, () => {
      const facts = classifySql(`SELECT 1 WHERE 1 IN (${'1,'.repeat(2000)}${opener}${'1'.repeat(100_000)}`);
      assert.equal(facts.parsed, false);
      assert.match(facts.error, new RegExp(`^unterminated ${kind.replace('/*', '/\\*')}`));
      assert.ok(facts.error.length <= 201, `${facts.error.length} characters`);
    });
  }

  it('still refuses a long list of numbers nested deeper than the limit', () => {
    const depth = SQL_LIMITS.maxNesting + 50;
    const facts = classifySql(`SELECT ${'('.repeat(depth)}${'1,'.repeat(50_000)}1${')'.repeat(depth)}`);
    assert.equal(facts.parsed, false);
    assert.match(facts.error, /nested too deeply to classify safely/);
  });
});
