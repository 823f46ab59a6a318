// The `sql.protected` facts: the call's column uses, narrowed to the protected columns.
import type { ColumnProtection } from '../../../src/pipeline/toolpack.ts';
import type { SqlProtectedUse } from '../classify/index.ts';
import type { CallLineage } from './index.ts';
import { protectedLabels } from './protection.ts';
import { addAll, beyondBare, STATISTICS } from './sources.ts';
import { USES } from './usage.ts';

/**
 * Lookups a call may make of protected columns before they count as `compared`: a few values
 * looked up is finding a record; hundreds is trying candidates (a dictionary of addresses, every
 * digit a partly shown card could have) until one matches.
 */
export const LOOKUP_GUESSES = 16;

export function protectedUse(lineage: CallLineage, protection: ColumnProtection): SqlProtectedUse {
  // Columns shown computed, or shown as they are in rows other columns chose; a star whose columns are not known yet is shown as it is.
  const derived = new Set<string>(lineage.usage.sets.derived);
  for (const output of lineage.outputs) for (const [, column] of output?.columns ?? []) addAll(derived, beyondBare(column));
  const facts = Object.fromEntries(USES.map((use) => [use, columnLabels(lineage.usage.sets[use], protection)])) as SqlProtectedUse;
  facts.derived = columnLabels(derived, protection);
  const guessed = [...lineage.usage.guesses].filter(([key]) => protectedLabels(new Set([key]), protection).length > 0);
  if (guessed.reduce((sum, [, count]) => sum + count, 0) > LOOKUP_GUESSES) {
    facts.compared = [...new Set([...facts.compared, ...protectedLabels(new Set(guessed.map(([key]) => key)), protection)])].sort();
  }
  return facts;
}

/** Facts name protected columns: a statistic is masked like one (statistics.ts), but is none. */
function columnLabels(keys: ReadonlySet<string>, protection: ColumnProtection): string[] {
  return protectedLabels(keys.has(STATISTICS) ? new Set([...keys].filter((key) => key !== STATISTICS)) : keys, protection);
}
