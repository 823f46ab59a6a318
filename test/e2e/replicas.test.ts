// Several replicas on one PostgreSQL store, end to end with real processes: a write held on replica
// B is approved through replica A's people API (the CLI, as the approver) and B's waiting call completes by LISTEN/NOTIFY
// (its poll and the end of its wait come after the client gives up); both replicas' sessions and events form one chain that
// `audit verify` accepts; a replica killed mid-call leaves its write-ahead record behind; and the
// store URL's password never leaves the servers.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { generateApiKey, hashApiKey } from '../../src/identity/api-keys.ts';
import { openPostgresStore } from '../../src/store/postgres.ts';
import type { Store } from '../../src/store/store.ts';
import { CANARY } from '../fixtures/canary.ts';
import { gatehouseCli, ROOT, runCli, startGatehouse, writeConfig, type RunningGatehouse } from '../fixtures/gatehouse.ts';
import { people } from '../fixtures/people.ts';
import { createTestDatabase, type TestDatabase } from '../fixtures/postgres.ts';
import { until } from '../fixtures/until.ts';
import { createStoreDatabase, postgresReachable, type TestStoreDatabase } from '../store/places.ts';

interface CallResult {
  isError?: boolean;
  structuredContent?: Record<string, unknown>;
}

// Longer than the client waits for an answer (`query`'s 60 s): a waiting call that answers at all
// was released by the notification, not by a poll or the end of its wait.
const WAIT = '10m';
const reachable = await postgresReachable();
const AGENT_KEY = generateApiKey();
const dana = people({ id: 'dana', groups: ['dba'] });

/** A replica whose process the test holds, to kill it (the fixture keeps its child to itself). */
async function startKillableReplica(configFile: string, env: Record<string, string>): Promise<{ client: Client; child: ChildProcess; logs: () => string }> {
  const child = spawn(process.execPath, [...gatehouseCli(), 'serve', '--config', configFile, '--http', '127.0.0.1:0'], {
    env: { ...(process.env as Record<string, string>), ...env },
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let logs = '';
  child.stdout?.on('data', (chunk: Buffer) => (logs += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`replica did not start:\n${logs}`)), 30_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      logs += chunk.toString();
      const match = /MCP endpoint (http:\S+)/.exec(logs);
      if (match) resolve((clearTimeout(timer), match[1] as string));
    });
    child.once('exit', (code) => reject(new Error(`replica exited with ${code}:\n${logs}`)));
  });
  const client = new Client({ name: 'gatehouse-replica-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { authProvider: { token: async () => AGENT_KEY } }));
  return { client, child, logs: () => logs };
}

describe('several replicas on one PostgreSQL store', { skip: !reachable && 'no PostgreSQL server (set PG_TEST_URL)' }, () => {
  let storeDb: TestStoreDatabase;
  let target: TestDatabase;
  let a: RunningGatehouse;
  let b: RunningGatehouse;
  let store: Store;
  let env: Record<string, string>;
  let storePassword: string;
  let config: Record<string, unknown>;

  const query = (replica: { client: Client }, sql: string) => replica.client.callTool({ name: 'postgres_query', arguments: { connection: 'shop', sql } }, { timeout: 60_000 }) as Promise<CallResult>;

  before(async () => {
    [storeDb, target] = await Promise.all([createStoreDatabase(), createTestDatabase()]);
    // Trust auth ignores the password, so a canary in the URL shows whether it ever leaks.
    const url = new URL(storeDb.url);
    if (!url.password) url.password = CANARY.storeUrlPassword;
    storePassword = decodeURIComponent(url.password);
    env = { GATEHOUSE_STORE_URL: url.toString() };
    config = {
      identity: { apiKeys: [{ id: 'agent-1', groups: ['dev'], sha256: hashApiKey(AGENT_KEY) }, ...dana.apiKeys] },
      store: { postgres: { url: 'env:GATEHOUSE_STORE_URL', poolSize: 4 } },
      connections: { shop: { type: 'postgres', url: target.url } },
      approvals: { wait: WAIT, clientTimeout: '15m', pollInterval: WAIT },
    };
    // Both start at once: their migrations race on the fresh store.
    [a, b] = await Promise.all([startGatehouse(config, 'http', { env, token: AGENT_KEY }), startGatehouse(config, 'http', { env, token: AGENT_KEY })]);
    store = await openPostgresStore({ url: storeDb.url });
  });

  after(async () => {
    await Promise.all([a?.stop(), b?.stop(), store?.close()]);
    await Promise.all([storeDb?.drop(), target?.drop()]);
  });

  it('releases a call held on B when the write is approved through A, by notification', async () => {
    const read = await query(a, 'SELECT count(*) AS n FROM customers');
    assert.equal(read.isError, undefined, JSON.stringify(read));

    const waiting = query(b, "UPDATE orders SET status = 'paid' WHERE id = 2");
    const id = await until('the pending request', async () => (await store.listApprovals({ states: ['pending'] }))[0]?.id);
    assert.equal((await target.query<{ status: string }>('SELECT status FROM orders WHERE id = 2'))[0]?.status, 'new', 'held, not run');

    const approved = await dana.cli(new URL(a.url as string).origin, 'dana', ['approvals', 'approve', id, '--reason', 'ok']);
    assert.equal(approved.code, 0, approved.stderr);
    const result = await waiting;
    assert.equal(result.isError, undefined, JSON.stringify(result));
    assert.equal((await target.query<{ status: string }>('SELECT status FROM orders WHERE id = 2'))[0]?.status, 'paid');
  });

  it("keeps both replicas' sessions and events in one chain that audit verify accepts", async () => {
    const events = await store.events();
    const requested = (text: string) => events.find((e) => e.type === 'call.requested' && JSON.stringify(e.data).includes(text));
    const fromA = requested('SELECT count(*)');
    const fromB = requested("status = 'paid'");
    assert.ok(fromA && fromB);
    assert.notEqual(fromA.session, fromB.session);
    const started = new Set(events.filter((e) => e.type === 'session.started').map((e) => e.session));
    assert.ok(started.has(fromA.session) && started.has(fromB.session), 'each replica opened its session in the shared store');
    const types = events.filter((e) => e.callId === fromB.callId).map((e) => e.type);
    assert.deepEqual(types, ['call.requested', 'call.decided', 'approval.requested', 'approval.executed', 'call.result']);
    assert.ok(events.some((e) => e.type === 'approval.decided' && e.principal === 'dana'));

    const verify = await runCli(['audit', 'verify', '--config', a.configFile], env);
    assert.equal(verify.code, 0, verify.stderr);
    assert.match(verify.stdout, new RegExp(`audit chain ok: ${events.length} events`));
  });

  it('leaves a write-ahead record when a replica is killed in the middle of a call', async () => {
    const { configFile } = writeConfig(config);
    const c = await startKillableReplica(configFile, env);
    const exited = new Promise((r) => c.child.once('exit', r));
    const call = query(c, 'SELECT pg_sleep(20)').catch((error: Error) => error);
    // Killed only once the backend runs the statement: the call has passed every stage before execute.
    await until('the statement on the target', async () => (await target.query("SELECT 1 FROM pg_stat_activity WHERE state = 'active' AND query LIKE 'SELECT pg\\_sleep(20)%'"))[0]);
    c.child.kill('SIGKILL');
    await exited;
    assert.ok((await call) instanceof Error, 'the killed replica never answered');

    const events = await store.events();
    const requested = events.find((e) => e.type === 'call.requested' && JSON.stringify(e.data).includes('pg_sleep(20)'));
    assert.ok(requested?.callId);
    assert.deepEqual(events.filter((e) => e.callId === requested.callId).map((e) => e.type), ['call.requested', 'call.decided']);
    assert.equal(events.find((e) => e.callId === requested.callId && e.type === 'call.decided')?.data.effect, 'allow');
    const verify = await runCli(['audit', 'verify', '--config', a.configFile], env);
    assert.equal(verify.code, 0, verify.stderr);
    assert.ok(!c.logs().includes(storePassword));
  });

  it('never lets the store password out: logs and audit records', async () => {
    const audit = JSON.stringify(await store.events());
    for (const text of [a.logs(), b.logs(), audit]) assert.ok(!text.includes(storePassword), 'store password leaked');
  });
});
