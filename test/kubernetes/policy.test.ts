// The shipped Kubernetes policy passes its YAML test cases through the policy test library,
// and its rule ids do not clash with the other shipped policies.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { SHIPPED_POLICY_DIR } from '../../src/config/load.ts';
import { loadPolicyFiles, type Policy } from '../../src/policy/compile.ts';
import { runPolicyTests } from '../../src/policy/testing.ts';
import { kubernetesPack } from '../../tools/kubernetes/index.ts';
import type { ToolPack } from '../../src/pipeline/toolpack.ts';

const pack = kubernetesPack as unknown as ToolPack;
const policyFile = join(SHIPPED_POLICY_DIR, 'kubernetes.yaml');
const testFile = join(SHIPPED_POLICY_DIR, 'tests', 'kubernetes.yaml');

describe('policies/kubernetes.yaml', () => {
  let policy: Policy;
  before(async () => {
    await pack.init?.();
    const loaded = loadPolicyFiles([join(SHIPPED_POLICY_DIR, 'default.yaml'), policyFile], [{ key: pack.factsKey, schema: pack.factsSchema }]);
    assert.ok(loaded.ok, loaded.ok ? '' : loaded.problems.join('\n'));
    policy = loaded.policy;
  });

  it('passes every case in policies/tests/kubernetes.yaml', () => {
    const results = [...runPolicyTests(policy, [pack], [testFile])];
    assert.ok(results.length >= 25, `only ${results.length} cases`);
    const failures = results.filter((r) => !r.ok).map((r) => `${r.name}: expected ${JSON.stringify(r.expected)}, got ${JSON.stringify(r.actual)}`);
    assert.deepEqual(failures, []);
  });

  it('uses k8s- rule ids that no other shipped policy uses', () => {
    const ids = (file: string) => ((parseYaml(readFileSync(file, 'utf8')) as { rules?: Array<{ id: string }> }).rules ?? []).map((r) => r.id);
    const mine = ids(policyFile);
    assert.ok(mine.length > 0 && mine.every((id) => id.startsWith('k8s-')));
    const others = readdirSync(SHIPPED_POLICY_DIR).filter((f) => f.endsWith('.yaml') && f !== 'kubernetes.yaml').flatMap((f) => ids(join(SHIPPED_POLICY_DIR, f)));
    assert.deepEqual(mine.filter((id) => others.includes(id)), []);
    assert.equal(new Set(mine).size, mine.length);
  });
});
