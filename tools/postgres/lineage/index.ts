// Column lineage for SQL: from the parse tree the classifier made (and at execution the catalog),
// what each output column derives from and how the call uses columns it does not show.
import { Analysis, LineageLimit, UNKNOWN_OUTPUT, type QueryOutput } from './analysis.ts';
import type { RelationResolver } from './relations.ts';
import { afterWrites, carryForward, copiesRowChoice, countedBy } from './call-state.ts';
import { storesValuesInSessionState } from './session-state.ts';
import { EVERYTHING } from './sources.ts';
import { statementOutput } from './statement.ts';
import { Usage, USES } from './usage.ts';

export interface CallLineage {
  /** Per top-level statement: what its rows are made of; undefined for a statement without rows. */
  outputs: Array<QueryOutput | undefined>;
  usage: Usage;
  /** Bare function and operator names taken for user code that bears them (RelationResolver.userNamesake). */
  userCode: string[];
  /** Per top-level statement: what chose the rows its command tag counts (call-state.ts). */
  counted: Array<ReadonlySet<string>>;
}

export function analyzeLineage(statements: readonly unknown[], resolver: RelationResolver): CallLineage {
  const analysis = new Analysis(resolver);
  try {
    analysis.stateHoldsValues = storesValuesInSessionState(statements, analysis);
    const carried = new Set<string>();
    const counted: Array<ReadonlySet<string>> = [];
    const outputs = statements.map((statement) => {
      const usage = new Usage();
      const output = afterWrites(
        analysis.withUsage(usage, () => statementOutput(statement, undefined, analysis)),
        carried,
      );
      copiesRowChoice(statement, usage);
      analysis.usage.merge(usage);
      counted.push(countedBy(statement, output, usage, analysis, carried));
      carryForward(statement, usage, carried, analysis);
      analysis.pathMayHaveChanged = true;
      return output;
    });
    return { outputs, usage: analysis.usage, userCode: [...analysis.userCode], counted };
  } catch (error) {
    if (!(error instanceof LineageLimit)) throw error;
    // Too deep to follow: every output and every use counts as everything protected.
    const usage = new Usage();
    for (const use of USES) usage.add(use, new Set([EVERYTHING]));
    return { outputs: statements.map(() => UNKNOWN_OUTPUT), usage, userCode: [], counted: statements.map(() => new Set([EVERYTHING])) };
  }
}

export type { QueryOutput } from './analysis.ts';
export { castName } from './expression.ts';
export { exposesValues, NAME_ONLY_RESOLVER, type RelationInfo, type RelationResolver } from './relations.ts';
export { columnMasks, PROTECT_EVERYTHING, protectedLabels, shownOutput, type ColumnMask } from './protection.ts';
export { protectedUse } from './facts.ts';
