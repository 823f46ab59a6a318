// Sessions as replay groups them: the calls of one key (principal, client, Mcp-Session-Id) with no
// gap longer than the idle window share a session; a longer gap, or an operator's end, opens a new
// one. The clock is the tracker's own parameter, so the edges are exact.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSessionTracker } from '../../src/pipeline/session.ts';

/** A tracker on a clock the test moves. */
function tracked(idleMs?: number) {
  const clock = { t: 0 };
  return { clock, sessions: createSessionTracker(idleMs, () => clock.t) };
}

describe('session tracker', () => {
  it('keeps a key in one session while its calls come within the idle window, to the millisecond', () => {
    const { clock, sessions } = tracked(1000);
    const first = sessions.resolve('k', 'http', 'claude-code');
    assert.equal(first.opened, true);
    assert.deepEqual({ ...first.session, id: '' }, { id: '', transport: 'http', client: 'claude-code' });
    clock.t = 1000;
    const second = sessions.resolve('k', 'http', 'claude-code');
    assert.deepEqual(second, { session: first.session, opened: false });
    // The window counts from the last call, not the first.
    clock.t = 2000;
    assert.equal(sessions.resolve('k', 'http', 'claude-code').opened, false);
    clock.t = 3001;
    const third = sessions.resolve('k', 'http', 'claude-code');
    assert.equal(third.opened, true);
    assert.notEqual(third.session.id, first.session.id);
  });

  it('keeps keys apart, and opens a new session for a key an operator ended', () => {
    const { sessions } = tracked(1000);
    const a = sessions.resolve('a', 'stdio', 'x');
    const b = sessions.resolve('b', 'stdio', 'x');
    assert.notEqual(a.session.id, b.session.id);
    sessions.forget('a');
    const again = sessions.resolve('a', 'stdio', 'x');
    assert.equal(again.opened, true);
    assert.notEqual(again.session.id, a.session.id);
    assert.equal(sessions.resolve('b', 'stdio', 'x').opened, false);
  });

  it('has a 30-minute idle window by default', () => {
    const clock = { t: 0 };
    const sessions = createSessionTracker(undefined, () => clock.t);
    sessions.resolve('k', 'stdio', 'x');
    clock.t = 30 * 60_000;
    assert.equal(sessions.resolve('k', 'stdio', 'x').opened, false);
    clock.t = 60 * 60_000 + 1;
    assert.equal(sessions.resolve('k', 'stdio', 'x').opened, true);
  });

  it('past 10,000 keys drops only idle sessions: a live one keeps its session', () => {
    const { clock, sessions } = tracked(1000);
    const live = sessions.resolve('live', 'http', 'x');
    for (let i = 0; i < 10_000; i++) sessions.resolve(`idle-${i}`, 'http', 'x');
    clock.t = 1000;
    sessions.resolve('live', 'http', 'x');
    // The live key was seen exactly the idle window ago: it still counts as live.
    clock.t = 2000;
    sessions.resolve('newcomer', 'http', 'x');
    assert.deepEqual(sessions.resolve('live', 'http', 'x'), { session: live.session, opened: false });
  });
});
