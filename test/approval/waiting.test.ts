// Waiting that fits clients: the default wait ends before the MCP SDK client's default request
// timeout, and while a call waits the server sends progress often enough that a client which
// resets its timeout on progress keeps the request alive past its own timeout.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_REQUEST_TIMEOUT_MSEC } from '@modelcontextprotocol/client';
import { ConfigSchema } from '../../src/config/schema.ts';
import { createTestDatabase, type TestDatabase } from '../fixtures/postgres.ts';
import { startGatehouse, type RunningGatehouse } from '../fixtures/gatehouse.ts';

describe('waiting for an approval', () => {
  let db: TestDatabase;
  let gh: RunningGatehouse;

  before(async () => {
    db = await createTestDatabase();
    gh = await startGatehouse(
      { identity: { stdio: { id: 'agent-1', groups: ['dev'] } }, connections: { shop: { type: 'postgres', url: db.url } }, approvals: { wait: '6s', clientTimeout: '12s' } },
      'stdio',
    );
  });
  after(async () => {
    await gh?.stop();
    await db?.drop();
  });

  it('ends the default wait well before the SDK client gives up', () => {
    const { wait, clientTimeout } = ConfigSchema.parse({}).approvals;
    assert.equal(clientTimeout, DEFAULT_REQUEST_TIMEOUT_MSEC);
    assert.ok(wait + 5000 <= DEFAULT_REQUEST_TIMEOUT_MSEC, `default wait ${wait} ms against the client's ${DEFAULT_REQUEST_TIMEOUT_MSEC} ms`);
  });

  it('keeps a client that resets its timeout on progress waiting past its own timeout', async () => {
    const messages: string[] = [];
    const result = (await gh.client.callTool(
      { name: 'postgres_query', arguments: { connection: 'shop', sql: "UPDATE orders SET note = 'waited' WHERE id = 1" } },
      { timeout: 4000, resetTimeoutOnProgress: true, onprogress: (p) => messages.push(p.message ?? '') },
    )) as { structuredContent?: { error?: { code?: string; approvalId?: string } } };
    // The server's wait (6 s) outlasts the client's timeout (4 s): only progress kept the call open.
    const error = result.structuredContent?.error;
    assert.equal(error?.code, 'approval_pending');
    assert.ok(messages.length >= 2, `progress notifications: ${JSON.stringify(messages)}`);
    assert.match(messages[0] ?? '', new RegExp(`held for approval ${error?.approvalId}: waiting \\d+ s more`));
  });
});
