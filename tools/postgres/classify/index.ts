// The SQL classifier of the PostgreSQL tool pack: PostgreSQL's own parser (libpg-query) reads the
// SQL and every node of the tree is turned into facts for policy. The public surface, export by export.
export { analyzeSql, classifySql, type SqlAnalysis } from './classify.ts';
export { SqlDangerSchema, SqlFactsSchema, SqlStatementSchema, DANGER_FLAGS } from './facts-schema.ts';
export type { DangerFlag, SqlDanger, SqlFacts, SqlProtectedUse, SqlStatementFacts } from './facts-schema.ts';
export { SQL_LIMITS } from './limits.ts';
export { initSqlParser } from './parser.ts';
export { sqlGrantShape, type SqlGrantShape } from './shape.ts';
export { summarizeSql } from './summary.ts';
