// How a region writes its national phone numbers, as the digit counts of their groups: 3-3-4 in
// the US ("(415) 555-2671"), 3-4-4 and 5-6 among others in the UK ("020 7946 0958", "01632
// 960001"). A reader who meets "415 555 2671 12" sees the number by that grouping even though the
// same space goes on to the next group; the phone detector uses it the same way (see phone.ts).
// The groupings come from libphonenumber's formats for the region, each also with the national
// prefix glued to its first group ("020" for "20") or standing as a group of its own ("1 415 555
// 2671", "0 800 12 34 56"), since writers use both whatever the region's own rule.
import { Metadata, type CountryCode } from 'libphonenumber-js/max';
import { groupDigits } from './digit-runs.ts';
import type { DigitRun } from './types.ts';

/** One capture group of a format's pattern: "(\d)", "(\d{3})", "(\d{4,5})". */
const CAPTURE = /\(\\d(?:\{(\d+)(?:,(\d+))?\})?\)/g;

/**
 * The groupings, one number each: the digit counts of the groups as digits in base 32. No format
 * has a group of more than 14 digits with its prefix, and a window holds at most 15 (E.164).
 */
export interface Groupings {
  readonly signatures: ReadonlySet<number>;
  /** Groups in the longest grouping: a window of more is none of them, and its signature need not be summed. */
  readonly longest: number;
}

/** The [min, max] digit counts of each group of a format's pattern; null for a pattern of another shape. */
export function groupRanges(pattern: string): Array<[number, number]> | null {
  const ranges: Array<[number, number]> = [];
  let consumed = 0;
  for (const capture of pattern.matchAll(CAPTURE)) {
    if (capture.index !== consumed) return null;
    consumed += capture[0].length;
    const min = Number(capture[1] ?? 1);
    ranges.push([min, Number(capture[2] ?? min)]);
  }
  return consumed === pattern.length && ranges.length > 0 ? ranges : null;
}

/** Every signature of groups whose counts fall in `ranges`, after the groups already in `signature`. */
function addSignatures(into: Set<number>, ranges: ReadonlyArray<[number, number]>, signature: number): void {
  const [range, ...rest] = ranges;
  if (range === undefined) {
    into.add(signature);
    return;
  }
  for (let count = range[0]; count <= range[1]; count++) addSignatures(into, rest, signature * 32 + count);
}

/** What this reads of libphonenumber's numbering plan: there, though its type declarations leave it out. */
interface PlanFormats {
  nationalPrefix(): string | undefined;
  formats(): Array<{ pattern(): string }>;
}

export function regionGroupings(region: CountryCode): Groupings {
  const metadata = new Metadata();
  metadata.selectNumberingPlan(region);
  const plan = metadata.numberingPlan as unknown as PlanFormats;
  const prefix = plan.nationalPrefix()?.length ?? 0;
  const signatures = new Set<number>();
  let longest = 0;
  for (const format of plan.formats()) {
    const ranges = groupRanges(format.pattern());
    if (ranges === null) continue;
    // With no national prefix (length 0) both variants give the format's own groupings again.
    addSignatures(signatures, ranges, 0);
    const [first, ...rest] = ranges as [[number, number], ...Array<[number, number]>];
    addSignatures(signatures, [[first[0] + prefix, first[1] + prefix], ...rest], 0);
    addSignatures(signatures, [[prefix, prefix], ...ranges], 0);
    longest = Math.max(longest, ranges.length + 1);
  }
  return { signatures, longest };
}

/** Groups `first`..`last` of the run have the digit counts of one of the groupings. */
export function groupedAs(groupings: Groupings, run: DigitRun, first: number, last: number): boolean {
  if (last - first >= groupings.longest) return false;
  let signature = 0;
  for (let g = first; g <= last; g++) signature = signature * 32 + groupDigits(run, g);
  return groupings.signatures.has(signature);
}
