// Text an agent can make as long as it likes (`SELECT repeat('1:', 50000)`, a file it wrote) and
// shape to find a search that goes back over what it read: masking runs on every result, so one
// such cell taking its length squared would hold every other call. Each text below once did, in a
// stage of the reader's view or a detector: 100 KB of it took 5 to 19 s. They hold no value, so
// they come back as they are; the time itself is measured in bench/masking.ts (the slowest of them).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMasker, DEFAULT_PROFILE } from '../../src/masking/index.ts';
import { HOSTILE_TEXTS } from '../../bench/hostile-texts.ts';

const masker = createMasker(DEFAULT_PROFILE, { secretValues: ['s3cr3t-db-password'] });

describe('text shaped to make masking slow', () => {
  for (const [name, text] of Object.entries(HOSTILE_TEXTS)) {
    it(`masks ${name} (${text.length} characters) and finds nothing in it`, () => {
      assert.equal(masker.maskText(text), text);
    });
  }
});
