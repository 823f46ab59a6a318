// Scale-out: calls/s of 1, 2 and 4 `gatehouse serve --http` replicas (the compiled build) on one
// PostgreSQL store, the same agent sessions spread evenly over the replicas, each calling the load
// bench's mix (load-agents.ts) one call at a time: 5 s of warm-up, then BENCH_REPLICAS_SECONDS
// (default 15) measured; BENCH_REPLICAS_SESSIONS (default 200).
// Beside calls/s it reports where the CPU went in the window, to name the limit: the whole
// machine's busy share, the replicas', the store's and the target's PostgreSQL backends', and the
// load generator's (this process). A machine near 100% busy with the store's backends using little
// is limited by CPU, not by the store. Other processes on the machine count in its busy share.
// Each run ends by counting the calls the store shows finished and verifying its chain.
// Run directly with `npx tsx bench/replicas.ts`, or through benchReplicas() from the bench runner.
import { cpus } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { generateApiKey, hashApiKey } from '../src/identity/index.ts';
import { openPostgresStore } from '../src/store/postgres.ts';
import { startGatehouse, type RunningGatehouse } from '../test/fixtures/gatehouse.ts';
import { createTestDatabase, type TestDatabase } from '../test/fixtures/postgres.ts';
import { createStoreDatabase, postgresReachable, type TestStoreDatabase } from '../test/store/places.ts';
import { useBuiltGatehouse } from './built.ts';
import { withTemporaryCaptures } from './captures.ts';
import { seedCustomers } from './load.ts';
import { connectAgent, newTally, runSession } from './load-agents.ts';
import { auditedCallsIn } from './load-audit.ts';
import { cpuSecondsOf, machineCpuSeconds } from './proc.ts';
import type { BenchResult } from './shell.ts';

const SECONDS = Number(process.env.BENCH_REPLICAS_SECONDS ?? 15);
const SESSIONS = Number(process.env.BENCH_REPLICAS_SESSIONS ?? 200);
const WARMUP_SECONDS = 5;
const REPLICA_COUNTS = [1, 2, 4];

interface Mark {
  at: number;
  machine: { busy: number; total: number };
  replicas: number;
  backends: Map<number, number>;
  loadGenerator: number;
}

/** CPU seconds of each PostgreSQL backend serving the named databases (the processes are the server's, read from /proc). */
async function backendCpu(admin: TestStoreDatabase, databases: string[]): Promise<Map<number, number>> {
  const rows = await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = ANY($1)', [databases]);
  const cpu = new Map<number, number>();
  for (const { pid } of rows) {
    try {
      cpu.set(pid, cpuSecondsOf(pid));
    } catch {
      // A backend that ended between the query and the read used no more CPU.
    }
  }
  return cpu;
}

async function mark(servers: RunningGatehouse[], storeDb: TestStoreDatabase, databases: string[]): Promise<Mark> {
  const own = process.cpuUsage();
  return {
    at: performance.now(),
    machine: machineCpuSeconds(),
    replicas: servers.reduce((sum, s) => sum + cpuSecondsOf(s.pid as number), 0),
    backends: await backendCpu(storeDb, databases),
    loadGenerator: (own.user + own.system) / 1e6,
  };
}

/** CPU the backends alive at both marks used between them. */
function backendSeconds(open: Mark, close: Mark): number {
  let sum = 0;
  for (const [pid, end] of close.backends) sum += end - (open.backends.get(pid) ?? end);
  return sum;
}

async function runReplicas(count: number, target: TestDatabase, keys: string[]): Promise<BenchResult[]> {
  const storeDb = await createStoreDatabase();
  const config = {
    identity: { apiKeys: keys.map((key, i) => ({ id: `agent-${i}`, groups: ['agents'], sha256: hashApiKey(key) })) },
    store: { postgres: { url: 'env:GATEHOUSE_STORE_URL', poolSize: 10 } },
    connections: { shop: { type: 'postgres', url: target.url, poolSize: 10 } },
    log: { level: 'warn' },
  };
  const servers = await Promise.all(Array.from({ length: count }, () => startGatehouse(config, 'http', { env: { GATEHOUSE_STORE_URL: storeDb.url }, token: keys[0] })));
  const databases = [new URL(storeDb.url).pathname.slice(1), new URL(target.url).pathname.slice(1)];
  try {
    const clients = await Promise.all(keys.map((key, i) => connectAgent(new URL((servers[i % count] as RunningGatehouse).url as string), key)));
    const tally = newTally();
    const deadline = performance.now() + (WARMUP_SECONDS + SECONDS) * 1000;
    const measured = async (): Promise<[Mark, Mark]> => {
      await sleep(WARMUP_SECONDS * 1000);
      const open = await mark(servers, storeDb, databases);
      await sleep(SECONDS * 1000);
      return [open, await mark(servers, storeDb, databases)];
    };
    const [[open, close]] = await Promise.all([measured(), ...clients.map((client, i) => runSession(client, i, deadline, tally))]);
    await Promise.all(clients.map((client) => client.close()));

    const calls = tally.finishedAt.filter((at) => at >= open.at && at <= close.at).length;
    const seconds = (close.at - open.at) / 1000;
    const cores = (used: number) => used / seconds;
    const errors = [...tally.errors.values()].reduce((a, b) => a + b, 0);
    if (errors > 0) console.error(`${count} replicas: errors by reason: ${JSON.stringify(Object.fromEntries(tally.errors))}`);
    const store = await openPostgresStore({ url: storeDb.url });
    const audit = await auditedCallsIn(store).finally(() => store.close());
    const prefix = `${count} replica${count > 1 ? 's' : ''} on one PostgreSQL store`;
    const machineCores = ((close.machine.busy - open.machine.busy) / (close.machine.total - open.machine.total)) * cpus().length;
    const ours = cores(close.replicas - open.replicas + backendSeconds(open, close) + close.loadGenerator - open.loadGenerator);
    return [
      { name: `${prefix}: ${SESSIONS} sessions, calls/s over ${SECONDS} s`, value: calls / seconds, unit: 'calls/s' },
      { name: `${prefix}: machine CPU busy`, value: machineCores, unit: `of ${cpus().length} cores` },
      { name: `${prefix}: CPU used by the replicas`, value: cores(close.replicas - open.replicas), unit: 'cores' },
      { name: `${prefix}: CPU used by PostgreSQL backends (store and target)`, value: cores(backendSeconds(open, close)), unit: 'cores' },
      { name: `${prefix}: CPU used by the load generator`, value: cores(close.loadGenerator - open.loadGenerator), unit: 'cores' },
      { name: `${prefix}: CPU used by other processes on the machine`, value: Math.max(0, machineCores - ours), unit: 'cores' },
      { name: `${prefix}: errors (goal 0)`, value: errors, unit: `of ${tally.calls} calls` },
      { name: `${prefix}: audited calls - calls made (goal 0)`, value: audit.finishedCalls - tally.calls, unit: `(chain ${audit.chainOk ? 'verifies' : 'BROKEN'}, ${audit.events} events)` },
    ];
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
    await storeDb.drop();
  }
}

export async function benchReplicas(): Promise<BenchResult[]> {
  if (!(await postgresReachable())) {
    console.error('replicas: no PostgreSQL server (PG_TEST_URL); skipped');
    return [];
  }
  useBuiltGatehouse();
  return withTemporaryCaptures(async () => {
    const target = await createTestDatabase();
    try {
      await seedCustomers(target);
      const keys = Array.from({ length: SESSIONS }, () => generateApiKey());
      const results: BenchResult[] = [];
      for (const count of REPLICA_COUNTS) results.push(...(await runReplicas(count, target, keys)));
      return results;
    } finally {
      await target.drop();
    }
  });
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const result of await benchReplicas()) console.log(`${result.name}: ${result.value.toFixed(1)} ${result.unit}`);
}
