// One agent sends every bad input we know to a real gatehouse over HTTP (the bad-input SQL of
// bad-input-sql.test.ts, COPY to and from the client, FETCH/EXECUTE of another call's cursors and
// prepared statements, and the whole classifier corpus run for real), while a second agent on the
// same server keeps asking plain questions. Each of the first agent's calls gets a clean answer; the
// second agent gets the right answer every time, throughout; the process never goes down.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { parse as parseYaml } from 'yaml';
import { generateApiKey, hashApiKey } from '../../src/identity/index.ts';
import { ROOT, startGatehouse, type RunningGatehouse } from '../fixtures/gatehouse.ts';
import { createTestDatabase, type TestDatabase } from '../fixtures/postgres.ts';
import { auditedCalls, readVerifiedAudit } from './audit-calls.ts';
import { assertCleanAnswer, assertNoCrash, refusalOf, type CallResult } from './clean-answers.ts';

const MAX_BYTES = 256 * 1024;
const attackerKey = generateApiKey();
const neighbourKey = generateApiKey();

const nestedParens = (depth: number) => `SELECT ${'('.repeat(depth)}1${')'.repeat(depth)}`;
function nestedSubqueries(depth: number): string {
  let sql = 'SELECT 1 AS x';
  for (let i = 0; i < depth; i++) sql = `SELECT x FROM (${sql}) AS s${i}`;
  return sql;
}

/** The SQL of bad-input-sql.test.ts that reaches the pipeline (its 10 MB texts stop at the HTTP body limit). */
const BAD_INPUT = [
  `SELECT 1 AS hit WHERE ${Array.from({ length: 28_000 }, (_, i) => `${i % 7} = 1`).join(' OR ')}`,
  nestedParens(10_000),
  nestedSubqueries(1_000),
  `SELECT ${'NOT '.repeat(10_000)}true`,
  `SELECT ${'- '.repeat(10_000)}1`,
  nestedSubqueries(50),
  "SELECT repeat('x', 50000000) AS big",
  "SELECT decode(repeat('ab', 25000000), 'hex') AS blob",
  "SELECT g, repeat('y', 100000) AS part FROM generate_series(1, 500) AS g",
  "SELECT 1 AS a; SELECT repeat('z', 5000000) AS big FROM generate_series(1, 20)",
  "SELECT decode(string_agg(lpad(to_hex(b), 2, '0'), '' ORDER BY b), 'hex') AS every_byte FROM generate_series(0, 255) AS b",
  String.raw`SELECT '"\ud800"'::json AS lone, '{"k": "a\udfffb"}'::json AS inner`,
  String.raw`SELECT convert_from('\xfffe41'::bytea, 'UTF8')`,
  'SELECT chr(55296)',
  "SELECT 1; SELECT '\u0000'",
  "SELECT 'a\ud800b'",
  String.raw`SELECT U&'\D800'`,
];

/** COPY with the client, and session objects of other calls: refused with a clear error, never a crash. */
const SESSION_AND_COPY = [
  'COPY customers TO STDOUT',
  'COPY customers TO STDOUT WITH (FORMAT binary)',
  'COPY (SELECT * FROM customers) TO STDOUT WITH (FORMAT csv, HEADER)',
  'SELECT 1; COPY customers TO STDOUT',
  'COPY customers FROM STDIN',
  'DECLARE held CURSOR WITH HOLD FOR SELECT * FROM customers',
  'FETCH ALL FROM held',
  'MOVE ALL IN held; FETCH 1 FROM held',
  'CLOSE held',
  'PREPARE kept AS SELECT * FROM customers',
  'EXECUTE kept',
  'DEALLOCATE kept',
  'SELECT setseed(0.5)',
  'LISTEN gatehouse_channel',
];

const CLASSIFIER_CORPUS = (parseYaml(readFileSync(join(ROOT, 'test/postgres/sql-corpus.yaml'), 'utf8')) as Array<{ sql: string }>).map((c) => c.sql);

/** What the neighbour asks, over and over, with the answers it must get. */
const QUESTIONS: Array<[string, unknown[][]]> = [
  ['SELECT count(*)::int AS n FROM customers', [[5]]],
  ['SELECT city FROM customers WHERE id = 2', [['Arlington']]],
  ['SELECT status, count(*)::int FROM orders GROUP BY status ORDER BY status', [['cancelled', 1], ['new', 2], ['paid', 1], ['shipped', 2]]],
];

describe('one agent sends every bad input while another keeps getting answers', () => {
  let db: TestDatabase;
  let gh: RunningGatehouse;
  let neighbour: Client;

  before(async () => {
    db = await createTestDatabase();
    gh = await startGatehouse(
      {
        identity: {
          apiKeys: [
            { id: 'mallory', groups: ['dev'], sha256: hashApiKey(attackerKey) },
            { id: 'neighbour', groups: ['dev'], sha256: hashApiKey(neighbourKey) },
          ],
        },
        connections: { shop: { type: 'postgres', url: db.url } },
        limits: { timeout: '10s', maxRows: 1000, maxBytes: MAX_BYTES },
        // Many hostile statements are held for review: the open-request cap is not what this test is about.
        approvals: { wait: '1ms', maxOpenPerPrincipal: 1000 },
      },
      'http',
      { token: attackerKey },
    );
    neighbour = new Client({ name: 'neighbour', version: '1.0.0' });
    await neighbour.connect(new StreamableHTTPClientTransport(new URL(gh.url as string), { authProvider: { token: async () => neighbourKey } }));
  });
  after(async () => {
    await neighbour?.close().catch(() => undefined);
    await gh?.stop();
    await db?.drop();
  });

  it('answers every bad call cleanly and every neighbour question rightly, and stays up', async () => {
    // The inputs that take the classifier longest come last: past its share of checking time an
    // agent's calls are refused (too_many_calls) before anything runs, and the rest should run.
    const attacks = [...SESSION_AND_COPY, ...CLASSIFIER_CORPUS, ...BAD_INPUT];
    let attacking = true;
    let sent = 0;
    const answers: Record<string, CallResult> = {};
    const attack = (async () => {
      try {
        for (const sql of attacks) {
          sent++;
          const result = (await gh.client.callTool({ name: 'postgres_query', arguments: { connection: 'shop', sql } }, { timeout: 60_000 })) as CallResult;
          assertCleanAnswer(result, sql.slice(0, 80));
          answers[sql] ??= result;
        }
      } finally {
        attacking = false;
      }
    })();
    let asked = 0;
    /** How many bad calls had been sent when each of the neighbour's answers came. */
    const answeredAt: number[] = [];
    const ask = (async () => {
      while (attacking) {
        const [sql, expected] = QUESTIONS[asked % QUESTIONS.length] as [string, unknown[][]];
        const result = (await neighbour.callTool({ name: 'postgres_query', arguments: { connection: 'shop', sql } }, { timeout: 60_000 })) as CallResult;
        assert.equal(result.isError, undefined, `the neighbour's call ${asked} failed: ${JSON.stringify(result.structuredContent)}`);
        assert.deepEqual((result.structuredContent as { rows: unknown[][] }).rows, expected, sql);
        answeredAt.push(sent);
        asked++;
      }
    })();
    await Promise.all([attack, ask]);
    // Answers came throughout: from the first bad calls to the heaviest ones, sent last.
    assert.ok(asked >= 10, `the neighbour got only ${asked} answers while ${attacks.length} bad calls ran`);
    assert.ok(answeredAt.some((n) => n <= SESSION_AND_COPY.length + 1), 'no answer while COPY and the session abuse were sent');
    assert.ok(answeredAt.some((n) => n > attacks.length - BAD_INPUT.length), 'no answer while the bad inputs were sent');

    for (const sql of SESSION_AND_COPY.filter((s) => /COPY|FETCH|MOVE|CLOSE|EXECUTE|DEALLOCATE/.test(s))) {
      const refusal = refusalOf(answers[sql] as CallResult);
      assert.ok(refusal, `${sql} was served`);
      // The shipped policy denies them before review; the pack would refuse them too (query-guards, session-isolation).
      assert.equal(refusal.code, 'denied', `${sql}: ${refusal.message}`);
      assert.match(refusal.message, /clean session/, sql);
    }
    assert.match(refusalOf(answers['COPY customers TO STDOUT'] as CallResult)?.message ?? '', /SELECT/);

    assertNoCrash(gh.logs());
    const events = await readVerifiedAudit(gh.storeFile);
    assert.equal(auditedCalls(events).size, attacks.length + asked);
  });
});
