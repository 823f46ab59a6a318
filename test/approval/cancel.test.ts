// Withdrawing pending requests on a real SQLite store: a requester cancels only its own pending
// request (another's reads as missing); suspending a principal withdraws every pending request of
// its and nobody else's; a decided request stays decided; each withdrawal is on record.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { cancelRequest, withdrawPendingOf } from '../../src/approval/cancel.ts';
import { createApprovals, type GateCall } from '../../src/approval/service.ts';
import { createRecorder } from '../../src/audit/recorder.ts';
import type { Principal } from '../../src/identity/principal.ts';
import type { Decision } from '../../src/policy/decide.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import type { Store } from '../../src/store/store.ts';

const ann: Principal = { id: 'ann', name: 'ann', groups: ['dev'], kind: 'agent' };
const bob: Principal = { id: 'bob', name: 'bob', groups: ['dev'], kind: 'agent' };
const olga: Principal = { id: 'olga', name: 'Olga', groups: ['ops'], kind: 'human' };
const dana: Principal = { id: 'dana', name: 'dana', groups: ['dba'], kind: 'human' };
const AT = new Date('2026-01-01T00:00:00Z');
const stores: Store[] = [];
after(async () => {
  for (const s of stores) await s.close();
});

function setup() {
  const store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'gatehouse-cancel-')), 'a.db'));
  stores.push(store);
  const record = createRecorder(store, (t) => t);
  const approvals = createApprovals(store, record, { waitMs: 0, ttlMs: 60_000, defaultApprovers: ['approvers'], pollMs: 20 });
  const decision: Decision = { effect: 'review', default: false, rules: [], reason: 'r', approvers: ['dba'], requiredApprovals: 1, limits: { timeoutMs: 1, maxRows: 1, maxBytes: 1 }, mask: 'default', errors: [] };
  const ask = async (principal: Principal, n: number): Promise<string> => {
    const call: GateCall = { tool: 'postgres_query', target: 'shop', args: { n }, principal, session: `s-${principal.id}`, client: 'c', callId: `c-${n}`, decision, facts: {}, shape: 'x', summary: 'x' };
    const gate = await approvals.gate(call, new AbortController().signal);
    assert.equal(gate.kind, 'pending');
    return gate.kind === 'pending' ? gate.approval.id : '';
  };
  return { store, record, approvals, ask };
}

describe('withdrawing requests', () => {
  it('lets a requester cancel its own pending request, on record, and no one else', async () => {
    const { store, record, ask } = setup();
    const id = await ask(ann, 1);
    assert.deepEqual(await cancelRequest(store, record, id, bob, () => AT), { ok: false, code: 'not_found', message: `no approval request ${id} that you can see` });
    const done = await cancelRequest(store, record, id, ann, () => AT);
    assert.ok(done.ok);
    assert.deepEqual([done.approval.state, done.approval.decidedAt], ['cancelled', AT.toISOString()]);
    assert.equal((await store.getApproval(id))?.state, 'cancelled');
    const [event] = (await store.events()).filter((e) => e.type === 'approval.cancelled');
    assert.deepEqual([event?.session, event?.principal, event?.tool, event?.target], ['s-ann', 'ann', 'postgres_query', 'shop']);
    assert.deepEqual(event?.data, { approvalId: id, by: { id: 'ann' }, reason: 'cancelled by the requester' });
    assert.deepEqual(await cancelRequest(store, record, id, ann), { ok: false, code: 'not_pending', message: `request ${id} is already cancelled` });
    assert.deepEqual(await cancelRequest(store, record, 'nope', ann), { ok: false, code: 'not_found', message: 'no approval request nope that you can see' });
  });

  it('stamps a cancel with the time it happened when no clock is given (as the tasks endpoint calls it)', async () => {
    const { store, record, ask } = setup();
    const id = await ask(ann, 1);
    const before = Date.now();
    const done = await cancelRequest(store, record, id, ann);
    assert.ok(done.ok);
    const at = Date.parse(done.approval.decidedAt ?? '');
    assert.ok(at >= before && at <= Date.now(), done.approval.decidedAt);
  });

  it('withdraws every pending request of a suspended principal, and only those', async () => {
    const { store, record, approvals, ask } = setup();
    const [a1, a2, decided, b1] = [await ask(ann, 1), await ask(ann, 2), await ask(ann, 3), await ask(bob, 4)];
    assert.ok((await approvals.decide(decided, dana, { decision: 'approve', reason: '' })).ok);
    const withdrawn = await withdrawPendingOf(store, record, 'ann', olga, () => AT);
    assert.deepEqual(withdrawn.sort(), [a1, a2].sort());
    assert.deepEqual([(await store.getApproval(a1))?.state, (await store.getApproval(decided))?.state, (await store.getApproval(b1))?.state], ['cancelled', 'approved', 'pending']);
    const events = (await store.events()).filter((e) => e.type === 'approval.cancelled');
    assert.deepEqual(
      events.map((e) => [e.principal, e.data.reason]),
      [
        ['olga', 'withdrawn: requester ann was suspended'],
        ['olga', 'withdrawn: requester ann was suspended'],
      ],
    );
    assert.deepEqual(await withdrawPendingOf(store, record, 'ann', olga), []);
  });
});
