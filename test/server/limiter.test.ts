// The limit of calls in flight per principal: a release given twice (a call that ends twice, by
// its answer and by its client hanging up) frees its own slot once, never another call's.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createConcurrencyLimiter } from '../../src/server/limiter.ts';

describe('the in-flight limiter', () => {
  it('turns away a call over the limit, per key, until one ends', () => {
    const limiter = createConcurrencyLimiter(2);
    const first = limiter.acquire('a');
    assert.ok(first && limiter.acquire('a'));
    assert.equal(limiter.acquire('a'), undefined);
    assert.ok(limiter.acquire('b'), 'another principal has its own limit');
    first();
    assert.ok(limiter.acquire('a'));
  });

  it('frees a slot once however often its release is called', () => {
    const limiter = createConcurrencyLimiter(2);
    const first = limiter.acquire('a');
    assert.ok(first && limiter.acquire('a'));
    first();
    first();
    assert.ok(limiter.acquire('a'), 'the slot that was freed');
    assert.equal(limiter.acquire('a'), undefined, 'the release given twice freed no second slot');
  });
});
