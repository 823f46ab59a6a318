// The seal is bound to the kind of document it seals: a store insider who copies a sealed document
// into another table (a grant's into the approvals, an act's into the revocations) gets nothing
// that opens there, even when the fields would fit.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSeal, type SealedKind } from '../../src/approval/seal.ts';

const KINDS: SealedKind[] = ['approval', 'grant', 'revocation', 'kill-switch act', 'prune'];
const KEY = 'a-seal-key-of-thirty-two-bytes-or-more-0123456789';

describe('the approvals seal', () => {
  it('opens a document only as the kind it was sealed as', () => {
    const seal = createSeal(KEY);
    const doc = { id: 'x1', principal: 'agent-1', kind: 'principal', by: 'ops', reason: 'r', at: '2026-01-01T00:00:00Z' };
    for (const sealedAs of KINDS) {
      const sealed = seal.seal(sealedAs, doc);
      for (const openedAs of KINDS) assert.equal(seal.open(openedAs, sealed) !== undefined, openedAs === sealedAs, `sealed as ${sealedAs}, opened as ${openedAs}`);
    }
  });

  it('during a rotation opens what the current or a listed previous key sealed, and nothing edited, made up or sealed by another key', () => {
    const previous = 'the-previous-seal-key-of-thirty-two-bytes-0123456789';
    const rotated = createSeal(KEY, [previous]);
    const doc = { id: 'a1', state: 'approved', principal: 'agent-1' };
    assert.deepEqual(rotated.open('approval', createSeal(previous).seal('approval', doc)), doc);
    assert.deepEqual(rotated.open('approval', rotated.seal('approval', doc)), doc);
    const edited = { ...createSeal(previous).seal('approval', doc), principal: 'agent-2' };
    assert.equal(rotated.open('approval', edited), undefined);
    assert.equal(rotated.open('approval', { ...doc, seal: 'made-up' }), undefined);
    assert.equal(rotated.open('approval', createSeal('another-seal-key-of-thirty-two-bytes-0123456789').seal('approval', doc)), undefined);
  });
});
