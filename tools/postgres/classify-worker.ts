// The worker thread of the SQL pool (off-thread.ts): parses and analyzes large SQL so the event
// loop does not. It answers with plain data only; the parse tree, megabytes for a large text, never
// crosses back (copying it would cost the main thread as much as parsing).
import { parentPort } from 'node:worker_threads';
import { analyzeCall } from './call-analysis.ts';
import { analyzeSql } from './classify/index.ts';
import { initSqlParser } from './classify/parser.ts';
import { analyzeLineage, type RelationInfo } from './lineage/index.ts';
import { SnapshotResolver, treeNames } from './relations.ts';

export interface AnalyzeJob {
  tool: string;
  args: Record<string, unknown>;
}

export interface LineageJob {
  sql: string;
  relations: Array<[string, RelationInfo | null]>;
  /** The names user code bears, from the catalog (RelationResolver.userNamesake). */
  namesakes: string[];
}

const jobs: Record<string, (input: never) => unknown> = {
  analyze({ tool, args }: AnalyzeJob) {
    const { statements, ...analysis } = analyzeCall(tool, args);
    const names = treeNames(statements);
    return { analysis, relationNames: [...names.relations], routineNames: [...names.routines] };
  },
  lineage({ sql, relations, namesakes }: LineageJob) {
    // The same text parses to the same tree the decision was made on.
    return analyzeLineage(analyzeSql(sql).statements, new SnapshotResolver(relations, namesakes));
  },
};

await initSqlParser();
const port = parentPort;
port?.on('message', ({ id, kind, input }: { id: number; kind: string; input: never }) => {
  try {
    const job = jobs[kind];
    if (!job) throw new Error(`unknown job ${kind}`);
    port.postMessage({ id, ok: true, value: job(input) });
  } catch (error) {
    port.postMessage({ id, ok: false, error: error instanceof Error ? error.message : 'the job failed' });
  }
});
port?.postMessage({ ready: true });
