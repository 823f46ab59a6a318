// The approver's side of a request, as the README promises it: the requester never decides their
// own request, only the approver groups decide, N distinct approvers for `approvals: N`, a denial
// carries a reason, and nothing decides a request that is no longer pending or has expired.
// The binding hash covers tool, target, arguments and principal, and nothing else.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { agreedGrant, applyDecision } from '../../src/approval/decide.ts';
import { actionHash, type ApprovalRequest } from '../../src/approval/model.ts';

const agent = { id: 'agent-1', name: 'Agent One', groups: ['dba'], kind: 'agent' as const };
const dana = { id: 'dana', name: 'Dana', groups: ['dba'], kind: 'human' as const };
const omar = { id: 'omar', name: 'Omar', groups: ['support', 'dba'], kind: 'human' as const };
const eve = { id: 'eve', name: 'Eve', groups: ['dev'], kind: 'human' as const };
const now = new Date('2026-03-01T10:00:00.000Z');

function request(over: Partial<ApprovalRequest> = {}): ApprovalRequest {
  return {
    id: 'req-1', actionHash: 'h', state: 'pending', tool: 'postgres_query', target: 'shop', args: { sql: 'DELETE FROM t WHERE id = 1' },
    summary: 'delete', shape: 's', facts: {}, rules: [], reason: 'writes', requester: { principal: agent, session: 's', client: 'c' },
    approverGroups: ['dba'], requiredApprovals: 1, decisions: [], createdAt: '2026-03-01T09:59:00.000Z', expiresAt: '2026-03-01T10:05:00.000Z', version: 3, ...over,
  };
}

function refusal(t: ReturnType<typeof applyDecision>): { code: string; message: string } {
  assert.equal(t.ok, false, 'the decision should have been refused');
  return t as { code: string; message: string };
}

function next(t: ReturnType<typeof applyDecision>): ApprovalRequest {
  if (!t.ok) assert.fail(`refused: ${t.code}: ${t.message}`);
  return t.next;
}

describe('applying an approver decision', () => {
  it('approves with one approval, records who, when and why, and bumps the version', () => {
    const r = next(applyDecision(request(), dana, { decision: 'approve', reason: 'checked' }, now, []));
    assert.equal(r.state, 'approved');
    assert.equal(r.decidedAt, now.toISOString());
    assert.equal(r.version, 4);
    assert.deepEqual(r.decisions, [{ by: 'dana', name: 'Dana', decision: 'approve', reason: 'checked', at: now.toISOString() }]);
  });

  it('records a grant only when the approver chose one', () => {
    const granted = next(applyDecision(request(), dana, { decision: 'approve', reason: '', grantMinutes: 30 }, now, []));
    assert.equal(granted.decisions[0]?.grantMinutes, 30);
    const plain = next(applyDecision(request(), dana, { decision: 'approve', reason: '', grantMinutes: 0 }, now, []));
    assert.equal('grantMinutes' in (plain.decisions[0] ?? {}), false);
  });

  it('denies with a reason, and refuses a denial without one', () => {
    const denied = next(applyDecision(request(), dana, { decision: 'deny', reason: 'not today' }, now, []));
    assert.equal(denied.state, 'denied');
    assert.equal(denied.decidedAt, now.toISOString());
    assert.equal(denied.decisions[0]?.reason, 'not today');
    const bare = refusal(applyDecision(request(), dana, { decision: 'deny', reason: '  ' }, now, []));
    assert.equal(bare.code, 'reason_required');
    assert.match(bare.message, /denial needs a reason/);
  });

  it('never lets the requester decide their own request, even from an approver group', () => {
    const own = request({ requester: { principal: dana, session: 's', client: 'c' } });
    for (const decision of ['approve', 'deny'] as const) {
      const t = refusal(applyDecision(own, dana, { decision, reason: 'mine' }, now, []));
      assert.equal(t.code, 'self_approval');
      assert.match(t.message, /requester cannot decide/);
    }
  });

  it('knows the requester by principal id, not by the name it shows', () => {
    // The console and the CLI may show one person under different names; two people may share one.
    const own = request({ requester: { principal: dana, session: 's', client: 'c' } });
    const renamed = { ...dana, name: 'Dana Smith' };
    assert.equal(refusal(applyDecision(own, renamed, { decision: 'approve', reason: '' }, now, [])).code, 'self_approval');
    const namesake = { ...omar, name: 'Dana' };
    assert.equal(next(applyDecision(own, namesake, { decision: 'approve', reason: '' }, now, [])).state, 'approved');
  });

  it('lets only the rule’s approver groups decide, else the default approvers', () => {
    const t = refusal(applyDecision(request({ approverGroups: ['dba', 'security'] }), eve, { decision: 'approve', reason: '' }, now, ['dev']));
    assert.equal(t.code, 'not_an_approver');
    assert.match(t.message, /only members of dba, security can decide/);
    const byDefault = request({ approverGroups: [] });
    assert.equal(next(applyDecision(byDefault, eve, { decision: 'approve', reason: '' }, now, ['dev'])).state, 'approved');
    assert.equal(refusal(applyDecision(byDefault, dana, { decision: 'approve', reason: '' }, now, ['dev'])).code, 'not_an_approver');
    const none = refusal(applyDecision(byDefault, dana, { decision: 'approve', reason: '' }, now, []));
    assert.equal(none.code, 'not_an_approver');
    assert.match(none.message, /no approver group configured/);
  });

  it('needs N distinct approvers when the rule asks for N', () => {
    const two = request({ requiredApprovals: 2 });
    const first = next(applyDecision(two, dana, { decision: 'approve', reason: 'one' }, now, []));
    assert.equal(first.state, 'pending');
    assert.equal('decidedAt' in first, false);
    const again = refusal(applyDecision(first, dana, { decision: 'approve', reason: 'again' }, now, []));
    assert.equal(again.code, 'already_decided');
    assert.match(again.message, /^dana has already decided/);
    const second = next(applyDecision(first, omar, { decision: 'approve', reason: 'two' }, now, []));
    assert.equal(second.state, 'approved');
    assert.deepEqual(second.decisions.map((d) => d.by), ['dana', 'omar']);
  });

  it('lets one denial end a request that needs several approvals', () => {
    const first = next(applyDecision(request({ requiredApprovals: 2 }), dana, { decision: 'approve', reason: 'ok' }, now, []));
    assert.equal(next(applyDecision(first, omar, { decision: 'deny', reason: 'no' }, now, [])).state, 'denied');
  });

  it('decides nothing that is no longer pending', () => {
    for (const state of ['approved', 'denied', 'expired', 'cancelled', 'executed'] as const) {
      const t = refusal(applyDecision(request({ state }), dana, { decision: 'approve', reason: '' }, now, []));
      assert.equal(t.code, 'not_pending');
      assert.match(t.message, new RegExp(state));
    }
  });

  it('decides nothing at or after its expiry', () => {
    const late = refusal(applyDecision(request({ expiresAt: now.toISOString() }), dana, { decision: 'approve', reason: '' }, now, []));
    assert.equal(late.code, 'expired');
    assert.match(late.message, /req-1 expired at 2026-03-01T10:00:00\.000Z/);
    assert.equal(next(applyDecision(request({ expiresAt: new Date(now.getTime() + 1).toISOString() }), dana, { decision: 'approve', reason: '' }, now, [])).state, 'approved');
  });
});

describe('the hash an approval is bound to', () => {
  const base = actionHash('postgres_query', 'shop', { sql: 'DELETE FROM t WHERE id = 1' }, 'agent-1');

  it('changes with the tool, the target, the arguments and the principal', () => {
    assert.notEqual(actionHash('postgres_schema', 'shop', { sql: 'DELETE FROM t WHERE id = 1' }, 'agent-1'), base);
    assert.notEqual(actionHash('postgres_query', 'shop-replica', { sql: 'DELETE FROM t WHERE id = 1' }, 'agent-1'), base);
    assert.notEqual(actionHash('postgres_query', 'shop', { sql: 'DELETE FROM t WHERE id = 2' }, 'agent-1'), base);
    assert.notEqual(actionHash('postgres_query', 'shop', { sql: 'DELETE FROM t WHERE id = 1' }, 'agent-2'), base);
  });

  it('does not change with the order the arguments were written in', () => {
    assert.equal(actionHash('t', 'x', { a: 1, b: 2 }, 'p'), actionHash('t', 'x', { b: 2, a: 1 }, 'p'));
    assert.match(base, /^[0-9a-f]{64}$/);
  });
});

describe('the grant a quorum agrees on', () => {
  const approve = (by: typeof dana, grantMinutes?: number) => ({ by: by.id, name: by.name, decision: 'approve' as const, reason: '', at: now.toISOString(), ...(grantMinutes ? { grantMinutes } : {}) });

  it('grants for the shortest window asked when every approver asked, naming them', () => {
    assert.deepEqual(agreedGrant(request({ state: 'approved', requiredApprovals: 2, decisions: [approve(dana, 30), approve(omar, 10)] })), { minutes: 10, by: ['dana', 'omar'], widenFiles: false });
  });

  it('grants nothing when one approver did not ask, and names who did not', () => {
    assert.deepEqual(agreedGrant(request({ state: 'approved', requiredApprovals: 2, decisions: [approve(dana, 30), approve(omar)] })), { minutes: undefined, without: ['omar'] });
  });

  it('grants nothing while the request is not approved, even when every approval so far asked', () => {
    assert.deepEqual(agreedGrant(request({ state: 'pending', requiredApprovals: 2, decisions: [approve(dana, 30)] })), { minutes: undefined, without: [] });
  });

  it('widens the grant to other files only when every approver widened it', () => {
    const widened = (by: typeof dana) => ({ ...approve(by, 30), widenFiles: true });
    assert.deepEqual(agreedGrant(request({ state: 'approved', requiredApprovals: 2, decisions: [widened(dana), widened(omar)] })), { minutes: 30, by: ['dana', 'omar'], widenFiles: true });
    assert.deepEqual(agreedGrant(request({ state: 'approved', requiredApprovals: 2, decisions: [widened(dana), approve(omar, 30)] })), { minutes: 30, by: ['dana', 'omar'], widenFiles: false });
  });
});

describe('widening a grant to other files', () => {
  const shell = (over: Partial<ApprovalRequest> = {}) => request({ tool: 'ssh_exec', shape: 'rm "-f" "/tmp/a"', widenedShape: 'files free: rm "-f" <file>', ...over });

  it('is recorded with the approval that asks for a grant', () => {
    const r = next(applyDecision(shell(), dana, { decision: 'approve', reason: '', grantMinutes: 30, widenFiles: true }, now, []));
    assert.equal(r.decisions[0]?.widenFiles, true);
  });

  it('is refused without a grant window, and on a denial', () => {
    assert.equal(refusal(applyDecision(shell(), dana, { decision: 'approve', reason: '', widenFiles: true }, now, [])).code, 'widen_needs_grant');
    assert.equal(refusal(applyDecision(shell(), dana, { decision: 'deny', reason: 'no', widenFiles: true }, now, [])).code, 'widen_needs_grant');
  });

  it('is refused for a call with no file operand to widen', () => {
    const t = refusal(applyDecision(request(), dana, { decision: 'approve', reason: '', grantMinutes: 30, widenFiles: true }, now, []));
    assert.equal(t.code, 'nothing_to_widen');
    assert.match(t.message, /no file operand/);
  });
});
