// Masking in the real pipeline, past the tool: a tool's error is masked like a result (PostgreSQL
// quotes a value in a failed cast), and a masking failure (a jsonb value nested deeper than the
// masker walks, built by PostgreSQL, no source changed) withholds the whole result, the plain email
// beside it included, and the call is recorded as failed.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { readVerifiedAudit } from '../reliability/audit-calls.ts';
import { startGatehouse, type RunningGatehouse } from '../fixtures/gatehouse.ts';
import { createTestDatabase, type TestDatabase } from '../fixtures/postgres.ts';

const EMAIL = 'grace.hopper@example.com';
const DEEP = `(repeat('[', 250) || '"${EMAIL}"' || repeat(']', 250))::jsonb`;

describe('masking in the pipeline', () => {
  let db: TestDatabase;
  let gh: RunningGatehouse;
  const audit = () => readVerifiedAudit(gh.storeFile);

  before(async () => {
    db = await createTestDatabase();
    gh = await startGatehouse({ identity: { stdio: { id: 'agent-1', groups: ['dev'] } }, connections: { shop: { type: 'postgres', url: db.url } } }, 'stdio');
  });
  after(async () => {
    await gh?.stop();
    await db?.drop();
  });

  it('masks the text of a tool error, for the agent and in the audit', async () => {
    const result = await gh.client.callTool({ name: 'postgres_query', arguments: { connection: 'shop', sql: `SELECT '${EMAIL}'::int` } });
    const text = JSON.stringify(result);
    assert.match(text, /"code":"sql_error"/);
    assert.match(text, /invalid input syntax for type integer: \\"g\*\*\*@example\.com\\"/);
    assert.ok(!text.includes(EMAIL), text);
    const events = await audit();
    const failed = events.filter((e) => e.type === 'call.error' && e.data.code === 'sql_error');
    assert.equal(failed.length, 1);
    assert.ok(!JSON.stringify(failed).includes(EMAIL));
  });

  it('withholds the whole result, returns masking_failed, and records the call as failed', async () => {
    const sql = `SELECT '${EMAIL}' AS contact, ${DEEP} AS deep`;
    const result = (await gh.client.callTool({ name: 'postgres_query', arguments: { connection: 'shop', sql } })) as { isError?: boolean; structuredContent?: { error?: { code: string } } };
    assert.equal(result.isError, true);
    assert.equal(result.structuredContent?.error?.code, 'masking_failed', JSON.stringify(result));
    assert.ok(!JSON.stringify(result).includes(EMAIL), JSON.stringify(result));

    const events = await audit();
    const requested = events.find((e) => e.type === 'call.requested' && JSON.stringify(e.data).includes('AS deep'));
    assert.ok(requested);
    const outcome = events.filter((e) => e.callId === requested.callId && (e.type === 'call.result' || e.type === 'call.error'));
    assert.deepEqual(outcome.map((e) => [e.type, e.data.code]), [['call.error', 'masking_failed']]);
  });

  it('answers a read without such a value as before, masked', async () => {
    const result = (await gh.client.callTool({ name: 'postgres_query', arguments: { connection: 'shop', sql: 'SELECT email FROM customers ORDER BY id LIMIT 1' } })) as { isError?: boolean; structuredContent?: { rows?: string[][] } };
    assert.equal(result.isError, undefined, JSON.stringify(result));
    assert.match(String(result.structuredContent?.rows?.[0]?.[0]), /^\w\*+@/);
  });
});
