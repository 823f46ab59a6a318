// Identity through a real gatehouse over HTTP: OIDC tokens from a provider on loopback and API keys
// become principals whose groups reach policy decisions and every audit record.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { hashApiKey } from '../../src/identity/index.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import { CANARY } from '../fixtures/canary.ts';
import { freePort, runCli, startGatehouse, writeConfig, type RunningGatehouse } from '../fixtures/gatehouse.ts';
import { startOidcProvider, type OidcProvider } from '../fixtures/oidc.ts';
import { createTestDatabase, type TestDatabase } from '../fixtures/postgres.ts';

const POLICY = `
default: deny
rules:
  - id: analysts-read
    match: { tools: [postgres_query], groups: [analysts] }
    when: sql.readOnly
    effect: allow
`;

describe('identity over HTTP', () => {
  let provider: OidcProvider;
  let db: TestDatabase;
  let gh: RunningGatehouse;
  let endpoint: string;
  const apiKey = CANARY.apiKey;
  const clients: Client[] = [];

  const connect = async (token: string) => {
    const client = new Client({ name: 'identity-e2e', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(endpoint), { authProvider: { token: async () => token } }));
    clients.push(client);
    return client;
  };
  const select = (client: Client) => client.callTool({ name: 'postgres_query', arguments: { connection: 'shop', sql: 'SELECT count(*) FROM orders' } }) as Promise<{ isError?: boolean; structuredContent: Record<string, unknown> }>;

  before(async () => {
    const port = await freePort();
    endpoint = `http://127.0.0.1:${port}/mcp`;
    provider = await startOidcProvider({ audience: endpoint });
    db = await createTestDatabase();
    const { dir } = writeConfig({});
    writeFileSync(join(dir, 'policy.yaml'), POLICY);
    const analyst = await provider.issue({ sub: 'ann', name: 'Ann', realm_access: { roles: ['analysts'] }, scope: 'mcp' });
    gh = await startGatehouse(
      {
        server: { http: { publicUrl: `http://127.0.0.1:${port}` } },
        identity: {
          oidc: { issuer: provider.issuer, audience: endpoint, groupsClaim: 'realm_access.roles' },
          apiKeys: [{ id: 'nightly-report', groups: ['analysts'], sha256: hashApiKey(apiKey) }],
        },
        connections: { shop: { type: 'postgres', url: db.url } },
        policies: [join(dir, 'policy.yaml')],
      },
      'http',
      { listen: `127.0.0.1:${port}`, token: analyst },
    );
  });
  after(async () => {
    for (const c of clients) await c.close().catch(() => undefined);
    await gh?.stop();
    await db?.drop();
    await provider?.stop();
  });

  it('refuses a request without a token with 401 and the resource metadata', async () => {
    const r = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: '{"jsonrpc":"2.0","id":1,"method":"tools/list"}' });
    assert.equal(r.status, 401);
    assert.match(r.headers.get('www-authenticate') ?? '', /resource_metadata="http:\/\/127\.0\.0\.1:\d+\/\.well-known\/oauth-protected-resource\/mcp"/);
    const meta = (await (await fetch(new URL('/.well-known/oauth-protected-resource/mcp', endpoint))).json()) as { authorization_servers: string[]; resource: string };
    assert.deepEqual(meta.authorization_servers, [provider.issuer]);
    assert.equal(meta.resource, endpoint);
    const badToken = await fetch(endpoint, { method: 'POST', headers: { authorization: 'Bearer not.a.token', 'content-type': 'application/json' }, body: '{}' });
    assert.equal(badToken.status, 401);
    assert.ok(!gh.logs().includes('not.a.token'));
  });

  it('decides by the token holder: the same call from two principals gets their own decisions', async () => {
    const ann = gh.client;
    assert.ok((await ann.listTools()).tools.some((t) => t.name === 'postgres_query'));
    assert.equal((await select(ann)).isError, undefined);
    const bob = await connect(await provider.issue({ sub: 'bob', name: 'Bob', realm_access: { roles: ['sales'] } }));
    assert.ok(!(await bob.listTools()).tools.some((t) => t.name === 'postgres_query'), 'a tool every call of which is denied is not listed');
    const denied = await select(bob);
    assert.equal((denied.structuredContent.error as { code: string }).code, 'denied');
    const service = await connect(apiKey);
    assert.equal((await select(service)).isError, undefined);

    const store = openSqliteStore(gh.storeFile);
    const requested = (await store.events()).filter((e) => e.type === 'call.requested');
    await store.close();
    const who = requested.map((e) => e.data.principal as { id: string; groups: string[]; kind: string });
    assert.deepEqual(who.find((p) => p.id === 'ann'), { id: 'ann', name: 'Ann', groups: ['analysts'], kind: 'agent' });
    assert.ok(who.some((p) => p.id === 'bob' && p.groups.includes('sales')));
    assert.ok(who.some((p) => p.id === 'nightly-report' && p.kind === 'service'));
  });

  it('refuses to listen on a public address without identity', async () => {
    const { configFile } = writeConfig({});
    const r = await runCli(['serve', '--config', configFile, '--http', '0.0.0.0:0']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /refusing to listen on 0\.0\.0\.0/);
  });

  it('refuses a public address when only people hold API keys: they never guard /mcp', async () => {
    const { configFile } = writeConfig({ identity: { apiKeys: [{ id: 'dana', groups: ['dba'], kind: 'human', sha256: 'b'.repeat(64) }] } });
    const r = await runCli(['serve', '--config', configFile, '--http', '0.0.0.0:0']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /refusing to listen on 0\.0\.0\.0: without identity\.oidc or an identity\.apiKeys entry of kind agent or service, \/mcp would take anyone/);
  });
});
