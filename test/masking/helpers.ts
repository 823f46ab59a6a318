// Shared helpers for the masking tests: build maskers from partial profiles and look at what one
// call masked.
import type { TableResult } from '../../src/pipeline/result.ts';
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

/** How a value comes back to the agent: in free text, or as a table cell. */
export type Channel = (text: string) => Masked;

export function inText(masker: Masker): Channel {
  return (text) => mask(masker, text);
}

export function inCell(masker: Masker): Channel {
  return (text) => {
    const result: TableResult = { kind: 'table', command: 'SELECT', rowCount: 1, columns: [{ name: 'note', type: 'text', table: 'public.notes', column: 'note' }], rows: [[text]] };
    const summary = masker.maskResult(result);
    return { text: String(result.rows[0]?.[0]), counts: summary.counts };
  };
}

/** [detector, text, a part of the value that must not be shown, label in the report (the detector when left out)]. */
export type LeakCase = readonly [detector: string, text: string, core: string, label?: string];

/** The cases whose core shows through the channel, or that the detector did not count. */
export function leaksThrough(channel: Channel, cases: readonly LeakCase[]): string[] {
  const found: string[] = [];
  for (const [detector, text, core, label = detector] of cases) {
    const out = channel(text);
    const counted = Object.keys(out.counts).some((key) => key.endsWith(`detector:${detector}`));
    if (out.text.includes(core) || !counted) found.push(`${label}: ${JSON.stringify(text)} -> ${JSON.stringify(out.text)}`);
  }
  return found;
}

/**
 * Masks a result that holds one value split over its cells and says what leaked: an empty string
 * when `detector` was counted and no cell shows `core` (read with marks and blanks dropped, as
 * a reader joins the cells), else what the rows came back as.
 */
export function splitValueLeak(masker: Masker, result: TableResult, detector: string, core: string): string {
  const summary = masker.maskResult(result);
  const out = JSON.stringify(result.rows);
  const counted = Object.keys(summary.counts).some((key) => key.endsWith(`detector:${detector}`));
  return counted && !out.replace(/[^A-Za-z0-9]/g, '').includes(core) ? '' : `${detector}: ${out}`;
}
