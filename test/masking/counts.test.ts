import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeCounts } from '../../src/masking/index.ts';
import { summarize } from '../../src/masking/counts.ts';

describe('describeCounts', () => {
  it('writes one short line with the total and every key, sorted', () => {
    const summary = summarize({ 'detector:card': 8, 'column:customers.email': 4 });
    assert.equal(summary.total, 12);
    assert.equal(describeCounts(summary), 'masked 12 values: column:customers.email 4, detector:card 8');
  });

  it('says when nothing, or one value, was masked', () => {
    assert.equal(describeCounts(summarize({})), 'nothing masked');
    assert.equal(describeCounts(summarize({ 'detector:jwt': 1 })), 'masked 1 value: detector:jwt 1');
  });
});
