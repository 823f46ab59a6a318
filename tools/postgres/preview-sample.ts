// A few of the rows a dry run changed, for the approver: read back inside the dry run's own
// transaction, before its rollback. A row this transaction inserted or updated carries its id as
// xmin, so the read needs no rewriting of the agent's SQL. Deleted rows are gone by then: a single
// DELETE is sampled by its own RETURNING * instead (preview-returning.ts). Columns name their source table and column (from the server), so the core masks the
// sample with the call's masking profile, column rules included, before anyone sees it.
import type pg from 'pg';
import type { ChangedSample, ExecuteContext } from '../../src/pipeline/toolpack.ts';
import type { PostgresConnection } from './connection.ts';
import { readAll, type RawResult } from './query.ts';

/** Rows shown per written table; the count says how many changed in all. */
export const SAMPLE_ROWS = 3;
/** A sample is a glimpse, not a result: a few kilobytes at most per table. */
export const SAMPLE_BYTES = 8_000;
/** Finding a transaction's rows scans the table: a big one gives up early, and only its sample is lost. */
const SAMPLE_MS = 1000;

/** The samples, and the tables whose rows could not be read back in time (the count stands). */
export async function sampleChanged(conn: PostgresConnection, client: pg.PoolClient, tables: readonly string[], ctx: ExecuteContext): Promise<{ samples: ChangedSample[]; missed: string[] }> {
  const samples: ChangedSample[] = [];
  const missed: string[] = [];
  await client.query(`SET LOCAL statement_timeout = ${SAMPLE_MS}`);
  for (const written of tables) {
    // A failed read must not abort the dry run's transaction, whose count is the approval's ceiling.
    await client.query('SAVEPOINT gatehouse_sample');
    try {
      const sample = await sampleOne(conn, client, written, ctx);
      if (sample) samples.push(sample);
      await client.query('RELEASE SAVEPOINT gatehouse_sample');
    } catch {
      await client.query('ROLLBACK TO SAVEPOINT gatehouse_sample');
      missed.push(written);
    }
  }
  return { samples, missed };
}

async function sampleOne(conn: PostgresConnection, client: pg.PoolClient, written: string, ctx: ExecuteContext): Promise<ChangedSample | undefined> {
  // The server spells the name (quoted as needed): nothing of the agent's text reaches the SQL.
  const named = await client.query<{ name: string | null }>('SELECT pg_catalog.to_regclass($1)::text AS name', [written]);
  const name = named.rows[0]?.name;
  if (!name) return undefined;
  const read = await readAll(client, `SELECT * FROM ${name} WHERE xmin = pg_catalog.pg_current_xact_id()::xid LIMIT ${SAMPLE_ROWS}`, {
    limits: { ...ctx.limits, maxRows: SAMPLE_ROWS, maxBytes: SAMPLE_BYTES },
    readOnly: true,
  });
  return sampleOf(conn, client, read, name);
}

/**
 * The rows read as a sample, each column named by its source table and column, so masking applies
 * the column rules. A column without a source (the server named none) could hold anything: no sample.
 */
export async function sampleOf(conn: PostgresConnection, client: pg.PoolClient, read: RawResult, table: string, deleted = false): Promise<ChangedSample | undefined> {
  if (read.table.rows.length === 0) return undefined;
  await conn.catalog.load(client, read.fields.map((f) => f.tableID), read.fields.map((f) => f.dataTypeID));
  const sources = read.fields.map((f) => conn.catalog.column(f.tableID, f.columnID));
  if (sources.some((s) => s === undefined)) return undefined;
  read.table.columns = read.fields.map((f, i) => ({ name: f.name, type: conn.catalog.typeName(f.dataTypeID), ...sources[i] }));
  return { table, rows: { ...read.table, rows: read.table.rows.slice(0, SAMPLE_ROWS) }, ...(deleted ? { deleted: true } : {}) };
}
