// Shared helpers for the masking tests: build maskers from partial profiles and look at what one
// call masked.
import {
  BUILTIN_DETECTOR_NAMES,
  createMasker,
  ProfileSchema,
  type BuiltinDetectorName,
  type Masker,
  type MaskerOptions,
  type ProfileInput,
} from '../../src/masking/index.ts';

export function maskerWith(profile: ProfileInput = {}, options: Partial<MaskerOptions> = {}): Masker {
  return createMasker(ProfileSchema.parse(profile), { secretValues: [], ...options });
}

/** A masker with only the named built-in detectors on, no column or key rules. */
export function onlyDetectors(names: BuiltinDetectorName[], extra: ProfileInput = {}, options: Partial<MaskerOptions> = {}): Masker {
  const detectors = Object.fromEntries(BUILTIN_DETECTOR_NAMES.map((name) => [name, names.includes(name)]));
  return maskerWith({ ...extra, detectors: { ...detectors, ...extra.detectors } }, options);
}

export interface Masked {
  text: string;
  counts: Record<string, number>;
}

export function mask(masker: Masker, text: string): Masked {
  const counts: Record<string, number> = {};
  return { text: masker.maskText(text, counts), counts };
}
