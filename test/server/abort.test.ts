// The deadline and cancel helpers every backend call waits with (tools/shared/abort.ts).
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, it } from 'node:test';
import { timerMs, whenAborted, withDeadline } from '../../tools/shared/abort.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('withDeadline', () => {
  it('aborts with a TimeoutError when the time is up, garbage collections in between', async () => {
    const { signal } = withDeadline(new AbortController().signal, 80);
    for (let i = 0; i < 5; i++) {
      gc();
      await tick(10);
    }
    await tick(100);
    assert.equal(signal.aborted, true);
    assert.equal((signal.reason as DOMException).name, 'TimeoutError');
    assert.equal((signal.reason as DOMException).message, 'the deadline of 80 ms passed');
  });

  it("aborts with the parent's reason when the parent aborts first, or had already", () => {
    const parent = new AbortController();
    const early = withDeadline(parent.signal, 60_000);
    parent.abort(new Error('revoked'));
    assert.equal((early.signal.reason as Error).message, 'revoked');
    const late = withDeadline(parent.signal, 60_000);
    assert.equal((late.signal.reason as Error).message, 'revoked');
  });

  it('once cleared, neither the time nor the parent aborts it', async () => {
    const parent = new AbortController();
    const deadline = withDeadline(parent.signal, 30);
    deadline.clear();
    await tick(60);
    parent.abort();
    assert.equal(deadline.signal.aborted, false);
  });
});

describe('whenAborted', () => {
  it('runs at once on a signal that has already aborted, and once on one that aborts later', () => {
    const runs: string[] = [];
    whenAborted(AbortSignal.abort(), () => runs.push('already'));
    const later = new AbortController();
    whenAborted(later.signal, () => runs.push('later'));
    later.abort();
    later.abort();
    assert.deepEqual(runs, ['already', 'later']);
  });

  it('runs nothing once unsubscribed', () => {
    const controller = new AbortController();
    let runs = 0;
    whenAborted(controller.signal, () => runs++)();
    controller.abort();
    assert.equal(runs, 0);
  });
});

describe('timerMs', () => {
  it('keeps a limit a timer can hold whole, and clamps the rest to 1 ms .. 2^31-1 ms', () => {
    assert.deepEqual([30_000, 2.9, 0, -5, 2 ** 31 - 1, 2 ** 31, 30 * 86_400_000].map(timerMs), [30_000, 2, 1, 1, 2 ** 31 - 1, 2 ** 31 - 1, 2 ** 31 - 1]);
  });
});
