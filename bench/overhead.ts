// What gatehouse costs an agent: the same queries through a real `gatehouse serve` (the compiled
// build the installed command runs, see built.ts) and through the
// bare MCP server (bench/bare-server.ts: same SDK, transports, pg and rendering; no policy, masking
// or audit), over stdio and over Streamable HTTP, alternating call by call in one run so both see
// the same machine. Sizes: 1 row, 1,000 rows with masked columns, 100,000 rows. Reports p50 of
// each and the ratios gatehouse / bare at p50 and p99, as measured by the client (end to end), and
// over HTTP each server's CPU time per call.
// Masking's own cost: at 100,000 rows a third contender, a gatehouse whose default masking
// profile turns every detector and rule off, runs in the same rotation over HTTP. Not over stdio:
// the SDK's stdio client buffers a message by copying it whole for every chunk it reads, so its
// time grows with the square of the result's size and would count masking's longer output twice.
// Run directly with `npx tsx bench/overhead.ts`, or through benchOverhead() from the bench runner.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { BUILTIN_DETECTOR_NAMES } from '../src/masking/detectors/names.ts';
import { gatehouseCli, ROOT, writeConfig } from '../test/fixtures/gatehouse.ts';
import { createTestDatabase, type TestDatabase } from '../test/fixtures/postgres.ts';
import { useBuiltGatehouse } from './built.ts';
import { startMcpChild, type McpChild, type Transport } from './mcp-child.ts';
import { cpuSecondsOf } from './proc.ts';
import { percentile, type BenchResult } from './shell.ts';
import { BENCH_TABLE, BENCH_TABLE_ROWS, createBenchTable } from './overhead-table.ts';

export interface Size {
  label: string;
  rows: number;
  warmup: number;
  iterations: number;
  /** A different statement per iteration, as an agent sends: the classifier's cache never hides the parse. */
  sql(i: number): string;
}

export const SIZES: Size[] = [
  { label: '1 row', rows: 1, warmup: 30, iterations: 400, sql: (i) => `SELECT * FROM ${BENCH_TABLE} WHERE id = ${1 + ((i * 7919) % BENCH_TABLE_ROWS)}` },
  { label: '1,000 rows', rows: 1000, warmup: 20, iterations: 200, sql: (i) => `SELECT * FROM ${BENCH_TABLE} WHERE id > ${(i * 997) % (BENCH_TABLE_ROWS - 1000)} ORDER BY id LIMIT 1000` },
  // Few at 100,000 rows, each a result of tens of MB: the p99 there is the slowest of them. The columns
  // masked by rule and by detector are all in; the plain ones that only add bytes are left out.
  {
    label: '100,000 rows',
    rows: BENCH_TABLE_ROWS,
    warmup: 1,
    iterations: 6,
    sql: (i) => `SELECT id, email, phone, card_number, created_at, note FROM ${BENCH_TABLE} ORDER BY id${i % 2 ? ' ' : ''}`,
  },
];

const GATEHOUSE = 'gatehouse';
const BARE = 'bare';
const UNMASKED = 'gatehouse, masking off';

export interface Contender {
  name: string;
  child: McpChild;
  /** The tool that runs SQL: postgres_query on gatehouse and the bare server. */
  tool?: string;
  args(sql: string): Record<string, unknown>;
  /** Whether a result with rows must say it masked values. */
  masks: boolean;
  /** How many rows a result holds, when it does not say so in structured content. */
  rowsOf?(result: CallResult): number | undefined;
}

export interface CallResult {
  isError?: boolean;
  content?: Array<{ text?: string }>;
  structuredContent?: { rowCount?: number; masked?: number };
}

const CALL_TIMEOUT_MS = 180_000;

/** Every detector and rule off: the honest "no masking" for a connection, with config alone. */
const MASKING_OFF = { profiles: { default: { detectors: Object.fromEntries(BUILTIN_DETECTOR_NAMES.map((name) => [name, false])), columns: [], jsonKeys: [] } } };

export async function startGatehouse(dbUrl: string, transport: Transport, masking?: unknown): Promise<McpChild> {
  const { dir, configFile } = writeConfig({
    connections: { bench: { type: 'postgres', url: dbUrl } },
    limits: { maxRows: 2 * BENCH_TABLE_ROWS, maxBytes: '1gb', timeout: '120s' },
    ...(masking ? { masking } : {}),
  });
  const child = await startMcpChild([...gatehouseCli(), 'serve', '--config', configFile], transport);
  return {
    client: child.client,
    ...(child.pid !== undefined ? { pid: child.pid } : {}),
    async stop() {
      await child.stop();
      // The audit file holds every 100,000-row result: hundreds of MB by the end.
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function timedCall(contender: Contender, size: Size, i: number): Promise<number> {
  const started = performance.now();
  const result = (await contender.child.client.callTool({ name: contender.tool ?? 'postgres_query', arguments: contender.args(size.sql(i)) }, { timeout: CALL_TIMEOUT_MS })) as CallResult;
  const ms = performance.now() - started;
  // A refused or short result would make a fast, meaningless sample.
  if (result.isError) throw new Error(`${contender.name}: ${result.content?.[0]?.text ?? 'error'}`);
  const { masked } = result.structuredContent ?? {};
  const rowCount = contender.rowsOf ? contender.rowsOf(result) : result.structuredContent?.rowCount;
  if (rowCount !== size.rows) throw new Error(`${contender.name}: ${rowCount} rows, expected ${size.rows}`);
  if (contender.masks !== (masked !== undefined && masked > 0)) throw new Error(`${contender.name}: masked ${masked ?? 0} values`);
  return ms;
}

/** Samples in µs per contender; the order rotates each iteration so no one always goes first. */
export async function alternate(contenders: Contender[], size: Size, onMeasuring?: () => void): Promise<Map<string, number[]>> {
  const samples = new Map(contenders.map((c) => [c.name, [] as number[]]));
  for (let i = 0; i < size.warmup + size.iterations; i++) {
    if (i === size.warmup) onMeasuring?.();
    for (let k = 0; k < contenders.length; k++) {
      const contender = contenders[(i + k) % contenders.length] as Contender;
      const ms = await timedCall(contender, size, i);
      if (i >= size.warmup) samples.get(contender.name)?.push(ms * 1000);
    }
  }
  for (const list of samples.values()) list.sort((a, b) => a - b);
  return samples;
}

export const ms = (sortedMicros: readonly number[], p: number) => percentile(sortedMicros, p) / 1000;

function report(transport: Transport, size: Size, samples: Map<string, number[]>): BenchResult[] {
  const gatehouse = samples.get(GATEHOUSE) ?? [];
  const bare = samples.get(BARE) ?? [];
  const prefix = `overhead ${transport} ${size.label}`;
  const ratio = (p: number) => (100 * ms(gatehouse, p)) / ms(bare, p);
  const results: BenchResult[] = [
    { name: `${prefix}: gatehouse p50`, value: ms(gatehouse, 0.5), unit: 'ms' },
    { name: `${prefix}: bare p50`, value: ms(bare, 0.5), unit: 'ms' },
    { name: `${prefix}: gatehouse/bare p50`, value: ratio(0.5), unit: '% of bare' },
    { name: `${prefix}: gatehouse/bare p99`, value: ratio(0.99), unit: '% of bare' },
  ];
  const unmasked = samples.get(UNMASKED);
  if (unmasked) {
    results.push(
      { name: `masking off, ${transport} ${size.label}: gatehouse p50`, value: ms(unmasked, 0.5), unit: 'ms' },
      { name: `masking cost at ${size.label} (${transport}, p50)`, value: (100 * ms(gatehouse, 0.5)) / ms(unmasked, 0.5) - 100, unit: '% added' },
    );
  }
  return results;
}

/**
 * Server CPU per call, gatehouse against bare (over HTTP, where the bench owns the processes): the
 * time each server spent, which the load on a shared machine disturbs far less than latency does.
 * Counted from the end of the warm-up, so compiling code in the background is not counted.
 */
function cpuPerCall([gatehouse, bare]: [Contender, Contender], size: Size): { start(): void; read(): BenchResult[] } {
  const pids = [gatehouse.child.pid, bare.child.pid].filter((pid) => pid !== undefined);
  let before: number[] = [];
  return {
    start: () => void (before = pids.map(cpuSecondsOf)),
    read() {
      if (pids.length < 2 || before.length < 2) return [];
      const [ours = 0, theirs = 0] = pids.map((pid, i) => ((cpuSecondsOf(pid) - (before[i] ?? 0)) * 1000) / size.iterations);
      const prefix = `server CPU per call, http ${size.label}`;
      return [
        { name: `${prefix}: gatehouse`, value: ours, unit: 'ms' },
        { name: `${prefix}: bare`, value: theirs, unit: 'ms' },
        { name: `${prefix}: gatehouse/bare`, value: (100 * ours) / theirs, unit: '% of bare' },
      ];
    },
  };
}

/** Starts every child at once (each spends seconds loading); if one fails, the others are stopped. */
export async function startAll(launches: Array<Promise<McpChild>>): Promise<McpChild[]> {
  const settled = await Promise.allSettled(launches);
  const running = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failure = settled.find((s) => s.status === 'rejected');
  if (failure) {
    await Promise.all(running.map((child) => child.stop()));
    throw failure.reason;
  }
  return running;
}

async function benchTransport(db: TestDatabase, transport: Transport, sizes: readonly Size[]): Promise<BenchResult[]> {
  const withUnmasked = transport === 'http';
  const children = await startAll([
    startGatehouse(db.url, transport),
    startMcpChild(['--import', 'tsx', join(ROOT, 'bench/bare-server.ts'), '--url', db.url], transport),
    ...(withUnmasked ? [startGatehouse(db.url, transport, MASKING_OFF)] : []),
  ]);
  const [gatehouseChild, bareChild, unmaskedChild] = children as [McpChild, McpChild, McpChild | undefined];
  try {
    const gatehouse: Contender = { name: GATEHOUSE, child: gatehouseChild, args: (sql) => ({ connection: 'bench', sql }), masks: true };
    const bare: Contender = { name: BARE, child: bareChild, args: (sql) => ({ sql }), masks: false };
    const unmasked: Contender | undefined = unmaskedChild && { name: UNMASKED, child: unmaskedChild, args: gatehouse.args, masks: false };
    const results: BenchResult[] = [];
    for (const size of sizes) {
      const contenders = size.rows === BENCH_TABLE_ROWS && unmasked ? [gatehouse, bare, unmasked] : [gatehouse, bare];
      const cpu = cpuPerCall([gatehouse, bare], size);
      results.push(...report(transport, size, await alternate(contenders, size, cpu.start)), ...cpu.read());
    }
    return results;
  } finally {
    await Promise.all(children.map((child) => child.stop()));
  }
}

/** `rows` picks sizes by row count and `transports` the transports (a quicker run while profiling); all by default. */
export async function benchOverhead(rows?: readonly number[], transports: readonly Transport[] = ['stdio', 'http']): Promise<BenchResult[]> {
  useBuiltGatehouse();
  const sizes = rows ? SIZES.filter((s) => rows.includes(s.rows)) : SIZES;
  const db = await createTestDatabase();
  try {
    if (db.kind !== 'postgres') throw new Error('the overhead bench needs a real PostgreSQL server (PG_TEST_URL)');
    await createBenchTable(db);
    const results: BenchResult[] = [];
    for (const transport of transports) results.push(...(await benchTransport(db, transport, sizes)));
    return results;
  } finally {
    await db.drop();
  }
}

//   npx tsx bench/overhead.ts [--rows 1,1000] [--transport stdio|http]
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { rows: { type: 'string' }, transport: { type: 'string' } } });
  const transports = values.transport ? [values.transport as Transport] : undefined;
  for (const r of await benchOverhead(values.rows?.split(',').map(Number), transports)) console.log(`${r.name}: ${r.value.toFixed(2)} ${r.unit}`);
}
