// Hot reload against a real gatehouse process over HTTP, a real PostgreSQL and the SDK's client on
// the 2026 protocol: a policy edited under the running server decides the next call, while a call
// already waiting for approval is not dropped and runs once approved (through the server's people
// API, by an approver with her own API key); a broken edit keeps the
// running set and says why in the log; SIGHUP reloads; and a client subscribed to list changes hears
// of a reload that changes what it may see.
import assert from 'node:assert/strict';
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import type { AuditEvent } from '../../src/audit/events.ts';
import { generateApiKey, hashApiKey } from '../../src/identity/api-keys.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import { startGatehouse, writeConfig, type RunningGatehouse } from '../fixtures/gatehouse.ts';
import { people } from '../fixtures/people.ts';
import { createTestDatabase, type TestDatabase } from '../fixtures/postgres.ts';
import { waitFor } from '../reliability/faults-wait.ts';

interface CallResult {
  isError?: boolean;
  structuredContent?: Record<string, unknown>;
}

const policy = (reads: 'allow' | 'deny', extra = '') => `
default: deny
rules:
  - id: reads
    match: { tools: [postgres_query] }
    when: sql.readOnly
    effect: ${reads}
    reason: reads are ${reads === 'allow' ? 'allowed' : 'switched off'}
  - id: writes
    match: { tools: [postgres_query] }
    when: "!sql.readOnly"
    effect: review
    approvers: [dba]
${extra}`;
const MODERN = { versionNegotiation: { mode: { pin: '2026-07-28' as const } } };
const AGENT_KEY = generateApiKey();
const agentAuth = { authProvider: { token: async () => AGENT_KEY } };

describe('hot reload of policies', () => {
  let db: TestDatabase;
  let gh: RunningGatehouse;
  let policyFile: string;
  let listChanges = 0;
  const clients: Client[] = [];
  const dana = people({ id: 'dana', groups: ['dba'] });

  const events = async (): Promise<AuditEvent[]> => {
    const store = openSqliteStore(gh.storeFile);
    try {
      return await store.events({ limit: 100_000 });
    } finally {
      await store.close();
    }
  };
  const reloads = async () => (await events()).filter((e) => e.type === 'policy.reloaded');
  /** Replaces the file the way editors do: a temporary written beside it, renamed over it. */
  const edit = (text: string) => {
    writeFileSync(`${policyFile}.tmp`, text);
    renameSync(`${policyFile}.tmp`, policyFile);
  };
  const query = (client: Client, sql: string) => client.callTool({ name: 'postgres_query', arguments: { connection: 'shop', sql } }) as Promise<CallResult>;

  before(async () => {
    db = await createTestDatabase();
    const { dir } = writeConfig({});
    policyFile = join(dir, 'policy.yaml');
    writeFileSync(policyFile, policy('allow'));
    gh = await startGatehouse(
      {
        identity: { apiKeys: [{ id: 'agent-1', groups: ['dev'], sha256: hashApiKey(AGENT_KEY) }, ...dana.apiKeys] },
        connections: { shop: { type: 'postgres', url: db.url } },
        policies: [policyFile],
        approvals: { wait: '60s', clientTimeout: '90s' },
      },
      'http',
      { token: AGENT_KEY },
    );
  });
  after(async () => {
    for (const c of clients) await c.close().catch(() => undefined);
    await gh?.stop();
    await db?.drop();
  });

  it('an edited policy decides the next call, and a call waiting for approval still runs once approved', async () => {
    const client = new Client({ name: 'reload-e2e', version: '1.0.0' }, MODERN);
    await client.connect(new StreamableHTTPClientTransport(new URL(gh.url as string), agentAuth));
    clients.push(client);
    assert.notEqual((await query(client, 'SELECT count(*) FROM orders')).isError, true);

    const held = query(client, "UPDATE orders SET status = 'reloaded' WHERE id = 1");
    const requested = await waitFor('the approval request', async () => (await events()).find((e) => e.type === 'approval.requested'));
    edit(policy('deny'));
    const reloaded = await waitFor('the reload', async () => (await reloads())[0]);
    assert.equal(reloaded.data.trigger, 'file change');
    const files = reloaded.data.files as Array<{ path: string; sha256: string }>;
    assert.ok(files.some((f) => f.path === policyFile && /^[0-9a-f]{64}$/.test(f.sha256)), JSON.stringify(files));

    const denied = await query(client, 'SELECT count(*) FROM orders');
    assert.equal(denied.isError, true);
    assert.match(JSON.stringify(denied.structuredContent), /reads are switched off/);

    const approved = await dana.cli(new URL(gh.url as string).origin, 'dana', ['approvals', 'approve', String(requested.data.approvalId), '--reason', 'reload test']);
    assert.equal(approved.code, 0, approved.stderr);
    assert.notEqual((await held).isError, true, 'the waiting call ran under the rules it began with');
    assert.deepEqual(await db.query("SELECT id FROM orders WHERE status = 'reloaded'"), [{ id: 1 }]);
  });

  it('keeps the running set when an edit is broken, and logs why', async () => {
    const before = (await reloads()).length;
    edit(policy('allow').replace('sql.readOnly', 'sql.readOnlyy'));
    await waitFor('the refusal in the log', async () => (gh.logs().includes('reload refused') ? true : undefined));
    assert.match(gh.logs(), /readOnlyy/);
    assert.equal((await reloads()).length, before, 'no policy.reloaded for a refused edit');
    const client = clients[0] as Client;
    assert.equal((await query(client, 'SELECT 1')).isError, true, 'the running policy (reads denied) stays');
  });

  it('reloads on SIGHUP and tells subscribed clients when what they may see changes', async () => {
    const watcher = new Client(
      { name: 'reload-listener', version: '1.0.0' },
      { ...MODERN, listChanged: { tools: { debounceMs: 0, onChanged: () => void listChanges++ } } },
    );
    await watcher.connect(new StreamableHTTPClientTransport(new URL(gh.url as string), agentAuth));
    clients.push(watcher);
    const listed = async () => (await watcher.listTools()).tools.map((t) => t.name);
    assert.ok((await listed()).includes('postgres_query'));

    // Every call of the tool denied outright: it is no longer listed. The watcher sees the edit too;
    // the reload SIGHUP asks for is recorded with its own trigger.
    const before = (await reloads()).length;
    edit(policy('deny', '  - id: off\n    match: { tools: [postgres_query] }\n    effect: deny\n'));
    process.kill(gh.pid as number, 'SIGHUP');
    await waitFor('a reload after SIGHUP', async () => ((await reloads()).some((e) => e.data.trigger === 'SIGHUP') ? true : undefined));
    assert.ok((await reloads()).length > before);
    await waitFor('notifications/tools/list_changed', async () => (listChanges > 0 ? true : undefined));
    assert.ok(!(await listed()).includes('postgres_query'));
  });
});

describe('hot reload over stdio', () => {
  it('tells the client when an edited policy changes what it may see', async () => {
    const db = await createTestDatabase();
    const { dir } = writeConfig({});
    const file = join(dir, 'policy.yaml');
    writeFileSync(file, policy('allow'));
    const gh = await startGatehouse({ connections: { shop: { type: 'postgres', url: db.url } }, policies: [file] }, 'stdio');
    try {
      let changed = false;
      gh.client.setNotificationHandler('notifications/tools/list_changed', () => void (changed = true));
      assert.ok((await gh.client.listTools()).tools.some((t) => t.name === 'postgres_query'));
      writeFileSync(file, policy('deny', '  - id: off\n    match: { tools: [postgres_query] }\n    effect: deny\n'));
      await waitFor('notifications/tools/list_changed', async () => (changed ? true : undefined));
      assert.ok(!(await gh.client.listTools()).tools.some((t) => t.name === 'postgres_query'));
    } finally {
      await gh.stop();
      await db.drop();
    }
  });
});
