// Replay of events that belong to no call: a retention prune's session lists its prunes, and the
// steps of a call whose request was pruned are left out rather than shown as a call.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AuditEvent } from '../../src/audit/events.ts';
import { RETENTION_SESSION } from '../../src/audit/events.ts';
import { buildTimeline, renderTimeline } from '../../src/audit/replay.ts';

const event = (seq: number, fields: Partial<AuditEvent> & Pick<AuditEvent, 'type' | 'data'>): AuditEvent => ({
  seq,
  time: `2026-03-01T00:00:0${seq}.000Z`,
  session: RETENTION_SESSION,
  prevHash: 'p'.repeat(64),
  hash: 'h'.repeat(64),
  ...fields,
});

describe('replay of events outside calls', () => {
  it('lists retention prunes in the retention session', () => {
    const data = { throughSeq: 120, throughHash: 'a'.repeat(64), removed: 120, before: '2026-01-01T00:00:00.000Z' };
    const timeline = buildTimeline([event(1, { type: 'audit.pruned', principal: 'ops', data }), event(2, { type: 'audit.pruned', data: { ...data, throughSeq: 300, removed: 180 } })]);
    assert.equal(timeline.calls.length, 0);
    assert.deepEqual(
      timeline.events.map((e) => [e.seq, e.type]),
      [
        [1, 'audit.pruned'],
        [2, 'audit.pruned'],
      ],
    );
    const text = renderTimeline(timeline);
    assert.match(text, /principal ops, started 2026-03-01T00:00:01.000Z/);
    assert.match(text, /2026-03-01T00:00:01.000Z retention removed 120 events \(through event 120\) older than 2026-01-01T00:00:00.000Z/);
    assert.match(text, /retention removed 180 events \(through event 300\)/);
  });

  it('leaves out the steps of a call whose request was pruned', () => {
    const timeline = buildTimeline([
      event(7, { type: 'call.result', session: 's1', callId: 'c-pruned', principal: 'agent-1', data: { result: { content: [{ text: 'old' }] } } }),
      event(8, { type: 'approval.expired', session: 's1', principal: 'agent-1', data: { approvalId: 'a-pruned', expiresAt: '2026-03-01T00:00:00.000Z' } }),
    ]);
    assert.deepEqual(timeline.calls, []);
    assert.deepEqual(timeline.events, []);
  });
});
