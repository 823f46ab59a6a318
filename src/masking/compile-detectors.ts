// Turns a profile's detector settings into the text scanner's parts: each enabled built-in
// detector, each custom detector and gatehouse's own secrets, with the rule (count key,
// priority, renderer) its matches are written with.
import type { CountryCode } from 'libphonenumber-js/max';
import { BUILTIN_DETECTORS, CUSTOM_PRIORITY, GATEHOUSE_SECRET_PRIORITY } from './detectors/catalog.ts';
import { createCustomDetector } from './detectors/custom.ts';
import { createGatehouseSecretDetector } from './detectors/gatehouse-secret.ts';
import { BUILTIN_DETECTOR_NAMES, GATEHOUSE_SECRET, type BuiltinDetectorName } from './detectors/names.ts';
import type { AnchoredDetector, DigitRunDetector, ScanningDetector } from './detectors/types.ts';
import type { Profile } from './profile-schema.ts';
import type { Pseudonymize } from './pseudonym.ts';
import { createRenderer, redactToken, type MaskingStyle, type RendererSpec } from './styles.ts';
import type { MatchRule, ScannerParts } from './text-scanner.ts';
import { VALIDATORS } from './validators.ts';

/** The effective setting of a built-in detector: on unless turned off, its default style unless set. */
export function detectorSetting(profile: Profile, name: BuiltinDetectorName): { enabled: boolean; style: MaskingStyle } {
  const setting = profile.detectors[name];
  const defaultStyle = BUILTIN_DETECTORS[name].defaultStyle;
  if (setting === undefined) return { enabled: true, style: defaultStyle };
  if (typeof setting === 'boolean') return { enabled: setting, style: defaultStyle };
  return { enabled: setting.enabled, style: setting.style ?? defaultStyle };
}

function matchRule(name: string, priority: number, spec: Omit<RendererSpec, 'label' | 'kind'>): MatchRule {
  return {
    countKey: `detector:${name}`,
    priority,
    render: createRenderer({ ...spec, label: name, kind: name }),
    redacted: redactToken(name),
  };
}

/** Gatehouse's own secret values alone, which every text is searched for whatever the profile says; undefined without any. */
export function compileSecretDetector(secretValues: readonly string[]): ScannerParts | undefined {
  const secrets = createGatehouseSecretDetector(secretValues);
  if (secrets === undefined) return undefined;
  return { anchored: [], digitRun: [], scanning: [[secrets, matchRule(GATEHOUSE_SECRET, GATEHOUSE_SECRET_PRIORITY, { style: 'redact', partial: 'none' })]] };
}

export function compileDetectors(
  profile: Profile,
  secretValues: readonly string[],
  pseudonymize: Pseudonymize | undefined,
): ScannerParts {
  const anchored: Array<[AnchoredDetector, MatchRule]> = [];
  const digitRun: Array<[DigitRunDetector, MatchRule]> = [];
  const scanning: Array<readonly [ScanningDetector, MatchRule]> = [...(compileSecretDetector(secretValues)?.scanning ?? [])];

  for (const name of BUILTIN_DETECTOR_NAMES) {
    const { enabled, style } = detectorSetting(profile, name);
    if (!enabled) continue;
    const info = BUILTIN_DETECTORS[name];
    const detector = info.create({ phoneRegion: profile.phoneRegion as CountryCode });
    // A detector wired under another's name would mask and count its finds as that one's.
    if (detector.name !== name) throw new Error(`the ${name} entry builds the ${detector.name} detector`);
    const rule = matchRule(name, info.priority, { style, partial: info.partial, normalize: info.normalize, pseudonymize });
    if (detector.shape === 'anchored') anchored.push([detector, rule]);
    else if (detector.shape === 'digit-run') digitRun.push([detector, rule]);
    else scanning.push([detector, rule]);
  }

  for (const custom of profile.custom) {
    const detector = createCustomDetector({
      name: custom.name,
      pattern: custom.pattern,
      flags: custom.flags,
      validator: custom.validator === undefined ? undefined : VALIDATORS[custom.validator],
    });
    scanning.push([detector, matchRule(custom.name, CUSTOM_PRIORITY, { style: custom.style, partial: 'none', pseudonymize })]);
  }

  // Most selective first: the combined anchor regex reports the first alternative at a position.
  anchored.sort((a, b) => b[1].priority - a[1].priority);
  return { anchored, digitRun, scanning };
}
