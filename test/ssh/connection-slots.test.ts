// The session slots of one SSH connection (tools/ssh/connection-slots.ts): callers past the limit
// wait, and a caller that gives up stops waiting, whenever its signal aborts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SessionSlots } from '../../tools/ssh/connection-slots.ts';

const open = () => undefined;
const never = new AbortController().signal;

describe('SSH session slots', () => {
  it('makes the caller past the limit wait for a slot given back', async () => {
    const slots = new SessionSlots(1);
    await slots.take(never, open);
    let took = false;
    const waiting = slots.take(never, open).then(() => (took = true));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(took, false);
    slots.release();
    await waiting;
    assert.equal(took, true);
  });

  it('stops a waiting caller whose signal aborts', async () => {
    const slots = new SessionSlots(1);
    await slots.take(never, open);
    const controller = new AbortController();
    const waiting = slots.take(controller.signal, open);
    controller.abort(new Error('gave up'));
    await assert.rejects(waiting, /gave up/);
  });

  it('stops a caller whose signal aborted between its wake-up and its next wait', async () => {
    const slots = new SessionSlots(1);
    await slots.take(never, open);
    const controller = new AbortController();
    const waiting = slots.take(controller.signal, open);
    // The slot given back wakes the caller, another takes it first, and the caller gives up: all
    // before the woken caller looks again.
    slots.release();
    void slots.take(never, open);
    controller.abort(new Error('gave up'));
    const outcome = await Promise.race([waiting.then(() => 'took a slot', (e: Error) => e.message), new Promise((resolve) => setTimeout(() => resolve('still waiting'), 500))]);
    assert.equal(outcome, 'gave up');
  });
});
