// Runs one postgres_query call inside its limits: a statement timeout, a row cap and a byte cap,
// in a READ ONLY transaction when the call was decided as a read. A single statement streams
// through a cursor, so a huge result is never fetched past the caps. Every call leaves its session
// as clean as it found it.
import { randomInt } from 'node:crypto';
import type pg from 'pg';
import Cursor from 'pg-cursor';
import type { ResultColumn, TableResult, Truncation } from '../../src/pipeline/result.ts';
import { ToolError, type ColumnProtection, type ExecuteContext } from '../../src/pipeline/toolpack.ts';
import type { PostgresConnection } from './connection.ts';
import { leaseClient } from './lease.ts';
import { analyzeLineage, columnMasks, PROTECT_EVERYTHING, protectedUse, shownOutput, type CallLineage, type ColumnMask } from './lineage/index.ts';

const BATCH = 500;

export interface QueryRequest {
  sql: string;
  params: unknown[];
  /** From classification: one top-level statement, so the extended protocol and a cursor can run it. */
  single: boolean;
  /** From classification: the SQL itself begins or ends transactions. */
  transactionControl: boolean;
  /** From classification: the top-level statements as parsed, for the lineage of result columns. */
  statements: readonly unknown[];
  /** From classification: the facts already show protected columns searched, sorted or explained. */
  oracleKnown: boolean;
  /** From classification: cursors and prepared statements the SQL uses without creating them. */
  foreignSessionObjects: readonly string[];
}

// standard_conforming_strings is pinned because the classifier reads backslashes the standard way;
// a server configured otherwise would read `'x\' ; DROP ...` differently from the policy.
const preamble = (timeoutMs: number, readOnly: boolean) =>
  `SET standard_conforming_strings = on; SET statement_timeout = ${Math.max(1, Math.floor(timeoutMs))}; BEGIN${readOnly ? ' READ ONLY' : ''}`;

export async function runQuery(conn: PostgresConnection, request: QueryRequest, ctx: ExecuteContext): Promise<TableResult> {
  const { timeoutMs } = ctx.limits;
  if (!request.single && request.params.length > 0) throw new ToolError('invalid_arguments', 'params can only be used with a single statement');
  // A COMMIT inside a read would end the READ ONLY transaction that guards it.
  if (ctx.readOnly && request.transactionControl) {
    throw new ToolError('invalid_arguments', 'transaction control (BEGIN, COMMIT, ROLLBACK, SAVEPOINT) is not allowed in a read; send the statements without it');
  }
  refuseForeignSessionObjects(request.foreignSessionObjects);
  const protection = ctx.protection ?? PROTECT_EVERYTHING;
  const lease = await leaseClient(conn, ctx.readOnly, timeoutMs, ctx.signal);
  let broken: Error | undefined;
  try {
    return await lease.run(async (client) => {
      const lineage = await followLineage(conn, client, request, protection);
      await client.query(preamble(timeoutMs, ctx.readOnly));
      const result = request.single ? await readCursor(client, request, ctx) : await readAll(client, request.sql, ctx);
      await client.query(`COMMIT; ${reseed()}`);
      // The call has its answer: a session that cannot be cleaned is closed, and the answer given.
      broken = await cleanSession(client);
      await describeColumns(conn, client, result, lineage, protection);
      return result.table;
    });
  } catch (error) {
    broken = await lease
      .run(async (client) => {
        await client.query(`ROLLBACK; ${reseed()}`);
        return cleanSession(client);
      })
      .catch((e: Error) => e);
    throw lease.failure(error, request.sql);
  } finally {
    lease.release(broken);
  }
}

/**
 * What a call left on its session must not reach the next call, which may be another principal's:
 * DISCARD ALL closes cursors (WITH HOLD too), deallocates prepared statements, drops temporary
 * objects, releases session-level advisory locks, unlistens, forgets sequence values and cached
 * plans, and resets every setting and the session authorization. Prepared statements, the seed and
 * session locks outlive a ROLLBACK, so a failed call is cleaned just the same. Resolves to the
 * error when cleaning failed: the client is then closed, not pooled.
 */
function cleanSession(client: pg.PoolClient): Promise<Error | undefined> {
  return client.query('DISCARD ALL').then(
    () => undefined,
    (error: Error) => error,
  );
}

/**
 * DISCARD ALL keeps the random() seed, so the end of each call draws a fresh one (a CSPRNG's):
 * a seed one call sets with setseed() must not decide the next call's numbers. Qualified, so no
 * function the call created can stand in for it.
 */
const reseed = () => `SELECT pg_catalog.setseed(${randomInt(2 ** 47) / 2 ** 46 - 1})`;

/**
 * Each call starts on a clean session, so a cursor or prepared statement it did not create itself
 * could only be another call's: refused before anything runs, whatever the policy decided.
 */
function refuseForeignSessionObjects(names: readonly string[]): void {
  if (names.length === 0) return;
  throw new ToolError(
    'invalid_arguments',
    `${names.join(', ')} ${names.length === 1 ? 'was' : 'were'} not created in this call; every call starts on a clean session, so DECLARE a cursor or PREPARE a statement in the same call that uses it`,
  );
}

interface RawResult {
  table: TableResult;
  fields: pg.FieldDef[];
}

async function readCursor(client: pg.PoolClient, request: QueryRequest, ctx: ExecuteContext): Promise<RawResult> {
  const cursor = corked(client, () => client.query(new Cursor(request.sql, request.params, { rowMode: 'array' })));
  const rows: unknown[][] = [];
  const cap = new RowCap(ctx.limits.maxRows, ctx.limits.maxBytes);
  let truncated: Truncation | undefined;
  let last: pg.QueryResult | undefined;
  for (;;) {
    const { batch, result } = await corked(client, () => readBatch(cursor, Math.min(BATCH, ctx.limits.maxRows + 1 - rows.length)));
    // The read after the last row carries no result; keep the one that described the rows.
    if (result) last = result;
    truncated = cap.take(batch, rows);
    if (truncated || batch.length === 0) break;
  }
  // Only after reads that worked: after a failed one the ROLLBACK ends the portal, and closing a
  // cursor whose connection died waits for an answer that never comes.
  await cursor.close().catch(() => undefined);
  const command = last?.command ?? 'SELECT';
  // A cursor's rowCount covers only its last fetch; for statements without rows it is the affected count.
  const rowCount = rows.length > 0 || !last?.rowCount ? rows.length : last.rowCount;
  return { table: { kind: 'table', columns: [], rows, command, rowCount, ...(truncated ? { truncated } : {}) }, fields: last?.fields ?? [] };
}

/**
 * The driver writes each protocol message with its own socket write, a system call each: a cursor
 * sends four to open and two per read. Corked, what one step sends leaves in one write.
 */
function corked<T>(client: pg.PoolClient, send: () => T): T {
  const { stream } = client.connection;
  stream.cork();
  try {
    return send();
  } finally {
    stream.uncork();
  }
}

function readBatch(cursor: Cursor, size: number): Promise<{ batch: unknown[][]; result: pg.QueryResult | undefined }> {
  return new Promise((resolve, reject) => {
    cursor.read(Math.max(1, size), (error, batch, result) => (error ? reject(error) : resolve({ batch: batch as unknown[][], result })));
  });
}

async function readAll(client: pg.PoolClient, sql: string, ctx: ExecuteContext): Promise<RawResult> {
  const raw = (await client.query({ text: sql, rowMode: 'array' })) as unknown as pg.QueryResult<unknown[]> | Array<pg.QueryResult<unknown[]>>;
  const results = Array.isArray(raw) ? raw : [raw];
  const shown = [...results].reverse().find((r) => r.fields.length > 0) ?? results[results.length - 1];
  const all = shown?.rows ?? [];
  const rows: unknown[][] = [];
  const truncated = new RowCap(ctx.limits.maxRows, ctx.limits.maxBytes).take(all, rows);
  const command = results.map((r) => [r.command, r.rowCount].filter((x) => x !== null && x !== undefined).join(' ')).join('; ');
  return { table: { kind: 'table', columns: [], rows, command, rowCount: all.length, ...(truncated ? { truncated } : {}) }, fields: shown?.fields ?? [] };
}

/**
 * The call's lineage with the catalog: views, stars and tables' columns resolved (cached per
 * connection; the walk reuses the classifier's parse). Before anything runs, because a view can
 * hide what the facts could not see: a condition on a view column computed from a protected one
 * is searched with just the same, and the policy decided without knowing it.
 */
async function followLineage(conn: PostgresConnection, client: pg.PoolClient, request: QueryRequest, protection: ColumnProtection): Promise<CallLineage> {
  await conn.relations.load(client, request.statements);
  const lineage = analyzeLineage(request.statements, conn.relations);
  if (!request.oracleKnown) {
    const used = protectedUse(lineage, protection);
    const hidden = [...used.compared, ...used.ordered, ...used.explained];
    if (hidden.length > 0) {
      throw new ToolError(
        'protected_columns_hidden',
        `the read searches or sorts by protected columns through a view (${[...new Set(hidden)].join(', ')}), which the policy could not see; query the underlying tables so the policy can decide`,
      );
    }
  }
  return lineage;
}

/**
 * Names each column's source for masking: the catalog's table and column for a column shown as it
 * is (through views and subqueries, by lineage), and the protected columns it is computed from
 * otherwise (masked whole). Types and column identities come from the catalog, cached.
 */
async function describeColumns(conn: PostgresConnection, client: pg.PoolClient, result: RawResult, lineage: CallLineage, protection: ColumnProtection): Promise<void> {
  const { fields } = result;
  await conn.catalog.load(client, fields.map((f) => f.tableID), fields.map((f) => f.dataTypeID));
  const masks = columnMasks(shownOutput(lineage.outputs), fields.length, protection);
  result.table.columns = fields.map((f, i): ResultColumn => {
    const mask = masks[i] as ColumnMask;
    const source = mask.source ?? (f.tableID ? conn.catalog.column(f.tableID, f.columnID) : undefined);
    return { name: f.name, type: conn.catalog.typeName(f.dataTypeID), ...(source ?? {}), ...(mask.derivedFrom.length > 0 ? { derivedFrom: mask.derivedFrom } : {}) };
  });
}

/** Moves rows into `into` until the row or byte cap is reached; returns why it stopped early. */
class RowCap {
  private bytes = 0;
  constructor(
    private readonly maxRows: number,
    private readonly maxBytes: number,
  ) {}

  take(batch: readonly unknown[][], into: unknown[][]): Truncation | undefined {
    for (const row of batch) {
      if (into.length >= this.maxRows) return { reason: 'rows', limit: this.maxRows };
      this.bytes += approximateSize(row);
      if (this.bytes > this.maxBytes) return { reason: 'bytes', limit: this.maxBytes };
      into.push(row);
    }
    return undefined;
  }
}

function approximateSize(row: readonly unknown[]): number {
  let size = 2;
  for (const cell of row) {
    if (typeof cell === 'string') size += cell.length + 3;
    else if (cell === null || typeof cell === 'number' || typeof cell === 'boolean') size += 8;
    else size += JSON.stringify(cell)?.length ?? 8;
  }
  return size;
}
