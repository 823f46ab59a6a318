// gatehouse policy test [FILES...]: runs policy test cases against the configured (or shipped)
// policies; prints each failure with the actual decision and ends with "N passed, N failed".
import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { packs } from '../../tools/index.ts';
import { SHIPPED_POLICIES, SHIPPED_POLICY_DIR } from '../config/load.ts';
import { loadPolicyFiles } from '../policy/compile.ts';
import { runPolicyTests } from '../policy/testing.ts';
import { configPath, loadOrExit, NO_BACKEND } from './args.ts';

export async function policyTest(files: string[], options: { config?: string }): Promise<void> {
  const policyFiles = options.config ? loadOrExit(configPath(options.config), packs, 2, NO_BACKEND).policyFiles : SHIPPED_POLICIES;
  const loaded = loadPolicyFiles(policyFiles, packs.map((p) => ({ key: p.factsKey, schema: p.factsSchema })));
  if (!loaded.ok) {
    for (const p of loaded.problems) console.error(p);
    process.exit(2);
  }
  await Promise.all(packs.map((p) => p.init?.()));
  const testFiles = files.length > 0 ? files.map((f) => resolve(f)) : defaultTestFiles(policyFiles);
  let passed = 0;
  let failed = 0;
  for (const r of runPolicyTests(loaded.policy, packs, testFiles)) {
    if (r.ok) {
      passed++;
      continue;
    }
    failed++;
    const actual = 'error' in r.actual ? `error: ${r.actual.error}` : `${r.actual.effect} [${r.actual.rules.join(', ') || 'default'}] ${r.actual.reason}`;
    console.log(`FAIL ${r.file}: ${r.name}\n  expected ${r.expected.effect}${r.expected.rule ? ` by ${r.expected.rule}` : ''}\n  actual   ${actual}`);
  }
  console.log(`${passed} passed, ${failed} failed`);
  if (failed > 0) process.exitCode = 1;
}

/** Test files live in a tests/ folder beside the policy files: *.yaml there. */
function defaultTestFiles(policyFiles: readonly string[]): string[] {
  const dirs = new Set([SHIPPED_POLICY_DIR, ...policyFiles.map((f) => dirname(f))].map((d) => join(d, 'tests')));
  return [...dirs].flatMap((dir) => {
    try {
      return readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort().map((f) => join(dir, f));
    } catch {
      return [];
    }
  });
}
