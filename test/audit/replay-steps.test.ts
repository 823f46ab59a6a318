// Every approval and confirmation step, and every event outside a call, as the auditor reads it in
// a replay: one line each, exactly. A wrong word here is a wrong record of who allowed what.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AuditEvent } from '../../src/audit/events.ts';
import { buildTimeline, renderCall } from '../../src/audit/replay.ts';

let seq = 0;
const event = (fields: Partial<AuditEvent> & Pick<AuditEvent, 'type' | 'data'>): AuditEvent => {
  seq++;
  return { seq, time: `2026-03-01T00:00:${String(seq).padStart(2, '0')}.000Z`, session: 's-1', principal: 'agent-1', prevHash: 'p'.repeat(64), hash: 'h'.repeat(64), ...fields };
};

describe('replay steps', () => {
  it('words every approval and confirmation step of a call, in order, with who took it', () => {
    seq = 0;
    const c = { callId: 'c-1', tool: 'postgres_query' };
    const events = [
      event({ ...c, type: 'call.requested', target: 'shop', data: { args: { sql: 'DELETE FROM t' }, caller: { traceId: 'trace-9' } } }),
      event({ ...c, type: 'call.decided', data: { effect: 'review', rules: [], reason: 'Deletes are reviewed.' } }),
      event({ ...c, type: 'approval.requested', data: { approvalId: 'a-1', requiredApprovals: 2, expiresAt: 'T1' } }),
      event({ type: 'approval.notified', data: { approvalId: 'a-1', webhook: 'ops', attempts: 1 }, principal: 'gatehouse' }),
      event({ type: 'approval.notify_failed', data: { approvalId: 'a-1', webhook: 'chat', attempts: 3, error: 'HTTP 500' } }),
      event({ type: 'approval.decided', principal: 'dana', data: { approvalId: 'a-1', decision: 'approve', by: { id: 'dana', groups: ['dba', 'sre'] }, reason: '', grantMinutes: 30, widenFiles: true, state: 'pending' } }),
      event({ type: 'approval.decided', principal: 'dave', data: { approvalId: 'a-1', decision: 'approve', reason: 'checked', state: 'approved' } }),
      event({ ...c, type: 'approval.executed', data: { approvalId: 'a-1' } }),
      event({ ...c, type: 'approval.grant_used', data: { grantId: 'g-1', grantedBy: 'dana, dave', expiresAt: 'T2' } }),
      event({ ...c, type: 'call.confirmation_asked', data: { actionHash: 'x' } }),
      event({ ...c, type: 'call.confirmed', data: { accepted: false, answer: 'decline', answeredIn: 'c-2' } }),
      event({ ...c, type: 'call.confirmed', data: { accepted: true, answer: 'accept' } }),
      event({ ...c, type: 'approval.requested', data: { approvalId: 'a-2', approverGroups: ['dba'], expiresAt: 'T3' } }),
      event({ type: 'approval.expired', data: { approvalId: 'a-2', expiresAt: 'T3' } }),
      event({ ...c, type: 'approval.requested', data: { approvalId: 'a-3', approverGroups: [], expiresAt: 'T4' } }),
      event({ type: 'approval.cancelled', data: { approvalId: 'a-3' } }),
      event({ type: 'approval.decided', principal: 'dana', data: { approvalId: 'a-3', decision: 'deny', by: { id: 'dana' }, reason: 'no', state: 'denied' } }),
    ];
    const [call] = buildTimeline(events).calls;
    assert.ok(call);
    assert.equal(call.traceId, 'trace-9');
    assert.deepEqual(
      call.approvals.map((a) => [a.by, a.detail]),
      [
        ['agent-1', 'requested a-1 from approvers, 2 approvals needed, expires T1'],
        ['gatehouse', 'notified webhook ops (attempt 1)'],
        ['agent-1', 'notifying webhook chat failed after 3 attempts: HTTP 500'],
        ['dana', 'approve by dana (dba, sre), no reason given, grant 30 min widened to other files -> pending'],
        ['dave', 'approve by dave, reason "checked" -> approved'],
        ['agent-1', 'ran under approval a-1, approved by dana, dave'],
        ['agent-1', 'ran under grant g-1 (granted by dana, dave, until T2)'],
        ['agent-1', 'asked the person at the client to confirm (input_required)'],
        ['agent-1', 'not confirmed at the client (decline) (answered in call c-2)'],
        ['agent-1', 'confirmed at the client'],
        ['agent-1', 'requested a-2 from dba, expires T3'],
        ['agent-1', 'expired a-2 undecided at T3'],
        ['agent-1', 'requested a-3 from approvers, expires T4'],
        ['agent-1', 'cancelled a-3 by the requester'],
        ['dana', 'deny by dana, reason "no" -> denied'],
      ],
    );
    const lines = renderCall(call, 0);
    assert.equal(lines[0], '[1] 2026-03-01T00:00:01.000Z  postgres_query on shop');
    assert.equal(lines[2], '    trace     trace-9');
    assert.equal(lines[3], '    decision  review (policy default): Deletes are reviewed.');
    assert.equal(lines.at(-2), '    outcome   started, not finished (no result was recorded)');
  });

  it('words the events of no call: an ended session, policy reloads, a prune', () => {
    seq = 0;
    const files = [{ path: 'policy.yaml', sha256: 'abcdef0123456789ff' }];
    const timeline = buildTimeline([
      event({ type: 'session.ended', principal: 'ops', data: { by: { id: 'olga' }, reason: 'runaway' } }),
      event({ type: 'session.ended', principal: 'ops', data: {} }),
      event({ type: 'policy.reloaded', data: { trigger: 'start', files } }),
      event({ type: 'policy.reloaded', data: { trigger: 'file change', replica: 'r-2', files } }),
      event({ type: 'audit.pruned', data: { removed: 5, throughSeq: 5, before: 'T0' } }),
      event({ type: 'principal.suspended', data: {} }),
    ]);
    assert.deepEqual(
      timeline.events.map((e) => e.detail),
      [
        'session ended by olga, reason "runaway"',
        'session ended by ops',
        'policies in force at start: policy.yaml sha256:abcdef012345',
        'policies reloaded (file change) on r-2: policy.yaml sha256:abcdef012345',
        'retention removed 5 events (through event 5) older than T0',
        'principal.suspended',
      ],
    );
  });
});
