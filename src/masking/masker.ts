// createMasker: compiles a profile once (detectors, anchor regex, column and key rules,
// renderers) and returns the masker the pipeline calls for every result. Any failure while
// masking surfaces as a MaskingError, so the pipeline withholds the whole result instead of
// returning it partly masked.
import type { ResultColumn, ToolResult } from '../pipeline/result.ts';
import type { ColumnProtection } from '../pipeline/toolpack.ts';
import { columnLabel, compileColumnRules, compileProtection } from './column-rules.ts';
import { compileDetectors, compileSecretDetector, detectorSetting } from './compile-detectors.ts';
import { summarize, type MaskCounts, type MaskSummary } from './counts.ts';
import { BUILTIN_DETECTOR_NAMES } from './detectors/names.ts';
import { MaskingError } from './errors.ts';
import { compileFixedFormatTypes } from './fixed-format-types.ts';
import { compileJsonKeyRules, createJsonKeyMatcher } from './json-keys.ts';
import { maskDocument } from './mask-document.ts';
import { maskProcess } from './mask-process.ts';
import { maskTable } from './mask-table.ts';
import { ProfileSchema, type Profile } from './profile-schema.ts';
import { createPseudonymizer, pseudonymKind, type Pseudonymize } from './pseudonym.ts';
import { createRenderer, redactToken, type MaskingStyle } from './styles.ts';
import { createTextMasker } from './text-masker.ts';
import { createTextScanner, type MatchRule, type ScannerParts } from './text-scanner.ts';
import { createValueMasker, type WholeValueRule } from './value-masker.ts';

export interface Masker {
  /** Masks the result IN PLACE and says what was masked. Throws MaskingError on any failure. */
  maskResult(result: ToolResult): MaskSummary;
  /** Masks one text (error messages, notes) with the same detectors; adds to `counts` if given. */
  maskText(text: string, counts?: MaskCounts): string;
  /** The source columns this profile's column rules cover. */
  readonly protection: ColumnProtection;
}

export interface MaskerOptions {
  /** Every secret value gatehouse holds: masked wherever it appears, whatever the profile says. */
  secretValues: readonly string[];
  /** Key for the pseudonym style; a profile that uses that style without one is refused. */
  pseudonymKey?: string;
}

/** Paths in the profile that ask for pseudonyms, for a clear error when no key is configured. */
function pseudonymPaths(profile: Profile): string[] {
  const paths: string[] = [];
  for (const name of BUILTIN_DETECTOR_NAMES) {
    const setting = detectorSetting(profile, name);
    if (setting.enabled && setting.style === 'pseudonym') paths.push(`detectors.${name}`);
  }
  profile.columns.forEach((rule, i) => rule.style === 'pseudonym' && paths.push(`columns.${i}`));
  profile.jsonKeys.forEach((rule, i) => typeof rule !== 'string' && rule.style === 'pseudonym' && paths.push(`jsonKeys.${i}`));
  profile.custom.forEach((rule, i) => rule.style === 'pseudonym' && paths.push(`custom.${i}`));
  return paths;
}

function validatedProfile(profile: Profile): Profile {
  const parsed = ProfileSchema.safeParse(profile);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`);
  throw new MaskingError('invalid_config', `invalid masking profile: ${issues.join('; ')}`, { cause: parsed.error });
}

/** `label` shows in [REDACTED:label]; for key rules it is the glob without wildcards ("*password*" -> "password"). */
function wholeValueRule(countKey: string, label: string, style: MaskingStyle, pseudonymize?: Pseudonymize): WholeValueRule {
  return {
    countKey,
    style,
    render: createRenderer({ label, style, partial: 'infer', kind: pseudonymKind(label), pseudonymize }),
    redacted: redactToken(label),
  };
}

/** "public.customers.email", or the first with how many more: the count key of a derived column. */
function derivedLabel(column: ResultColumn): string {
  const from = column.derivedFrom ?? [];
  return from.length > 1 ? `${from[0]}+${from.length - 1}` : (from[0] ?? column.name);
}

function failed(error: unknown): MaskingError {
  return error instanceof MaskingError
    ? error
    : new MaskingError('masking_failed', 'masking failed: the result is withheld', { cause: error });
}

/**
 * The detectors that read a number split over a table's cells or an array's elements: the card's alone, whose checksum
 * tells a value from neighbouring fields. A row's small numbers (a port, an area, an amount) form
 * an SSN's or a phone number's groups all the time, so those shape-only detectors would mask
 * honest rows. What they find is redacted whole: the cells may be read in an order that is not
 * the value's, and a partial style would show whichever group the agent put last.
 */
function splitNumberDetectors(detectors: ScannerParts): ScannerParts {
  const cards = detectors.digitRun.filter(([, rule]) => rule.countKey === 'detector:card');
  return { anchored: [], digitRun: redactingWhole(cards), scanning: [] };
}

const redactingWhole = <D>(entries: ReadonlyArray<readonly [D, MatchRule]>): Array<readonly [D, MatchRule]> =>
  entries.map(([detector, rule]) => [detector, { ...rule, render: () => rule.redacted }] as const);

/**
 * Every detector, redacting whole: what reads a value split one character a cell
 * (split-characters.ts) or cut into pieces a cell each (split-pieces.ts). The cells' order is the
 * agent's choice, as for split numbers.
 */
function splitValueDetectors(detectors: ScannerParts): ScannerParts {
  return { anchored: redactingWhole(detectors.anchored), digitRun: redactingWhole(detectors.digitRun), scanning: redactingWhole(detectors.scanning) };
}

export function createMasker(profileInput: Profile, options: MaskerOptions): Masker {
  const profile = validatedProfile(profileInput);
  const wantsPseudonyms = pseudonymPaths(profile);
  if (wantsPseudonyms.length > 0 && options.pseudonymKey === undefined) {
    throw new MaskingError('invalid_config', `pseudonym style used at ${wantsPseudonyms.join(', ')} but no pseudonymKey is configured`);
  }
  const pseudonymize = options.pseudonymKey === undefined ? undefined : createPseudonymizer(options.pseudonymKey);

  const detectors = compileDetectors(profile, options.secretValues, pseudonymize);
  const text = createTextMasker(createTextScanner(detectors));
  // Its texts are digit groups parted by spaces, which the digit scanner reads in any script: no reader's view to make.
  const splitNumbers = createTextMasker(createTextScanner(splitNumberDetectors(detectors), { readerView: false }));
  const splitValues = createTextMasker(createTextScanner(splitValueDetectors(detectors)));
  const keyRules = createJsonKeyMatcher(
    compileJsonKeyRules(profile.jsonKeys).map(
      (rule) => [rule, wholeValueRule(`json_key:${rule.pattern}`, pseudonymKind(rule.pattern), rule.style, pseudonymize)] as const,
    ),
  );
  const scanAllNumbers = options.secretValues.some((secret) => /^-?\d+(?:\.\d+)?$/.test(secret));
  const values = createValueMasker(text, keyRules, { scanAllNumbers, splitNumbers, splitValues });
  // Fixed-format cells are searched for gatehouse's own secrets only, which the profile cannot turn off.
  const secretParts = compileSecretDetector(options.secretValues);
  const secretValues = secretParts && createValueMasker(createTextMasker(createTextScanner(secretParts)), createJsonKeyMatcher([]), { scanAllNumbers });
  const fixedFormat = compileFixedFormatTypes(profile.fixedFormatTypes);
  const columnRules = compileColumnRules(profile.columns);
  const columnRule = (column: ResultColumn, style: MaskingStyle): WholeValueRule =>
    wholeValueRule(`column:${columnLabel(column)}`, columnLabel(column), style, pseudonymize);
  // Computed from protected data: redacted whole, whatever the rule's style (a partial of a reversed card is no card).
  const derivedRule = (column: ResultColumn): WholeValueRule => wholeValueRule(`derived:${derivedLabel(column)}`, 'derived', 'redact');

  return {
    maskResult(result: ToolResult): MaskSummary {
      const counts: MaskCounts = {};
      try {
        switch (result.kind) {
          case 'table':
            maskTable(result, { columnRules, columnRule, derivedRule, values, text, splitNumbers, splitValues, fixedFormat, secretValues }, counts);
            break;
          case 'process':
            maskProcess(result, text, counts);
            break;
          case 'document':
            maskDocument(result, values, text, counts);
            break;
          default:
            // A result kind this masker does not know must not pass through unmasked.
            throw new MaskingError('masking_failed', 'unknown result kind');
        }
      } catch (error) {
        throw failed(error);
      }
      return summarize(counts);
    },
    protection: compileProtection(profile.columns),
    maskText(input: string, counts?: MaskCounts): string {
      try {
        return text.mask(input, counts);
      } catch (error) {
        throw failed(error);
      }
    },
  };
}
