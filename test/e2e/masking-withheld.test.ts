// A masking failure inside the real pipeline: a jsonb value nested deeper than the masker walks
// (PostgreSQL builds it; no source is changed) makes masking fail, and the whole result, the
// plain email beside it included, is withheld and the call recorded as failed.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import { startGatehouse, type RunningGatehouse } from '../fixtures/gatehouse.ts';
import { createTestDatabase, type TestDatabase } from '../fixtures/postgres.ts';

const EMAIL = 'grace.hopper@example.com';
const DEEP = `(repeat('[', 250) || '"${EMAIL}"' || repeat(']', 250))::jsonb`;

describe('a masking failure inside the pipeline', () => {
  let db: TestDatabase;
  let gh: RunningGatehouse;

  before(async () => {
    db = await createTestDatabase();
    gh = await startGatehouse({ identity: { stdio: { id: 'agent-1', groups: ['dev'] } }, connections: { shop: { type: 'postgres', url: db.url } } }, 'stdio');
  });
  after(async () => {
    await gh?.stop();
    await db?.drop();
  });

  it('withholds the whole result, returns masking_failed, and records the call as failed', async () => {
    const sql = `SELECT '${EMAIL}' AS contact, ${DEEP} AS deep`;
    const result = (await gh.client.callTool({ name: 'postgres_query', arguments: { connection: 'shop', sql } })) as { isError?: boolean; structuredContent?: { error?: { code: string } } };
    assert.equal(result.isError, true);
    assert.equal(result.structuredContent?.error?.code, 'masking_failed', JSON.stringify(result));
    assert.ok(!JSON.stringify(result).includes(EMAIL), JSON.stringify(result));

    const store = openSqliteStore(gh.storeFile);
    const events = await store.events();
    await store.close();
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
