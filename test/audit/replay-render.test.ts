// A replay as the auditor reads it, whole: the header (transport, client, events of no call, the
// warnings), each call's block in the order its steps happened (the approval decided after the agent
// was told "pending" shows after what the agent saw), the outcome joined from every content part,
// a refusal, a call that never finished, and playback's block without the outcome. What the
// timeline keeps for JSON: the recording moved off the result onto the call.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AuditEvent } from '../../src/audit/events.ts';
import { buildTimeline, renderCall, renderTimeline } from '../../src/audit/replay.ts';

let seq = 0;
const event = (fields: Partial<AuditEvent> & Pick<AuditEvent, 'type' | 'data'>): AuditEvent => {
  seq++;
  return { seq, time: `2026-03-01T00:00:${String(seq).padStart(2, '0')}.000Z`, session: 's-9', principal: 'agent-1', prevHash: 'p'.repeat(64), hash: 'h'.repeat(64), ...fields };
};

const ssh = { callId: 'c1', tool: 'ssh_exec' };
const EVENTS: AuditEvent[] = [
  event({ type: 'session.started', data: { transport: 'http', client: 'cli\u202e', clientEscaped: true } }),
  event({ ...ssh, type: 'call.requested', data: { args: { command: 'uptime' }, caller: { traceId: 'tr-1' } } }),
  // The target comes with the decision, not the request.
  event({ ...ssh, type: 'call.decided', target: 'web-1', data: { effect: 'review', rules: [{ id: 'r-a', effect: 'review', reason: 'A' }, { id: 'r-b', effect: 'allow', reason: 'B' }], reason: 'Reviewed.' } }),
  event({ ...ssh, type: 'approval.requested', data: { approvalId: 'a1', approverGroups: ['ops'], expiresAt: 'T9' } }),
  event({ ...ssh, type: 'call.result', data: { result: { content: [{ text: 'line one\nline two' }, {}, { text: 'tail\u001b[2J' }] }, recording: [[0.5, 'o', 'up 3 days\n']] } }),
  event({ type: 'approval.decided', principal: 'dana', data: { approvalId: 'a1', decision: 'approve', by: { id: 'dana' }, reason: 'ok', state: 'approved' } }),
  event({ type: 'audit.pruned', data: { removed: 2, throughSeq: 2, before: 'T0' } }),
  event({ type: 'call.requested', callId: 'c2', tool: 'postgres_query', target: 'shop', data: { args: { sql: 'DROP TABLE t' } } }),
  event({ type: 'call.error', callId: 'c2', tool: 'postgres_query', target: 'shop', data: { code: 'denied', message: 'No.' } }),
  event({ type: 'call.requested', callId: 'c3', tool: 'postgres_query', target: 'shop', data: { args: { sql: 'SELECT 1' } } }),
];

describe('replay rendering', () => {
  it('renders a session whole, each step where it happened', () => {
    assert.equal(
      renderTimeline(buildTimeline(EVENTS)),
      [
        'session s-9',
        '  principal agent-1 over http (client cli\\u202e), started 2026-03-01T00:00:01.000Z',
        '  2026-03-01T00:00:07.000Z retention removed 2 events (through event 2) older than T0',
        '  warning: This text contains bidi controls: they are shown escaped (as \\u202e), never as they would act.',
        '  warning: the client named itself with hidden characters; the name was recorded with them escaped',
        '',
        '[1] 2026-03-01T00:00:02.000Z  ssh_exec on web-1',
        '    call      {"command":"uptime"}',
        '    trace     tr-1',
        '    decision  review by r-a (review), r-b (allow): Reviewed.',
        '    approval  2026-03-01T00:00:04.000Z requested a1 from ops, expires T9',
        '    agent saw │ line one',
        '              │ line two',
        '              │',
        '              │ tail\\u001b[2J',
        '    approval  2026-03-01T00:00:06.000Z approve by dana, reason "ok" -> approved',
        '    warning   This text contains control characters: they are shown escaped (as \\u202e), never as they would act.',
        '',
        '[2] 2026-03-01T00:00:08.000Z  postgres_query on shop',
        '    call      {"sql":"DROP TABLE t"}',
        '    agent saw │ Refused (denied): No.',
        '',
        '[3] 2026-03-01T00:00:10.000Z  postgres_query on shop',
        '    call      {"sql":"SELECT 1"}',
        '    outcome   started, not finished (no result was recorded)',
        '',
      ].join('\n'),
    );
  });

  it('keeps the recording on the call and out of the outcome, and leaves the outcome out for playback', () => {
    const [call] = buildTimeline(EVENTS).calls;
    assert.ok(call);
    assert.deepEqual(call.recording, [[0.5, 'o', 'up 3 days\n']]);
    assert.deepEqual(call.outcome, {
      seq: 5,
      kind: 'result',
      at: '2026-03-01T00:00:05.000Z',
      text: 'line one\nline two\n\ntail\u001b[2J',
      data: { result: { content: [{ text: 'line one\nline two' }, {}, { text: 'tail\u001b[2J' }] } },
    });
    assert.deepEqual(renderCall(call, 0, { withOutcome: false }), [
      '[1] 2026-03-01T00:00:02.000Z  ssh_exec on web-1',
      '    call      {"command":"uptime"}',
      '    trace     tr-1',
      '    decision  review by r-a (review), r-b (allow): Reviewed.',
      '    approval  2026-03-01T00:00:04.000Z requested a1 from ops, expires T9',
      '    approval  2026-03-01T00:00:06.000Z approve by dana, reason "ok" -> approved',
      '',
    ]);
  });

  it('renders no events as an empty session, naming no principal', () => {
    assert.equal(renderTimeline(buildTimeline([])), 'session \n  principal -, started \n');
  });
});
