// SQL too big and too deep, and results too big or odd, through a real gatehouse (stdio and HTTP) on
// a real PostgreSQL: 10 MB of SQL, 100,000 OR terms, nesting 10,000 deep, 50 MB of text and of bytea,
// every byte value, lone surrogates and invalid UTF-8. Each call is classified or refused with a
// clear error within the call (the classifier never blows its stack), results are capped at
// limits.maxBytes with the agent told, and the server keeps serving.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startGatehouse, type RunningGatehouse } from '../fixtures/gatehouse.ts';
import { createTestDatabase, type TestDatabase } from '../fixtures/postgres.ts';
import { SQL_LIMITS } from '../../tools/postgres/classify/index.ts';
import { auditedCalls, readVerifiedAudit } from './audit-calls.ts';
import { afterCheckingShare, assertCleanAnswer, assertNoCrash, countingCaller, refusalOf, type CallResult } from './clean-answers.ts';

const MAX_BYTES = 256 * 1024;
/** 10 MB of SQL: under the 10 MiB a stdio message may have (the SDK's read buffer), over the HTTP body limit. */
const TEN_MB = 10_000_000;
/** The SDK's stdio transport drops and closes on a message longer than this. */
const STDIO_MESSAGE_LIMIT = 10 * 1024 * 1024;

interface Table {
  rows: unknown[][];
  truncated?: { reason: string; limit: number };
}

const nestedParens = (depth: number) => `SELECT ${'('.repeat(depth)}1${')'.repeat(depth)}`;
function nestedSubqueries(depth: number): string {
  let sql = 'SELECT 1 AS x';
  for (let i = 0; i < depth; i++) sql = `SELECT x FROM (${sql}) AS s${i}`;
  return sql;
}
/** 100,000 OR terms of constants (900 kB): the parser and the policy read it; PostgreSQL folds it at once. */
// The widest statement under the classifier's length bound: 28,000 OR terms (about 250 kB).
const manyOrs = `SELECT 1 AS hit WHERE ${Array.from({ length: 28_000 }, (_, i) => `${i % 7} = 1`).join(' OR ')}`;

describe('SQL too big or too deep, results too big or odd', () => {
  let db: TestDatabase;

  before(async () => {
    db = await createTestDatabase();
  });
  after(async () => {
    await db?.drop();
  });

  it('ends a stdio session at once on a message over the stdio limit, instead of leaving the agent waiting', async () => {
    const gh = await startGatehouse({ identity: { stdio: { id: 'agent', groups: ['dev'] } }, connections: { shop: { type: 'postgres', url: db.url } } }, 'stdio');
    try {
      const sql = `SELECT 1 /* ${'x'.repeat(STDIO_MESSAGE_LIMIT)} */`;
      // The timeout only ends a hang; before the fix the call was never answered.
      await assert.rejects(gh.client.callTool({ name: 'postgres_query', arguments: { connection: 'shop', sql } }, { timeout: 30_000 }), /Connection closed/);
      assert.match(gh.logs(), /exceeded maximum size/);
    } finally {
      await gh.stop();
    }
  });

  for (const transport of ['stdio', 'http'] as const) {
    describe(`over ${transport}`, () => {
      let gh: RunningGatehouse;
      const caller = countingCaller(() => gh);
      // This suite is one principal sending the worst-case statements back to back.
      const query = async (sql: string): Promise<CallResult> => {
        const result = await afterCheckingShare(() => caller.call('postgres_query', { connection: 'shop', sql }));
        assertCleanAnswer(result, sql.slice(0, 80));
        return result;
      };

      before(async () => {
        gh = await startGatehouse(
          { identity: { stdio: { id: 'agent', groups: ['dev'] }, http: { id: 'agent', groups: ['dev'] } }, connections: { shop: { type: 'postgres', url: db.url } }, limits: { timeout: '10s', maxRows: 1000, maxBytes: MAX_BYTES } },
          transport,
        );
      });
      after(async () => {
        await gh?.stop();
      });

      it('refuses 10 MB of SQL (a comment, a string literal) with a clear error', async () => {
        for (const sql of [`SELECT 1 /* ${'x'.repeat(TEN_MB)} */`, `SELECT '${'x'.repeat(TEN_MB)}'`]) {
          if (transport === 'stdio') {
            const refusal = refusalOf(await query(sql));
            assert.equal(refusal?.code, 'denied');
            assert.match(refusal?.message ?? '', new RegExp(`longer than ${SQL_LIMITS.maxChars} characters`));
          } else {
            // Over HTTP the body limit (server.http.maxBodyBytes, 1 MB) answers first: 413 with a JSON-RPC
            // error. The SDK's adapter closes the connection with it, so a client still uploading may see
            // the connection reset before it reads the answer.
            const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'postgres_query', arguments: { connection: 'shop', sql } } });
            const outcome = await fetch(gh.url as string, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body }).then(
              async (res) => `${res.status} ${await res.text()}`,
              (error: Error) => `reset: ${String((error.cause as Error | undefined)?.message ?? error.message)}`,
            );
            assert.match(outcome, /^413 .*Payload Too Large|^reset: .*(EPIPE|ECONNRESET|other side closed)/);
          }
        }
      });

      // Classifying it takes a quarter of a second of CPU; the pipeline is the same on both transports, so once is enough.
      if (transport === 'http') {
        it('classifies one statement with 28,000 OR terms (just under the length bound), and runs it', async () => {
          const result = await query(manyOrs);
          assert.equal(result.isError, undefined, JSON.stringify(result).slice(0, 300));
          assert.deepEqual((result.structuredContent as unknown as Table).rows, [[1]]);
        });
      }

      it('refuses SQL nested too deeply to classify safely, as a policy refusal, not a crash', async () => {
        for (const sql of [nestedParens(10_000), nestedSubqueries(1_000), `SELECT ${'NOT '.repeat(10_000)}true`, `SELECT ${'- '.repeat(10_000)}1`]) {
          const refusal = refusalOf(await query(sql));
          assert.equal(refusal?.code, 'denied', sql.slice(0, 60));
          assert.match(refusal?.message ?? '', /nested too deeply/);
        }
        const shallow = await query(nestedSubqueries(50));
        assert.deepEqual((shallow.structuredContent as unknown as Table).rows, [[1]]);
      });

      it('caps 50 MB of text and of bytea at limits.maxBytes, and tells the agent', async () => {
        for (const sql of ["SELECT repeat('x', 50000000) AS big", "SELECT decode(repeat('ab', 25000000), 'hex') AS blob", "SELECT g, repeat('y', 100000) AS part FROM generate_series(1, 500) AS g"]) {
          const result = await query(sql);
          const table = result.structuredContent as unknown as Table;
          assert.deepEqual(table.truncated, { reason: 'bytes', limit: MAX_BYTES }, sql);
          assert.ok(JSON.stringify(table.rows).length <= MAX_BYTES, `${sql}: more than the cap came back`);
          assert.match(result.content[0]?.text ?? '', new RegExp(`cut at the limit of ${MAX_BYTES} bytes`));
        }
      });

      it('returns bytea holding every byte value as hex text', async () => {
        const result = await query("SELECT decode(string_agg(lpad(to_hex(b), 2, '0'), '' ORDER BY b), 'hex') AS every_byte FROM generate_series(0, 255) AS b");
        const hex = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0')).join('');
        assert.deepEqual((result.structuredContent as unknown as Table).rows, [[`\\x${hex}`]]);
      });

      it('renders lone surrogates from JSON columns safely, and refuses invalid UTF-8 with a clear error', async () => {
        const lone = await query(String.raw`SELECT '"\ud800"'::json AS lone, '{"k": "a\udfffb"}'::json AS inner`);
        assert.deepEqual((lone.structuredContent as unknown as Table).rows, [['\ud800', { k: 'a\udfffb' }]]);
        for (const sql of [String.raw`SELECT convert_from('\xfffe41'::bytea, 'UTF8')`, 'SELECT chr(55296)']) {
          const refusal = refusalOf(await query(sql));
          assert.equal(refusal?.code, 'sql_error', sql);
          assert.match(refusal?.message ?? '', /invalid|not valid/, sql);
        }
      });

      it('refuses SQL holding a NUL or a lone surrogate (raw or escaped) before PostgreSQL sees it', async () => {
        for (const [sql, why] of [
          ["SELECT 1; SELECT '\u0000'", /NUL/],
          ["SELECT 'a\ud800b'", /surrogate/],
          [String.raw`SELECT U&'\D800'`, /surrogate/],
        ] as const) {
          const refusal = refusalOf(await query(sql));
          assert.equal(refusal?.code, 'denied');
          assert.match(refusal?.message ?? '', why);
        }
      });

      it('kept serving: a plain query works, no crash was logged, every call is audited once', async () => {
        const result = await query('SELECT count(*)::int AS n FROM customers');
        assert.deepEqual((result.structuredContent as unknown as Table).rows, [[5]]);
        assertNoCrash(gh.logs());
        assert.equal(auditedCalls(await readVerifiedAudit(gh.storeFile)).size, caller.count);
      });
    });
  }
});
