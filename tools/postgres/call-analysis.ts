// Classifying a postgres call in two steps: the analysis of its text (parse, facts, grant shape,
// summary, lineage by name), which needs nothing but the call and may run on a worker thread, and
// the classification, which narrows the lineage to the columns the masking profiles protect.
import type { Classification, ColumnProtection } from '../../src/pipeline/toolpack.ts';
import { analyzeSql, sqlGrantShape, summarizeSql, type SqlAnalysis, type SqlFacts } from './classify/index.ts';
import { analyzeLineage, NAME_ONLY_RESOLVER, PROTECT_EVERYTHING, protectedUse, type CallLineage } from './lineage/index.ts';
import { SCHEMA_SQL } from './schema-tool.ts';

export interface CallAnalysis {
  facts: SqlFacts;
  shape: string;
  grantVaries: string[];
  summary: string;
  /** Lineage with relations known by name only; absent when the SQL did not parse. */
  lineage?: CallLineage;
}

export const callSql = (tool: string, args: Record<string, unknown>): string => (tool === 'postgres_schema' ? SCHEMA_SQL : String(args.sql ?? ''));

// The lineage by name of a remembered parse (see analyzeSql), made once: it depends on the tree alone.
const lineageOfParse = new WeakMap<SqlAnalysis, CallLineage>();

export function analyzeCall(tool: string, args: Record<string, unknown>): CallAnalysis & { statements: readonly unknown[] } {
  const sql = callSql(tool, args);
  const parse = analyzeSql(sql);
  const { facts, statements } = parse;
  const grant = sqlGrantShape(sql, Array.isArray(args.params) ? args.params : undefined);
  let lineage = lineageOfParse.get(parse);
  if (!lineage && facts.parsed) lineageOfParse.set(parse, (lineage = analyzeLineage(statements, NAME_ONLY_RESOLVER)));
  return {
    facts,
    shape: grant.shape,
    grantVaries: grant.varies,
    summary: tool === 'postgres_schema' ? 'describe schema' : summarizeSql(sql),
    ...(lineage ? { lineage } : {}),
    statements,
  };
}

/** `internal` is what execution needs of the parse: the tree itself, or how to get at it again. */
export function classificationOf(analysis: CallAnalysis, protection: ColumnProtection | undefined, internal: unknown): Classification {
  const { facts, lineage } = analysis;
  const used = lineage ? protectedUse(lineage, protection ?? PROTECT_EVERYTHING) : facts.protected;
  return {
    facts: { sql: { ...facts, protected: used } },
    readOnly: facts.readOnly,
    shape: analysis.shape,
    ...(analysis.grantVaries.length > 0 ? { grantVaries: analysis.grantVaries } : {}),
    summary: analysis.summary,
    internal,
  };
}
