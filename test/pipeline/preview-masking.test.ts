// The changed rows an impact preview samples leave the pipeline only masked by the call's own
// profile; when they cannot be masked (no profile, or masking fails) they are withheld and the
// preview says so, keeping its count and its own note.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_PROFILE } from '../../src/masking/default-profile.ts';
import { createMasker, type Masker } from '../../src/masking/index.ts';
import { maskImpact } from '../../src/pipeline/preview-masking.ts';
import type { Impact } from '../../src/pipeline/toolpack.ts';

const EMAIL = 'bob.raw@example.com';
const WITHHELD = 'the sample of changed rows could not be masked, so it is withheld';

function impact(note?: string): Impact {
  return {
    method: 'dry run',
    rows: 1,
    ...(note ? { note } : {}),
    samples: [{ table: 'public.people', rows: { kind: 'table', columns: [{ name: 'email', type: 'text' }], rows: [[EMAIL]], command: 'UPDATE', rowCount: 1 } }],
  };
}

const masker = createMasker(DEFAULT_PROFILE, { secretValues: [] });
const failing: Masker = { protection: masker.protection, maskText: (t) => t, maskResult: () => { throw new Error('mask failed'); } };

describe('impact preview masking', () => {
  it('masks every sampled row with the call\'s profile', () => {
    const masked = maskImpact(impact(), masker);
    assert.equal(masked.samples?.length, 1);
    assert.ok(!JSON.stringify(masked).includes(EMAIL), JSON.stringify(masked));
    assert.equal(masked.rows, 1);
  });

  it('withholds the samples when there is no profile, and says so', () => {
    const withheld = maskImpact(impact(), undefined);
    assert.deepEqual(withheld, { method: 'dry run', rows: 1, note: WITHHELD });
  });

  it('withholds even an empty sample when there is no profile', () => {
    const empty: Impact = { method: 'dry run', rows: 0, samples: [] };
    assert.deepEqual(maskImpact(empty, undefined), { method: 'dry run', rows: 0, note: WITHHELD });
  });

  it('withholds the samples when masking fails, keeping the preview\'s own note', () => {
    const withheld = maskImpact(impact('estimated from a dry run'), failing);
    assert.deepEqual(withheld, { method: 'dry run', rows: 1, note: `estimated from a dry run; ${WITHHELD}` });
  });

  it('leaves a preview without samples as it is', () => {
    const plain: Impact = { method: 'estimate', rows: 3 };
    assert.equal(maskImpact(plain, failing), plain);
  });
});
