// postgres_schema: schemas, tables and columns with their types, read from the catalog in a
// read-only transaction. The catalog query is also what the call is classified as.
import type { DocumentResult } from '../../src/pipeline/result.ts';
import type { ExecuteContext } from '../../src/pipeline/toolpack.ts';
import type { PostgresConnection } from './connection.ts';
import { leaseClient } from './lease.ts';
import { timerMs } from '../shared/abort.ts';

export const SCHEMA_SQL = `SELECT c.table_schema, c.table_name, t.table_type, c.column_name, c.data_type, c.is_nullable
  FROM information_schema.columns c
  JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
 WHERE c.table_schema NOT IN ('pg_catalog', 'information_schema') AND c.table_schema NOT LIKE 'pg_toast%'
   AND ($1::text IS NULL OR c.table_schema = $1) AND ($2::text IS NULL OR c.table_name = $2)
 ORDER BY c.table_schema, c.table_name, c.ordinal_position`;

interface ColumnRow {
  table_schema: string;
  table_name: string;
  table_type: string;
  column_name: string;
  data_type: string;
  is_nullable: string;
}

export async function describeSchema(conn: PostgresConnection, schema: string | undefined, table: string | undefined, ctx: ExecuteContext): Promise<DocumentResult> {
  const lease = await leaseClient(conn, true, ctx.limits.timeoutMs, ctx.signal);
  let broken: Error | undefined;
  try {
    const rows = await lease.run(async (client) => {
      await client.query(`SET statement_timeout = ${timerMs(ctx.limits.timeoutMs)}; BEGIN READ ONLY`);
      const { rows } = await client.query<ColumnRow>(SCHEMA_SQL, [schema ?? null, table ?? null]);
      await client.query('COMMIT; RESET ALL');
      return rows;
    });
    const schemas: Record<string, Record<string, { type: string; columns: Array<{ name: string; type: string; nullable: boolean }> }>> = {};
    for (const r of rows) {
      const tables = (schemas[r.table_schema] ??= {});
      const entry = (tables[r.table_name] ??= { type: r.table_type === 'VIEW' ? 'view' : 'table', columns: [] });
      entry.columns.push({ name: r.column_name, type: r.data_type, nullable: r.is_nullable === 'YES' });
    }
    const note = rows.length === 0 ? 'no matching tables' : undefined;
    return { kind: 'document', value: { schemas }, ...(note ? { note } : {}) };
  } catch (error) {
    await lease.run((client) => client.query('ROLLBACK')).catch((e: Error) => (broken = e));
    throw lease.failure(error);
  } finally {
    lease.release(broken);
  }
}
