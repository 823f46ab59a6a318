// The second wall with weak secrets (allowed by `allowWeakSecrets` in test setups): such a secret is
// replaced only where it stands as a whole word, whole, and never inside the redaction marker; with
// no secret configured, text passes as it is.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createScrubber } from '../../src/pipeline/scrub.ts';

const R = '[REDACTED:secret]';

describe('scrubbing weak secrets', () => {
  it('passes text as it is when no secret, or only an empty one, is configured', () => {
    assert.equal(createScrubber([])('SELECT 1 -- x'), 'SELECT 1 -- x');
    assert.equal(createScrubber(['', 'x'])('a - b, x'), `a - b, ${R}`);
  });

  it('replaces a weak secret only as a whole word, when it is the only secret', () => {
    assert.equal(createScrubber(['x'])('max x-ray x'), `max ${R}-ray ${R}`);
  });

  it('replaces the longer of two weak secrets whole, not the shorter part of it', () => {
    assert.equal(createScrubber(['ab', 'ab-cd'])('ab-cd and ab'), `${R} and ${R}`);
    assert.equal(createScrubber(['ab-cd', 'ab'])('ab-cd and ab'), `${R} and ${R}`);
  });

  it('takes a weak secret’s characters literally', () => {
    assert.equal(createScrubber(['a.b'])('axb a.b'), `axb ${R}`);
  });

  it('never cuts its own marker, however often it scrubs', () => {
    const scrub = createScrubber(['secret']);
    assert.equal(scrub('a secret'), `a ${R}`);
    assert.equal(scrub(scrub('a secret')), `a ${R}`);
  });

  it('replaces weak and strong secrets side by side', () => {
    const strong = 'Vq7-hunter2-Zx';
    assert.equal(createScrubber(['x', strong])(`x max ${strong}`), `${R} max ${R}`);
  });
});
