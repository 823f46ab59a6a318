// The approval service on a real SQLite store: concurrent deciders yield one decision, N distinct
// approvers, expiry, and an approval claimed exactly once even when two retries race.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { ApprovalRequest } from '../../src/approval/model.ts';
import { createApprovals, type GateCall } from '../../src/approval/service.ts';
import { createRecorder } from '../../src/audit/recorder.ts';
import type { Decision } from '../../src/policy/decide.ts';
import { createSeal } from '../../src/approval/seal.ts';
import { sealedStore } from '../../src/store/sealed-approvals.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import type { Store } from '../../src/store/store.ts';

const agent = { id: 'agent-1', name: 'agent-1', groups: ['dev'], kind: 'agent' as const };
const dba = (id: string) => ({ id, name: id, groups: ['dba'], kind: 'human' as const });

function setup(settings: Partial<{ waitMs: number; ttlMs: number }> = {}, now?: () => Date) {
  const store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'gatehouse-approvals-')), 'a.db'));
  const approvals = createApprovals(store, createRecorder(store, (t) => t), { waitMs: 0, ttlMs: 60_000, defaultApprovers: ['approvers'], pollMs: 20, ...settings }, now);
  return { store, approvals };
}

function call(over: Partial<Decision> = {}, args: Record<string, unknown> = { sql: 'UPDATE t SET a = 1 WHERE id = 1' }): GateCall {
  const decision: Decision = { effect: 'review', default: false, rules: [{ id: 'r', effect: 'review', reason: 'writes' }], reason: 'writes', approvers: ['dba'], requiredApprovals: 1, limits: { timeoutMs: 1, maxRows: 1, maxBytes: 1 }, mask: 'default', errors: [], ...over };
  return { tool: 'postgres_query', target: 'shop', args, principal: agent, session: 's', client: 'c', callId: 'call', decision, facts: {}, shape: 'shape-1', summary: 'update t' };
}

const never = new AbortController().signal;

/** Armed by a test, the wrapped store step fails once where `when` holds: before it runs, or after it took effect. */
let armed = false;
function failOnce<A extends unknown[], R>(step: (...args: A) => Promise<R>, when: (...args: A) => boolean = () => true, at: 'before' | 'after' = 'before') {
  return async (...args: A): Promise<R> => {
    if (!armed || !when(...args)) return step(...args);
    armed = false;
    if (at === 'after') await step(...args);
    throw new Error('read ECONNRESET');
  };
}

describe('approval service', () => {
  it('lets only one of two simultaneous deciders win', async () => {
    const { approvals, store } = setup();
    const held = await approvals.gate(call(), never);
    assert.equal(held.kind, 'pending');
    const id = held.kind === 'pending' ? held.approval.id : '';
    const results = await Promise.all([approvals.decide(id, dba('dana'), { decision: 'approve', reason: 'ok' }), approvals.decide(id, dba('dave'), { decision: 'deny', reason: 'no' })]);
    assert.equal(results.filter((r) => r.ok).length, 1);
    const final = await store.getApproval(id);
    assert.equal(final?.decisions.length, 1);
    await store.close();
  });

  it('needs N distinct approvers when a rule asks for them', async () => {
    const { approvals, store } = setup();
    const held = await approvals.gate(call({ requiredApprovals: 2 }), never);
    const id = held.kind === 'pending' ? held.approval.id : '';
    assert.equal((await approvals.decide(id, dba('dana'), { decision: 'approve', reason: '' })).ok, true);
    assert.equal((await store.getApproval(id))?.state, 'pending');
    const again = await approvals.decide(id, dba('dana'), { decision: 'approve', reason: '' });
    assert.equal(!again.ok && again.code, 'already_decided');
    await approvals.decide(id, dba('dave'), { decision: 'approve', reason: '' });
    assert.equal((await store.getApproval(id))?.state, 'approved');
    await store.close();
  });

  it('tells a caller denied under a quorum the reason and name of the one who denied, not of an earlier approver', async () => {
    const { approvals, store } = setup({ waitMs: 5000 });
    const waiting = approvals.gate(call({ requiredApprovals: 2 }), never);
    let pending: Awaited<ReturnType<typeof store.listApprovals>>;
    while ((pending = await store.listApprovals({ states: ['pending'] })).length === 0) await new Promise((r) => setTimeout(r, 5));
    const id = pending[0]?.id ?? '';
    await approvals.decide(id, dba('dana'), { decision: 'approve', reason: 'fine by me' });
    await approvals.decide(id, { ...dba('dave'), name: 'Dave Ops' }, { decision: 'deny', reason: 'not during the sale' });
    const result = await waiting;
    assert.equal(result.kind, 'denied');
    assert.equal(result.kind === 'denied' && result.reason, 'not during the sale');
    assert.equal(result.kind === 'denied' && result.by, 'Dave Ops (dave)');
    await store.close();
  });

  it('gives a grant under a quorum only when every approver asked for one, for the shortest window', async () => {
    let clock = Date.parse('2026-01-01T00:00:00Z');
    const { approvals, store } = setup({}, () => new Date(clock));
    const quorum = call({ requiredApprovals: 2 });
    const first = await approvals.gate(quorum, never);
    const id = first.kind === 'pending' ? first.approval.id : '';
    await approvals.decide(id, dba('dana'), { decision: 'approve', reason: '' });
    const lone = await approvals.decide(id, dba('dave'), { decision: 'approve', reason: '', grantMinutes: 1440 });
    assert.equal(lone.ok && lone.approval.state, 'approved');
    assert.equal(lone.ok && lone.grant, undefined, 'the second approver alone cannot grant');
    assert.equal((await approvals.gate(quorum, never)).kind, 'run', 'the approved call runs once');
    const after = await approvals.gate(quorum, never);
    assert.equal(after.kind, 'pending', 'the next call of the same shape asks anew');

    const second = after.kind === 'pending' ? after.approval.id : '';
    await approvals.decide(second, dba('dana'), { decision: 'approve', reason: '', grantMinutes: 60 });
    const both = await approvals.decide(second, dba('dave'), { decision: 'approve', reason: '', grantMinutes: 10 });
    assert.equal(both.ok && both.grant?.expiresAt, new Date(clock + 10 * 60_000).toISOString(), 'the shortest window asked');
    assert.equal(both.ok && both.grant?.grantedBy, 'dana, dave');
    const decided = (await store.events()).filter((e) => e.type === 'approval.decided');
    assert.equal(decided.filter((e) => e.data.grant).length, 1, 'the grant is on record with the decision that made it');
    await approvals.gate(quorum, never);
    assert.equal((await approvals.gate(quorum, never)).kind, 'run', 'the agreed grant covers the shape');
    clock += 11 * 60_000;
    assert.equal((await approvals.gate(quorum, never)).kind, 'pending', 'and ends with the shortest window');
    await store.close();
  });

  it('gives a denied call its denial back during the cool-off, even where a grant covers its shape', async () => {
    let clock = Date.parse('2026-01-01T00:00:00Z');
    const store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'gatehouse-approvals-')), 'a.db'));
    const approvals = createApprovals(store, createRecorder(store, (t) => t), { waitMs: 0, ttlMs: 60_000, defaultApprovers: ['approvers'], pollMs: 20, denialCoolOffMs: 600_000 }, () => new Date(clock));
    const granted = call({}, { sql: 'UPDATE t SET a = 1 WHERE id = 1' });
    const held = await approvals.gate(granted, never);
    await approvals.decide(held.kind === 'pending' ? held.approval.id : '', dba('dana'), { decision: 'approve', reason: '', grantMinutes: 60 });
    await approvals.gate(granted, never);
    const denied = call({}, { sql: 'UPDATE t SET a = 2 WHERE id = 1' });
    const asked = await approvals.gate(denied, never);
    assert.equal(asked.kind, 'run', 'the grant covers the same shape');
    // The same shape, another call held anew once the grant is gone, then denied.
    clock += 61 * 60_000;
    const again = await approvals.gate(denied, never);
    await approvals.decide(again.kind === 'pending' ? again.approval.id : '', dba('dave'), { decision: 'deny', reason: 'not this one' });
    const regrant = await approvals.gate(granted, never);
    await approvals.decide(regrant.kind === 'pending' ? regrant.approval.id : '', dba('dana'), { decision: 'approve', reason: '', grantMinutes: 60 });
    const repeat = await approvals.gate(denied, never);
    assert.equal(repeat.kind, 'denied');
    assert.equal(repeat.kind === 'denied' && repeat.reason, 'not this one');
    assert.equal(repeat.kind === 'denied' && repeat.by, 'dave');
    clock += 11 * 60_000;
    assert.equal((await approvals.gate(denied, never)).kind, 'run', 'after the cool-off the grant covers it again');
    await store.close();
  });

  it('ends the cool-off at the denial\'s time plus the cool-off, to the millisecond, and says until when', async () => {
    let clock = Date.parse('2026-01-01T00:00:00Z');
    const store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'gatehouse-approvals-')), 'a.db'));
    const approvals = createApprovals(store, createRecorder(store, (t) => t), { waitMs: 0, ttlMs: 60_000, defaultApprovers: ['approvers'], pollMs: 20, denialCoolOffMs: 600_000 }, () => new Date(clock));
    const denied = call({}, { sql: 'UPDATE t SET a = 2 WHERE id = 1' });
    const held = await approvals.gate(denied, never);
    await approvals.decide(held.kind === 'pending' ? held.approval.id : '', dba('dave'), { decision: 'deny', reason: 'not this one' });
    clock += 600_000 - 1;
    const last = await approvals.gate(denied, never);
    assert.equal(last.kind === 'denied' && last.until, '2026-01-01T00:10:00.000Z', 'a millisecond before its end the denial comes back, with its end');
    clock += 1;
    assert.equal((await approvals.gate(denied, never)).kind, 'pending', 'at its end the call is held anew');
    await store.close();
  });

  it('widens a grant under a quorum only when every approver widens it, and keeps each kind of grant to its own shape', async () => {
    const { approvals, store } = setup();
    const shellCall = (file: string, shape: string, widenedShape: string): GateCall => ({ ...call({ requiredApprovals: 2 }, { command: `rm ${file}` }), tool: 'ssh_exec', shape, widenedShape });
    const first = shellCall('/tmp/a', 'rm "/tmp/a"', 'files free: rm <file>');
    const other = shellCall('/tmp/b', 'rm "/tmp/b"', 'files free: rm <file>');
    const held = await approvals.gate(first, never);
    const id = held.kind === 'pending' ? held.approval.id : '';
    await approvals.decide(id, dba('dana'), { decision: 'approve', reason: '', grantMinutes: 60, widenFiles: true });
    const narrow = await approvals.decide(id, dba('dave'), { decision: 'approve', reason: '', grantMinutes: 60 });
    assert.equal(narrow.ok && narrow.grant?.widenedFiles, undefined, 'one approver alone cannot widen');
    assert.equal((await approvals.gate(first, never)).kind, 'run', 'the approved call runs once');
    assert.equal((await approvals.gate(first, never)).kind, 'run', 'the narrow grant covers the same file');
    assert.equal((await approvals.gate(other, never)).kind, 'pending', 'the narrow grant never covers another file');

    const asked = await approvals.gate(other, never);
    const second = asked.kind === 'pending' ? asked.approval.id : '';
    await approvals.decide(second, dba('dana'), { decision: 'approve', reason: '', grantMinutes: 60, widenFiles: true });
    const wide = await approvals.decide(second, dba('dave'), { decision: 'approve', reason: '', grantMinutes: 60, widenFiles: true });
    assert.equal(wide.ok && wide.grant?.widenedFiles, true);
    assert.equal(wide.ok && wide.grant?.shape, 'files free: rm <file>');
    await approvals.gate(other, never);
    assert.equal((await approvals.gate(shellCall('/tmp/c', 'rm "/tmp/c"', 'files free: rm <file>'), never)).kind, 'run', 'the widened grant covers a third file');
    // A call whose exact shape spells the widened shape is not covered by it, nor one without a widened shape.
    assert.equal((await approvals.gate({ ...shellCall('x', 'files free: rm <file>', 'files free: rm "x"'), args: { command: 'x' } }, never)).kind, 'pending');
    // Nor is a call whose widened shape spells a narrow grant's exact shape: a narrow grant never covers other files.
    assert.equal((await approvals.gate(shellCall('/tmp/e', 'rm "/tmp/e"', 'rm "/tmp/a"'), never)).kind, 'pending');
    const { widenedShape: _none, ...plain } = shellCall('/tmp/d', 'rm "/tmp/d"', '');
    assert.equal((await approvals.gate(plain, never)).kind, 'pending');
    const decided = (await store.events()).filter((e) => e.type === 'approval.decided');
    assert.equal(decided.filter((e) => (e.data.grant as { widenedFiles?: boolean } | undefined)?.widenedFiles).length, 1, 'the widened grant is on record');
    await store.close();
  });

  it('runs a call that names an approval only when it is that approval\'s own call, by the same principal', async () => {
    let clock = Date.parse('2026-01-01T00:00:00Z');
    const { approvals, store } = setup({ ttlMs: 60_000 }, () => new Date(clock));
    const held = await approvals.gate(call(), never);
    const id = held.kind === 'pending' ? held.approval.id : '';
    const named = (over: Partial<GateCall>): GateCall => ({ ...call(), approvalId: id, ...over });
    assert.equal((await approvals.gate(named({}), never)).kind, 'pending', 'named before anyone decided');
    await approvals.decide(id, dba('dana'), { decision: 'approve', reason: '' });
    const mallory = { ...agent, id: 'agent-2', name: 'agent-2' };
    for (const [what, other] of [
      ['other arguments', named({ args: { sql: 'UPDATE t SET a = 1 WHERE id = 2' } })],
      ['another principal', named({ principal: mallory })],
      ['another target', named({ target: 'billing' })],
      ['another tool', named({ tool: 'ssh_exec' })],
      ['an approval that does not exist', named({ approvalId: 'f1e2d3c4-0000-4000-8000-000000000000' })],
    ] as const) {
      await assert.rejects(approvals.gate(other, never), /the approval is not for this call/, what);
    }
    assert.equal((await store.getApproval(id))?.state, 'approved', 'nothing claimed it');
    assert.equal((await approvals.gate(named({}), never)).kind, 'run');
    assert.equal((await store.getApproval(id))?.state, 'executed');

    const again = await approvals.gate(call({}, { sql: 'UPDATE t SET a = 3 WHERE id = 1' }), never);
    const late = again.kind === 'pending' ? again.approval.id : '';
    await approvals.decide(late, dba('dana'), { decision: 'approve', reason: '' });
    clock += 61_000;
    const lapsed = await approvals.gate({ ...call({}, { sql: 'UPDATE t SET a = 3 WHERE id = 1' }), approvalId: late }, never);
    assert.equal(lapsed.kind, 'expired', 'an approval not used within its window is not used after it');
    await store.close();
  });

  it('records who decided and why, and each call a grant lets through as approval.grant_used', async () => {
    const { approvals, store } = setup();
    const held = await approvals.gate(call(), never);
    const id = held.kind === 'pending' ? held.approval.id : '';
    const decided = await approvals.decide(id, dba('dana'), { decision: 'approve', reason: 'checked the row', grantMinutes: 30 });
    const grantId = decided.ok ? decided.grant?.id : undefined;
    assert.ok(grantId, 'the approver granted the shape');
    for (const callId of ['c-1', 'c-2']) assert.equal((await approvals.gate({ ...call(), callId }, never)).kind, 'run', callId);
    const events = await store.events({});
    const decision = events.find((e) => e.type === 'approval.decided');
    assert.deepEqual([decision?.principal, decision?.data.reason, decision?.data.decision], ['dana', 'checked the row', 'approve']);
    assert.deepEqual(
      events.filter((e) => e.type === 'approval.grant_used').map((e) => [e.callId, e.principal, e.data.grantId, e.data.approvalId]),
      ['c-1', 'c-2'].map((callId) => [callId, 'agent-1', grantId, id]),
    );
    await store.close();
  });

  it('never approves a request whose requester is suspended, and leaves it pending', async () => {
    const { approvals, store } = setup();
    const held = await approvals.gate(call(), never);
    const id = held.kind === 'pending' ? held.approval.id : '';
    // A request stored before this replica heard of the suspension: the decision still checks the requester.
    await store.addRevocation({ kind: 'principal', id: 'agent-1', by: 'olga', reason: 'runaway', at: new Date().toISOString() });
    const refused = await approvals.decide(id, dba('dana'), { decision: 'approve', reason: 'ok' });
    assert.equal(!refused.ok && refused.code, 'requester_suspended');
    assert.equal((await store.getApproval(id))?.state, 'pending');
    await store.close();
  });

  it('records a request with what the approver will see', async () => {
    const { approvals, store } = setup();
    const held = await approvals.gate(call({ requiredApprovals: 2, approvers: ['dba', 'sre'] }), never);
    assert.equal(held.kind, 'pending');
    const requested = (await store.events()).filter((e) => e.type === 'approval.requested');
    assert.equal(requested.length, 1);
    const [event] = requested;
    assert.equal(event?.callId, 'call');
    assert.equal(event?.principal, 'agent-1');
    assert.equal(event?.tool, 'postgres_query');
    assert.equal(event?.target, 'shop');
    const data = event?.data ?? {};
    assert.equal(data.approvalId, held.kind === 'pending' ? held.approval.id : '');
    assert.deepEqual(data.approverGroups, ['dba', 'sre']);
    assert.equal(data.requiredApprovals, 2);
    assert.equal(data.summary, 'update t');
    assert.equal(data.expiresAt, held.kind === 'pending' ? held.approval.expiresAt : '');
    await store.close();
  });

  it('claims an approved request once, even when two retries race', async () => {
    const { approvals, store } = setup();
    const held = await approvals.gate(call(), never);
    const id = held.kind === 'pending' ? held.approval.id : '';
    await approvals.decide(id, dba('dana'), { decision: 'approve', reason: '' });
    const [a, b] = await Promise.all([approvals.gate(call(), never), approvals.gate(call(), never)]);
    assert.deepEqual([a.kind, b.kind].sort(), ['pending', 'run']);
    assert.equal((await store.getApproval(id))?.state, 'executed');
    await store.close();
  });

  it('expires requests nobody decided', async () => {
    let clock = Date.parse('2026-01-01T00:00:00Z');
    const { approvals, store } = setup({ ttlMs: 1000 }, () => new Date(clock));
    const held = await approvals.gate(call(), never);
    const id = held.kind === 'pending' ? held.approval.id : '';
    clock += 2000;
    const late = await approvals.decide(id, dba('dana'), { decision: 'approve', reason: '' });
    assert.equal(!late.ok && late.code, 'expired');
    assert.equal((await store.getApproval(id))?.state, 'expired');
    const events = await store.events();
    assert.ok(events.some((e) => e.type === 'approval.expired'));
    await store.close();
  });

  it('ends the wait of a call whose request expires meanwhile, and records the expiry', async () => {
    let clock = Date.parse('2026-01-01T00:00:00Z');
    const { approvals, store } = setup({ waitMs: 3000, ttlMs: 1000 }, () => new Date(clock));
    const waiting = approvals.gate(call(), never);
    while ((await store.listApprovals({ states: ['pending'] })).length === 0) await new Promise((r) => setTimeout(r, 5));
    clock += 2000;
    assert.equal((await waiting).kind, 'expired');
    assert.deepEqual((await store.listApprovals({})).map((r) => r.state), ['expired']);
    assert.deepEqual((await store.events()).filter((e) => e.type === 'approval.expired').length, 1);
    await store.close();
  });

  it('runs a held call once an approver decides while it waits, and comes back pending when nobody does', async () => {
    const { approvals, store } = setup({ waitMs: 5000 });
    const waiting = approvals.gate(call(), never);
    let pending: Awaited<ReturnType<typeof store.listApprovals>>;
    while ((pending = await store.listApprovals({ states: ['pending'] })).length === 0) await new Promise((r) => setTimeout(r, 5));
    await approvals.decide(pending[0]?.id ?? '', dba('dana'), { decision: 'approve', reason: '' });
    assert.equal((await waiting).kind, 'run');
    await store.close();
    const short = setup({ waitMs: 30 });
    const unanswered = await short.approvals.gate(call(), never);
    assert.equal(unanswered.kind, 'pending');
    await short.store.close();
  });

  it('does not execute for a caller that went away while waiting', async () => {
    const { approvals, store } = setup({ waitMs: 5000 });
    const gone = new AbortController();
    const waiting = approvals.gate(call(), gone.signal);
    await new Promise((r) => setTimeout(r, 50));
    const [pending] = await store.listApprovals({ states: ['pending'] });
    gone.abort();
    await approvals.decide(pending?.id ?? '', dba('dana'), { decision: 'approve', reason: '' });
    assert.equal((await waiting).kind, 'pending');
    assert.equal((await store.getApproval(pending?.id ?? ''))?.state, 'approved');
    await store.close();
  });

  it('does not execute for a caller that went away as the approval arrived', async () => {
    const { store } = setup();
    const gone = new AbortController();
    // The read that finds the request approved is the moment the client hangs up.
    const hangsUp = Object.assign(Object.create(store) as typeof store, {
      getApproval: async (id: string) => {
        const r = await store.getApproval(id);
        if (r?.state === 'approved') gone.abort();
        return r;
      },
    });
    const approvals = createApprovals(hangsUp, createRecorder(hangsUp, (t) => t), { waitMs: 5000, ttlMs: 60_000, defaultApprovers: ['approvers'], pollMs: 20 });
    const waiting = approvals.gate(call(), gone.signal);
    let pending: ApprovalRequest | undefined;
    for (let i = 0; i < 100 && !pending; i++) [pending] = await new Promise((r) => setTimeout(r, 10)).then(() => store.listApprovals({ states: ['pending'] }));
    await store.updateApproval({ ...(pending as ApprovalRequest), state: 'approved', version: (pending as ApprovalRequest).version + 1 }, (pending as ApprovalRequest).version);
    assert.equal((await waiting).kind, 'pending');
    assert.equal((await store.getApproval(pending?.id ?? ''))?.state, 'approved', 'the approval is kept for the retry');
    await store.close();
  });

  it('runs an approved call whose executed record failed once on a store link that died, and records it once', async () => {
    const { store } = setup();
    let failNext = true;
    // The first append of the approval's use meets a pooled connection that died while the store was away.
    const flaky = Object.assign(Object.create(store) as typeof store, {
      append: (events: Parameters<typeof store.append>[0], options?: Parameters<typeof store.append>[1]) => {
        if (failNext && events.some((e) => e.type === 'approval.executed')) {
          failNext = false;
          return Promise.reject(new Error('read ECONNRESET'));
        }
        return store.append(events, options);
      },
    });
    const approvals = createApprovals(flaky, createRecorder(flaky, (t) => t, undefined, 5_000), { waitMs: 0, ttlMs: 60_000, defaultApprovers: ['approvers'], pollMs: 20 });
    const held = await approvals.gate(call(), never);
    const id = held.kind === 'pending' ? held.approval.id : '';
    assert.equal((await approvals.decide(id, dba('dana'), { decision: 'approve', reason: 'ok' })).ok, true);
    const ran = await approvals.gate({ ...call(), callId: 'c-run' }, never);
    assert.equal(ran.kind, 'run');
    assert.equal(failNext, false, 'the first record of the use failed');
    const executed = (await store.events({})).filter((e) => e.type === 'approval.executed');
    assert.equal(executed.length, 1);
    await store.close();
  });

  it('withdraws a request whose record failed, so no approver can pass a request the audit never saw', async () => {
    const { store } = setup();
    const unrecorded: Store = { ...store, append: (events, options) => (events.some((e) => e.type === 'approval.requested') ? Promise.reject(new Error('disk full')) : store.append(events, options)) };
    const approvals = createApprovals(unrecorded, createRecorder(unrecorded, (t) => t), { waitMs: 0, ttlMs: 60_000, defaultApprovers: ['approvers'], pollMs: 20 });
    await assert.rejects(approvals.gate(call(), never), /disk full/, 'the call fails closed');
    const [left] = await store.listApprovals({});
    assert.equal(left?.state, 'cancelled', 'the stored request is withdrawn');
    const decided = await approvals.decide(left?.id ?? '', dba('dana'), { decision: 'approve', reason: 'ok' });
    assert.equal(decided.ok, false, 'and cannot be approved');
    const retried = await createApprovals(store, createRecorder(store, (t) => t), { waitMs: 0, ttlMs: 60_000, defaultApprovers: ['approvers'], pollMs: 20 }).gate({ ...call(), callId: 'retry' }, never);
    assert.equal(retried.kind, 'pending', 'the retry asks afresh, on record');
    assert.notEqual(retried.kind === 'pending' && retried.approval.id, left?.id);
    assert.equal((await store.events({})).filter((e) => e.type === 'approval.requested').length, 1);
    await store.close();
  });

  it('runs an approved call once when a racing retry claims it while the first claim waits out a store failure', async () => {
    const { store } = setup();
    let racer: Promise<unknown> | undefined;
    // The first call's compare-and-set meets a dropped link; meanwhile the agent's retry claims the approval.
    const flaky: Store = {
      ...store,
      updateApproval: async (next, version) => {
        if (next.executedCallId !== 'c-first' || racer) return store.updateApproval(next, version);
        racer = approvals.gate({ ...call(), callId: 'c-second' }, never);
        assert.equal(((await racer) as { kind: string }).kind, 'run', 'the retry runs');
        throw new Error('read ECONNRESET');
      },
    };
    const approvals = createApprovals(flaky, createRecorder(flaky, (t) => t, undefined, 5_000), { waitMs: 0, ttlMs: 60_000, defaultApprovers: ['approvers'], pollMs: 20 });
    const held = await approvals.gate(call(), never);
    const id = held.kind === 'pending' ? held.approval.id : '';
    assert.equal((await approvals.decide(id, dba('dana'), { decision: 'approve', reason: 'ok' })).ok, true);
    const first = await approvals.gate({ ...call(), callId: 'c-first' }, never);
    assert.ok(racer, 'the race happened');
    assert.equal(first.kind, 'pending', 'the approval another call spent does not run this one');
    assert.equal((await store.getApproval(id))?.executedCallId, 'c-second');
    assert.deepEqual((await store.events({})).filter((e) => e.type === 'approval.executed').map((e) => e.callId), ['c-second']);
    await store.close();
  });

  // A store link that drops for a moment while an approved call claims its approval: each store step
  // of the claim fails once (before or after it took effect). The call still runs once, the
  // approval is spent once, and its use is recorded once.
  const claimSteps: Array<[string, (store: Store) => Partial<Store>]> = [
    ['the audit lookup of the request\'s earlier closing', (s) => ({ events: failOnce(s.events.bind(s)) })],
    ['the compare-and-set, before it commits', (s) => ({ updateApproval: failOnce(s.updateApproval.bind(s), (next) => next.state === 'executed') })],
    ['the compare-and-set, after it committed (the answer lost)', (s) => ({ updateApproval: failOnce(s.updateApproval.bind(s), (next) => next.state === 'executed', 'after') })],
    ['the record of the use', (s) => ({ append: failOnce(s.append.bind(s), (events) => events.some((e) => e.type === 'approval.executed')) })],
  ];
  for (const [step, breakIt] of claimSteps) {
    it(`runs an approved call once when the store fails for a moment at ${step}`, async () => {
      const { store } = setup();
      const flaky: Store = { ...store, ...breakIt(store) };
      const sealed = sealedStore(flaky, createSeal('k'.repeat(32)), () => assert.fail('nothing was tampered with'));
      const approvals = createApprovals(sealed, createRecorder(sealed, (t) => t, undefined, 5_000), { waitMs: 0, ttlMs: 60_000, defaultApprovers: ['approvers'], pollMs: 20 });
      const held = await approvals.gate(call(), never);
      const id = held.kind === 'pending' ? held.approval.id : '';
      assert.equal((await approvals.decide(id, dba('dana'), { decision: 'approve', reason: 'ok' })).ok, true);
      armed = true;
      const ran = await approvals.gate({ ...call(), callId: 'c-run' }, never);
      assert.equal(ran.kind, 'run', JSON.stringify(ran));
      assert.equal(armed, false, 'the step failed once');
      const stored = await sealed.getApproval(id);
      assert.equal(stored?.state, 'executed');
      assert.equal(stored?.executedCallId, 'c-run');
      assert.equal((await store.events({})).filter((e) => e.type === 'approval.executed').length, 1);
      assert.equal((await approvals.gate({ ...call(), callId: 'c-again' }, never)).kind, 'pending', 'a spent approval does not run again');
      await store.close();
    });
  }
});
