// Session summaries as `gatehouse sessions list` and the console show them to auditors: calls,
// effects, tools and targets counted once each, every filter, newest first.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AuditEvent } from '../../src/audit/events.ts';
import { listSessions } from '../../src/audit/sessions.ts';

let seq = 0;
const event = (session: string, time: string, fields: Partial<AuditEvent> & Pick<AuditEvent, 'type'>): AuditEvent => ({
  seq: ++seq,
  time,
  session,
  principal: session === 's1' ? 'agent-1' : 'agent-2',
  prevHash: 'p'.repeat(64),
  hash: 'h'.repeat(64),
  data: {},
  ...fields,
});

const call = (session: string, time: string, callId: string, tool: string, target: string, effect: string): AuditEvent[] => [
  event(session, time, { type: 'call.requested', callId, tool, target }),
  event(session, time, { type: 'call.decided', callId, tool, target, data: { effect } }),
];

const EVENTS: AuditEvent[] = [
  event('s1', '2026-03-01T10:00:00.000Z', { type: 'session.started', data: { transport: 'stdio', client: 'agent\\u202e', clientEscaped: true } }),
  ...call('s1', '2026-03-01T10:00:01.000Z', 'c1', 'postgres_query', 'shop', 'allow'),
  ...call('s1', '2026-03-01T10:00:02.000Z', 'c2', 'postgres_query', 'shop', 'allow'),
  ...call('s1', '2026-03-01T10:00:03.000Z', 'c3', 'ssh_exec', 'web-1', 'deny'),
  event('s2', '2026-03-02T09:00:00.000Z', { type: 'session.started', data: { transport: 'http', client: 'cli' } }),
  ...call('s2', '2026-03-02T09:00:05.000Z', 'c4', 'kubernetes_get', 'prod', 'review'),
];

describe('session summaries', () => {
  it('counts calls and effects, and lists each tool and target once, in first-use order', async () => {
    const [s2, s1] = await listSessions(EVENTS);
    assert.deepEqual(s1, {
      id: 's1',
      principal: 'agent-1',
      transport: 'stdio',
      client: 'agent\\u202e',
      clientEscaped: true,
      startedAt: '2026-03-01T10:00:00.000Z',
      lastAt: '2026-03-01T10:00:03.000Z',
      calls: 3,
      effects: { allow: 2, deny: 1 },
      tools: ['postgres_query', 'ssh_exec'],
      targets: ['shop', 'web-1'],
    });
    assert.equal(s2?.id, 's2', 'newest first');
    assert.equal(s2?.clientEscaped, undefined);
  });

  it('filters by principal, time, tool, target and effect', async () => {
    const ids = async (filter: Parameters<typeof listSessions>[1]) => (await listSessions(EVENTS, filter)).map((s) => s.id);
    assert.deepEqual(await ids({ principal: 'agent-1' }), ['s1']);
    assert.deepEqual(await ids({ since: '2026-03-01T10:00:03.000Z' }), ['s2', 's1']);
    assert.deepEqual(await ids({ since: '2026-03-01T10:00:03.001Z' }), ['s2']);
    assert.deepEqual(await ids({ tool: 'ssh_exec' }), ['s1']);
    assert.deepEqual(await ids({ target: 'prod' }), ['s2']);
    assert.deepEqual(await ids({ effect: 'deny' }), ['s1']);
    assert.deepEqual(await ids({ effect: 'confirm' }), []);
  });

  it('summarizes a session whose start was pruned, or that names no principal, transport or client, with empty fields', async () => {
    const [late, bare] = await listSessions([
      event('s3', '2026-03-03T09:00:00.000Z', { type: 'session.started', principal: undefined, data: {} }),
      event('s4', '2026-03-04T09:00:00.000Z', { type: 'call.decided', callId: 'c9', tool: 'postgres_query', target: 'shop', data: { effect: 'deny' } }),
    ]);
    assert.deepEqual(bare, { id: 's3', principal: '', transport: '', client: '', startedAt: '2026-03-03T09:00:00.000Z', lastAt: '2026-03-03T09:00:00.000Z', calls: 0, effects: {}, tools: [], targets: [] });
    assert.deepEqual(late, { id: 's4', principal: 'agent-2', transport: '', client: '', startedAt: '2026-03-04T09:00:00.000Z', lastAt: '2026-03-04T09:00:00.000Z', calls: 0, effects: { deny: 1 }, tools: ['postgres_query'], targets: ['shop'] });
  });
});
