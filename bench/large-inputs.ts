// Small calls while large ones arrive: over HTTP, FLOOD agents (default 4, each its own API key)
// send 250 kB SELECTs (just under the classifier's length bound) back to back, while one more
// agent makes 1-row lookups one after another. Reported: the lookups' p50 and p99 (goal p99 under
// 20 ms), with large inputs classified on worker threads (as shipped) and in place (threads 0, as
// before), and how many large calls were classified and run rather than refused for their share of
// checking time; and the same lookups with no large calls at all, the floor the machine allows (on
// a shared, loaded host that floor alone can be past the goal). BENCH_LARGE_SECONDS (default 20)
// measured per variant after 3 s of warm-up.
// Run directly with `npx tsx bench/large-inputs.ts`, or through benchLargeInputs() from the runner.
import { rmSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { Client } from '@modelcontextprotocol/client';
import { generateApiKey, hashApiKey } from '../src/identity/index.ts';
import { SQL_LIMITS } from '../tools/postgres/classify/index.ts';
import { startGatehouse } from '../test/fixtures/gatehouse.ts';
import { createTestDatabase, type TestDatabase } from '../test/fixtures/postgres.ts';
import { useBuiltGatehouse } from './built.ts';
import { connectAgent, type CallOutcome } from './load-agents.ts';
import { percentile, type BenchResult } from './shell.ts';

const SECONDS = Number(process.env.BENCH_LARGE_SECONDS ?? 20);
const FLOOD = Number(process.env.BENCH_LARGE_FLOOD ?? 4);
const WARMUP_SECONDS = 3;

/** A read of ids no customer has, as long as the classifier accepts: the cost is all in checking it. */
function largeSelect(): string {
  const head = 'SELECT id, name FROM customers WHERE id IN (';
  const ids: string[] = [];
  for (let id = 1_000_000, length = head.length + 1; length + 8 < SQL_LIMITS.maxChars; id++, length += 8) ids.push(String(id));
  return `${head}${ids.join(',')})`;
}

const lookup = (n: number) => ({ name: 'postgres_query', arguments: { connection: 'shop', sql: 'SELECT id, name, city FROM customers WHERE id = $1', params: [1 + (n % 5)] } });

interface Tally {
  small: number[];
  smallErrors: number;
  largeRun: number;
  largeRefused: Map<string, number>;
}

async function flood(client: Client, sql: string, until: number, tally: Tally, counting: () => boolean): Promise<void> {
  while (performance.now() < until) {
    const result = (await client.callTool({ name: 'postgres_query', arguments: { connection: 'shop', sql } }, { timeout: 120_000 })) as CallOutcome;
    if (!counting()) continue;
    if (!result.isError) tally.largeRun++;
    else {
      const code = String((result.structuredContent?.error as { code?: string } | undefined)?.code);
      tally.largeRefused.set(code, (tally.largeRefused.get(code) ?? 0) + 1);
    }
  }
}

async function smallCalls(client: Client, until: number, tally: Tally, counting: () => boolean): Promise<void> {
  for (let n = 0; performance.now() < until; n++) {
    const start = performance.now();
    const result = (await client.callTool(lookup(n))) as CallOutcome;
    if (!counting()) continue;
    tally.small.push(performance.now() - start);
    if (result.isError) tally.smallErrors++;
  }
}

async function variant(db: TestDatabase, label: string, largeInputs: Record<string, unknown>, flooding = FLOOD): Promise<BenchResult[]> {
  const keys = Array.from({ length: flooding + 1 }, () => generateApiKey());
  const gh = await startGatehouse(
    {
      server: { largeInputs },
      identity: { apiKeys: keys.map((key, i) => ({ id: `agent-${i}`, groups: ['agents'], sha256: hashApiKey(key) })) },
      connections: { shop: { type: 'postgres', url: db.url, labels: { env: 'bench' } } },
      log: { level: 'warn' },
    },
    'http',
    { token: keys[0] },
  );
  try {
    if (!gh.url) throw new Error('gatehouse started without a URL');
    const url = new URL(gh.url);
    const [small, ...flooders] = await Promise.all(keys.map((key) => connectAgent(url, key)));
    const tally: Tally = { small: [], smallErrors: 0, largeRun: 0, largeRefused: new Map() };
    const opens = performance.now() + WARMUP_SECONDS * 1000;
    const until = opens + SECONDS * 1000;
    const counting = () => performance.now() >= opens;
    const sql = largeSelect();
    await Promise.all([smallCalls(small as Client, until, tally, counting), ...flooders.map((client) => flood(client, sql, until, tally, counting))]);
    await Promise.all([small, ...flooders].map((client) => client?.close()));
    const sorted = tally.small.sort((a, b) => a - b);
    const refused = [...tally.largeRefused].map(([code, n]) => `${n} ${code}`).join(', ') || 'none refused';
    const lookups = [
      { name: `large inputs ${label}: 1-row call p50`, value: percentile(sorted, 0.5), unit: 'ms' },
      { name: `large inputs ${label}: 1-row call p99 (goal < 20)`, value: percentile(sorted, 0.99), unit: `ms (${sorted.length} calls, ${tally.smallErrors} errors)` },
    ];
    if (flooding === 0) return lookups;
    return [...lookups, { name: `large inputs ${label}: large calls run`, value: tally.largeRun, unit: `in ${SECONDS} s (${refused})` }];
  } finally {
    await gh.stop();
    rmSync(gh.dir, { recursive: true, force: true });
  }
}

export async function benchLargeInputs(): Promise<BenchResult[]> {
  useBuiltGatehouse();
  const db = await createTestDatabase();
  try {
    const flood = `while ${FLOOD} agents send ${Math.round(largeSelect().length / 1000)} kB SQL back to back`;
    return [
      ...(await variant(db, 'none sent (the floor)', {}, 0)),
      ...(await variant(db, `on worker threads ${flood}`, {})),
      ...(await variant(db, `in place (threads 0) ${flood}`, { threads: 0 })),
    ];
  } finally {
    await db.drop();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const result of await benchLargeInputs()) console.log(`${result.name}: ${result.value.toFixed(1)} ${result.unit}`);
}
