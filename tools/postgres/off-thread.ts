// Large SQL is parsed on worker threads (classify-worker.ts), not on the event loop: parsing 256 KiB
// takes tenths of a second, during which no other call would be served. Small SQL stays in place,
// where it costs microseconds and no message. The parse tree stays in the worker; execution asks a
// worker again for the lineage, with the catalog entries the call names.
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Classification, LargeInputs, OffThreadContext } from '../../src/pipeline/toolpack.ts';
import { createWorkerPool, type WorkerPool } from '../shared/worker-pool.ts';
import { callSql, classificationOf, type CallAnalysis } from './call-analysis.ts';
import type { AnalyzeJob, LineageJob } from './classify-worker.ts';
import { Usage } from './lineage/usage.ts';
import type { CallLineage } from './lineage/index.ts';
import type { CallNames, RelationCatalog, CatalogCheck } from './relations.ts';

/** What execution needs of a call classified off the thread: its text again and the relations it names. */
export interface OffThreadParse {
  offThread: true;
  sql: string;
  relationNames: readonly string[];
  /** The bare function and operator names it calls (treeNames). */
  routineNames: readonly string[];
  /** Whose share of the pool the execution's lineage counts against. */
  owner: string;
}

let settings: LargeInputs | undefined;
let pool: WorkerPool | undefined;

/** Takes the server's settings; a pool of earlier settings is closed (its workers start again on demand). */
export function configureLargeInputs(next: LargeInputs): void {
  settings = next;
  void pool?.close();
  pool = undefined;
}

function workers(): WorkerPool {
  if (!settings) throw new Error('large inputs are not configured');
  const script = new URL(`./classify-worker${extname(fileURLToPath(import.meta.url))}`, import.meta.url);
  pool ??= createWorkerPool({ script, threads: settings.threads, timeoutMs: settings.timeoutMs, maxHeapMb: settings.maxHeapMb });
  return pool;
}

/** The classification from a worker, or undefined when the call is small (or no pool is configured). */
export function classifyOffThread(tool: string, args: Record<string, unknown>, context: OffThreadContext): Promise<Classification> | undefined {
  const sql = callSql(tool, args);
  if (!settings || settings.threads === 0 || sql.length < settings.minChars) return undefined;
  const job: AnalyzeJob = { tool, args };
  return workers()
    .run<{ analysis: CallAnalysis; relationNames: string[]; routineNames: string[] }>(context.principal, 'analyze', job, context.spend)
    .then(({ analysis, relationNames, routineNames }) => {
      if (analysis.lineage) analysis.lineage = revive(analysis.lineage);
      const internal: OffThreadParse = { offThread: true, sql, relationNames, routineNames, owner: context.principal };
      return classificationOf(analysis, context.protection, internal);
    });
}

export function isOffThreadParse(internal: unknown): internal is OffThreadParse {
  return typeof internal === 'object' && internal !== null && (internal as Partial<OffThreadParse>).offThread === true;
}

/**
 * The lineage with the catalog for a call classified off the thread, and the check the catalog was
 * loaded with (for refuseCatalogChanges): the catalog is loaded here, the walk runs there.
 */
export async function lineageOffThread(
  parse: OffThreadParse,
  relations: RelationCatalog,
  load: (names: CallNames) => Promise<CatalogCheck>,
): Promise<{ lineage: CallLineage; check: CatalogCheck }> {
  const names: CallNames = { relations: new Set(parse.relationNames), routines: new Set(parse.routineNames) };
  const check = await load(names);
  const job: LineageJob = { sql: parse.sql, relations: relations.snapshot(names.relations), namesakes: [...check.namesakes] };
  return { lineage: revive(await workers().run<CallLineage>(parse.owner, 'lineage', job)), check };
}

/** A copy across threads keeps the data but not the class: Usage is made again around its sets. */
function revive(lineage: CallLineage): CallLineage {
  const usage = new Usage();
  Object.assign(usage.sets, lineage.usage.sets);
  for (const [key, count] of lineage.usage.guesses) usage.guess(key, count);
  return { outputs: lineage.outputs, usage, userCode: lineage.userCode, counted: lineage.counted };
}
