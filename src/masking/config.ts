// The masking section of gatehouse's config: named profiles that policy decisions refer to.
// `{}` is valid and yields the built-in "default" profile; a profile named "default" in the
// config replaces the built-in one.
import { z } from 'zod';
import { DEFAULT_PROFILE, DEFAULT_PROFILE_NAME } from './default-profile.ts';
import { MaskingError } from './errors.ts';
import { ProfileSchema, type Profile } from './profile-schema.ts';

export const MaskingConfigSchema = z
  .strictObject({
    profiles: z
      .record(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ and -'), ProfileSchema)
      .default({})
      .transform((profiles): Record<string, Profile> & { default: Profile } => ({ [DEFAULT_PROFILE_NAME]: DEFAULT_PROFILE, ...profiles }))
      .describe('Masking profiles by name. "default" always exists; define it here to replace the built-in one.'),
  })
  .describe('How results are masked before the agent sees them.');

export type MaskingConfig = z.output<typeof MaskingConfigSchema>;
export type MaskingConfigInput = z.input<typeof MaskingConfigSchema>;

/** Validates a masking config; throws a MaskingError listing every issue with its path. */
export function parseMaskingConfig(input: unknown): MaskingConfig {
  const parsed = MaskingConfigSchema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`);
  throw new MaskingError('invalid_config', `invalid masking config:\n  ${issues.join('\n  ')}`, { cause: parsed.error });
}
