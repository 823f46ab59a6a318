// Deep nesting of every kind of node, with something dangerous at the deepest point. Each text is
// either read whole, so the danger at the bottom is seen, or refused by the nesting guard with its
// error; never a crash, a stack overflow, a walk that stops early, or a parser left broken.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyzeCall } from '../../tools/postgres/call-analysis.ts';
import { classifySql, initSqlParser, SQL_LIMITS, type SqlFacts } from '../../tools/postgres/classify/index.ts';

before(() => initSqlParser());

const KILL = 'pg_terminate_backend(1)';
const WRITE = 'UPDATE t SET a = 1';
const DEPTHS = [40, 300, 990, 1_500, 6_000];
/** What the guards say when they refuse: depth of the tree or of code in code, size, statements. */
const GUARD = /nested too deeply to classify safely|code is nested in code more than \d+ levels deep|longer than \d+ characters|more than \d+ statements|more than \d+ parse-tree nodes/;
// Generous: a loaded machine is slow; a hang or a quadratic walk is far slower.
const SECONDS = 30;

const times = (n: number, piece: string) => piece.repeat(n);

type Bottom = 'kill' | 'write';

interface Case {
  kind: string;
  bottom: Bottom;
  sql: (n: number) => string;
  /** Long but not deep (AND is flattened, CTEs are siblings): read at any length the limits allow. */
  flat?: true;
}

/** Nests `n` times: open + inner + close, innermost `bottom`. */
const wrap = (open: string, close: string, bottom: string) => (n: number) => times(n, open) + bottom + times(n, close);

/** PL/pgSQL blocks nested n deep around `inner`, in a DO block. */
const doBlock = (open: string, close: string, inner: string) => (n: number) => `DO $do$ BEGIN ${times(n, open)} ${inner}; ${times(n, close)} END $do$`;

/** EXECUTE of a DO block n times, each with its own dollar-quote tag (the text grows linearly). */
function nestedExecute(n: number, inner: string): string {
  let sql = inner;
  for (let i = n; i >= 1; i--) sql = `DO $e${i}$ BEGIN EXECUTE $s${i}$${sql}$s${i}$; END $e${i}$`;
  return sql;
}

const CASES: Case[] = [
  { kind: 'scalar subqueries', bottom: 'kill', sql: (n) => `SELECT ${wrap('(SELECT ', ')', KILL)(n)}` },
  { kind: 'FROM subqueries', bottom: 'kill', sql: (n) => `SELECT * FROM ${times(n, '(SELECT * FROM ')}(SELECT ${KILL}) s${times(n, ') s')}` },
  { kind: 'EXISTS subqueries', bottom: 'kill', sql: (n) => `SELECT ${times(n, 'EXISTS (SELECT 1 WHERE ')}${KILL} IS NULL${times(n, ')')}` },
  { kind: 'IN subqueries', bottom: 'kill', sql: (n) => `SELECT 1 WHERE 1 IN ${times(n, '(SELECT 1 WHERE 1 IN ')}(SELECT ${KILL})${times(n, ')')}` },
  { kind: 'parentheses', bottom: 'kill', sql: (n) => `SELECT ${wrap('(', ')', KILL)(n)}` },
  { kind: 'CASE', bottom: 'kill', sql: (n) => `SELECT ${wrap('CASE WHEN true THEN ', ' END', KILL)(n)}` },
  { kind: 'CASE in ELSE', bottom: 'kill', sql: (n) => `SELECT ${wrap('CASE WHEN false THEN 1 ELSE ', ' END', KILL)(n)}` },
  { kind: 'ARRAY constructors', bottom: 'kill', sql: (n) => `SELECT ${wrap('ARRAY[', ']', KILL)(n)}` },
  { kind: 'subscripts', bottom: 'kill', sql: (n) => `SELECT (ARRAY[${KILL}])${times(n, '[1]')}`, flat: true },
  { kind: 'ROW constructors', bottom: 'kill', sql: (n) => `SELECT ${wrap('ROW(', ')', KILL)(n)}` },
  { kind: 'function arguments', bottom: 'kill', sql: (n) => `SELECT ${wrap('coalesce(', ')', KILL)(n)}` },
  { kind: 'function arguments after a comma', bottom: 'kill', sql: (n) => `SELECT ${wrap('greatest(1, ', ')', KILL)(n)}` },
  { kind: 'NOT chain', bottom: 'kill', sql: (n) => `SELECT ${times(n, 'NOT ')}(${KILL} IS NULL)` },
  { kind: 'unary minus chain', bottom: 'kill', sql: (n) => `SELECT ${times(n, '- ')}${KILL}::int` },
  { kind: 'AND/OR alternating in parentheses', bottom: 'kill', sql: (n) => `SELECT ${times(n, 'true AND (false OR (')}${KILL} IS NULL${times(n, '))')}` },
  { kind: 'long AND chain', bottom: 'kill', sql: (n) => `SELECT 1 WHERE ${times(n, 'true AND ')}${KILL} IS NULL`, flat: true },
  // Each + follows an END: only IF, LOOP and CASE there close the block with it, an operator adds its level.
  { kind: 'CASE expressions chained by +', bottom: 'kill', sql: (n) => `SELECT ${KILL}::int${times(n, ' + CASE WHEN true THEN 1 END')}` },
  { kind: 'concatenation chain', bottom: 'kill', sql: (n) => `SELECT ${times(n, "'a' || ")}${KILL}::text` },
  { kind: 'JSON -> chain', bottom: 'kill', sql: (n) => `SELECT to_jsonb(${KILL})${times(n, " -> 'a'")}` },
  { kind: 'JSON #> chain in parentheses', bottom: 'kill', sql: (n) => `SELECT ${times(n, '(')}to_jsonb(${KILL})${times(n, " #> '{a}')")}` },
  { kind: 'type cast chain', bottom: 'kill', sql: (n) => `SELECT ${KILL}${times(n, '::int')}` },
  { kind: 'COLLATE chain', bottom: 'kill', sql: (n) => `SELECT ${KILL}::text${times(n, ' COLLATE "C"')}` },
  { kind: 'IS NULL chain', bottom: 'kill', sql: (n) => `SELECT ${KILL}${times(n, ' IS NULL')}` },
  { kind: 'UNION chain', bottom: 'kill', sql: (n) => `${times(n, 'SELECT 1 UNION ')}SELECT ${KILL}` },
  { kind: 'JOIN chain', bottom: 'kill', sql: (n) => `SELECT * FROM t0${times(n, ' JOIN t0 ON true')} JOIN (SELECT ${KILL}) k ON true` },
  { kind: 'nested CTEs', bottom: 'kill', sql: (n) => `${times(n, 'WITH c AS (')}SELECT ${KILL}${times(n, ') SELECT * FROM c')}` },
  { kind: 'CTE chain', bottom: 'write', sql: (n) => `WITH ${Array.from({ length: n }, (_, i) => `c${i} AS (SELECT 1)`).join(', ')}, w AS (${WRITE} RETURNING 1) SELECT 1`, flat: true },
  { kind: 'CTE in subqueries with a write', bottom: 'write', sql: (n) => `WITH w AS (${WRITE} RETURNING a) SELECT ${wrap('(SELECT ', ')', '(SELECT a FROM w)')(n)}` },
  { kind: 'EXPLAIN ANALYZE over parentheses', bottom: 'kill', sql: (n) => `EXPLAIN ANALYZE SELECT ${wrap('(', ')', KILL)(n)}` },
  { kind: 'DO: nested BEGIN blocks', bottom: 'write', sql: doBlock('BEGIN ', 'END; ', WRITE) },
  { kind: 'DO: nested IF', bottom: 'write', sql: doBlock('IF true THEN ', 'END IF; ', WRITE) },
  { kind: 'DO: nested LOOP', bottom: 'write', sql: doBlock('LOOP ', 'EXIT; END LOOP; ', WRITE) },
  { kind: 'DO: nested FOR loops', bottom: 'write', sql: doBlock('FOR i IN 1..2 LOOP ', 'END LOOP; ', WRITE) },
  { kind: 'DO: nested WHILE loops', bottom: 'write', sql: doBlock('WHILE true LOOP ', 'END LOOP; ', WRITE) },
  { kind: 'DO: nested CASE statements', bottom: 'write', sql: doBlock('CASE WHEN true THEN ', 'END CASE; ', WRITE) },
  { kind: 'DO: nested labelled blocks', bottom: 'write', sql: doBlock('<<b>> DECLARE x int; BEGIN ', 'END b; ', WRITE) },
  { kind: 'DO: nested EXCEPTION blocks', bottom: 'write', sql: doBlock('BEGIN ', 'EXCEPTION WHEN others THEN NULL; END; ', WRITE) },
  { kind: 'DO: PERFORM of parentheses', bottom: 'kill', sql: (n) => `DO $do$ BEGIN PERFORM ${wrap('(', ')', KILL)(n)}; END $do$` },
  { kind: 'DO: IF condition in parentheses', bottom: 'kill', sql: (n) => `DO $do$ BEGIN IF ${wrap('(', ')', `${KILL} IS NULL`)(n)} THEN NULL; END IF; END $do$` },
  { kind: 'DO: assignment of nested CASE', bottom: 'kill', sql: (n) => `DO $do$ DECLARE x bool; BEGIN x := ${wrap('CASE WHEN true THEN ', ' END', KILL)(n)}; END $do$` },
  { kind: 'DO: EXECUTE of a literal in parentheses', bottom: 'kill', sql: (n) => `DO $do$ BEGIN EXECUTE 'SELECT ${wrap('(', ')', KILL)(n)}'; END $do$` },
  { kind: 'SQL function body of subqueries', bottom: 'kill', sql: (n) => `CREATE FUNCTION f() RETURNS bool LANGUAGE sql AS $f$ SELECT ${wrap('(SELECT ', ')', KILL)(n)} $f$` },
  { kind: 'BEGIN ATOMIC body of parentheses', bottom: 'kill', sql: (n) => `CREATE FUNCTION f() RETURNS bool LANGUAGE sql BEGIN ATOMIC SELECT ${wrap('(', ')', KILL)(n)}; END` },
  { kind: 'query_to_xml of parentheses', bottom: 'kill', sql: (n) => `SELECT query_to_xml('SELECT ${wrap('(', ')', KILL)(n)}', true, true, '')` },
];

/** Code in code: nested EXECUTE strings and DO blocks. */
const CODE_DEPTHS = [1, 4, 8, 9, 30, 300];
const CODE_CASES: Case[] = [
  { kind: 'nested EXECUTE of DO blocks', bottom: 'kill', sql: (n) => nestedExecute(n, `SELECT ${KILL}`) },
  { kind: 'nested EXECUTE of DO blocks with a write', bottom: 'write', sql: (n) => nestedExecute(n, WRITE) },
  {
    kind: 'nested query_to_xml',
    bottom: 'kill',
    sql: (n) => {
      let sql = `SELECT ${KILL}`;
      for (let i = n; i >= 1; i--) sql = `SELECT query_to_xml($q${i}$${sql}$q${i}$, true, true, '')`;
      return sql;
    },
  },
];

function seesBottom(facts: SqlFacts, bottom: Bottom): boolean {
  if (bottom === 'kill') return facts.danger.backendKill && facts.dangerousFunctions.includes('pg_terminate_backend');
  return facts.writes && facts.writtenTables.includes('t');
}

function check(c: Case, n: number, deepest: number): void {
  const sql = c.sql(n);
  const started = performance.now();
  const analysis = analyzeCall('postgres_query', { sql });
  const seconds = (performance.now() - started) / 1000;
  assert.ok(seconds < SECONDS, `took ${seconds.toFixed(1)} s`);
  const { facts } = analysis;
  assert.equal(facts.readOnly, false);
  if (!c.flat && n > deepest) assert.equal(facts.parsed, false, `${n} deep is past the limit of ${deepest}, yet it was read`);
  if (facts.parsed) {
    assert.ok(seesBottom(facts, c.bottom), `read, but the ${c.bottom} at depth ${n} was missed: ${JSON.stringify({ danger: facts.danger, notes: facts.notes, written: facts.writtenTables })}`);
  } else {
    assert.match(facts.error, GUARD, `refused, but not by the guard: ${facts.error}`);
    assert.equal(facts.writes, true);
  }
  // The parser survived: a plain statement still reads.
  assert.equal(classifySql(`SELECT ${n}`).parsed, true);
}

describe('deep nesting of every kind: read whole or refused by the guard', () => {
  for (const c of CASES) {
    for (const n of DEPTHS) it(`${c.kind}, ${n} deep`, () => check(c, n, SQL_LIMITS.maxNesting));
  }
  for (const c of CODE_CASES) {
    for (const n of CODE_DEPTHS) it(`${c.kind}, ${n} deep`, () => check(c, n, SQL_LIMITS.maxCodeDepth));
  }

  it('reads shallow nesting of every kind, so the guard is not simply refusing all', () => {
    for (const c of CASES) {
      const facts = classifySql(c.sql(DEPTHS[0] as number));
      assert.equal(facts.parsed, true, `${c.kind}: ${facts.error}`);
      assert.ok(seesBottom(facts, c.bottom), c.kind);
    }
  });
});
