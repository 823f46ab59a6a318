// The whole approval loop over a real MCP client and the real CLI: a write held for review is
// approved by another principal, deciding through the server's people API as themselves (API keys
// of kind human), and runs exactly once, a call still waiting runs when approved;
// denials carry the reason; self-approval, non-approvers and replays onto a different call are
// refused; grants cover the same shape only.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../fixtures/postgres.ts';
import { startGatehouse, type RunningGatehouse } from '../fixtures/gatehouse.ts';
import { people, servePeopleApi, type PeopleApi } from '../fixtures/people.ts';

interface CallResult {
  isError?: boolean;
  structuredContent?: Record<string, unknown>;
  content: Array<{ text?: string }>;
}

describe('approval loop', () => {
  let db: TestDatabase;
  let gh: RunningGatehouse;
  let api: PeopleApi;
  // The approvers, and the agent's own id as a person (self-approval), and someone in no approver group.
  const approvers = people({ id: 'dana', groups: ['dba'] }, { id: 'dave', groups: ['dba'] }, { id: 'agent-1', groups: ['dba'] }, { id: 'olga', groups: ['dev'] });
  const base = () => ({
    identity: { stdio: { id: 'agent-1', groups: ['dev'] }, apiKeys: approvers.apiKeys },
    connections: { shop: { type: 'postgres', url: '' } },
    // Grant tests hold many distinct calls on purpose; the open-request cap has tests of its own.
    approvals: { wait: '300ms', ttl: '15m', maxOpenPerPrincipal: 50 },
  });

  const update = (sql: string) => gh.client.callTool({ name: 'postgres_query', arguments: { connection: 'shop', sql } }) as Promise<CallResult>;
  const err = (r: CallResult) => (r.structuredContent?.error ?? {}) as { code?: string; message?: string; approvalId?: string };
  const who = { dba: 'dana', dba2: 'dave', self: 'agent-1', outsider: 'olga' } as const;
  const cli = (as: keyof typeof who, ...args: string[]) => approvers.cli(api.origin, who[as], ['approvals', ...args]);
  const status = async (id: number) => (await db.query<{ status: string }>('SELECT status FROM orders WHERE id = $1', [id]))[0]?.status;

  before(async () => {
    db = await createTestDatabase();
    const config = base();
    config.connections.shop.url = db.url;
    gh = await startGatehouse(config, 'stdio');
    // The people API of the same config and store, as a second replica.
    api = await servePeopleApi(gh.configFile);
  });
  after(async () => {
    await api?.stop();
    await gh?.stop();
    await db?.drop();
  });

  it('holds a write, lets another principal approve it, and runs it exactly once', async () => {
    const sql = "UPDATE orders SET status = 'approved-once' WHERE id = 2";
    const held = await update(sql);
    assert.equal(err(held).code, 'approval_pending');
    const id = err(held).approvalId as string;
    assert.match(id, /^[0-9a-f-]{36}$/);
    assert.equal(await status(2), 'new');

    const listed = await cli('dba', 'list');
    assert.match(listed.stdout, new RegExp(id));
    const shown = await cli('dba', 'show', id);
    assert.match(shown.stdout, /sql-review-writes/);
    assert.match(shown.stdout, /approved-once/);
    assert.match(shown.stdout, /if granted: a grant lets agent-1 run postgres_query on shop without asking, until it expires, for every call of this shape: the same statements with the same operators, lists, ranges, limits, tables, columns and functions; only these may differ: the value id is compared equal to; the value set for status, each changing at most 1 row \(what the dry run showed\)/);

    const approved = await cli('dba', 'approve', id, '--reason', 'ticket 42');
    assert.equal(approved.code, 0, approved.stderr);
    assert.match(approved.stdout, /approved/);

    const st = (await gh.client.callTool({ name: 'approval_status', arguments: { approvalId: id } })) as CallResult;
    assert.equal(st.structuredContent?.state, 'approved');

    const ran = await update(sql);
    assert.equal(ran.isError, undefined, JSON.stringify(ran));
    assert.equal(await status(2), 'approved-once');

    await db.query("UPDATE orders SET status = 'new' WHERE id = 2");
    const again = await update(sql);
    assert.equal(err(again).code, 'approval_pending', 'an approval is used once');
    assert.notEqual(err(again).approvalId, id);
    assert.equal(await status(2), 'new');
  });

  it('releases a call that is waiting when the approval arrives: it runs and returns', async (t) => {
    // A server on the same store whose wait outlasts the client's: the call can only come back
    // by running once it is approved, never as approval_pending.
    const patient = await startGatehouse({ ...base(), connections: { shop: { type: 'postgres', url: db.url } }, approvals: { wait: '10m', clientTimeout: '15m', ttl: '15m' }, store: { sqlite: gh.storeFile } }, 'stdio');
    t.after(() => patient.stop());
    const sql = "UPDATE orders SET status = 'released' WHERE id = 3";
    const initial = await status(3);
    const waiting = patient.client.callTool({ name: 'postgres_query', arguments: { connection: 'shop', sql } }, { timeout: 60_000 });
    // The request appears in the store, then the approver approves it while the call is still open.
    let id: string | undefined;
    for (let i = 0; i < 50 && !id; i++) {
      const listed = await cli('dba', 'list', '--json');
      id = (JSON.parse(listed.stdout || '[]') as Array<{ id: string; summary: string; state: string }>).find((r) => r.summary.includes('released') && r.state === 'pending')?.id;
    }
    assert.ok(id);
    assert.equal(await status(3), initial, 'held until approved');
    await cli('dba', 'approve', id);
    const result = (await waiting) as CallResult;
    assert.equal(result.isError, undefined, JSON.stringify(result));
    assert.equal(await status(3), 'released');
  });

  it('returns the approver reason on deny', async () => {
    const held = await update("UPDATE orders SET status = 'nope' WHERE id = 4");
    const id = err(held).approvalId as string;
    const noReason = await cli('dba', 'deny', id);
    assert.equal(noReason.code, 1);
    assert.match(noReason.stderr, /reason_required/);
    assert.equal((await cli('dba', 'deny', id, '--reason', 'not during the freeze')).code, 0);
    const denied = await update("UPDATE orders SET status = 'nope' WHERE id = 4");
    assert.equal(err(denied).code, 'approval_denied', 'within the cool-off a repeat gets the denial back, not a new request');
    assert.match(err(denied).message ?? '', /dana denied this same call at .*\(reason: not during the freeze\)\. It is not put to approvers again before /);
    assert.equal(err(denied).approvalId, id);
    const st = (await gh.client.callTool({ name: 'approval_status', arguments: { approvalId: id } })) as CallResult;
    assert.equal(st.structuredContent?.state, 'denied');
    assert.deepEqual((st.structuredContent?.decisions as Array<{ reason: string }>)[0]?.reason, 'not during the freeze');
  });

  it('refuses self-approval and non-approvers', async () => {
    const before = await status(5);
    const held = await update("UPDATE orders SET status = 'x' WHERE id = 5");
    const id = err(held).approvalId as string;
    const self = await cli('self', 'approve', id);
    assert.equal(self.code, 1);
    assert.match(self.stderr, /self_approval/);
    const outsider = await cli('outsider', 'approve', id);
    assert.equal(outsider.code, 1);
    assert.match(outsider.stderr, /forbidden: olga is not in an approver group/);
    assert.equal(await status(5), before);
  });

  it('never spends an approval on a different call', async () => {
    const held = await update("UPDATE orders SET status = 'one' WHERE id = 6");
    const id = err(held).approvalId as string;
    await cli('dba', 'approve', id);
    const other = await update("UPDATE orders SET status = 'two' WHERE id = 6");
    assert.equal(err(other).code, 'approval_pending');
    assert.notEqual(err(other).approvalId, id);
    assert.equal(await status(6), 'new');
  });

  it('grants the same statement shape for a while, and nothing else', async () => {
    const held = await update("UPDATE orders SET note = 'g1' WHERE id = 1");
    const id = err(held).approvalId as string;
    const granted = await cli('dba', 'approve', id, '--grant', '10');
    assert.equal(granted.code, 0);
    assert.match(granted.stdout, /approved; granted until \S+ \(the shortest window the approvers asked for\): a grant lets agent-1 run/);
    assert.equal((await update("UPDATE orders SET note = 'g1' WHERE id = 1")).isError, undefined);
    assert.equal((await update("UPDATE orders SET note = 'g2' WHERE id = 1")).isError, undefined, 'same shape, other literals');
    const other = await update("UPDATE orders SET status = 'g3' WHERE id = 1");
    assert.equal(err(other).code, 'approval_pending', 'a different shape needs its own approval');
    // Only the scalar values vary: a list, a range, an operator or a tautology is another statement.
    for (const wider of [
      "UPDATE orders SET note = 'g4' WHERE id = ANY('{1,2,3,4,5,6,7,8}')",
      "UPDATE orders SET note = 'g4' WHERE id IN (1, 2)",
      "UPDATE orders SET note = 'g4' WHERE id > -1",
      "UPDATE orders SET note = 'g4' WHERE id = 1 OR true",
      "UPDATE orders SET note = 'g4' WHERE id = id",
      "UPDATE orders SET note = note || 'g4' WHERE id = 1",
    ]) {
      // A tautology reads as no WHERE at all, which the shipped policy denies outright.
      assert.ok(['approval_pending', 'denied'].includes(err(await update(wider)).code as string), wider);
    }
    const notes = await db.query<{ note: string }>('SELECT note FROM orders ORDER BY id');
    assert.deepEqual(notes.map((n) => n.note).filter((n) => n?.startsWith('g')), ['g2']);
  });
});
