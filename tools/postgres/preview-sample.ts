// A few of the rows a dry run changed, for the approver: read back inside the dry run's own
// transaction, before its rollback. A row this transaction inserted or updated carries its id as
// xmin, so the read needs no rewriting of the agent's SQL. Deleted rows are gone by then and are not
// sampled. Columns name their source table and column (from the server), so the core masks the
// sample with the call's masking profile, column rules included, before anyone sees it.
import type pg from 'pg';
import type { ChangedSample, ExecuteContext } from '../../src/pipeline/toolpack.ts';
import type { PostgresConnection } from './connection.ts';
import { readAll } from './query.ts';

/** Rows shown per written table; the count says how many changed in all. */
export const SAMPLE_ROWS = 3;
/** A sample is a glimpse, not a result: a few kilobytes at most per table. */
const SAMPLE_BYTES = 8_000;

export async function sampleChanged(conn: PostgresConnection, client: pg.PoolClient, tables: readonly string[], ctx: ExecuteContext): Promise<ChangedSample[]> {
  const samples: ChangedSample[] = [];
  for (const written of tables) {
    // The server spells the name (quoted as needed): nothing of the agent's text reaches the SQL.
    const named = await client.query<{ name: string | null }>('SELECT pg_catalog.to_regclass($1)::text AS name', [written]);
    const name = named.rows[0]?.name;
    if (!name) continue;
    const read = await readAll(client, `SELECT * FROM ${name} WHERE xmin = pg_catalog.pg_current_xact_id()::xid LIMIT ${SAMPLE_ROWS}`, {
      limits: { ...ctx.limits, maxRows: SAMPLE_ROWS, maxBytes: SAMPLE_BYTES },
      readOnly: true,
    });
    if (read.table.rows.length === 0) continue;
    await conn.catalog.load(client, read.fields.map((f) => f.tableID), read.fields.map((f) => f.dataTypeID));
    read.table.columns = read.fields.map((f) => ({ name: f.name, type: conn.catalog.typeName(f.dataTypeID), ...(conn.catalog.column(f.tableID, f.columnID) ?? {}) }));
    samples.push({ table: name, rows: read.table });
  }
  return samples;
}
