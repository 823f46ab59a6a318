// People's API keys on a loopback server without agent credentials (the demo's setup): the approver's
// key of kind human signs in to the people API and decides there, while /mcp stays the loopback
// endpoint of identity.http it was; a person's key sent to /mcp does not make the caller that person.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { generateApiKey, hashApiKey } from '../../src/identity/api-keys.ts';
import { startConsoleServer, type ConsoleServer } from '../console/harness.ts';

const KEY = generateApiKey();

describe('API keys of kind human on a loopback server', () => {
  let server: ConsoleServer;

  before(async () => {
    server = await startConsoleServer({
      identity: { http: { id: 'demo-agent', groups: ['dev'] }, apiKeys: [{ id: 'dana', groups: ['approvers'], kind: 'human', sha256: hashApiKey(KEY) }] },
    });
  });
  after(() => server?.stop());

  it('sign the approver in to the people API, and leave /mcp to identity.http', async () => {
    const me = await fetch(`${server.origin}/api/v1/me`, { headers: { authorization: `Bearer ${KEY}` } });
    assert.equal(me.status, 200);
    assert.deepEqual(((await me.json()) as { principal: { id: string } }).principal.id, 'dana');
    const anonymous = await fetch(`${server.origin}/api/v1/me`);
    assert.equal(anonymous.status, 401);

    const agent = await server.agent();
    const withPersonKey = new Client({ name: 'with-a-person-key', version: '1.0.0' });
    await withPersonKey.connect(new StreamableHTTPClientTransport(new URL('/mcp', server.origin), { authProvider: { token: async () => KEY } }));
    for (const client of [agent, withPersonKey]) {
      const status = (await client.callTool({ name: 'approval_status', arguments: { approvalId: 'none' } })) as { isError?: boolean };
      assert.equal(status.isError, true, 'no such request');
    }
    await withPersonKey.close();
    const events = await server.runtime.store.events({ limit: 1000 });
    const callers = new Set(events.filter((e) => e.type === 'call.requested').map((e) => e.principal));
    assert.deepEqual([...callers], ['demo-agent']);
  });
});
