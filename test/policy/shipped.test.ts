// The shipped policies pass their own test files, through the library and through the CLI.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { packs } from '../../tools/index.ts';
import { SHIPPED_POLICIES, SHIPPED_POLICY_DIR } from '../../src/config/load.ts';
import { loadPolicyFiles, type Policy } from '../../src/policy/compile.ts';
import { runPolicyTests } from '../../src/policy/testing.ts';
import { runCli, writeConfig } from '../fixtures/gatehouse.ts';

const testFiles = readdirSync(join(SHIPPED_POLICY_DIR, 'tests')).filter((f) => f.endsWith('.yaml')).map((f) => join(SHIPPED_POLICY_DIR, 'tests', f));

describe('shipped policies', () => {
  let policy: Policy;
  before(async () => {
    await Promise.all(packs.map((p) => p.init?.()));
    const loaded = loadPolicyFiles(SHIPPED_POLICIES, packs.map((p) => ({ key: p.factsKey, schema: p.factsSchema })));
    assert.ok(loaded.ok, loaded.ok ? '' : loaded.problems.join('\n'));
    policy = loaded.policy;
  });

  it('pass every case in policies/tests', () => {
    const results = [...runPolicyTests(policy, packs, testFiles)];
    assert.ok(results.length >= 30);
    const failures = results.filter((r) => !r.ok).map((r) => `${r.name}: expected ${JSON.stringify(r.expected)}, got ${JSON.stringify(r.actual)}`);
    assert.deepEqual(failures, []);
  });

  it('gatehouse policy test reports passes, failures and the actual decision', async () => {
    const ok = await runCli(['policy', 'test']);
    assert.equal(ok.code, 0, ok.stdout + ok.stderr);
    assert.match(ok.stdout, /^\d+ passed, 0 failed$/m);

    const { dir } = writeConfig({});
    const { writeFileSync } = await import('node:fs');
    const file = join(dir, 'wrong.yaml');
    writeFileSync(file, 'target: { name: shop }\ncases:\n  - { name: wrong on purpose, call: { tool: postgres_query, args: { sql: "DROP TABLE x" } }, effect: allow }\n  - { call: { tool: postgres_query, args: { sql: "SELECT 1" } }, effect: allow }\n');
    const bad = await runCli(['policy', 'test', file]);
    assert.equal(bad.code, 1);
    assert.match(bad.stdout, /FAIL .*wrong on purpose\n {2}expected allow\n {2}actual {3}deny \[[^\]]*sql-deny-destructive:deny/);
    assert.match(bad.stdout, /^1 passed, 1 failed$/m);
  });

  it('passes the policy test file the README shows, as written', async () => {
    const { readFileSync, writeFileSync } = await import('node:fs');
    const readme = readFileSync(join(SHIPPED_POLICY_DIR, '..', 'README.md'), 'utf8');
    const example = /\*\*Testing policies\.\*\*[\s\S]*?```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
    assert.ok(example, 'the README shows a policy test file');
    const { dir } = writeConfig({});
    writeFileSync(join(dir, 'readme-cases.yaml'), example);
    const run = await runCli(['policy', 'test', join(dir, 'readme-cases.yaml')]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /^3 passed, 0 failed$/m);
  });

  it('gatehouse policy explain prints the decision as JSON, whatever the effect', async () => {
    const { configFile } = writeConfig({ connections: { shop: { type: 'postgres', url: 'postgres://app@127.0.0.1:1/shop' } } });
    const r = await runCli(['policy', 'explain', '--config', configFile, '--tool', 'postgres_query', '--args', '{"connection":"shop","sql":"select 1; drop table customers"}']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { effect: string; default: boolean; rules: Array<{ id: string }>; facts: { sql: { statementCount: number } } };
    assert.equal(out.effect, 'deny');
    assert.equal(out.default, false);
    assert.ok(out.rules.some((x) => x.id === 'sql-deny-destructive'));
    assert.equal(out.facts.sql.statementCount, 2);
    const bad = await runCli(['policy', 'explain', '--config', configFile, '--tool', 'postgres_query', '--args', '{not json']);
    assert.equal(bad.code, 2);
  });
});
