// Stryker's mutation score: killed and timed-out mutants count as detected, survivors and mutants
// no test reaches as undetected; mutants that do not compile or crash the runner, and those
// ignored, count as neither.
import type { Stryker } from '@stryker-mutator/core';

type MutantResult = Awaited<ReturnType<Stryker['runMutationTest']>>[number];

export interface Score {
  detected: number;
  undetected: number;
}

export function mutationScore(results: readonly MutantResult[]): Score {
  const count = (...statuses: string[]) => results.filter((r) => statuses.includes(r.status)).length;
  return { detected: count('Killed', 'Timeout'), undetected: count('Survived', 'NoCoverage') };
}
