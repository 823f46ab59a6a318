// The PostgreSQL tool pack: postgres_query and postgres_schema. Classification is the real Postgres
// parser (./classify); execution is pg with the server's own credentials.
import { z } from 'zod';
import type { ToolPack } from '../../src/pipeline/toolpack.ts';
import { ToolError } from '../../src/pipeline/toolpack.ts';
import { analyzeCall, classificationOf } from './call-analysis.ts';
import { analyzeSql, initSqlParser, SqlFactsSchema, type SqlFacts } from './classify/index.ts';
import { PostgresConnectionSchema, type PostgresConnectionConfig } from './config.ts';
import { PostgresConnection } from './connection.ts';
import { maskedViewsCommand } from './masked-views.ts';
import { previewQuery } from './preview.ts';
import { runQuery, type QueryRequest } from './query.ts';
import { classifyOffThread, configureLargeInputs } from './off-thread.ts';
import { sampleColumns } from './scan.ts';
import { describeSchema } from './schema-tool.ts';

const QueryInput = z
  .object({
    connection: z.string().min(1).describe('Name of the configured PostgreSQL connection'),
    sql: z.string().min(1).describe('The SQL to run. One or more statements; params need a single statement.'),
    params: z.array(z.union([z.string(), z.number(), z.boolean(), z.null()])).max(1000).optional().describe('Values for $1, $2, ...'),
  })
  .strict();

const SchemaInput = z
  .object({
    connection: z.string().min(1).describe('Name of the configured PostgreSQL connection'),
    schema: z.string().min(1).optional().describe('Only this schema'),
    table: z.string().min(1).optional().describe('Only this table'),
  })
  .strict();

export const postgresPack: ToolPack<PostgresConnection, PostgresConnectionConfig> = {
  type: 'postgres',
  factsKey: 'sql',
  factsSchema: SqlFactsSchema,
  connectionSchema: PostgresConnectionSchema,
  secretKeys: ['password'],
  tools: [
    {
      name: 'postgres_query',
      title: 'Run SQL on a PostgreSQL database',
      description:
        'Runs SQL on a configured PostgreSQL connection through gatehouse policy. Reads return columns and rows; ' +
        'personal data comes back masked; results are capped in rows and bytes. Writes and risky statements may be refused or held for human review.',
      input: QueryInput,
      targetArg: 'connection',
      hints: { readOnlyHint: false, destructiveHint: true, openWorldHint: false },
    },
    {
      name: 'postgres_schema',
      title: 'Describe a PostgreSQL database',
      description: 'Lists schemas, tables and columns with their types on a configured PostgreSQL connection.',
      input: SchemaInput,
      targetArg: 'connection',
      hints: { readOnlyHint: true, openWorldHint: false },
    },
  ],
  async init(options) {
    if (options) configureLargeInputs(options.largeInputs);
    await initSqlParser();
  },
  open: (target, config, secrets) => new PostgresConnection(target, config, secrets),
  classify(tool, args, context) {
    const { statements, ...analysis } = analyzeCall(tool, args);
    return classificationOf(analysis, context?.protection, statements);
  },
  classifyOffThread,
  async execute(call, ctx) {
    const conn = call.connection;
    if (!conn) throw new ToolError('unknown_target', 'no connection');
    if (call.tool === 'postgres_schema') return describeSchema(conn, call.args.schema as string | undefined, call.args.table as string | undefined, ctx);
    const sql = String(call.args.sql);
    const params = (call.args.params as unknown[] | undefined) ?? [];
    // The decision's own parse when there is one (the tree, or how a worker gets it again); the same text parses to the same tree.
    const { facts, statements } = ctx.classification ? { facts: ctx.classification.facts.sql as SqlFacts, statements: ctx.classification.internal as QueryRequest['statements'] } : analyzeSql(sql);
    const { compared, ordered, explained } = facts.protected;
    const oracleKnown = compared.length + ordered.length + explained.length > 0;
    const { foreignSessionObjects, clientCopy } = facts;
    return runQuery(conn, { sql, params, single: facts.statementCount === 1, transactionControl: facts.transactionControl, statements, oracleKnown, foreignSessionObjects, clientCopy }, ctx);
  },
  async preview(call, ctx) {
    if (call.tool !== 'postgres_query' || !call.connection || ctx.readOnly) return { method: 'none', note: 'reads change nothing' };
    const facts = (ctx.classification?.facts.sql as SqlFacts | undefined) ?? analyzeSql(String(call.args.sql)).facts;
    return previewQuery(call.connection, String(call.args.sql), (call.args.params as unknown[] | undefined) ?? [], facts, ctx);
  },
  sampleColumns,
  commands: { 'masked-views': maskedViewsCommand },
};
