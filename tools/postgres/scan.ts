// Samples, table by table, the columns that can hold personal data, for `gatehouse masking scan`.
// Every user table (and materialized view) is read, with the columns a person's data can be typed
// into: string types, json/jsonb, xml, and numeric/bigint (cards are stored as numbers), arrays of
// them and domains over them; fixed-format types (dates, uuids, addresses, booleans) and integers
// too small for a card are left out. Cheap on big tables: one query per table, TABLESAMPLE SYSTEM
// spreads it over the table's pages and LIMIT ends it; each in a READ ONLY transaction on the
// read-only pool, with a statement and lock timeout. The values go to the caller's detectors only.
import type { SampleOptions, TableSample } from '../../src/pipeline/toolpack.ts';
import type { PostgresConnection } from './connection.ts';
import { toToolError } from './errors.ts';
import { isStatementError, runInTransaction } from './operator-sql.ts';

/** Longest text kept of one value: a 1 GB jsonb sampled a thousand times must not come over whole. */
const MAX_VALUE_CHARS = 4096;

/** Below this many pages (1 MB) the table is read from its start: LIMIT alone ends it soon enough. */
const SMALL_TABLE_PAGES = 128;

interface TableColumn {
  name: string;
  quoted: string;
  readable: boolean;
}

// The partition tree's sizes for a partitioned table (its own size is 0); itself for any other.
// Partitions are sampled through their parent, which is how agents usually query them.
const TABLES_SQL = `
SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) AS "table",
       sizes.pages, sizes.tuples, sizes.relpages,
       (SELECT coalesce(json_agg(json_build_object('name', a.attname, 'quoted', quote_ident(a.attname),
                                                   'readable', has_column_privilege(c.oid, a.attnum, 'SELECT')) ORDER BY a.attnum), '[]')
          FROM pg_catalog.pg_attribute a
          JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
          JOIN pg_catalog.pg_type b ON b.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
          JOIN pg_catalog.pg_type e ON e.oid = CASE WHEN b.typcategory = 'A' THEN b.typelem ELSE b.oid END
         WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
           AND (e.typcategory = 'S' OR e.oid IN ('json'::regtype, 'jsonb'::regtype, 'xml'::regtype, 'numeric'::regtype, 'bigint'::regtype))) AS columns
  FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  CROSS JOIN LATERAL (
    SELECT coalesce(sum(pg_relation_size(p.oid)), 0)::float8 / current_setting('block_size')::int AS pages,
           coalesce(sum(greatest(p.reltuples, 0)), 0)::float8 AS tuples,
           coalesce(sum(p.relpages), 0)::float8 AS relpages
      FROM pg_catalog.pg_class p
     WHERE p.oid IN (SELECT relid FROM pg_partition_tree(c.oid)) OR p.oid = c.oid
  ) sizes
 WHERE c.relkind IN ('r', 'p', 'm') AND NOT c.relispartition
   AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
 ORDER BY 1`;

/**
 * The TABLESAMPLE SYSTEM percentage at which the table yields about twice `limit` rows (whole pages
 * are drawn, so the count varies), or undefined to read from the start. A table never analyzed
 * counts as one row a page: more pages read, never fewer rows.
 */
export function samplePercent(pages: number, tuples: number, relpages: number, limit: number): number | undefined {
  if (pages <= SMALL_TABLE_PAGES) return undefined;
  const rowsPerPage = tuples > 0 && relpages > 0 ? Math.max(1, tuples / relpages) : 1;
  const wantedPages = Math.ceil((2 * limit) / rowsPerPage);
  return wantedPages >= pages ? undefined : (100 * wantedPages) / pages;
}

/** Drawn pages come in table order: the random order lets LIMIT keep rows from all of them. */
export function sampleSql(table: string, columns: readonly string[], percent: number | undefined, limit: number): string {
  const values = columns.map((quoted) => `left(${quoted}::text, ${MAX_VALUE_CHARS})`).join(', ');
  const sample = percent === undefined ? '' : ` TABLESAMPLE SYSTEM (${Number(percent.toPrecision(6))}) ORDER BY random()`;
  return `SELECT ${values} FROM ${table}${sample} LIMIT ${limit}`;
}

/** Why a table's sample failed, without the server's message: nothing the table holds is quoted. */
function skipReason(error: unknown, timeoutMs: number): string {
  const code = (error as { code?: unknown }).code;
  if (code === '57014') return `the sample took longer than the statement timeout (${timeoutMs} ms)`;
  if (code === '55P03') return 'a lock on the table was held past the lock timeout';
  if (code === '42501') return "the connection's role may not read it";
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? `PostgreSQL error ${code}` : 'the sample failed';
}

export async function* sampleColumns(conn: PostgresConnection, options: SampleOptions): AsyncIterable<TableSample> {
  const transaction = { timeoutMs: options.timeoutMs };
  let tables: unknown[][];
  try {
    tables = await runInTransaction(conn, TABLES_SQL, transaction);
  } catch (error) {
    throw toToolError(error, conn.where, options.timeoutMs);
  }
  for (const [table, pages, tuples, relpages, columns] of tables as Array<[string, number, number, number, TableColumn[]]>) {
    if (columns.length === 0) continue;
    const readable = columns.filter((c) => c.readable);
    const hidden = columns.filter((c) => !c.readable).map((c) => c.name);
    if (readable.length === 0) {
      yield { table, columns: [], skipped: "the connection's role may not read it" };
      continue;
    }
    const sql = sampleSql(table, readable.map((c) => c.quoted), samplePercent(pages, tuples, relpages, options.limit), options.limit);
    let rows: unknown[][];
    try {
      rows = await runInTransaction(conn, sql, transaction);
    } catch (error) {
      // The server or the link went away (a ToolError): no later table would fare better.
      if (!isStatementError(error)) throw error;
      yield { table, columns: [], skipped: skipReason(error, options.timeoutMs) };
      continue;
    }
    const sampled = readable.map((c, i) => ({ column: c.name, values: rows.map((row) => row[i]).filter((v): v is string => typeof v === 'string') }));
    yield { table, columns: sampled, ...(hidden.length > 0 ? { skipped: `columns ${hidden.join(', ')}: the connection's role may not read them` } : {}) };
  }
}
