// Runs one postgres_query call inside its limits: a statement timeout, a row cap and a byte cap,
// in a READ ONLY transaction when the call was decided as a read. A single statement streams
// through a cursor; on both paths rows meet the caps as they arrive, so a huge result is never held
// past them. Every call leaves its session as clean as it found it.
import { randomInt } from 'node:crypto';
import pg from 'pg';
import Cursor from 'pg-cursor';
import type { ResultColumn, TableResult, Truncation } from '../../src/pipeline/result.ts';
import { ToolError, type ColumnProtection, type ExecuteContext, type Limits } from '../../src/pipeline/toolpack.ts';
import type { PostgresConnection } from './connection.ts';
import { clientCopyRefused, leaseClient, type Lease } from './lease.ts';
import { WorkerJobError } from '../shared/worker-pool.ts';
import { isOffThreadParse, lineageOffThread, type OffThreadParse } from './off-thread.ts';
import { analyzeLineage, columnMasks, PROTECT_EVERYTHING, protectedUse, shownOutput, type CallLineage, type ColumnMask } from './lineage/index.ts';
import type { CatalogCheck } from './relations.ts';
import { WITHHELD, wrote } from './error-text.ts';
import { COUNT_WITHHELD, countShown, withholdCount, type CountShown } from './counts.ts';
import { timerMs } from '../shared/abort.ts';

const BATCH = 500;

export interface QueryRequest {
  sql: string;
  params: unknown[];
  /** From classification: one top-level statement, so the extended protocol and a cursor can run it. */
  single: boolean;
  /** From classification: the SQL itself begins or ends transactions. */
  transactionControl: boolean;
  /** From classification: the top-level statements as parsed (or, for large SQL, how a worker parses them again), for the lineage of result columns. */
  statements: readonly unknown[] | OffThreadParse;
  /** From classification: the facts already show protected columns searched, sorted or explained. */
  oracleKnown: boolean;
  /** From classification: cursors and prepared statements the SQL uses without creating them. */
  foreignSessionObjects: readonly string[];
  /** From classification: a COPY to or from the client. */
  clientCopy: boolean;
}

// standard_conforming_strings is pinned because the classifier reads backslashes the standard way;
// a server configured otherwise would read `'x\' ; DROP ...` differently from the policy.
export const preamble = (timeoutMs: number, readOnly: boolean) =>
  `SET standard_conforming_strings = on; SET statement_timeout = ${timerMs(timeoutMs)}; BEGIN${readOnly ? ' READ ONLY' : ''}`;

export async function runQuery(conn: PostgresConnection, request: QueryRequest, ctx: ExecuteContext): Promise<TableResult> {
  const { timeoutMs } = ctx.limits;
  if (!request.single && request.params.length > 0) throw new ToolError('invalid_arguments', 'params can only be used with a single statement');
  // A COMMIT inside a read would end the READ ONLY transaction that guards it.
  if (ctx.readOnly && request.transactionControl) {
    throw new ToolError('invalid_arguments', 'transaction control (BEGIN, COMMIT, ROLLBACK, SAVEPOINT) is not allowed in a read; send the statements without it');
  }
  if (request.clientCopy) throw clientCopyRefused();
  refuseForeignSessionObjects(request.foreignSessionObjects);
  const protection = ctx.protection ?? PROTECT_EVERYTHING;
  const lease = await leaseClient(conn, ctx.readOnly, timeoutMs, ctx.signal);
  let table: TableResult;
  try {
    table = await lease.run(async (client) => {
      // The transaction begins with the lineage's check of the catalog (one round trip), before anything runs.
      const { lineage, routines } = await followLineage(conn, client, request, protection, preamble(timeoutMs, ctx.readOnly));
      const ceiling = ctx.readOnly ? undefined : ctx.rowCeiling;
      // Under a ceiling every statement's full count is needed: a cursor's tag counts only its last fetch.
      const computed: ComputedColumns = (width) => columnMasks(shownOutput(lineage.outputs), width, protection).map((mask) => mask.derivedFrom.length > 0);
      const counts = countShown(lineage, protection);
      const result = request.single && ceiling === undefined ? await readCursor(client, request, ctx, computed) : await readAll(client, request.sql, ctx, request.params, computed, counts);
      if (request.single && ceiling !== undefined) describeAsCursor(result);
      if (request.single && !ctx.readOnly && !counts(0)) withholdCount(result.table);
      if (ceiling !== undefined && changedRows(result.statements) > ceiling) {
        const changed = result.statements?.every((_, i) => counts(i)) ? `${changedRows(result.statements)} rows, more than` : `more rows (${COUNT_WITHHELD.slice(1, -1)}) than`;
        throw new ToolError('row_ceiling_exceeded', `the write would change ${changed} the ${ceiling} its approval was shown; it was rolled back. Call again for a new approval`);
      }
      // A write's answer is its COMMIT's; a read's rows are read, and its READ ONLY transaction
      // ends with the cleanup after the answer.
      if (!ctx.readOnly) {
        // One statement's names are resolved when it is parsed, before any code it runs: only a later statement can meet what a write created.
        if (!request.single) await refuseCatalogChanges(conn, client, routines);
        await client.query(`COMMIT; ${reseed()}`);
      }
      await describeColumns(conn, client, result, lineage, protection, ctx.readOnly ? undefined : request.sql);
      return result.table;
    });
  } catch (error) {
    const broken = await lease
      .run(async (client) => {
        await client.query(`ROLLBACK; ${reseed()}`);
        return cleanSession(client);
      })
      .catch((e: Error) => e);
    lease.release(broken);
    throw lease.failure(error, request.sql);
  }
  cleanAfterAnswer(lease, ctx.readOnly);
  return table;
}

/**
 * The call has its answer: the session is cleaned after it is given, and the client goes back to
 * the pool only once clean, so no later call can be lent an uncleaned session (it waits, or gets
 * another client). A session that cannot be cleaned is closed, not pooled.
 */
function cleanAfterAnswer(lease: Lease, readOnly: boolean): void {
  lease.answered();
  void lease
    .run(async (client) => {
      if (readOnly) await client.query(`COMMIT; ${reseed()}`);
      return cleanSession(client);
    })
    .catch((e: Error) => e)
    .then((broken) => lease.release(broken));
}

/**
 * What a call left on its session must not reach the next call, which may be another principal's:
 * DISCARD ALL closes cursors (WITH HOLD too), deallocates prepared statements, drops temporary
 * objects, releases session-level advisory locks, unlistens, forgets sequence values and cached
 * plans, and resets every setting and the session authorization. Prepared statements, the seed and
 * session locks outlive a ROLLBACK, so a failed call is cleaned just the same. Resolves to the
 * error when cleaning failed: the client is then closed, not pooled.
 */
export function cleanSession(client: pg.PoolClient): Promise<Error | undefined> {
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
export const reseed = () => `SELECT pg_catalog.setseed(${randomInt(2 ** 47) / 2 ** 46 - 1})`;

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

export interface RawResult {
  table: TableResult;
  fields: pg.FieldDef[];
  /** Each statement's tag and row count (the server's, whatever the caps kept); absent for a cursor. */
  statements?: StatementCount[];
}

export interface StatementCount {
  command: string;
  rows: number;
}

const CHANGES = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE']);

/** Rows inserted, updated, deleted or merged: what a row ceiling and an impact preview count. */
export function changedRows(statements: readonly StatementCount[] = []): number {
  return statements.reduce((sum, s) => sum + (CHANGES.has(s.command) ? s.rows : 0), 0);
}

async function readCursor(client: pg.PoolClient, request: QueryRequest, ctx: ExecuteContext, computed: ComputedColumns): Promise<RawResult> {
  const cap = new RowCap(ctx.limits, computed);
  const cursor = new CappedCursor(request.sql, request.params, cap);
  let last: pg.QueryResult | undefined;
  for (let opened = false; ; opened = true) {
    const kept = cap.rows.length;
    const size = Math.min(BATCH, ctx.limits.maxRows + 1 - kept);
    // The cursor opens with its first read: one write and one round trip (the client is idle, so
    // it submits the cursor at once and the read's execute follows it in the same write).
    const result = await corked(client, () => {
      if (!opened) client.query(cursor);
      return readBatch(cursor, size);
    });
    // The read after the last row carries no result; keep the one that described the rows.
    if (result) last = result;
    // Until the cap is reached every row is kept: a batch short of its size means the rows ran out.
    if (cap.truncated || cap.rows.length - kept < size) break;
  }
  // Only after reads that worked: after a failed one the ROLLBACK ends the portal, and closing a
  // cursor whose connection died waits for an answer that never comes.
  await cursor.close().catch(() => undefined);
  const { rows, truncated } = cap;
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

/** Reads up to `size` rows into the cursor's cap; resolves to the result that describes them. */
function readBatch(cursor: Cursor, size: number): Promise<pg.QueryResult | undefined> {
  return new Promise((resolve, reject) => {
    cursor.read(size, (error, _rows, result) => (error ? reject(error) : resolve(result)));
  });
}

export async function readAll(
  client: pg.PoolClient,
  sql: string,
  ctx: Pick<ExecuteContext, 'limits' | 'readOnly'>,
  params: unknown[] = [],
  computed?: ComputedColumns,
  counts: CountShown = () => true,
): Promise<RawResult> {
  const query = new CappedQuery(sql, params, ctx.limits, computed);
  const raw = await new Promise<pg.QueryResult | pg.QueryResult[]>((resolve, reject) => {
    query.on('error', reject).once('end', (results) => resolve(results as unknown as pg.QueryResult | pg.QueryResult[]));
    client.query(query);
  });
  const results = Array.isArray(raw) ? raw : [raw];
  const shown = [...results].reverse().find((r) => r.fields.length > 0) ?? results[results.length - 1];
  const cap = shown ? query.caps.get(shown) : undefined;
  // A read shows one statement, and only its tag may reach the agent: the row counts of the others
  // would answer what they filtered on. The statements of a write were approved as they are, but
  // a count protected columns chose is withheld like a value (counts.ts).
  const tag = (r: pg.QueryResult, i: number) => (r.rowCount === null || r.rowCount === undefined ? r.command : `${r.command} ${counts(i) ? r.rowCount : COUNT_WITHHELD}`);
  const command = ctx.readOnly ? (shown?.command ?? '') : results.map(tag).join('; ');
  const truncated = cap?.truncated;
  const statements = results.map((r) => ({ command: r.command, rows: r.rowCount ?? 0 }));
  const rows = cap?.rows ?? [];
  // A read's count is the rows it shows, capped as they are, as a cursor counts them.
  const rowCount = ctx.readOnly || !shown || !counts(results.indexOf(shown)) ? rows.length : (cap?.seen ?? 0);
  return { table: { kind: 'table', columns: [], rows, command, rowCount, ...(truncated ? { truncated } : {}) }, fields: shown?.fields ?? [], statements };
}

/** A single statement's tag and count as the cursor path reports them, whichever path ran it. */
function describeAsCursor(result: RawResult): void {
  const only = result.statements?.[0];
  if (!only) return;
  result.table.command = only.command;
  result.table.rowCount = result.table.rows.length > 0 ? result.table.rows.length : only.rows;
}

/** A handler pg-cursor has and its types do not declare. */
interface CursorHandlers {
  handleCommandComplete(message: unknown): void;
}

/** pg's row parsing, which pg-cursor and pg.Query both hold as `_result` without declaring it. */
interface RowParser {
  _result: { parseRow(fields: unknown[]): unknown[] };
}

/**
 * A cursor whose rows meet the cap as they arrive, instead of pg-cursor's keeping every row of a
 * batch: a batch never holds more than the cap, and rows past it are not even parsed.
 */
class CappedCursor extends Cursor {
  constructor(
    text: string,
    values: unknown[],
    private readonly cap: RowCap,
  ) {
    super(text, values, { rowMode: 'array' });
  }

  handleDataRow(message: { fields: unknown[] }): void {
    const { _result } = this as unknown as RowParser;
    this.cap.offer(() => _result.parseRow(message.fields));
  }

  /** The rows ran out: pg-cursor closes the portal and syncs, two messages sent in one write. */
  handleCommandComplete(message: unknown): void {
    const { stream } = (this as unknown as { connection: pg.Connection }).connection;
    stream.cork();
    try {
      (Cursor.prototype as unknown as CursorHandlers).handleCommandComplete.call(this, message);
    } finally {
      stream.uncork();
    }
  }
}

const arrayRows = (text: string): pg.QueryArrayConfig => ({ text, rowMode: 'array' });

/** Several statements in one simple query: the rows of each statement meet a cap of their own as they arrive. */
class CappedQuery extends pg.Query {
  /** By the result each statement's rows went to. */
  readonly caps = new Map<unknown, RowCap>();

  constructor(
    text: string,
    values: unknown[],
    private readonly limits: Limits,
    private readonly computed?: ComputedColumns,
  ) {
    super({ ...arrayRows(text), ...(values.length > 0 ? { values } : {}) });
  }

  handleDataRow(message: { fields: unknown[] }): void {
    const { _result } = this as unknown as RowParser;
    let cap = this.caps.get(_result);
    if (!cap) this.caps.set(_result, (cap = new RowCap(this.limits, this.computed)));
    cap.offer(() => _result.parseRow(message.fields));
  }
}

/**
 * The call's lineage with the catalog: views, stars and tables' columns resolved (cached per
 * connection; the walk reuses the classifier's parse). Before anything runs, because a view can
 * hide what the facts could not see: a condition on a view column computed from a protected one
 * is searched with just the same, and the policy decided without knowing it.
 */
async function followLineage(conn: PostgresConnection, client: pg.PoolClient, request: QueryRequest, protection: ColumnProtection, opening: string): Promise<CheckedLineage> {
  const checked = await callLineage(conn, client, request.statements, opening);
  const { lineage } = checked;
  if (!request.oracleKnown) {
    const used = protectedUse(lineage, protection);
    const hidden = [...used.compared, ...used.ordered, ...used.explained];
    if (hidden.length > 0 && lineage.userCode.length > 0) {
      const names = lineage.userCode.map((name) => (/^\w+$/.test(name) ? `${name}()` : `operator ${name}`)).join(', ');
      throw new ToolError(
        'protected_columns_hidden',
        `the read calls ${names} by a bare name that user code outside pg_catalog also bears; the server may run that code, which can compute anything from protected columns, and the policy decided on the built-in. Qualify the name to mean the built-in (pg_catalog.count, OPERATOR(pg_catalog.=)), or write the user code's schema so the policy sees it`,
      );
    }
    if (hidden.length > 0) {
      throw new ToolError(
        'protected_columns_hidden',
        `the read searches or sorts by protected columns (${[...new Set(hidden)].join(', ')}) where the policy could not see it: through a view, or through a value built from them (a recursive query, a row cast to a table's type); query the columns themselves so the policy can decide`,
      );
    }
  }
  return checked;
}

/** A call's lineage, and the routine names it was worked out with (see refuseCatalogChanges). */
interface CheckedLineage {
  lineage: CallLineage;
  routines: CatalogCheck;
}

async function callLineage(conn: PostgresConnection, client: pg.PoolClient, statements: QueryRequest['statements'], opening: string): Promise<CheckedLineage> {
  if (isOffThreadParse(statements)) {
    try {
      // How many statements the SQL holds is known there only: taken as several.
      const { lineage, check } = await lineageOffThread(statements, conn.relations, (names) => conn.relations.loadNames(client, names, true, opening));
      return { lineage, routines: check };
    } catch (error) {
      if (!(error instanceof WorkerJobError)) throw error;
      throw new ToolError('lineage_failed', 'the lineage of the result columns could not be worked out, so the SQL was not run');
    }
  }
  const routines = await conn.relations.load(client, statements, opening);
  return { lineage: analyzeLineage(statements, conn.relations.forCall(routines)), routines };
}

/**
 * Lineage read the catalog as it stood when the call began. A write can change it before a later
 * statement reads what changed: create user code named like a built-in it calls (DDL, or a DO
 * block, a function or a trigger running DDL), replace a view, rename a column, add a trigger.
 * The server then returns what lineage did not see, so before COMMIT the catalog is asked again,
 * and a call that changed anything its lineage read is rolled back.
 */
async function refuseCatalogChanges(conn: PostgresConnection, client: pg.PoolClient, check: CatalogCheck): Promise<void> {
  const changed = await conn.relations.changedSince(client, check);
  if (changed.namesakes.length > 0) {
    throw new ToolError(
      'user_code_created',
      `the call creates user code named ${changed.namesakes.join(', ')}, like a built-in its statements call, so what they return could not be told; it was rolled back. Create the code in a call of its own`,
    );
  }
  if (changed.relations.length > 0) {
    throw new ToolError(
      'catalog_changed',
      `the call changes ${changed.relations.join(', ')} (a definition, a column, a trigger, a rule or a default) and its statements read it, so what they return could not be told; it was rolled back. Make the change in a call of its own`,
    );
  }
}

/** Types below this OID are built in: their names are the server's own. */
const FIRST_USER_OID = 16384;

/**
 * Names each column's source for masking: the catalog's table and column for a column shown as it
 * is (through views and subqueries, by lineage), and the protected columns it is computed from
 * otherwise (masked whole). Types and column identities come from the catalog, cached.
 */
async function describeColumns(conn: PostgresConnection, client: pg.PoolClient, result: RawResult, lineage: CallLineage, protection: ColumnProtection, writeSql?: string): Promise<void> {
  const { fields } = result;
  await conn.catalog.load(client, fields.map((f) => f.tableID), fields.map((f) => f.dataTypeID));
  const masks = columnMasks(shownOutput(lineage.outputs), fields.length, protection);
  result.table.columns = fields.map((f, i): ResultColumn => {
    const mask = masks[i] as ColumnMask;
    // The server's own word on a plain column reference and lineage's: if either names a protected
    // column, that one counts, so a mistake in one cannot unmask what the other sees.
    const fromServer = f.tableID ? conn.catalog.column(f.tableID, f.columnID) : undefined;
    const source = [mask.source, fromServer].find((s) => s !== undefined && protection.column(s.table, s.column)) ?? mask.source ?? fromServer;
    const type = conn.catalog.typeName(f.dataTypeID);
    // A write call's code whose body is not visible (DO, CALL) can create a table, view or type
    // named by a value (`EXECUTE format('CREATE TEMP TABLE t (%I int)', email)`) that a later
    // statement shows as a column or type name: of a column lineage could not follow, a name the
    // agent did not write is withheld. A read runs READ ONLY and creates no names.
    const named = writeSql !== undefined && mask.derivedFrom.includes('*') ? (name: string) => (wrote(name, writeSql) ? name : WITHHELD) : (name: string) => name;
    return {
      name: named(f.name),
      type: f.dataTypeID < FIRST_USER_OID ? type : named(type),
      ...(source ?? {}),
      // Lineage's word only: the server names a view's column as a table's, whatever the view computed.
      ...(mask.source !== undefined ? { stored: true as const } : {}),
      ...(mask.derivedFrom.length > 0 ? { derivedFrom: mask.derivedFrom } : {}),
    };
  });
}

/** Which columns of a result this wide masking shows as one marker each: those computed from protected columns. */
type ComputedColumns = (width: number) => readonly boolean[];

/**
 * What a computed cell holds until masking puts its marker in place: no shorter than the marker,
 * so the byte cap counts the answer the agent gets.
 */
export const COMPUTED_CELL = '[computed from protected columns]';

/** Keeps a statement's rows while they fit the row and byte caps; says why it stopped. */
class RowCap {
  readonly rows: unknown[][] = [];
  truncated: Truncation | undefined;
  /** Rows the statement returned, kept or not. */
  seen = 0;
  /** Roughly (characters) while even the worst escaping could not reach the cap; exactly after. */
  private bytes = 2;
  private exact = false;
  private computedAt: readonly boolean[] | undefined;

  constructor(
    private readonly limits: Limits,
    private readonly computed?: ComputedColumns,
  ) {}

  /**
   * A computed cell is shown as one marker whatever it holds, so it is let go as it arrives: were
   * its size counted, where the byte cap cuts the rows would tell what it was computed from.
   */
  private dropComputed(row: unknown[]): void {
    if (!this.computed) return;
    this.computedAt ??= this.computed(row.length);
    for (let i = 0; i < row.length; i++) if (this.computedAt[i] === true) row[i] = COMPUTED_CELL;
  }

  /** `parse` reads the row; it is not called for a row that can no longer be kept. */
  offer(parse: () => unknown[]): void {
    this.seen++;
    if (this.truncated) return;
    const { maxRows, maxBytes } = this.limits;
    if (this.rows.length >= maxRows) {
      this.truncated = { reason: 'rows', limit: maxRows };
      return;
    }
    const row = parse();
    this.dropComputed(row);
    if (this.exact) this.bytes += jsonBytes(row, maxBytes - this.bytes);
    else if ((this.bytes += roughSize(row)) * MAX_EXPANSION > maxBytes) {
      // Near the cap: the rows kept so far are counted again, exactly, and every row after them.
      this.exact = true;
      this.bytes = 2;
      for (const kept of [...this.rows, row]) this.bytes += jsonBytes(kept, maxBytes - this.bytes);
    }
    if (this.bytes > maxBytes) this.truncated = { reason: 'bytes', limit: maxBytes };
    else this.rows.push(row);
  }
}

/** JSON bytes per character of roughSize at most: a control character becomes \u00XX. */
const MAX_EXPANSION = 6;

/** Characters, cheaply: a string's length, a JSON value's text, any number or NULL as 8. */
function roughSize(row: readonly unknown[]): number {
  let size = 2;
  for (const cell of row) {
    if (typeof cell === 'string') size += cell.length + 3;
    else if (cell === null || typeof cell === 'number' || typeof cell === 'boolean') size += 8;
    else size += JSON.stringify(cell)?.length ?? 8;
  }
  return size;
}

/**
 * The bytes a row takes in the JSON the agent is sent (UTF-8, escapes included); once past
 * `budget`, any size past it (a huge value is not read to its end).
 */
function jsonBytes(row: readonly unknown[], budget: number): number {
  // Brackets, the commas between cells and the one after the row.
  let size = row.length + 2;
  for (const cell of row) {
    if (size > budget) break;
    if (typeof cell === 'string') size += stringBytes(cell, budget - size);
    else if (cell === null || typeof cell === 'number' || typeof cell === 'boolean') size += String(cell).length;
    else size += Buffer.byteLength(JSON.stringify(cell) ?? 'null');
  }
  return size;
}

function stringBytes(text: string, budget: number): number {
  let size = text.length + 2;
  for (let i = 0; i < text.length && size <= budget; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20) size += c === 8 || c === 9 || c === 10 || c === 12 || c === 13 ? 1 : 5;
    else if (c === 0x22 || c === 0x5c) size += 1;
    // Two bytes of UTF-8 below U+0800, three above; a surrogate pair's four.
    else if (c >= 0x80) size += c < 0x800 || (c >= 0xd800 && c <= 0xdfff) ? 1 : 2;
  }
  return size;
}
