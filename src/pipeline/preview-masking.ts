// The changed rows an impact preview samples are masked by the call's own masking profile before
// the request is stored, so approvers, notifications and the audit only ever hold them masked (the
// same column rules and detectors as the call's result). If they cannot be masked, they are
// withheld and the preview says so: the count still stands.
import type { Masker } from '../masking/index.ts';
import type { Impact } from './toolpack.ts';

export function maskImpact(impact: Impact, masker: Masker | undefined): Impact {
  if (!impact.samples) return impact;
  const { samples, ...rest } = impact;
  const withheld = { ...rest, note: [rest.note, 'the sample of changed rows could not be masked, so it is withheld'].filter(Boolean).join('; ') };
  if (!masker) return withheld;
  try {
    for (const sample of samples) masker.maskResult(sample.rows);
    return impact;
  } catch {
    return withheld;
  }
}
