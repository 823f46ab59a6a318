// The public corpus: every positive must be masked by the detector it names (its secret gone from
// the output), and every decoy must come out unchanged, with the default profile.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { createMasker, DEFAULT_PROFILE } from '../../src/masking/index.ts';

interface Corpus {
  secretValues: string[];
  positives: Array<{ text: string; detector: string; secret: string }>;
  decoys: Array<{ text: string; why: string }>;
}

const corpus = JSON.parse(readFileSync(new URL('./corpus.json', import.meta.url), 'utf8')) as Corpus;
const masker = createMasker(DEFAULT_PROFILE, { secretValues: corpus.secretValues });

describe('masking corpus', () => {
  it('is big enough to mean something', () => {
    assert.ok(corpus.positives.length >= 110, `${corpus.positives.length} positives`);
    assert.ok(corpus.decoys.length >= 110, `${corpus.decoys.length} decoys`);
  });

  it('masks every positive with the detector it names', () => {
    const failures: string[] = [];
    for (const positive of corpus.positives) {
      const counts: Record<string, number> = {};
      const masked = masker.maskText(positive.text, counts);
      if (masked.includes(positive.secret) || !counts[`detector:${positive.detector}`]) {
        failures.push(`${positive.detector}: ${JSON.stringify(positive.text)} -> ${JSON.stringify(masked)} ${JSON.stringify(counts)}`);
      }
    }
    assert.deepEqual(failures, []);
  });

  it('leaves every decoy unchanged', () => {
    const failures: string[] = [];
    for (const decoy of corpus.decoys) {
      const counts: Record<string, number> = {};
      const masked = masker.maskText(decoy.text, counts);
      if (masked !== decoy.text) failures.push(`${decoy.why}: ${JSON.stringify(decoy.text)} -> ${JSON.stringify(masked)}`);
    }
    assert.deepEqual(failures, []);
  });
});
