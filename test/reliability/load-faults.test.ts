// Load with faults over HTTP, against a real gatehouse and PostgreSQL: 50 concurrent calls from three
// client sessions, mixing allowed reads, denied statements, backend errors, an unreachable backend,
// statement timeouts, bad arguments and calls held for review; calls over the in-flight limit; and
// clients that hang up mid-call. Afterwards every call the clients made has exactly one request and
// exactly one outcome event in the store, the outcome the agent saw, no event is written twice, and
// the hash chain verifies.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import type { AuditEvent } from '../../src/audit/events.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import type { Store } from '../../src/store/store.ts';
import { startGatehouse, type RunningGatehouse } from '../fixtures/gatehouse.ts';
import { createTestDatabase, type TestDatabase } from '../fixtures/postgres.ts';
import { auditedCalls, callTagged, outcomeIn, readVerifiedAudit } from './audit-calls.ts';
import { assertCleanAnswer, assertNoCrash, refusalOf, type CallResult } from './clean-answers.ts';
import { waitFor } from './faults-wait.ts';

const IN_FLIGHT_LIMIT = 10;
const MODERN = { versionNegotiation: { mode: { pin: '2026-07-28' as const } } };
/**
 * Two clients speak the 2026 protocol, whose every request names the client; one speaks 2025, whose
 * stateless calls are named after the initialize its principal sent from the same User-Agent.
 */
const SESSIONS = [
  { name: 'load-a', modern: true, recordedAs: 'load-a/1.0.0' },
  { name: 'load-b', modern: true, recordedAs: 'load-b/1.0.0' },
  { name: 'load-c', modern: false, recordedAs: 'load-c/1.0.0' },
];

/** Each kind of call, tagged so the test can find it in the audit, with the answer it gets when it runs. */
const KINDS: Array<{ expect: string; args: (tag: string) => Record<string, unknown> }> = [
  { expect: 'result', args: (tag) => ({ connection: 'shop', sql: `SELECT count(*)::int AS n FROM customers /* ${tag} */` }) },
  { expect: 'denied', args: (tag) => ({ connection: 'shop', sql: `DROP TABLE customers /* ${tag} */` }) },
  { expect: 'sql_error', args: (tag) => ({ connection: 'shop', sql: `SELECT 1/0 /* ${tag} */` }) },
  { expect: 'backend_unavailable', args: (tag) => ({ connection: 'down', sql: `SELECT 1 /* ${tag} */` }) },
  { expect: 'timeout', args: (tag) => ({ connection: 'shop', sql: `SELECT pg_sleep(5) /* ${tag} */` }) },
  { expect: 'invalid_arguments', args: (tag) => ({ connection: 'shop', tag }) },
  { expect: 'approval_pending', args: (tag) => ({ connection: 'shop', sql: `UPDATE orders SET note = 'x' WHERE id = 1 /* ${tag} */` }) },
];

const held = (tag: string) => ({ connection: 'shop', sql: `UPDATE orders SET note = 'held' WHERE id = 2 /* ${tag} */` });

describe('load with faults over HTTP', () => {
  let db: TestDatabase;
  let gh: RunningGatehouse;
  let store: Store;
  const clients: Client[] = [];

  before(async () => {
    db = await createTestDatabase();
    gh = await startGatehouse(
      {
        identity: { http: { id: 'agent', groups: ['dev'] } },
        server: { http: { maxConcurrentCalls: IN_FLIGHT_LIMIT } },
        connections: {
          shop: { type: 'postgres', url: db.url, poolSize: 10 },
          down: { type: 'postgres', url: 'postgres://app@127.0.0.1:1/none', connectTimeout: 2000 },
        },
        limits: { timeout: '1s' },
        // Every holder opens a request: the open-request cap is not what this test is about.
        approvals: { wait: '3s', pollInterval: '50ms', maxOpenPerPrincipal: 1000 },
      },
      'http',
    );
    store = openSqliteStore(gh.storeFile);
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await store?.close();
    await gh?.stop();
    await db?.drop();
  });

  async function connectClient(name: string, modern = false): Promise<Client> {
    const client = new Client({ name, version: '1.0.0' }, modern ? MODERN : {});
    await client.connect(new StreamableHTTPClientTransport(new URL(gh.url as string)));
    clients.push(client);
    return client;
  }

  /** The id of the call whose recorded arguments hold `tag`, once its request is in the store. */
  const callIdOf = (tag: string) =>
    waitFor(`the request of ${tag}`, async () => (await store.events()).find((e) => e.type === 'call.requested' && JSON.stringify(e.data.args).includes(tag))?.callId);
  const eventOf = (callId: string, types: readonly string[]) => waitFor(`${types.join(' or ')} of ${callId}`, async () => (await store.events({ callId })).find((e) => types.includes(e.type)));

  /** The audit outcome matches what the agent saw: the same error code, or a result. */
  function assertRecordedAsSeen(events: readonly AuditEvent[], seen: CallResult, tag: string): void {
    const outcome = outcomeIn(events);
    const refusal = refusalOf(seen);
    if (!refusal) assert.equal(outcome.type, 'call.result', tag);
    else assert.deepEqual([outcome.type, outcome.data.code], ['call.error', refusal.code], tag);
  }

  it('records each of 50 mixed concurrent calls from three sessions once, with the outcome the agent saw', async () => {
    const sessions = await Promise.all(SESSIONS.map((s) => connectClient(s.name, s.modern)));
    const calls = Array.from({ length: 50 }, (_, i) => ({ tag: `load-${i}-`, kind: KINDS[i % KINDS.length] as (typeof KINDS)[number], client: i % sessions.length }));
    const answers = await Promise.all(calls.map(({ tag, kind, client }) => (sessions[client] as Client).callTool({ name: 'postgres_query', arguments: kind.args(tag) }) as Promise<CallResult>));

    const byCall = auditedCalls(await readVerifiedAudit(gh.storeFile));
    const sessionOf = new Map<number, Set<string>>();
    calls.forEach(({ tag, kind, client }, i) => {
      const seen = answers[i] as CallResult;
      assertCleanAnswer(seen, tag);
      const code = refusalOf(seen)?.code ?? 'result';
      assert.ok(code === kind.expect || code === 'too_many_calls', `${tag}: expected ${kind.expect}, got ${code}`);
      const events = callTagged(byCall, tag);
      assertRecordedAsSeen(events, seen, tag);
      sessionOf.set(client, (sessionOf.get(client) ?? new Set()).add((events[0] as AuditEvent).session));
    });
    const events = await store.events({ limit: 100_000 });
    for (const [client, ids] of sessionOf) {
      const { name, recordedAs } = SESSIONS[client] as (typeof SESSIONS)[number];
      assert.equal(ids.size, 1, `the calls of ${name} fell into ${ids.size} sessions`);
      const started = events.filter((e) => e.type === 'session.started' && ids.has(e.session));
      assert.equal(started.length, 1, `the session of ${name} started ${started.length} times`);
      assert.equal(started[0]?.data.client, recordedAs);
    }
    assert.equal(new Set([...sessionOf.values()].map((ids) => [...ids][0])).size, SESSIONS.length);
  });

  it('refuses a call over the in-flight limit with too_many_calls, and records it like any refusal', async () => {
    const client = await connectClient('load-limit');
    // Calls held for review keep their slot while they wait for an approver (approvals.wait).
    const holders = Array.from({ length: IN_FLIGHT_LIMIT }, (_, i) => client.callTool({ name: 'postgres_query', arguments: held(`holder-${i}-`) }) as Promise<CallResult>);
    const holderIds = await Promise.all(holders.map((_, i) => callIdOf(`holder-${i}-`)));
    await Promise.all(holderIds.map((id) => eventOf(id, ['approval.requested'])));

    const over = (await client.callTool({ name: 'postgres_query', arguments: { connection: 'shop', sql: 'SELECT 1 /* over-the-limit */' } })) as CallResult;
    assertCleanAnswer(over, 'over the limit');
    assert.equal(refusalOf(over)?.code, 'too_many_calls');
    for (const answer of await Promise.all(holders)) assert.equal(refusalOf(answer)?.code, 'approval_pending');

    const byCall = auditedCalls(await readVerifiedAudit(gh.storeFile));
    assertRecordedAsSeen(callTagged(byCall, 'over-the-limit'), over, 'over the limit');
  });

  it('records the outcome of calls whose client hung up mid-call', async () => {
    // A raw request aborted while its call waits for an approver.
    const aborted = new AbortController();
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'postgres_query', arguments: held('hung-up-fetch') } });
    const request = fetch(gh.url as string, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body, signal: aborted.signal }).then(
      (res) => res.text(),
      () => 'aborted',
    );
    const fetchCall = await callIdOf('hung-up-fetch');
    await eventOf(fetchCall, ['approval.requested']);
    aborted.abort();
    assert.equal(await request, 'aborted');

    // An SDK client closed while its query runs in PostgreSQL.
    const closer = await connectClient('load-closer');
    const pending = closer.callTool({ name: 'postgres_query', arguments: { connection: 'shop', sql: 'SELECT pg_sleep(0.5) /* hung-up-client */' } }).then(
      () => 'answered',
      () => 'closed',
    );
    const clientCall = await callIdOf('hung-up-client');
    await eventOf(clientCall, ['call.decided']);
    await closer.close();
    assert.equal(await pending, 'closed');

    for (const callId of [fetchCall, clientCall]) await eventOf(callId, ['call.result', 'call.error']);
    const byCall = auditedCalls(await readVerifiedAudit(gh.storeFile));
    for (const callId of [fetchCall, clientCall]) assert.ok(byCall.has(callId));
  });

  it('logged no crash, and still serves', async () => {
    const client = await connectClient('load-after');
    const result = (await client.callTool({ name: 'postgres_query', arguments: { connection: 'shop', sql: 'SELECT count(*)::int AS n FROM customers' } })) as CallResult;
    assert.deepEqual(result.structuredContent?.rows, [[5]]);
    assertNoCrash(gh.logs());
  });
});
