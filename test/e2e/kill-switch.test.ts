// The kill switch end to end: two replicas on one PostgreSQL store, agents on the SDK's client with
// API keys, a real PostgreSQL target, the operator on the CLI acting through replica A's people API
// with her own API key. Suspending a principal stops its call in flight on the other replica (the
// backend's query is gone from pg_stat_activity), refuses its new calls, leaves another principal
// alone, withdraws its pending approval requests (and any a replica stores late cannot be
// approved), and resuming restores it; ending a session refuses its next call while the principal's
// other session goes on; all of it is on record. Nobody acts from the config or the store, and only
// operators act at all.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import type { AuditEvent } from '../../src/audit/events.ts';
import { generateApiKey, hashApiKey } from '../../src/identity/api-keys.ts';
import { KILL_SWITCH_CHANNEL } from '../../src/store/postgres-listen.ts';
import { openPostgresStore } from '../../src/store/postgres.ts';
import type { Store } from '../../src/store/store.ts';
import { runCli, startGatehouse, type RunningGatehouse } from '../fixtures/gatehouse.ts';
import { openSealedTestStore } from '../fixtures/sealed-store.ts';
import { people } from '../fixtures/people.ts';
import { request } from '../store/requests.ts';
import { createTestDatabase, type TestDatabase } from '../fixtures/postgres.ts';
import { until } from '../fixtures/until.ts';
import { createStoreDatabase, postgresReachable, type TestStoreDatabase } from '../store/places.ts';

interface CallResult {
  isError?: boolean;
  structuredContent?: Record<string, unknown>;
}

// Far longer than any step: a replica that learns of a change before its poll learned it by notification.
const POLL = '60s';
const reachable = await postgresReachable();
const keyA = generateApiKey();
const keyB = generateApiKey();
// Olga operates the kill switch (and reads sessions as an auditor); Dana only approves.
const staff = people({ id: 'olga', groups: ['operators', 'auditors'] }, { id: 'dana', groups: ['approvers'] });

const codeOf = (r: CallResult) => (r.structuredContent?.error as { code?: string } | undefined)?.code;

describe('kill switch across two replicas', { skip: !reachable && 'no PostgreSQL server (set PG_TEST_URL)' }, () => {
  // Set up in before(): two replicas, the shared store and the target database.
  let a: RunningGatehouse, b: RunningGatehouse;
  let storeDb: TestStoreDatabase, target: TestDatabase, store: Store;
  let env: Record<string, string>;
  const clients: Client[] = [];

  const connect = async (replica: RunningGatehouse, key: string, name: string): Promise<Client> => {
    const client = new Client({ name, version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(replica.url as string), { authProvider: { token: async () => key } }));
    clients.push(client);
    return client;
  };
  const query = (client: Client, sql: string) => client.callTool({ name: 'postgres_query', arguments: { connection: 'shop', sql } }, { timeout: 90_000 }) as Promise<CallResult>;
  const cli = (...args: string[]) => staff.cli(new URL(a.url as string).origin, 'olga', args);
  const asDana = (...args: string[]) => staff.cli(new URL(a.url as string).origin, 'dana', args);
  const sleeping = async () =>
    Number((await target.query<{ n: string }>("SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE 'SELECT pg_sleep(30)%'"))[0]?.n);
  const events = async (type: AuditEvent['type']) => (await store.events()).filter((e) => e.type === type);

  before(async () => {
    [storeDb, target] = await Promise.all([createStoreDatabase(), createTestDatabase()]);
    env = { GATEHOUSE_STORE_URL: storeDb.url };
    const config = {
      identity: {
        apiKeys: [
          { id: 'agent-a', groups: ['dev'], sha256: hashApiKey(keyA) },
          { id: 'agent-b', groups: ['dev'], sha256: hashApiKey(keyB) },
          ...staff.apiKeys,
        ],
      },
      store: { postgres: { url: 'env:GATEHOUSE_STORE_URL', poolSize: 4 } },
      connections: { shop: { type: 'postgres', url: target.url } },
      limits: { timeout: '60s' },
      approvals: { wait: '200ms' },
      killSwitch: { pollInterval: POLL, maxStale: '10m' },
    };
    [a, b] = await Promise.all([startGatehouse(config, 'http', { env, token: keyA }), startGatehouse(config, 'http', { env, token: keyA })]);
    store = await openSealedTestStore(storeDb.url);
  });

  after(async () => {
    await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
    await Promise.all([a?.stop(), b?.stop(), store?.close()]);
    await Promise.all([storeDb?.drop(), target?.drop()]);
  });

  it('suspending a principal cancels its query on the backend, refuses its calls, spares others, and resuming restores it', async () => {
    const agentB = await connect(a, keyB, 'agent-b-tool');
    const long = query(b.client, 'SELECT pg_sleep(30)');
    await until('the query running on PostgreSQL', async () => ((await sleeping()) === 1 ? true : undefined), 20_000);

    const suspend = await cli('principals', 'suspend', 'agent-a', '--reason', 'runaway agent');
    assert.equal(suspend.code, 0, suspend.stderr);
    assert.match(suspend.stdout, /principal agent-a suspended/);

    const stopped = await long;
    assert.equal(stopped.isError, true);
    assert.equal(codeOf(stopped), 'principal_suspended', JSON.stringify(stopped));
    await until('the backend query gone', async () => ((await sleeping()) === 0 ? true : undefined));

    const refused = await query(a.client, 'SELECT 1 AS one');
    assert.equal(codeOf(refused), 'principal_suspended');
    const other = await query(agentB, 'SELECT 1 AS one');
    assert.equal(other.isError, undefined, JSON.stringify(other));

    const list = await cli('principals', 'list');
    assert.match(list.stdout, /^agent-a {2}suspended .* by olga: runaway agent$/m);

    const resume = await cli('principals', 'resume', 'agent-a');
    assert.equal(resume.code, 0, resume.stderr);
    const restored = await until('agent-a served again', async () => {
      const r = await query(b.client, 'SELECT 1 AS one');
      return r.isError ? undefined : r;
    });
    assert.equal(restored.isError, undefined);
    assert.match((await cli('principals', 'list')).stdout, /no principal is suspended/);
  });

  it('records who suspended and resumed, and how the stopped call ended on its backend', async () => {
    const [suspended] = await events('principal.suspended');
    assert.equal(suspended?.principal, 'olga');
    assert.deepEqual({ subject: suspended?.data.subject, reason: suspended?.data.reason }, { subject: 'agent-a', reason: 'runaway agent' });
    assert.equal((await events('principal.resumed'))[0]?.data.subject, 'agent-a');
    const errors = (await events('call.error')).filter((e) => e.principal === 'agent-a' && e.data.code === 'principal_suspended');
    const cancelled = errors.find((e) => e.data.stopped);
    const stop = cancelled?.data.stopped as { by: string; reason: string; outcome: { code: string; message: string } };
    assert.deepEqual({ by: stop.by, reason: stop.reason, code: stop.outcome.code }, { by: 'olga', reason: 'runaway agent', code: 'cancelled' });
    assert.match(stop.outcome.message, /connection was closed/);
    assert.ok(errors.some((e) => !e.data.stopped), 'the call refused at the door is recorded too');
  });

  it('ending a session refuses its next call; the same principal’s other session goes on', async () => {
    // Over HTTP a session is a principal's run of calls from one client on one replica: here one on each.
    const first = await connect(a, keyB, 'agent-b-first');
    const second = await connect(b, keyB, 'agent-b-second');
    assert.equal((await query(first, "SELECT 'first' AS marker")).isError, undefined);
    assert.equal((await query(second, "SELECT 'second' AS marker")).isError, undefined);
    const sessionOf = async (marker: string) => (await events('call.requested')).findLast((e) => JSON.stringify(e.data.args).includes(marker))?.session as string;
    const [session, other] = [await sessionOf("'first'"), await sessionOf("'second'")];
    assert.notEqual(session, other);
    const listed = JSON.parse((await cli('sessions', 'list', '--principal', 'agent-b', '--format', 'json')).stdout) as Array<{ id: string }>;
    assert.ok(listed.some((s) => s.id === session) && listed.some((s) => s.id === other), 'the ids `gatehouse sessions list` shows');

    const end = await cli('sessions', 'end', session, '--reason', 'done here');
    assert.equal(end.code, 0, end.stderr);
    const refused = await until('the session ended on the replica', async () => {
      const r = await query(first, 'SELECT 1 AS one');
      return r.isError ? r : undefined;
    });
    assert.equal(codeOf(refused), 'session_ended');
    assert.equal((await query(second, 'SELECT 1 AS one')).isError, undefined);
    // Told once: the client's next call opens a new session, on record as such.
    assert.equal((await query(first, 'SELECT 1 AS one')).isError, undefined);

    const ended = (await events('session.ended'))[0];
    assert.deepEqual({ session: ended?.session, by: ended?.principal, reason: ended?.data.reason }, { session, by: 'olga', reason: 'done here' });
    const unknown = await cli('sessions', 'end', '00000000-0000-4000-8000-000000000000');
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /unknown_session/);
  });

  it('acts only through a server, as an operator: never from the config or the store, never as a non-operator', async () => {
    for (const source of [['--config', a.configFile], ['--store', a.storeFile]]) {
      const refused = await runCli(['principals', 'suspend', 'agent-b', ...source], env);
      assert.equal(refused.code, 2, refused.stderr);
      assert.match(refused.stderr, /suspend, resume and end go only through a running gatehouse server, as yourself: add --server URL \(sign in first with gatehouse login --server URL/);
    }
    const notOperator = await asDana('principals', 'suspend', 'agent-b');
    assert.equal(notOperator.code, 1);
    assert.match(notOperator.stderr, /forbidden: dana is not in an operator group/);
    assert.deepEqual((await store.listRevocations()).filter((r) => r.kind === 'principal'), [], 'nothing was suspended');
    // Reading stays open to whoever holds the store: the list works from the config.
    assert.match((await runCli(['principals', 'list', '--config', a.configFile], env)).stdout, /no principal is suspended/);
  });

  it('suspending withdraws the principal’s pending approval requests, on record; one stored late cannot be approved', async () => {
    const held = await query(a.client, "UPDATE orders SET note = 'while suspended' WHERE id = 1");
    assert.equal(codeOf(held), 'approval_pending', JSON.stringify(held));
    const id = (held.structuredContent?.error as { approvalId: string }).approvalId;

    const suspend = await cli('principals', 'suspend', 'agent-a', '--reason', 'second incident');
    assert.equal(suspend.code, 0, suspend.stderr);
    assert.match(suspend.stdout, new RegExp(`withdrew its pending approval requests: ${id}`));
    assert.equal((await store.getApproval(id))?.state, 'cancelled');
    const withdrawn = (await events('approval.cancelled')).find((e) => e.data.approvalId === id);
    assert.deepEqual([withdrawn?.principal, withdrawn?.data.reason], ['olga', 'withdrawn: requester agent-a was suspended']);
    const late = await asDana('approvals', 'approve', id, '--reason', 'too late');
    assert.equal(late.code, 1);
    assert.match(late.stderr, /not_pending: request \S+ is already cancelled/);

    // As a replica that had not yet heard of the suspension would store it.
    const stored = request({ requester: { principal: { id: 'agent-a', name: 'agent-a', groups: ['dev'], kind: 'agent' }, session: 's', client: 'c' }, approverGroups: ['approvers'] });
    assert.ok(await store.createApproval(stored));
    const refused = await asDana('approvals', 'approve', stored.id, '--reason', 'still suspended');
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /requester_suspended: the requester agent-a is suspended/);
    assert.equal((await store.getApproval(stored.id))?.state, 'pending');

    assert.equal((await cli('principals', 'resume', 'agent-a')).code, 0);
  });

  it('a store insider who deletes the suspension row and appends a resume of their own lifts nothing; the operator still can', async () => {
    assert.equal((await cli('principals', 'suspend', 'agent-a', '--reason', 'third incident')).code, 0);
    await until('agent-a refused on B', async () => (codeOf(await query(b.client, 'SELECT 1 AS one')) === 'principal_suspended' ? true : undefined));
    const suspension = (await events('principal.suspended')).at(-1);
    // The insider's tools: SQL on the store, a well-linked append through the unsealed store code, and a notice to the replicas.
    const raw = await openPostgresStore({ url: storeDb.url, poolSize: 1 });
    try {
      await raw.append([{ type: 'principal.resumed', session: 'kill-switch', principal: 'olga', data: { subject: 'agent-a', by: { id: 'olga', name: 'olga' }, reason: 'forged', lifts: suspension?.data.at } }]);
    } finally {
      await raw.close();
    }
    await storeDb.query("DELETE FROM revocations WHERE kind = 'principal' AND id = 'agent-a'");
    await storeDb.query(`SELECT pg_notify('${KILL_SWITCH_CHANNEL}', 'principal')`);
    const reported = await until('both kinds of tampering on record', async () => {
      const problems = (await events('store.tampered')).map((e) => String(e.data.problem));
      return problems.some((p) => /seal does not verify/.test(p)) && problems.some((p) => /row was deleted outside gatehouse/.test(p)) ? problems : undefined;
    });
    assert.ok(reported.length >= 2);
    for (const replica of [a, b]) assert.equal(codeOf(await query(replica.client, 'SELECT 1 AS one')), 'principal_suspended');
    assert.match(a.logs() + b.logs(), /the store was tampered with: revocations principal agent-a/);

    assert.equal((await cli('principals', 'resume', 'agent-a')).code, 0, 'the resume finds the suspension on record, its row gone');
    const restored = await until('agent-a served again on B', async () => {
      const r = await query(b.client, 'SELECT 1 AS one');
      return r.isError ? undefined : r;
    });
    assert.equal(restored.isError, undefined);
  });
});
