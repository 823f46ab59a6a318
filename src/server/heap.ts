// How far V8 lets the heap grow past what a full collection left alive. By default it grows to
// several times the live set on a machine with memory to spare: under 500 agent sessions gatehouse
// measured about 40-110 MB live in a heap of 250-300 MB, nearly all of it garbage, which is the
// difference between a peak RSS of ~500 MB and ~240 MB at the same throughput and CPU per call.
// A gateway's live set is small and bounded by its call limits, so the server keeps the heap near
// it. This is not a cap: a large result still gets the memory it needs.
import { setFlagsFromString } from 'node:v8';

const HEAP_GROWTH_FLAG = '--heap-growing-percent';
const HEAP_GROWTH_PERCENT = 10;

/** Applies the server's heap growth unless node was started with its own (`node --heap-growing-percent=N`). */
export function boundHeapGrowth(execArgv: readonly string[] = process.execArgv): boolean {
  if (execArgv.some((arg) => arg.startsWith(HEAP_GROWTH_FLAG) || arg.startsWith('--heap_growing_percent'))) return false;
  setFlagsFromString(`${HEAP_GROWTH_FLAG}=${HEAP_GROWTH_PERCENT}`);
  return true;
}
