// The `sql.protected` facts: the call's column uses, narrowed to the protected columns.
import type { ColumnProtection } from '../../../src/pipeline/toolpack.ts';
import type { SqlProtectedUse } from '../classify/index.ts';
import type { CallLineage } from './index.ts';
import { protectedLabels } from './protection.ts';
import { addAll } from './sources.ts';
import { USES } from './usage.ts';

export function protectedUse(lineage: CallLineage, protection: ColumnProtection): SqlProtectedUse {
  // Columns shown computed; a star whose columns are not known yet is shown as it is.
  const derived = new Set<string>(lineage.usage.sets.derived);
  for (const output of lineage.outputs) for (const [, column] of output?.columns ?? []) if (column.bare === undefined) addAll(derived, column.sources);
  const facts = Object.fromEntries(USES.map((use) => [use, protectedLabels(lineage.usage.sets[use], protection)])) as SqlProtectedUse;
  facts.derived = protectedLabels(derived, protection);
  return facts;
}
