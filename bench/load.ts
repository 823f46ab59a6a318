// HTTP under load: 500 concurrent agent sessions against a real `gatehouse serve --http` child (the
// compiled build, see built.ts) and a
// real PostgreSQL, each calling postgres_query (and now and then postgres_schema) in a loop: 5 s of
// warm-up, then BENCH_LOAD_SECONDS (default 30) measured; BENCH_LOAD_SESSIONS (default 500).
// Reports calls/s, p50/p99 latency, errors, the server's peak RSS and CPU per call, then checks
// that every call made finished in the audit log and that the hash chain verifies.
// Each session is its own agent with its own API key: that is how unattended agents are deployed
// (one identity each), and it leaves the per-principal cap (server.http.maxConcurrentCalls) doing
// what it is for; a session has one call in flight at a time.
// The load generator runs in this process: on a 2-core machine it competes with the server for
// CPU, so calls/s and latency are a floor; the server's CPU per call does not depend on the client.
// Run directly with `npx tsx bench/load.ts`, or through benchLoad() from the bench runner.
import { rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import type { Client } from '@modelcontextprotocol/client';
import { generateApiKey, hashApiKey } from '../src/identity/index.ts';
import { startGatehouse, type RunningGatehouse } from '../test/fixtures/gatehouse.ts';
import { createTestDatabase, type TestDatabase } from '../test/fixtures/postgres.ts';
import { callFor, connectAgent, CUSTOMERS, newTally, runSession, type CallOutcome, type LoadTally } from './load-agents.ts';
import { useBuiltGatehouse } from './built.ts';
import { withTemporaryCaptures } from './captures.ts';
import { auditedCalls, type AuditedCalls } from './load-audit.ts';
import { cpuSecondsOf, peakRssMegabytes } from './proc.ts';
import { percentile, type BenchResult } from './shell.ts';

const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 30);
const SESSIONS = Number(process.env.BENCH_LOAD_SESSIONS ?? 500);
const WARMUP_SECONDS = 5;
const PROBE_CALLS = 3;

/** 1,000 customers in all, so a 50-row read is a real page of personal data to mask. */
export async function seedCustomers(db: TestDatabase): Promise<void> {
  await db.query(
    `INSERT INTO customers (name, email, phone, card_number, city)
     SELECT 'Customer ' || g, 'customer' || g || '@example.com', '+1 202 555 ' || lpad((g % 10000)::text, 4, '0'), '4111 1111 1111 1111', 'City ' || (g % 50)
       FROM generate_series(6, ${CUSTOMERS}) AS g`,
  );
}

function startServer(db: TestDatabase, keys: string[], variant: Variant): Promise<RunningGatehouse> {
  return startGatehouse(
    {
      server: variant.server,
      identity: { apiKeys: keys.map((key, i) => ({ id: `agent-${i}`, groups: ['agents'], sha256: hashApiKey(key) })) },
      // 10 connections, not the default 5: sized for a server doing a few hundred calls/s.
      connections: { shop: { type: 'postgres', url: db.url, poolSize: 10, labels: { env: 'bench' } } },
      log: { level: 'warn' },
    },
    'http',
    { token: keys[0], env: variant.env },
  );
}

/** Fails the bench before the load if the mix does not do what it claims: 50 masked rows, lookups and schema calls that succeed. */
async function probeMix(client: Client): Promise<void> {
  const page = (await client.callTool(callFor(0, 4))) as CallOutcome;
  const rows = page.structuredContent?.rows as unknown[] | undefined;
  if (page.isError || rows?.length !== 50 || !page.structuredContent?.masked) throw new Error(`the 50-row read did not return 50 masked rows: ${JSON.stringify(page).slice(0, 300)}`);
  for (const call of [callFor(0, 0), callFor(0, 19)]) {
    const result = (await client.callTool(call)) as CallOutcome;
    if (result.isError) throw new Error(`${call.name} failed before the load: ${JSON.stringify(result).slice(0, 300)}`);
  }
}

interface Mark {
  at: number;
  serverCpu: number;
  clientCpu: number;
}

function mark(pid: number): Mark {
  const own = process.cpuUsage();
  return { at: performance.now(), serverCpu: cpuSecondsOf(pid), clientCpu: (own.user + own.system) / 1e6 };
}

interface LoadRun {
  tally: LoadTally;
  window: [Mark, Mark];
  peakRssMb: number;
}

/** All sessions call from the start; the measured window opens after the warm-up (JIT, pools filled). */
async function driveLoad(url: URL, keys: string[], pid: number): Promise<LoadRun> {
  const clients = await Promise.all(keys.map((key) => connectAgent(url, key)));
  const tally = newTally();
  const deadline = performance.now() + (WARMUP_SECONDS + SECONDS) * 1000;
  const measured = async (): Promise<[Mark, Mark]> => {
    await sleep(WARMUP_SECONDS * 1000);
    const open = mark(pid);
    await sleep(SECONDS * 1000);
    return [open, mark(pid)];
  };
  const [window] = await Promise.all([measured(), ...clients.map((client, i) => runSession(client, i, deadline, tally))]);
  const peakRssMb = peakRssMegabytes(pid);
  await Promise.all(clients.map((client) => client.close()));
  return { tally, window, peakRssMb };
}

function resultRows(prefix: string, run: LoadRun, audit: AuditedCalls, made: number): BenchResult[] {
  const [open, close] = run.window;
  const latencies = run.tally.latencyMs.filter((_, i) => (run.tally.finishedAt[i] as number) >= open.at && (run.tally.finishedAt[i] as number) <= close.at).sort((a, b) => a - b);
  const calls = latencies.length;
  const errors = [...run.tally.errors.values()].reduce((a, b) => a + b, 0);
  if (errors > 0) console.error(`${prefix}: errors by reason: ${JSON.stringify(Object.fromEntries(run.tally.errors))}`);
  return [
    { name: `${prefix}: ${SESSIONS} sessions, calls/s over ${SECONDS} s`, value: calls / ((close.at - open.at) / 1000), unit: 'calls/s' },
    { name: `${prefix}: call latency p50`, value: percentile(latencies, 0.5), unit: 'ms' },
    { name: `${prefix}: call latency p99`, value: percentile(latencies, 0.99), unit: 'ms' },
    { name: `${prefix}: errors (goal 0)`, value: errors, unit: `of ${made} calls` },
    { name: `${prefix}: gatehouse peak RSS (goal < 300)`, value: run.peakRssMb, unit: 'MB' },
    { name: `${prefix}: ${CPU_PER_CALL}`, value: ((close.serverCpu - open.serverCpu) / calls) * 1e6, unit: 'µs' },
    { name: `${prefix}: load-generator CPU per call (same machine)`, value: ((close.clientCpu - open.clientCpu) / calls) * 1e6, unit: 'µs' },
    { name: `${prefix}: audited calls - calls made (goal 0)`, value: audit.finishedCalls - made, unit: `(${audit.finishedCalls} audited, ${made} made)` },
    { name: `${prefix}: audit chain verifies (1 = yes)`, value: audit.chainOk ? 1 : 0, unit: `(${audit.events} events)` },
  ];
}

/** The server as shipped, and as tuned for memory (README, Performance): same load, same checks. */
interface Variant {
  prefix: string;
  server: Record<string, unknown>;
  env: Record<string, string>;
}

const V8_SIZING = "load, V8's own heap sizing (server.heapGrowthPercent 0, the default before 2026-12-06)";
const VARIANTS: Variant[] = [
  { prefix: 'load', server: {}, env: {} },
  { prefix: V8_SIZING, server: { heapGrowthPercent: 0 }, env: {} },
  { prefix: 'load, lean memory (server.heapGrowthPercent 10, MALLOC_ARENA_MAX=2)', server: { heapGrowthPercent: 10 }, env: { MALLOC_ARENA_MAX: '2' } },
];

const CPU_PER_CALL = 'gatehouse CPU per call';

/**
 * CPU per call against the server as shipped, in the same run. The goal compares as shipped (its
 * heap bounded) with the default before it, V8's own sizing: as shipped may cost at most 10% more.
 */
function cpuAgainstShipped(shipped: readonly BenchResult[], variant: Variant, rows: readonly BenchResult[]): BenchResult {
  const cpu = (from: readonly BenchResult[]) => from.find((r) => r.name.endsWith(CPU_PER_CALL))?.value ?? Number.NaN;
  if (variant.prefix === V8_SIZING) return { name: "load: CPU per call, as shipped / V8's own heap sizing (goal <= 1.10)", value: cpu(shipped) / cpu(rows), unit: 'x' };
  return { name: `${variant.prefix}: CPU per call / as shipped`, value: cpu(rows) / cpu(shipped), unit: 'x' };
}

async function loadOnce(db: TestDatabase, keys: string[], variant: Variant): Promise<BenchResult[]> {
  const gh = await startServer(db, keys, variant);
  try {
    let run: LoadRun;
    try {
      if (!gh.url || gh.pid === undefined) throw new Error('gatehouse started without a URL or a pid');
      await probeMix(gh.client).catch((error: Error) => {
        throw new Error(`${error.message}\ngatehouse stderr:\n${gh.logs().slice(-3000)}`);
      });
      run = await driveLoad(new URL(gh.url), keys, gh.pid);
    } finally {
      await gh.stop();
    }
    const made = PROBE_CALLS + run.tally.calls;
    return resultRows(variant.prefix, run, await auditedCalls(gh.storeFile), made);
  } finally {
    rmSync(gh.dir, { recursive: true, force: true });
  }
}

export async function benchLoad(): Promise<BenchResult[]> {
  useBuiltGatehouse();
  return withTemporaryCaptures(async () => {
    const db = await createTestDatabase();
    try {
      await seedCustomers(db);
      const keys = Array.from({ length: SESSIONS }, () => generateApiKey());
      const results: BenchResult[] = [];
      let shipped: BenchResult[] | undefined;
      for (const variant of VARIANTS) {
        const rows = await loadOnce(db, keys, variant);
        results.push(...rows, ...(shipped ? [cpuAgainstShipped(shipped, variant, rows)] : []));
        shipped ??= rows;
      }
      return results;
    } finally {
      await db.drop();
    }
  });
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const result of await benchLoad()) console.log(`${result.name}: ${result.value.toFixed(1)} ${result.unit}`);
}
