import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { boundHeapGrowth } from '../../src/server/heap.ts';

describe('server heap growth', () => {
  it('is bounded by default and left to the operator when node was started with its own', () => {
    assert.equal(boundHeapGrowth(['--enable-source-maps']), true);
    assert.equal(boundHeapGrowth(['--heap-growing-percent=50']), false);
    assert.equal(boundHeapGrowth(['--heap_growing_percent=50']), false);
  });
});
