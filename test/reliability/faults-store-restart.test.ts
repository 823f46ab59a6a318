// Fault: approvals outlive the process and the store link. A write held for review on one gatehouse
// stays pending when that process stops; a new process on the same PostgreSQL store sees it, an
// approver approves it through the CLI and a third server's people API, and the agent's retry runs exactly once. And a call waiting for approval rides
// out a store that drops and comes back: approved while gatehouse cannot see the store (so the
// notification is lost), the waiter still finds the decision once the store is back, and runs.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openPostgresStore } from '../../src/store/postgres.ts';
import type { Store } from '../../src/store/store.ts';
import { startGatehouse, type RunningGatehouse } from '../fixtures/gatehouse.ts';
import { people, servePeopleApi } from '../fixtures/people.ts';
import { createTestDatabase, type TestDatabase } from '../fixtures/postgres.ts';
import { startProxyFor, throughProxy, type TcpProxy } from '../fixtures/tcp-proxy.ts';
import { createStoreDatabase, postgresReachable, type TestStoreDatabase } from '../store/places.ts';
import { assertEveryCallSettled } from './faults-audit.ts';
import { errorOf, queryShop } from './faults-calls.ts';
import { waitFor } from './faults-wait.ts';

const reachable = await postgresReachable();

describe('fault: the store restarts or drops with approvals pending', { skip: !reachable && 'no PostgreSQL server (set PG_TEST_URL)' }, () => {
  let storeDb: TestStoreDatabase;
  let target: TestDatabase;
  let proxy: TcpProxy;
  let store: Store;
  let first: RunningGatehouse;
  let second: RunningGatehouse;
  let throughTheProxy: Record<string, string>;
  let direct: Record<string, string>;

  const dana = people({ id: 'dana', groups: ['dba'] });
  const config = (wait: string) => ({
    identity: { stdio: { id: 'agent-1', groups: ['dev'] }, apiKeys: dana.apiKeys },
    store: { postgres: { url: 'env:GATEHOUSE_STORE_URL', poolSize: 2 } },
    connections: { shop: { type: 'postgres', url: target.url } },
    approvals: { wait, pollInterval: '250ms' },
  });
  const update = queryShop;
  const status = async (id: number) => (await target.query<{ status: string }>('SELECT status FROM orders WHERE id = $1', [id]))[0]?.status;
  const total = async (id: number) => Number((await target.query<{ total: string }>('SELECT total FROM orders WHERE id = $1', [id]))[0]?.total);
  /** The approver's server reaches the store directly, not through the proxy: it can decide while gatehouse cannot see the store. */
  const approve = async (id: string) => {
    const api = await servePeopleApi(second.configFile, direct);
    try {
      const approved = await dana.cli(api.origin, 'dana', ['approvals', 'approve', id, '--reason', 'fault test']);
      assert.equal(approved.code, 0, approved.stderr);
    } finally {
      await api.stop();
    }
  };
  const executions = async (approvalId: string) => (await store.events({ limit: 100_000 })).filter((e) => e.type === 'approval.executed' && e.data.approvalId === approvalId).length;

  before(async () => {
    [storeDb, target] = await Promise.all([createStoreDatabase(), createTestDatabase()]);
    proxy = await startProxyFor(storeDb.url);
    throughTheProxy = { GATEHOUSE_STORE_URL: throughProxy(storeDb.url, proxy) };
    direct = { GATEHOUSE_STORE_URL: storeDb.url };
    store = await openPostgresStore({ url: storeDb.url });
  });

  after(async () => {
    // Stopping reads the store through the proxy (the fixture's capture), so it must forward.
    proxy?.forward();
    await Promise.all([first?.stop(), second?.stop()]);
    await store?.close();
    await proxy?.close();
    await Promise.all([storeDb?.drop(), target?.drop()]);
  });

  it('keeps a pending approval across a restart; the retry on the new process runs exactly once', async () => {
    // An increment counts executions: run twice, it would add two.
    const sql = 'UPDATE orders SET total = total + 1 WHERE id = 2';
    const totalBefore = await total(2);
    first = await startGatehouse(config('300ms'), 'stdio', { env: throughTheProxy });
    const held = await update(first, sql);
    assert.equal(errorOf(held).code, 'approval_pending', JSON.stringify(held));
    const id = errorOf(held).approvalId as string;
    await first.stop();

    second = await startGatehouse(config('20s'), 'stdio', { env: throughTheProxy });
    await approve(id);
    const ran = await update(second, sql);
    assert.equal(ran.isError, undefined, JSON.stringify(ran));
    assert.equal(await total(2), totalBefore + 1);
    assert.equal((await store.getApproval(id))?.state, 'executed');
    assert.equal(await executions(id), 1);
  });

  it('releases a waiting call approved while its store link was down, once the link is back', async () => {
    const sql = "UPDATE orders SET status = 'rode-out' WHERE id = 3";
    const statusBefore = await status(3);
    let settled = false;
    const waiting = update(second, sql).finally(() => (settled = true));
    const request = await waitFor('the pending request', async () => (await store.listApprovals({ states: ['pending'] })).find((r) => r.summary.includes('rode-out')));
    // The request's row is stored before its approval.requested event: the outage starts once both are, with the call waiting.
    await waitFor('the request on record', async () => ((await store.events({ limit: 100_000 })).some((e) => e.type === 'approval.requested' && e.data.approvalId === request.id) ? true : undefined));

    const attemptsBefore = proxy.acceptedConnections();
    proxy.refuse();
    // The waiter's polls (and the notification listener) find the store gone, several times over.
    await waitFor('gatehouse to meet the dead store', async () => (proxy.acceptedConnections() >= attemptsBefore + 4 ? true : undefined));
    await approve(request.id);
    assert.equal(await status(3), statusBefore, 'nothing runs while gatehouse cannot record it');
    assert.equal(settled, false, 'the waiting call gave up while the store was away');

    proxy.forward();
    const result = await waiting;
    assert.equal(result.isError, undefined, `${JSON.stringify(result)}\nserver log:\n${second.logs()}`);
    assert.equal(await status(3), 'rode-out');
    assert.equal(await executions(request.id), 1);
  });

  it('records every call of both processes with its outcome, and the chain verifies', async () => {
    const calls = await assertEveryCallSettled(store);
    assert.equal(calls.filter((c) => c.outcome.type === 'call.result').length, 2);
  });
});
