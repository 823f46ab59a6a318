// How the text scanner writes what its detectors find: the shortest text a detector matches, two
// values side by side each in its own rule, and two overlapping finds of rules of equal priority
// merged under the rule of the one that starts first.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMasker, DEFAULT_PROFILE } from '../../src/masking/index.ts';
import { mask, onlyDetectors } from './helpers.ts';

const defaults = createMasker(DEFAULT_PROFILE, { secretValues: [] });

/** Two custom detectors of equal priority and no built-in one. */
const twoCustom = onlyDetectors([], {
  custom: [
    { name: 'alpha', pattern: String.raw`AAAA\d{4}` },
    { name: 'beta', pattern: String.raw`\d{4}BBBB(?!\d)|BBBB\d{4}` },
  ],
});

describe('text scanner', () => {
  it('masks a key=value pair as short as one can be (five characters)', () => {
    assert.equal(defaults.maskText('pwd=x'), 'pwd=[REDACTED:password]');
  });

  it('masks two values side by side, each under its own rule and counted once', () => {
    assert.deepEqual(mask(twoCustom, 'AAAA1234BBBB5678'), { text: '[REDACTED:alpha][REDACTED:beta]', counts: { 'detector:alpha': 1, 'detector:beta': 1 } });
  });

  it('merges overlapping finds of rules of equal priority under the rule of the one that starts first', () => {
    assert.equal(mask(twoCustom, 'AAAA1234BBBB').text, '[REDACTED:alpha]');
  });
});
