// The kill switch in the people API, against a real server in this process: only an operator (by
// group; there is no sign-in link here) may read or act, never an approver, an agent's key or a
// request carrying a cookie; ids must be strings and reasons bounded; a suspension is in force on
// this replica before the answer comes back, and withdraws the principal's pending requests.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { generateApiKey, hashApiKey } from '../../src/identity/api-keys.ts';
import { agentSql, approvalIdOf, startConsoleServer, type ConsoleServer } from '../console/harness.ts';
import { createTestDatabase, type TestDatabase } from '../fixtures/postgres.ts';

const keys = { olga: generateApiKey(), dana: generateApiKey(), agent: generateApiKey() };

describe('people API kill switch', () => {
  let db: TestDatabase;
  let server: ConsoleServer;

  const call = async (path: string, key: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${server.origin}/api/v1${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as { error?: { code: string; message: string }; suspended?: unknown[]; withdrawnApprovals?: string[] } };
  };

  before(async () => {
    db = await createTestDatabase();
    server = await startConsoleServer({
      identity: {
        apiKeys: [
          { id: 'olga', groups: ['sre'], kind: 'human', sha256: hashApiKey(keys.olga) },
          { id: 'dana', groups: ['approvers'], kind: 'human', sha256: hashApiKey(keys.dana) },
          { id: 'agent-2', groups: ['dev'], kind: 'agent', sha256: hashApiKey(keys.agent) },
        ],
      },
      console: { operators: ['sre'] },
      connections: { shop: { type: 'postgres', url: db.url } },
      approvals: { wait: '100ms' },
    });
  });
  after(async () => {
    await server?.stop();
    await db?.drop();
  });

  it('refuses an approver, an agent key and a cookie, acting on nothing', async () => {
    for (const path of ['/kill-switch/principals', '/kill-switch/suspend']) {
      const asDana = await call(path, keys.dana, path.endsWith('suspend') ? { id: 'agent-1' } : undefined);
      assert.deepEqual([asDana.status, asDana.body.error?.code], [403, 'forbidden']);
      assert.match(asDana.body.error?.message ?? '', /dana is not in an operator group \(console\.operators\)/);
    }
    assert.equal((await call('/kill-switch/suspend', keys.agent, { id: 'agent-1' })).status, 401);
    const cookie = await call('/kill-switch/suspend', keys.olga, { id: 'agent-1' }, { cookie: 'gatehouse_console=x' });
    assert.deepEqual([cookie.status, cookie.body.error?.code], [400, 'cookie_refused']);
    assert.deepEqual(await server.runtime.store.listRevocations(), []);
  });

  it('takes the id as a string only, and a bounded reason', async () => {
    for (const id of [undefined, 7, ['agent-1'], { id: 'agent-1' }, '']) {
      const r = await call('/kill-switch/suspend', keys.olga, { id });
      assert.deepEqual([r.status, r.body.error?.code], [400, 'invalid_id'], JSON.stringify(id));
    }
    const long = await call('/kill-switch/suspend', keys.olga, { id: 'agent-1', reason: 'x'.repeat(2001) });
    assert.deepEqual([long.status, long.body.error?.code], [400, 'invalid_reason']);
    assert.equal((await call('/kill-switch/explode', keys.olga, { id: 'agent-1' })).status, 404);
    assert.deepEqual(await server.runtime.store.listRevocations(), []);
  });

  it('suspends at once on this replica, withdrawing pending requests; resumes once', async (t) => {
    const agent = new Client({ name: 'kill-switch-agent', version: '1.0.0' });
    await agent.connect(new StreamableHTTPClientTransport(new URL('/mcp', server.origin), { authProvider: { token: async () => keys.agent } }));
    t.after(() => agent.close());
    const id = approvalIdOf(await agentSql(agent, "UPDATE orders SET note = 'held' WHERE id = 1"));
    const suspended = await call('/kill-switch/suspend', keys.olga, { id: 'agent-2', reason: 'incident 9' });
    assert.equal(suspended.status, 200, JSON.stringify(suspended.body));
    assert.deepEqual(suspended.body.withdrawnApprovals, [id]);
    assert.equal((await server.runtime.store.getApproval(id))?.state, 'cancelled');
    const refused = await agentSql(agent, 'SELECT 1');
    assert.equal((refused.structuredContent?.error as { code?: string }).code, 'principal_suspended');

    const listed = await call('/kill-switch/principals', keys.olga);
    assert.deepEqual(listed.body.suspended?.map((r) => (r as { id: string; by: string; reason: string }).id), ['agent-2']);
    assert.equal((await call('/kill-switch/suspend', keys.olga, { id: 'agent-2' })).body.error?.code, 'already_suspended');
    assert.equal((await call('/kill-switch/resume', keys.olga, { id: 'agent-2' })).status, 200);
    const again = await call('/kill-switch/resume', keys.olga, { id: 'agent-2' });
    assert.deepEqual([again.status, again.body.error?.code], [404, 'not_suspended']);
    assert.equal((await agentSql(agent, 'SELECT 1')).isError, undefined);
  });
});
