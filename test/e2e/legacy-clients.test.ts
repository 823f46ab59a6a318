// Clients on the 2025 protocol over HTTP are served statelessly: their initialize and their calls are
// separate requests, so the calls carry no client info of their own. Through a real gatehouse, the
// SDK's client in its default (2025) mode and raw requests: a session is named by the client info its
// principal's initialize sent from the same User-Agent, another principal never gets that name, and a
// call with nothing to go on is named by its User-Agent as a hint, hidden characters escaped and flagged.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import type { AuditEvent } from '../../src/audit/events.ts';
import { generateApiKey, hashApiKey } from '../../src/identity/api-keys.ts';
import { hiddenKind } from '../../src/render/characters.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import { startGatehouse, type RunningGatehouse } from '../fixtures/gatehouse.ts';
import { createTestDatabase, type TestDatabase } from '../fixtures/postgres.ts';

const hasRaw = (text: string): boolean => [...text].some((c) => hiddenKind(c.codePointAt(0) as number) !== undefined);

/** A tools/call as one raw request, so the User-Agent header is exactly the bytes given (latin1, as HTTP carries it). */
function rawCall(url: string, key: string, userAgent: Buffer, tag: string): Promise<number> {
  const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'postgres_query', arguments: { connection: 'shop', sql: `SELECT 1 /* ${tag} */` } } });
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST' }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.setHeader('content-type', 'application/json');
    req.setHeader('accept', 'application/json, text/event-stream');
    req.setHeader('mcp-protocol-version', '2025-11-25');
    req.setHeader('authorization', `Bearer ${key}`);
    req.setHeader('user-agent', userAgent.toString('latin1'));
    req.on('error', reject);
    req.end(body);
  });
}

describe('naming sessions of stateless 2025-protocol HTTP clients', () => {
  let db: TestDatabase;
  let gh: RunningGatehouse;
  const keyA = generateApiKey();
  const keyB = generateApiKey();
  const clients: Client[] = [];

  const connect = async (key: string, name: string): Promise<Client> => {
    const client = new Client({ name, version: '3.1.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(gh.url as string), { authProvider: { token: async () => key } }));
    clients.push(client);
    return client;
  };
  const events = async (): Promise<AuditEvent[]> => {
    const store = openSqliteStore(gh.storeFile);
    try {
      return await store.events();
    } finally {
      await store.close();
    }
  };
  const sessionOfCall = (all: AuditEvent[], tag: string) => {
    const call = all.find((e) => e.type === 'call.requested' && JSON.stringify(e.data.args).includes(tag));
    return { call, started: all.find((e) => e.type === 'session.started' && e.session === call?.session) };
  };

  before(async () => {
    db = await createTestDatabase();
    const identity = {
      apiKeys: [
        { id: 'agent-a', groups: ['dev'], sha256: hashApiKey(keyA) },
        { id: 'agent-b', groups: ['dev'], sha256: hashApiKey(keyB) },
      ],
    };
    gh = await startGatehouse({ identity, connections: { shop: { type: 'postgres', url: db.url } } }, 'http', { token: keyA });
  });
  after(async () => {
    for (const c of clients) await c.close().catch(() => undefined);
    await gh?.stop();
    await db?.drop();
  });

  it('names the session by the client info its principal sent at initialize', async () => {
    const client = await connect(keyA, 'legacy-agent');
    await client.callTool({ name: 'postgres_query', arguments: { connection: 'shop', sql: 'SELECT 1 /* legacy-1 */' } });
    const { call, started } = sessionOfCall(await events(), 'legacy-1');
    assert.equal(call?.principal, 'agent-a');
    assert.equal(started?.data.client, 'legacy-agent/3.1.0');
    assert.equal((call?.data.caller as { protocolVersion?: string }).protocolVersion, '2025-11-25');
  });

  it("never gives one principal's client name to another principal's calls", async () => {
    await connect(keyA, 'only-for-a');
    // The same User-Agent the SDK's client sends, but agent-b never initialized: its call is not named after agent-a's client.
    assert.equal(await rawCall(gh.url as string, keyB, Buffer.from('node'), 'other-principal'), 200);
    const { call, started } = sessionOfCall(await events(), 'other-principal');
    assert.equal(call?.principal, 'agent-b');
    assert.equal(started?.data.client, 'unknown (User-Agent: node)');
  });

  it('names a call with nothing else by its User-Agent, hidden characters escaped and flagged', async () => {
    // U+202E (right-to-left override) as UTF-8, and a C1 control: what a raw header can smuggle.
    const hostile = Buffer.concat([Buffer.from('agent'), Buffer.from('\u202e', 'utf8'), Buffer.from([0x9b]), Buffer.from('2J')]);
    assert.equal(await rawCall(gh.url as string, keyB, hostile, 'hostile-ua'), 200);
    const { call, started } = sessionOfCall(await events(), 'hostile-ua');
    const client = String(started?.data.client);
    assert.ok(client.startsWith('unknown (User-Agent: agent'), client);
    assert.ok(!hasRaw(client), `no raw hidden character in ${JSON.stringify(client)}`);
    assert.match(client, /\\u009b/);
    assert.deepEqual((call?.data.caller as { clientEscaped?: boolean; problems?: string[] }).problems, ['user agent held hidden characters; recorded with them escaped']);
    assert.equal((call?.data.caller as { clientEscaped?: boolean }).clientEscaped, true);
  });
});
