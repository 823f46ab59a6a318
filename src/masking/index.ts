// The masking engine's public surface: the config schema, the masker factory, the summary line.
// Everything else in src/masking is internal.
export { MaskingConfigSchema, parseMaskingConfig, type MaskingConfig, type MaskingConfigInput } from './config.ts';
export { ProfileSchema, MaskingStyleSchema, type Profile, type ProfileInput } from './profile-schema.ts';
export { DEFAULT_PROFILE, DEFAULT_PROFILE_NAME, DEFAULT_PROTECTION } from './default-profile.ts';
export { createMasker, type Masker, type MaskerOptions } from './masker.ts';
export { compileColumnRules, type ColumnRuleMatcher } from './column-rules.ts';
export { describeCounts, type MaskCounts, type MaskSummary } from './counts.ts';
export { MaskingError, type MaskingErrorCode } from './errors.ts';
export { BUILTIN_DETECTOR_NAMES, GATEHOUSE_SECRET, type BuiltinDetectorName } from './detectors/names.ts';
export { VALIDATOR_NAMES, type ValidatorName } from './validators.ts';
export type { MaskingStyle } from './styles.ts';
export { unionProtection } from './column-rules.ts';
