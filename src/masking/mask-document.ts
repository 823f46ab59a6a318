// Masks a document result (schema listings, Kubernetes objects, host lists): the JSON value is
// walked in place with the JSON key rules and the detectors, and the note is masked as text.
import type { DocumentResult } from '../pipeline/result.ts';
import type { MaskCounts } from './counts.ts';
import type { TextMasker } from './text-masker.ts';
import type { ValueMasker } from './value-masker.ts';

export function maskDocument(result: DocumentResult, values: ValueMasker, text: TextMasker, counts: MaskCounts): void {
  const masked = values.maskValue(result.value, counts);
  if (masked !== result.value) result.value = masked;
  if (result.note !== undefined) result.note = text.mask(result.note, counts);
}
