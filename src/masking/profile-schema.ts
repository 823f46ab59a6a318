// The masking profile, declared once in zod; the Profile type comes from it. Everything that can
// be wrong in a profile (a bad regex, an unknown validator or style, a malformed column pattern)
// is a validation issue with its path, so `gatehouse config check` reports it before start.
import { isSupportedCountry } from 'libphonenumber-js/max';
import { z } from 'zod';
import { BUILTIN_DETECTOR_NAMES, GATEHOUSE_SECRET, type BuiltinDetectorName } from './detectors/names.ts';
import { DEFAULT_FIXED_FORMAT_TYPES } from './fixed-format-types.ts';
import { MASKING_STYLES } from './styles.ts';
import { VALIDATOR_NAMES } from './validators.ts';

export const MaskingStyleSchema = z
  .enum(MASKING_STYLES)
  .describe(
    'How a masked value is written: redact -> [REDACTED:<name>]; partial -> cards keep the last 4 digits, ' +
      'emails the first character and domain, phones the last 2 digits, others nothing; pseudonym -> ' +
      '<kind>_<10 hex of a keyed HMAC-SHA256>, the same for the same value (needs a pseudonym key); ' +
      'null -> null in structured cells, [REDACTED:<name>] inside text.',
  );

const DetectorSettingSchema = z
  .union([
    z.boolean().describe('true: on with its default style; false: off.'),
    z
      .strictObject({
        enabled: z.boolean().default(true).describe('Whether this detector runs.'),
        style: MaskingStyleSchema.optional().describe("Style for this detector's matches; its default when absent."),
      })
      .describe('On/off and style for one detector.'),
  ])
  .describe('A built-in detector setting: a boolean, or { enabled, style }.');

/** One optional setting per built-in detector; an unknown name is an "unrecognized key" issue. */
const DETECTOR_SETTINGS_SHAPE = Object.fromEntries(
  BUILTIN_DETECTOR_NAMES.map((name) => [name, DetectorSettingSchema.optional()]),
) as Record<BuiltinDetectorName, z.ZodOptional<typeof DetectorSettingSchema>>;

/** schema.table.column, table.column or a bare column name; each part a glob with * and ?. */
function checkColumnPattern(pattern: string, ctx: z.RefinementCtx): void {
  const parts = pattern.split('.');
  if (parts.length > 3 || parts.some((part) => part.length === 0)) {
    ctx.addIssue({
      code: 'custom',
      message: `column pattern "${pattern}" must be column, table.column or schema.table.column (globs * and ? allowed)`,
    });
  }
}

const ColumnRuleSchema = z
  .strictObject({
    match: z
      .string()
      .min(1)
      .superRefine(checkColumnPattern)
      .describe(
        'Which result columns: "customers.email" (table.column, any schema), "public.customers.ssn", ' +
          '"*.card_number", or a bare column-name glob such as "*password*" or "ssn". Case-insensitive. ' +
          "Matched against the column's source table and column, and against its result name.",
      ),
    style: MaskingStyleSchema.default('redact'),
  })
  .describe('Mask every value of matching columns, whatever it contains. The first matching rule wins.');

const JsonKeyRuleSchema = z
  .union([
    z.string().min(1).describe('A key-name glob, masked with the redact style.'),
    z.strictObject({
      match: z.string().min(1).describe('Key-name glob, e.g. "*password*". Case-insensitive.'),
      style: MaskingStyleSchema.default('redact'),
    }),
  ])
  .describe('Inside JSON values (json/jsonb cells, documents), the value under a matching key is masked whole.');

const CustomDetectorSchema = z
  .strictObject({
    name: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,39}$/, 'lower case letters, digits and _, starting with a letter')
      .refine((name) => !(BUILTIN_DETECTOR_NAMES as readonly string[]).includes(name) && name !== GATEHOUSE_SECRET, {
        message: 'is the name of a built-in detector',
      })
      .describe('Detector name, shown as detector:<name> in counts and [REDACTED:<name>].'),
    pattern: z
      .string()
      .min(1)
      .describe('JavaScript regex source. With a capturing group, only group 1 is masked.'),
    flags: z
      .string()
      .regex(/^(?!.*(.).*\1)[imsu]*$/, 'only i, m, s, u, each once')
      .default('')
      .describe('Regex flags: any of i, m, s, u (g is added).'),
    validator: z.enum(VALIDATOR_NAMES).optional().describe(`A check every match must pass: ${VALIDATOR_NAMES.join(', ')}.`),
    style: MaskingStyleSchema.default('redact'),
  })
  .superRefine((detector, ctx) => {
    let regex: RegExp;
    try {
      regex = new RegExp(detector.pattern, detector.flags);
    } catch (error) {
      ctx.addIssue({ code: 'custom', path: ['pattern'], message: `invalid regex: ${(error as Error).message}` });
      return;
    }
    if (regex.test('')) ctx.addIssue({ code: 'custom', path: ['pattern'], message: 'pattern matches the empty string' });
  })
  .describe('An operator-defined detector.');

function checkUniqueNames(detectors: ReadonlyArray<{ name: string }>, ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  detectors.forEach((detector, index) => {
    if (seen.has(detector.name)) ctx.addIssue({ code: 'custom', path: [index, 'name'], message: `duplicate detector name "${detector.name}"` });
    seen.add(detector.name);
  });
}

export const ProfileSchema = z
  .strictObject({
    detectors: z
      .strictObject(DETECTOR_SETTINGS_SHAPE)
      .default({})
      .describe(`Built-in detectors (${BUILTIN_DETECTOR_NAMES.join(', ')}); all on with their default style unless set here.`),
    columns: z.array(ColumnRuleSchema).default([]).describe('Column rules, tried in order.'),
    jsonKeys: z.array(JsonKeyRuleSchema).default([]).describe('Key-name globs masked inside JSON values.'),
    custom: z
      .array(CustomDetectorSchema)
      .superRefine(checkUniqueNames)
      .default([])
      .describe('Extra detectors, each a regex with an optional validator.'),
    phoneRegion: z
      .string()
      .refine(isSupportedCountry, { message: 'unknown region: use an ISO 3166 alpha-2 code such as US or GB' })
      .default('US')
      .describe('Region whose national phone formats are recognized; international (+...) numbers always are.'),
    fixedFormatTypes: z
      .array(z.string().min(1))
      .default([...DEFAULT_FIXED_FORMAT_TYPES])
      .describe(
        'Result column types whose values have a fixed format that cannot hold free text; an array of one is included. ' +
          "Their cells skip the detectors (column rules still apply, gatehouse's own secrets are still masked). " +
          `Default: PostgreSQL's ${DEFAULT_FIXED_FORMAT_TYPES.join(', ')}. [] scans every column.`,
      ),
  })
  .describe('One masking profile: which detectors run, which columns and JSON keys are masked, and how.');

export type Profile = z.output<typeof ProfileSchema>;
export type ProfileInput = z.input<typeof ProfileSchema>;
export type ColumnRule = Profile['columns'][number];
export type JsonKeyRule = Profile['jsonKeys'][number];
