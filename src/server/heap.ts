// How far V8 lets the heap grow past what a full collection left alive. On a host with memory to
// spare V8 grows it to several times the live set: under 500 agent sessions gatehouse measured a
// heap of 250-300 MB around a live set of 40-110 MB, and a peak RSS near 480 MB. Bounding the growth
// (server.heapGrowthPercent) keeps memory near the live set at the cost of more frequent full
// collections (README, Performance). It is not a cap: a large result still gets what it needs.
// 50 by default: under that load it kept the peak near 270 MB against 420-450 MB, for about the
// same CPU per call; 0 leaves V8 its own sizing.
import { setFlagsFromString } from 'node:v8';

export const DEFAULT_HEAP_GROWTH_PERCENT = 50;

/** Applies the bound; returns the percent in force, or undefined where V8 keeps its own sizing. */
export function boundHeapGrowth(configured: number | undefined): number | undefined {
  const percent = configured ?? DEFAULT_HEAP_GROWTH_PERCENT;
  if (percent === 0) return undefined;
  setFlagsFromString(`--heap-growing-percent=${percent}`);
  return percent;
}
