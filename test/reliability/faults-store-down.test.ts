// Fault: the PostgreSQL store hangs or becomes unreachable, through a real gatehouse and the SDK's client.
// The store sits behind a proxy that drops every connection and refuses new ones. Without a
// durable write-ahead record nothing may run: each call is refused with a clear error, and the
// target proves it never saw the statement (an INSERT the policy allows leaves no row). Once the
// store is back, calls work again and the audit chain is whole.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openPostgresStore } from '../../src/store/postgres.ts';
import { startGatehouse, type RunningGatehouse } from '../fixtures/gatehouse.ts';
import { createTestDatabase, type TestDatabase } from '../fixtures/postgres.ts';
import { startProxyFor, throughProxy, type TcpProxy } from '../fixtures/tcp-proxy.ts';
import { createStoreDatabase, postgresReachable, type TestStoreDatabase } from '../store/places.ts';
import { assertEveryCallSettled, outcomeOf } from './faults-audit.ts';
import { allowAllPolicy, errorOf, queryShop } from './faults-calls.ts';
import { waitFor } from './faults-wait.ts';

const STORE_CANARY = 'store-pw-fault-canary';
const reachable = await postgresReachable();

describe('fault: the PostgreSQL store becomes unreachable', { skip: !reachable && 'no PostgreSQL server (set PG_TEST_URL)' }, () => {
  let storeDb: TestStoreDatabase;
  let target: TestDatabase;
  let proxy: TcpProxy;
  let gh: RunningGatehouse;

  const query = (sql: string) => queryShop(gh, sql);
  const marks = async () => (await target.query<{ label: string }>('SELECT label FROM fault_marks ORDER BY label')).map((r) => r.label);

  before(async () => {
    [storeDb, target] = await Promise.all([createStoreDatabase(), createTestDatabase()]);
    await target.query('CREATE TABLE fault_marks (label text NOT NULL)');
    proxy = await startProxyFor(storeDb.url);
    // Trust auth ignores the password; it is there to show the store URL never leaks.
    const url = new URL(throughProxy(storeDb.url, proxy));
    url.password = STORE_CANARY;
    gh = await startGatehouse(
      {
        identity: { stdio: { id: 'agent-1', groups: ['dev'] } },
        store: { postgres: { url: 'env:GATEHOUSE_STORE_URL', poolSize: 2, queryTimeout: '1s' } },
        connections: { shop: { type: 'postgres', url: target.url } },
        // Writes run without review here, so a refusal can only come from the store being down.
        policies: [allowAllPolicy()],
      },
      'stdio',
      { env: { GATEHOUSE_STORE_URL: url.toString() } },
    );
  });

  after(async () => {
    await gh?.stop();
    await proxy?.close();
    await Promise.all([storeDb?.drop(), target?.drop()]);
  });

  it('runs calls while the store is up', async () => {
    const r = await query("INSERT INTO fault_marks VALUES ('before')");
    assert.equal(r.isError, undefined, JSON.stringify(r));
    assert.deepEqual(await marks(), ['before']);
  });

  it('refuses a call when the store stops answering, once the store query deadline passes', async () => {
    proxy.stall();
    const r = await query("INSERT INTO fault_marks VALUES ('hung')");
    proxy.forward();
    assert.equal(errorOf(r).code, 'audit_failed', JSON.stringify(r));
    assert.deepEqual(await marks(), ['before']);
  });

  it('refuses a call whose write-ahead record is cut in flight, and the target never sees it', async () => {
    proxy.stall();
    const pending = query("INSERT INTO fault_marks VALUES ('in-flight')");
    // The append reached the wire and waits for the store: now the store goes away under it.
    await waitFor('the audit write on the wire', async () => (proxy.bytesHeld() > 0 ? true : undefined));
    proxy.refuse();
    const r = await pending;
    assert.equal(errorOf(r).code, 'audit_failed', JSON.stringify(r));
    assert.deepEqual(await marks(), ['before']);
  });

  it('refuses every call while the store is down, and the target never sees the statement', async () => {
    for (const sql of ["INSERT INTO fault_marks VALUES ('during')", 'SELECT count(*) AS during_read FROM fault_marks']) {
      const r = await query(sql);
      assert.equal(r.isError, true);
      assert.equal(errorOf(r).code, 'audit_failed', JSON.stringify(r));
      assert.equal(errorOf(r).message, 'the audit record could not be written, so the call was not executed');
    }
    assert.deepEqual(await marks(), ['before'], 'the INSERT reached the target without an audit record');
  });

  it('works again once the store is back', async () => {
    proxy.forward();
    const r = await query("INSERT INTO fault_marks VALUES ('after')");
    assert.equal(r.isError, undefined, JSON.stringify(r));
    assert.deepEqual(await marks(), ['after', 'before']);
  });

  // The write-ahead record is in; the store goes away while the statement runs and comes back
  // before the outcome's retry window closes. Cut: the outcome write fails at once. Stalled: it
  // times out here while its COMMIT may still land there, so the retry must not write it twice.
  for (const [fault, cut] of [
    ['dropped', () => proxy.refuse()],
    ['stalled', () => proxy.stall()],
  ] as const) {
    it(`records the outcome once when the store is ${fault} after the write-ahead record and comes back`, async () => {
      const sql = `SELECT pg_sleep(1), '${fault}-outcome' AS tag`;
      const pending = query(sql);
      await waitFor('the statement to run on the target', async () => ((await target.query("SELECT 1 FROM pg_stat_activity WHERE query LIKE '%-outcome'' AS tag' AND query NOT LIKE '%pg_stat_activity%'")).length ? true : undefined));
      cut();
      await new Promise((resolve) => setTimeout(resolve, 2500));
      proxy.forward();
      const r = await pending;
      assert.equal(r.isError, undefined, JSON.stringify(r));
    });
  }

  it('keeps a whole audit: every recorded call has its outcome, refused ones left no outcome, and those the store never received no record', async () => {
    const store = await openPostgresStore({ url: storeDb.url });
    try {
      // The stalled call's append may land once the stall ends: alone, as the store received it.
      const calls = await assertEveryCallSettled(store, ["'hung'"]);
      assert.equal(outcomeOf(calls, "'before'").type, 'call.result');
      assert.equal(outcomeOf(calls, "'after'").type, 'call.result');
      for (const fault of ['dropped', 'stalled']) assert.equal(outcomeOf(calls, `${fault}-outcome`).type, 'call.result');
      for (const refused of ['hung', 'during', 'in-flight']) assert.equal(calls.filter((c) => c.args.includes(refused)).length, 0, `the refused call (${refused}) left an outcome`);
      const requested = (await store.events({ limit: 100_000 })).filter((e) => e.type === 'call.requested');
      for (const cut of ['during', 'in-flight']) assert.equal(requested.filter((e) => JSON.stringify(e.data.args).includes(cut)).length, 0, `the refused call (${cut}) left a write-ahead record`);
    } finally {
      await store.close();
    }
    assert.ok(!gh.logs().includes(STORE_CANARY), 'the store password reached a log line');
  });
});
