// SQL through the PostgreSQL pack's own classify and execute, against a real PostgreSQL, as the
// pipeline runs a call it allowed: for tests of execution itself, without a server around it.
import assert from 'node:assert/strict';
import { after, before, type TestContext } from 'node:test';
import type { ResultColumn, TableResult } from '../../src/pipeline/result.ts';
import { ToolError, type Classification, type ColumnProtection, type Limits } from '../../src/pipeline/toolpack.ts';
import { PostgresConnectionSchema } from '../../tools/postgres/config.ts';
import type { PostgresConnection } from '../../tools/postgres/connection.ts';
import { postgresPack } from '../../tools/postgres/index.ts';
import { configureLargeInputs } from '../../tools/postgres/off-thread.ts';
import { COMPUTED_CELL } from '../../tools/postgres/query.ts';
import { createTestDatabase, type TestDatabase } from '../fixtures/postgres.ts';

export interface RunOptions {
  /** The SQL the classification (and so the decision) saw, when it is not the SQL that runs. */
  decidedOn?: string;
  /** Another connection of the pack than the harness's own. */
  on?: PostgresConnection;
  /** The columns masking covers, for lineage; every column when absent. */
  protection?: ColumnProtection;
  /** Classified on a worker thread, as large SQL is (configureLargeInputs first). */
  offThread?: true;
  /** The most rows the write may change, as an approval shown a preview sets it. */
  rowCeiling?: number;
}

export interface PackHarness {
  db: TestDatabase;
  /** A new connection to the test database (or to `url`, as another role), one client per pool. */
  open(url?: string): PostgresConnection;
  classify(sql: string): Classification;
  run(sql: string, options?: RunOptions): Promise<TableResult>;
  /** The ToolError the call ends with; fails when it is served. */
  refusal(sql: string, options?: RunOptions): Promise<ToolError>;
  /** The backend the pool for reads (or writes) lends its client from. */
  pid(readOnly?: boolean): Promise<number>;
  close(): Promise<void>;
}

export async function startPackHarness(limits: Limits): Promise<PackHarness> {
  await postgresPack.init?.();
  const db = await createTestDatabase();
  const open = (url = db.url) => postgresPack.open({ name: 'shop', type: 'postgres', labels: {} }, PostgresConnectionSchema.parse({ url, poolSize: 1 }), {}, { logger: { warn: () => undefined } });
  const conn = open();
  const classify = (sql: string) => postgresPack.classify('postgres_query', { connection: 'shop', sql });
  const run = async (sql: string, options: RunOptions = {}): Promise<TableResult> => {
    const protection = options.protection ?? { column: () => true, table: () => true, any: true };
    const args = { connection: 'shop', sql: options.decidedOn ?? sql };
    const offThread = options.offThread && postgresPack.classifyOffThread?.('postgres_query', args, { protection, principal: 'tester', spend: () => undefined });
    if (options.offThread && !offThread) assert.fail('the call was not classified on a worker thread');
    // Classified with the protection the call runs under, as the pipeline does.
    const classification = offThread ? await offThread : postgresPack.classify('postgres_query', args, { protection });
    const ctx = { limits, readOnly: classification.readOnly, signal: new AbortController().signal, classification, ...(options.protection ? { protection: options.protection } : {}), ...(options.rowCeiling !== undefined ? { rowCeiling: options.rowCeiling } : {}) };
    return (await postgresPack.execute({ tool: 'postgres_query', args: { connection: 'shop', sql }, connection: options.on ?? conn, targets: [] }, ctx)) as TableResult;
  };
  const refusal = (sql: string, options?: RunOptions) =>
    run(sql, options).then(
      () => assert.fail(`${sql} was served`),
      (error: unknown) => {
        assert.ok(error instanceof ToolError, `${sql}: not a ToolError: ${String(error)}`);
        return error;
      },
    );
  // NOTIFY makes a call a write and leaves nothing behind.
  const pid = async (readOnly = true) => (await run(readOnly ? 'SELECT pg_backend_pid()' : 'NOTIFY gatehouse_probe; SELECT pg_backend_pid()')).rows[0]?.[0] as number;
  return {
    db,
    open,
    classify,
    run,
    refusal,
    pid,
    async close() {
      await conn.close();
      await db.drop();
    },
  };
}

/** A harness for the enclosing suite, on a database of its own set up by `setup`; read it inside tests. */
export function suiteHarness(setup: (pack: PackHarness) => Promise<unknown>): () => PackHarness {
  let pack: PackHarness | undefined;
  before(async () => {
    pack = await startPackHarness({ timeoutMs: 5000, maxRows: 1000, maxBytes: 256 * 1024 });
    await setup(pack);
  });
  after(async () => {
    await pack?.close();
  });
  return () => pack as PackHarness;
}

/** For the rest of the test, SQL is classified on a worker thread, as large SQL is. */
export function onWorkerThread(t: TestContext): void {
  configureLargeInputs({ threads: 1, minChars: 1, timeoutMs: 30_000, maxHeapMb: 256 });
  t.after(() => configureLargeInputs({ threads: 0, minChars: 1, timeoutMs: 30_000, maxHeapMb: 256 }));
}

/** Masked: attributed to a protected column (masked in its style), or computed from one (masked whole). */
export function isMasked(column: ResultColumn | undefined, protection: ColumnProtection): boolean {
  const source = column?.table !== undefined && column.column !== undefined && protection.column(column.table, column.column);
  return source || (column?.derivedFrom?.length ?? 0) > 0;
}

/**
 * Whether a cell as the pack returns it (before masking) is `value`: a cell computed from protected
 * columns is let go as it arrives (query.ts), so it stands for whatever was computed. Each suite
 * shows its reads reach the value with nothing protected.
 */
export function reached(cell: unknown, value: string): boolean {
  return cell === COMPUTED_CELL || String(cell).toLowerCase() === value.toLowerCase();
}

/** The demo's customers with these columns protected, under the name as written (the policy's facts) and as the catalog knows it. */
export function protectingCustomers(...columns: string[]): ColumnProtection {
  const tables = new Set(['customers', 'public.customers']);
  return { column: (table, column) => tables.has(table) && columns.includes(column), table: (table) => tables.has(table), any: true };
}

export const UNPROTECTED: ColumnProtection = { column: () => false, table: () => false, any: false };
