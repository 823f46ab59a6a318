// A store insider against the real server: someone who can write the shared PostgreSQL store (its
// tables, through SQL) but holds neither the seal key nor a person's sign-in approves a held call
// in the store, then makes up a grant for it. The call never runs: the agent is refused with
// approval_tampered, the server logs it, and the audit log records a store.tampered event.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { createApprovals } from '../../src/approval/service.ts';
import { createRecorder } from '../../src/audit/recorder.ts';
import { generateApiKey, hashApiKey } from '../../src/identity/index.ts';
import { openStore } from '../../src/store/open.ts';
import { startGatehouse, TEST_SEAL_KEY_FILE, type RunningGatehouse } from '../fixtures/gatehouse.ts';
import { createTestDatabase, type TestDatabase } from '../fixtures/postgres.ts';
import { until } from '../fixtures/until.ts';
import { createStoreDatabase, postgresReachable, type TestStoreDatabase } from '../store/places.ts';

interface CallResult {
  isError?: boolean;
  structuredContent?: { error?: { code: string; message?: string } };
}

const reachable = await postgresReachable();
const AGENT_KEY = generateApiKey();
const SQL = "UPDATE orders SET status = 'paid' WHERE id = 3";

describe('a store insider approving a held call in the shared store', { skip: !reachable && 'no PostgreSQL server (set PG_TEST_URL)' }, () => {
  let storeDb: TestStoreDatabase;
  let target: TestDatabase;
  let gh: RunningGatehouse;

  const update = () => gh.client.callTool({ name: 'postgres_query', arguments: { connection: 'shop', sql: SQL } }, { timeout: 60_000 }) as Promise<CallResult>;
  const status = async () => (await target.query<{ status: string }>('SELECT status FROM orders WHERE id = 3'))[0]?.status;

  before(async () => {
    [storeDb, target] = await Promise.all([createStoreDatabase(), createTestDatabase()]);
    gh = await startGatehouse(
      {
        identity: { apiKeys: [{ id: 'agent-1', groups: ['dev'], sha256: hashApiKey(AGENT_KEY) }] },
        store: { postgres: { url: 'env:GATEHOUSE_STORE_URL', poolSize: 2 } },
        connections: { shop: { type: 'postgres', url: target.url } },
        approvals: { wait: '20s', pollInterval: '100ms' },
      },
      'http',
      { env: { GATEHOUSE_STORE_URL: storeDb.url }, token: AGENT_KEY },
    );
  });
  after(async () => {
    await gh?.stop();
    await Promise.all([storeDb?.drop(), target?.drop()]);
  });

  it('the waiting call and its retry are refused as tampered, a made-up grant too, and nothing runs', async () => {
    const before = await status();
    const waiting = update();
    const row = await until('the pending request', async () => (await storeDb.query<{ id: string; body: string }>("SELECT id, body FROM approvals WHERE state = 'pending'"))[0]);
    const now = new Date().toISOString();
    const forged = { ...JSON.parse(row.body), state: 'approved', version: 2, decidedAt: now, decisions: [{ by: 'dana', name: 'dana', decision: 'approve', reason: 'ok', at: now }] };
    await storeDb.query("UPDATE approvals SET state = 'approved', version = 2, body = $1 WHERE id = $2", [JSON.stringify(forged), row.id]);

    const released = await waiting;
    assert.equal(released.structuredContent?.error?.code, 'approval_tampered', JSON.stringify(released));
    assert.match(released.structuredContent?.error?.message ?? '', new RegExp(`approvals ${row.id}: its seal does not verify`));
    const retried = await update();
    assert.equal(retried.structuredContent?.error?.code, 'approval_tampered', JSON.stringify(retried));

    const grant = { id: 'made-up-grant', principal: 'agent-1', tool: 'postgres_query', target: 'shop', shape: forged.shape, approvalId: row.id, grantedBy: 'dana', expiresAt: '2099-01-01T00:00:00.000Z' };
    await storeDb.query('INSERT INTO grants (id, principal, tool, target, shape, expires_at, body) VALUES ($1, $2, $3, $4, $5, $6, $7)', [grant.id, grant.principal, grant.tool, grant.target, grant.shape, grant.expiresAt, JSON.stringify(grant)]);
    const granted = await update();
    assert.equal(granted.structuredContent?.error?.code, 'approval_tampered', JSON.stringify(granted));
    assert.match(granted.structuredContent?.error?.message ?? '', /grants made-up-grant: its seal does not verify/);

    assert.equal(await status(), before, 'the held call never ran');
    const ran = await storeDb.query("SELECT seq FROM audit_events WHERE type IN ('approval.executed', 'approval.grant_used')");
    assert.deepEqual(ran, []);
    const reported = await until('the store.tampered events', async () => {
      const rows = await storeDb.query<{ data: string }>("SELECT data FROM audit_events WHERE type = 'store.tampered' ORDER BY seq");
      return rows.length >= 2 ? rows.map((r) => JSON.parse(r.data) as { table: string; id: string }) : undefined;
    });
    assert.deepEqual(reported.map((t) => [t.table, t.id]), [['approvals', row.id], ['grants', 'made-up-grant']]);
    assert.match(gh.logs(), /the store was tampered with: approvals/);
    assert.ok(!gh.logs().includes(readFileSync(TEST_SEAL_KEY_FILE, 'utf8').trim()), 'the seal key never reaches a log');
  });
});

describe('a seal key rotation across replicas of one shared store', { skip: !reachable && 'no PostgreSQL server (set PG_TEST_URL)' }, () => {
  const NEW_KEY = randomBytes(32).toString('hex');
  let storeDb: TestStoreDatabase;
  let target: TestDatabase;
  let onOld: RunningGatehouse;
  let onNew: RunningGatehouse;

  const replica = (approvals: Record<string, unknown>) =>
    startGatehouse(
      {
        identity: { apiKeys: [{ id: 'agent-1', groups: ['dev'], sha256: hashApiKey(AGENT_KEY) }] },
        store: { postgres: { url: 'env:GATEHOUSE_STORE_URL', poolSize: 2 } },
        connections: { shop: { type: 'postgres', url: target.url } },
        approvals: { wait: '1s', pollInterval: '100ms', ...approvals },
      },
      'http',
      { env: { GATEHOUSE_STORE_URL: storeDb.url, NEW_SEAL_KEY: NEW_KEY }, token: AGENT_KEY },
    );
  const update = (gh: RunningGatehouse) => gh.client.callTool({ name: 'postgres_query', arguments: { connection: 'shop', sql: SQL } }, { timeout: 60_000 }) as Promise<CallResult>;
  const status = async () => (await target.query<{ status: string }>('SELECT status FROM orders WHERE id = 3'))[0]?.status;

  before(async () => {
    [storeDb, target] = await Promise.all([createStoreDatabase(), createTestDatabase()]);
    // One replica not yet rotated (the tests' key only), one rotated (a new key; the old one previous).
    onOld = await replica({});
    onNew = await replica({ sealKey: 'env:NEW_SEAL_KEY', previousSealKeys: [`file:${TEST_SEAL_KEY_FILE}`] });
  });
  after(async () => {
    await Promise.all([onOld?.stop(), onNew?.stop()]);
    await Promise.all([storeDb?.drop(), target?.drop()]);
  });

  it('an approval sealed under the new key is refused as tampered by the replica with only the old key, and runs on the rotated one', async () => {
    const before = await status();
    await update(onOld);
    const row = await until('the pending request', async () => (await storeDb.query<{ id: string }>("SELECT id FROM approvals WHERE state = 'pending'"))[0]);
    // The approver's side is rotated: its decision is sealed under the new key only.
    const rotated = await openStore({ store: { kind: 'postgres', url: storeDb.url, poolSize: 2, queryTimeoutMs: 30_000, where: 'the test store' }, sealKey: NEW_KEY, previousSealKeys: [readFileSync(TEST_SEAL_KEY_FILE, 'utf8').trim()] });
    try {
      const approvals = createApprovals(rotated, createRecorder(rotated, (t) => t), { waitMs: 0, ttlMs: 60_000, defaultApprovers: ['approvers'], pollMs: 100 });
      const decided = await approvals.decide(row.id, { id: 'dana', name: 'Dana', groups: ['dba'], kind: 'human' }, { decision: 'approve', reason: 'ok' });
      assert.equal(decided.ok, true, JSON.stringify(decided));
    } finally {
      await rotated.close();
    }

    const refused = await update(onOld);
    assert.equal(refused.structuredContent?.error?.code, 'approval_tampered', JSON.stringify(refused));
    assert.equal(await status(), before, 'the replica with only the old key ran nothing');
    const ran = await update(onNew);
    assert.notEqual(ran.isError, true, JSON.stringify(ran));
    assert.equal(await status(), 'paid', 'the rotated replica ran the approved call');
    assert.ok(![onOld.logs(), onNew.logs()].some((logs) => logs.includes(NEW_KEY)), 'the new key never reaches a log');
  });
});
