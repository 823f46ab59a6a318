// Replay shows the confirmation of a `confirm` call (asked, answered, and where the answer came in a
// retry, which call it came with) and an approval request its requester cancelled.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AuditEvent } from '../../src/audit/events.ts';
import { buildTimeline, renderTimeline } from '../../src/audit/replay.ts';

const event = (seq: number, fields: Partial<AuditEvent> & Pick<AuditEvent, 'type' | 'data'>): AuditEvent => ({
  seq,
  time: `2026-03-01T00:00:0${seq}.000Z`,
  session: 's1',
  principal: 'agent-1',
  tool: 'postgres_query',
  target: 'shop',
  prevHash: 'p'.repeat(64),
  hash: 'h'.repeat(64),
  ...fields,
});

describe('replay of confirmations and cancelled requests', () => {
  it('shows the question, the answer and the call it came with', () => {
    const decided = { effect: 'confirm', rules: [{ id: 'confirm-writes', effect: 'confirm', reason: 'Writes are confirmed.' }], reason: 'Writes are confirmed.' };
    const text = renderTimeline(
      buildTimeline([
        event(1, { type: 'call.requested', callId: 'c1', data: { args: { sql: "UPDATE orders SET note = 'x'" } } }),
        event(2, { type: 'call.decided', callId: 'c1', data: decided }),
        event(3, { type: 'call.confirmation_asked', callId: 'c1', data: { actionHash: 'a'.repeat(64) } }),
        event(4, { type: 'call.error', callId: 'c1', data: { code: 'confirmation_requested', message: 'asked' } }),
        event(5, { type: 'call.requested', callId: 'c2', data: { args: { sql: "UPDATE orders SET note = 'x'" } } }),
        event(6, { type: 'call.decided', callId: 'c2', data: decided }),
        event(7, { type: 'call.confirmed', callId: 'c1', data: { accepted: true, answer: 'accept', actionHash: 'a'.repeat(64), answeredIn: 'c2' } }),
        event(8, { type: 'call.result', callId: 'c2', data: { result: { content: [{ text: 'UPDATE 1' }] } } }),
      ]),
    );
    assert.match(text, /asked the person at the client to confirm \(input_required\)/);
    assert.match(text, /confirmed at the client \(answered in call c2\)/);
  });

  it('shows a declined confirmation and a request its requester cancelled', () => {
    const text = renderTimeline(
      buildTimeline([
        event(1, { type: 'call.requested', callId: 'c3', data: { args: {} } }),
        event(2, { type: 'call.confirmed', callId: 'c3', data: { accepted: false, answer: 'decline' } }),
        event(3, { type: 'call.requested', callId: 'c4', data: { args: {} } }),
        event(4, { type: 'approval.requested', callId: 'c4', data: { approvalId: 'r1', approverGroups: ['dba'], expiresAt: '2026-03-01T00:15:00.000Z' } }),
        event(5, { type: 'approval.cancelled', data: { approvalId: 'r1', by: { id: 'agent-1' } } }),
      ]),
    );
    assert.match(text, /not confirmed at the client \(decline\)/);
    assert.match(text, /cancelled r1 by the requester/);
  });

  it('names who took each approval step, and no one for a step the store took on its own', () => {
    const timeline = buildTimeline([
      event(1, { type: 'call.requested', callId: 'c5', data: { args: {} } }),
      event(2, { type: 'approval.requested', callId: 'c5', data: { approvalId: 'r2', approverGroups: ['dba'], expiresAt: '2026-03-01T00:15:00.000Z' } }),
      event(3, { type: 'approval.decided', principal: 'alice', data: { approvalId: 'r2', decision: 'deny', by: { id: 'alice' } } }),
      event(4, { type: 'approval.expired', principal: undefined, data: { approvalId: 'r2' } }),
    ]);
    const steps = timeline.calls[0]?.approvals ?? [];
    assert.deepEqual(steps.map((s) => [s.type, s.by]), [['approval.requested', 'agent-1'], ['approval.decided', 'alice'], ['approval.expired', undefined]]);
    assert.ok(!('by' in (steps[2] ?? {})), 'a step no one took has no by field');
  });
});
