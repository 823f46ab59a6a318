// The worker threads for large inputs, as configured: by default one less than the cores (the event
// loop keeps one), at least one so a large input never runs in place, and at most four, since each
// worker holds a parser and a heap of its own.
import { availableParallelism } from 'node:os';
import type { LargeInputs } from '../pipeline/toolpack.ts';

const MAX_DEFAULT_THREADS = 4;

export function largeInputSettings(configured: Omit<LargeInputs, 'threads'> & { threads?: number }): LargeInputs {
  return { ...configured, threads: configured.threads ?? Math.min(MAX_DEFAULT_THREADS, Math.max(1, availableParallelism() - 1)) };
}
