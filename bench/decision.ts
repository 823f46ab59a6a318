// Decision time per call under the shipped policy, parse included: SQL over the classifier corpus,
// shell lines over the shell corpus, Kubernetes calls over the shipped policy's test cases (manifests
// and exec commands parsed). Reports p50 and p99 in microseconds.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { SHIPPED_POLICIES } from '../src/config/load.ts';
import { loadPolicyFiles } from '../src/policy/compile.ts';
import { decide } from '../src/policy/decide.ts';
import { packs } from '../tools/index.ts';
import { DEFAULT_PROTECTION } from '../src/masking/index.ts';
import { analyzeSql } from '../tools/postgres/classify/index.ts';
import { analyzeLineage, NAME_ONLY_RESOLVER, protectedUse } from '../tools/postgres/lineage/index.ts';
import type { BenchResult } from './shell.ts';

const limits = { timeoutMs: 1000, maxRows: 10, maxBytes: 1000 };
const principal = { id: 'bench', name: 'bench', groups: [], kind: 'agent' as const };

export async function benchDecision(): Promise<BenchResult[]> {
  await Promise.all(packs.map((p) => p.init?.()));
  const loaded = loadPolicyFiles(SHIPPED_POLICIES, packs.map((p) => ({ key: p.factsKey, schema: p.factsSchema })));
  if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
  const policy = loaded.policy;
  const byType = new Map(packs.map((p) => [p.type, p]));
  const sql = (parseYaml(readFileSync(new URL('../test/postgres/sql-corpus.yaml', import.meta.url), 'utf8')) as Array<{ sql: string }>).map((c) => c.sql);
  const lines = (parseYaml(readFileSync(new URL('../test/ssh/shell-corpus.yaml', import.meta.url), 'utf8')) as Array<{ line: string }>).map((c) => c.line);
  const kubernetes = (parseYaml(readFileSync(new URL('../policies/tests/kubernetes.yaml', import.meta.url), 'utf8')) as { cases: Array<{ call: { tool: string; args: Record<string, unknown> } }> }).cases;
  // Each call as an agent sends it: its tool and arguments. `round` varies the text so caches never answer.
  const run = (type: string, calls: (round: number) => Array<{ tool: string; args: Record<string, unknown> }>) => {
    const pack = byType.get(type);
    if (!pack) throw new Error(type);
    const times: number[] = [];
    for (let round = 0; round < 20; round++) {
      for (const { tool, args } of calls(round)) {
        const start = performance.now();
        const c = pack.classify(tool, args, { protection: DEFAULT_PROTECTION });
        decide(policy, { tool, target: { name: 't', type, labels: {} }, principal, facts: c.facts }, limits);
        times.push((performance.now() - start) * 1000);
      }
    }
    times.sort((a, b) => a - b);
    const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
    return [
      { name: `${type} decision p50 (parse included)`, value: at(0.5), unit: 'µs' },
      { name: `${type} decision p99 (parse included)`, value: at(0.99), unit: 'µs' },
    ];
  };
  // A distinct suffix per round defeats the classifiers' last-result caches: parse included.
  const suffix = (round: number) => (round % 2 ? ' ' : '\n');
  const inputSchema = (tool: string) => packs.flatMap((p) => p.tools).find((t) => t.name === tool)?.input;
  return [
    lineageP50(sql),
    ...run('postgres', (round) => sql.map((text) => ({ tool: 'postgres_query', args: { sql: `${text}${suffix(round)}` } }))),
    ...run('ssh', (round) => lines.map((text) => ({ tool: 'ssh_exec', args: { command: `${text}${suffix(round)}` } }))),
    ...run('kubernetes', (round) =>
      kubernetes.map(({ call }) => {
        const args = { cluster: 't', ...call.args, ...(typeof call.args.manifest === 'string' ? { manifest: `${call.args.manifest}${suffix(round)}` } : {}) };
        return { tool: call.tool, args: (inputSchema(call.tool)?.safeParse(args).data as Record<string, unknown> | undefined) ?? args };
      }),
    ),
  ];
}

/** Lineage and the protected facts alone, from the parse the classifier made (goal: p50 under 100 µs). */
function lineageP50(sql: readonly string[]): BenchResult {
  const parsed = sql.map((text) => analyzeSql(text)).filter((a) => a.facts.parsed);
  const times: number[] = [];
  for (let round = 0; round < 20; round++) {
    for (const { statements } of parsed) {
      const start = performance.now();
      protectedUse(analyzeLineage(statements, NAME_ONLY_RESOLVER), DEFAULT_PROTECTION);
      times.push((performance.now() - start) * 1000);
    }
  }
  times.sort((a, b) => a - b);
  return { name: 'sql lineage p50 (from the parse)', value: times[Math.floor(times.length / 2)] ?? 0, unit: 'µs' };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const r of await benchDecision()) console.log(`${r.name}: ${r.value.toFixed(1)} ${r.unit}`);
}
