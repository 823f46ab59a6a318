// Scale with faults: four real `gatehouse serve --http` replicas on one PostgreSQL store, 200 agents
// (real MCP clients, each its own API key) making reads and writes held for review, which an
// approver decides as they come. Mid-load one replica is killed (SIGKILL) and its agents move to
// the others; then the store goes away (every connection cut, new ones refused, as in a restart)
// and comes back. Not timed: the faults are set off by how far the load has come.
//
// What the audit must show afterwards, attempt by attempt (an agent tries a call again after no
// answer or audit_failed, each attempt with its own tag):
// - every call in the store has one request event, at most one outcome and no event twice, and it
//   is an attempt some agent made (no call appears from nowhere, none is recorded twice);
// - an attempt answered with a result is recorded once, with call.result; one answered with a
//   refusal is recorded once, with that refusal's code;
// - an attempt that got no answer (on the killed replica) or audit_failed (the store away) is
//   recorded at most once: not at all, by its write-ahead record alone, or whole (a commit whose
//   acknowledgement the cut lost): the agent cannot tell which, so it tries again;
// - an attempt that got no answer from a live replica never reached it, so it left no record;
// - every planned call ends with a result, and `gatehouse audit verify` accepts the chain.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createApprovals } from '../../src/approval/service.ts';
import type { AuditEvent } from '../../src/audit/events.ts';
import { createRecorder } from '../../src/audit/recorder.ts';
import { generateApiKey, hashApiKey } from '../../src/identity/index.ts';
import type { Store } from '../../src/store/store.ts';
import { runCli, startGatehouse, type RunningGatehouse } from '../fixtures/gatehouse.ts';
import { openSealedTestStore } from '../fixtures/sealed-store.ts';
import { createTestDatabase, type TestDatabase } from '../fixtures/postgres.ts';
import { startProxyFor, throughProxy, type TcpProxy } from '../fixtures/tcp-proxy.ts';
import { createStoreDatabase, postgresReachable, type TestStoreDatabase } from '../store/places.ts';
import { callsById, maybeOutcomeIn } from './audit-calls.ts';
import { waitFor } from './faults-wait.ts';
import { ATTEMPT_TAG, retried, runAgent, type Attempt } from './scale-agents.ts';

const REPLICAS = 4;
const AGENTS = 200;
const CALLS_PER_AGENT = 5;
/** Agents whose last call is a write held for review. */
const HELD_AGENTS = 8;
const VICTIM = REPLICAS - 1;
/** Waiting for the load to reach a fault's moment: generous, as two shared cores run everything. */
const LOAD_WAIT_MS = 120_000;

const reachable = await postgresReachable();

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('scale: four replicas, 200 agents, a replica killed and the store restarted', { skip: !reachable && 'no PostgreSQL server (set PG_TEST_URL)' }, () => {
  let storeDb: TestStoreDatabase;
  let target: TestDatabase;
  let proxy: TcpProxy;
  let store: Store;
  let direct: Record<string, string>;
  const replicas: RunningGatehouse[] = [];
  const keys = Array.from({ length: AGENTS }, () => generateApiKey());
  const probeKey = generateApiKey();

  before(async () => {
    [storeDb, target] = await Promise.all([createStoreDatabase(), createTestDatabase()]);
    proxy = await startProxyFor(storeDb.url);
    direct = { GATEHOUSE_STORE_URL: storeDb.url };
    const config = {
      identity: { apiKeys: [probeKey, ...keys].map((key, i) => ({ id: `agent-${i}`, groups: ['agents'], sha256: hashApiKey(key) })) },
      store: { postgres: { url: 'env:GATEHOUSE_STORE_URL', poolSize: 4 } },
      connections: { shop: { type: 'postgres', url: target.url, poolSize: 4 } },
      approvals: { wait: '60s', clientTimeout: '90s', pollInterval: '250ms' },
      log: { level: 'warn' },
    };
    // Every replica reaches the store through the proxy, which plays its restart.
    const env = { GATEHOUSE_STORE_URL: throughProxy(storeDb.url, proxy) };
    replicas.push(...(await Promise.all(Array.from({ length: REPLICAS }, () => startGatehouse(config, 'http', { env, token: probeKey })))));
    store = await openSealedTestStore(storeDb.url);
  });

  after(async () => {
    // Stopping reads the store through the proxy (the fixture's capture), so it must forward.
    proxy?.forward();
    await Promise.all(replicas.map((r) => r.stop()));
    await store?.close();
    await proxy?.close();
    await Promise.all([storeDb?.drop(), target?.drop()]);
  });

  /** Approves every pending request as it appears, until stopped: the person on call, deciding through the store as the CLI does. */
  function approveAsTheyCome(): { stop(): Promise<void> } {
    const approvals = createApprovals(store, createRecorder(store, (text) => text), { waitMs: 0, ttlMs: 600_000, defaultApprovers: ['approvers'], pollMs: 250 });
    const dana = { id: 'dana', name: 'dana', groups: ['dba', 'approvers'], kind: 'human' as const };
    let running = true;
    // A refusal ends the loop and is reported at stop(), not thrown where nobody awaits it.
    const loop = (async () => {
      while (running) {
        for (const request of await store.listApprovals({ states: ['pending'] })) {
          const decided = await approvals.decide(request.id, dana, { decision: 'approve', reason: 'scale test' });
          if (!decided.ok) return `approving ${request.id}: ${decided.code}: ${decided.message}`;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return undefined;
    })();
    return {
      async stop() {
        running = false;
        const problem = await loop;
        assert.equal(problem, undefined);
      },
    };
  }

  it('loses no call and records none twice, and the chain verifies', async (t) => {
    const urls = replicas.map((r) => r.url as string);
    const victim = replicas[VICTIM] as RunningGatehouse;
    const seen: Attempt[] = [];
    const finals = () => seen.filter((a) => !retried(a.seen)).length;
    const planned = AGENTS * CALLS_PER_AGENT;

    const approver = approveAsTheyCome();
    let settled = false;
    const load = Promise.all(keys.map((key, agent) => runAgent(agent, key, Array.from({ length: CALLS_PER_AGENT }, (_, call) => agent < HELD_AGENTS && call === CALLS_PER_AGENT - 1), { urls, onAttempt: (a) => seen.push(a) }))).finally(() => (settled = true));
    load.catch(() => undefined);
    const reached = (share: number) => waitFor(`${share * 100}% of the calls answered`, async () => (settled || finals() >= planned * share ? true : undefined), LOAD_WAIT_MS);

    await reached(0.2);
    process.kill(victim.pid as number, 'SIGKILL');
    await waitFor('the killed replica to exit', async () => (alive(victim.pid as number) ? undefined : true));

    await reached(0.45);
    const cutAt = seen.length;
    proxy.refuse();
    await waitFor('agents to meet the store away', async () => (settled || seen.slice(cutAt).filter((a) => a.seen === 'audit_failed').length >= 20 ? true : undefined), LOAD_WAIT_MS);
    proxy.forward();

    const attempts = (await load).flat();
    await approver.stop();
    const count = (seen: string) => attempts.filter((a) => a.seen === seen).length;
    const unansweredLive = attempts.filter((a) => a.seen === 'thrown' && a.replica !== VICTIM);
    t.diagnostic(`${attempts.length} attempts for ${planned} planned calls: ${count('thrown') - unansweredLive.length} unanswered by the killed replica, ${unansweredLive.length} unsent to live ones, ${count('audit_failed')} audit_failed (store away)`);
    for (const a of unansweredLive) t.diagnostic(`${a.tag} unsent: ${a.detail}`);

    // The faults happened while agents were calling: calls went unanswered on the killed replica
    // after the kill, and the store's absence was answered with audit_failed.
    assert.ok(attempts.some((a) => a.seen === 'thrown' && a.replica === VICTIM), 'no call was cut by the kill');
    assert.ok(attempts.some((a) => a.seen === 'audit_failed'), 'no call met the store away');
    assert.equal(settled, true);
    for (const replica of replicas.filter((_, i) => i !== VICTIM)) assert.ok(alive(replica.pid as number), 'a surviving replica died');

    // Every planned call ended with a result (the held writes approved and run).
    const lastAttempts = new Map(attempts.map((a) => [a.tag.replace(/\d+-$/, ''), a]));
    assert.equal(lastAttempts.size, planned);
    for (const last of lastAttempts.values()) assert.equal(last.seen, 'result', `${last.tag} ended with ${last.seen}: ${last.detail}`);

    const verify = await runCli(['audit', 'verify', '--config', (replicas[0] as RunningGatehouse).configFile], direct);
    assert.equal(verify.code, 0, verify.stderr);
    assert.match(verify.stdout, /^audit chain ok: /);

    const events: AuditEvent[] = [];
    for await (const event of store.allEvents()) events.push(event);
    const recorded = recordedByTag(callsById(events));
    const made = new Map(attempts.map((a) => [a.tag, a]));
    for (const tag of recorded.keys()) assert.ok(made.has(tag), `the store holds a call ${tag} no agent made`);
    for (const attempt of attempts) assertRecordedAsSeen(attempt, recorded.get(attempt.tag) ?? []);
    // A live replica answers every call that reaches it. The client may still fail to send one
    // (seen once in about ten runs on a starved CPU; the diagnostic names fetch's cause): a pooled
    // connection the server closes as idle just as it is reused (nodejs/undici#3141), or a connect
    // that times out. Such a request never reached the replica, so it must have left no record.
    for (const a of attempts.filter((x) => x.seen === 'thrown' && x.replica !== VICTIM)) assert.equal(recorded.get(a.tag)?.length ?? 0, 0, `${a.tag} got no answer from a live replica that recorded it: ${a.detail}`);

    // A held write ran once per approval, however many replicas and retries it met.
    const executed = events.filter((e) => e.type === 'approval.executed').map((e) => e.data.approvalId);
    assert.equal(new Set(executed).size, executed.length, 'an approval ran twice');
    assert.ok(executed.length >= 1, 'no held write ran');
  });
});

/** The recorded calls by the attempt tag in their SQL; calls with no tag are the fixtures' own. */
function recordedByTag(byCall: ReadonlyMap<string, AuditEvent[]>): Map<string, AuditEvent[][]> {
  const byTag = new Map<string, AuditEvent[][]>();
  for (const events of byCall.values()) {
    const requested = events.find((e) => e.type === 'call.requested') as AuditEvent;
    const tag = ATTEMPT_TAG.exec(JSON.stringify(requested.data.args))?.[0];
    if (tag) byTag.set(tag, [...(byTag.get(tag) ?? []), events]);
  }
  return byTag;
}

function assertRecordedAsSeen(attempt: Attempt, calls: readonly AuditEvent[][]): void {
  const what = `${attempt.tag} (seen: ${attempt.seen})`;
  if (attempt.seen === 'thrown' || attempt.seen === 'audit_failed') {
    assert.ok(calls.length <= 1, `${what} is recorded ${calls.length} times`);
    return;
  }
  assert.equal(calls.length, 1, `${what} is recorded ${calls.length} times`);
  const outcome = maybeOutcomeIn(calls[0] as AuditEvent[]);
  if (attempt.seen === 'result') assert.equal(outcome?.type, 'call.result', `${what} is recorded as ${outcome?.type ?? 'unfinished'}`);
  else assert.deepEqual([outcome?.type, outcome?.data.code], ['call.error', attempt.seen], what);
}
