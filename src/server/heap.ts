// How far V8 lets the heap grow past what a full collection left alive. On a host with memory to
// spare V8 grows it to several times the live set: under 500 agent sessions gatehouse measured a
// heap of 250-300 MB around a live set of 40-110 MB, and a peak RSS near 480 MB. Bounding the growth
// (server.heapGrowthPercent) keeps memory near the live set at the cost of more frequent full
// collections (README, Performance). It is not a cap: a large result still gets what it needs.
import { setFlagsFromString } from 'node:v8';

export function boundHeapGrowth(percent: number): void {
  setFlagsFromString(`--heap-growing-percent=${percent}`);
}
