// The shipped policy in front of the pack, as the pipeline runs it: evaluate first (arguments,
// target, classification, decision), execute only when allowed. Denied calls never reach the
// emulator; allowed ones do.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { SHIPPED_POLICY_DIR } from '../../src/config/load.ts';
import { evaluateCall } from '../../src/pipeline/evaluate.ts';
import { createRegistry, type Registry } from '../../src/pipeline/registry.ts';
import type { ToolResult } from '../../src/pipeline/result.ts';
import { loadPolicyFiles, type Policy } from '../../src/policy/compile.ts';
import type { Decision } from '../../src/policy/decide.ts';
import { KubernetesConnectionSchema } from '../../tools/kubernetes/index.ts';
import { LIMITS, pack, startTestCluster, type TestCluster } from './cluster.ts';

const agent = { id: 'agent-1', name: 'agent-1', groups: ['dev'], kind: 'agent' as const };
const PRIVILEGED = 'apiVersion: v1\nkind: Pod\nmetadata: {name: root, namespace: shop}\nspec:\n  containers:\n  - name: sh\n    image: busybox\n    securityContext: {privileged: true}\n';

describe('kubernetes calls behind the shipped policy', () => {
  let c: TestCluster;
  let policy: Policy;
  let registry: Registry;

  before(async () => {
    c = await startTestCluster();
    const loaded = loadPolicyFiles([join(SHIPPED_POLICY_DIR, 'default.yaml'), join(SHIPPED_POLICY_DIR, 'kubernetes.yaml')], [{ key: pack.factsKey, schema: pack.factsSchema }]);
    assert.ok(loaded.ok, loaded.ok ? '' : loaded.problems.join('\n'));
    policy = loaded.policy;
    const config = KubernetesConnectionSchema.parse({ kubeconfig: 'env:KUBECONFIG_PROD' });
    registry = createRegistry([pack], new Map([['prod', { target: c.target, pack, config, secrets: { kubeconfig: c.emulator.kubeconfig() } }]]));
  });
  after(async () => {
    await registry.close();
    await c.close();
  });
  beforeEach(() => void c.emulator.requests.splice(0));

  /** Decides, then executes only an allowed call, like the pipeline. */
  async function call(tool: string, args: Record<string, unknown>): Promise<{ decision: Decision; result?: ToolResult }> {
    const evaluated = evaluateCall(registry, policy, LIMITS, tool, { cluster: 'prod', ...args }, agent);
    assert.ok(evaluated.ok, evaluated.ok ? '' : evaluated.refusal.message);
    const { decision } = evaluated.value;
    if (decision.effect !== 'allow') return { decision };
    const e = evaluated.value;
    const result = await pack.execute(
      { tool, args: e.args, target: e.target, ...(e.open ? { connection: e.open.handle } : {}), targets: e.targets },
      { limits: decision.limits, readOnly: e.classification.readOnly, signal: new AbortController().signal, classification: e.classification },
    );
    return { decision, result };
  }

  it('denies applying a privileged pod, and nothing reaches the API', async () => {
    const { decision, result } = await call('kubernetes_apply', { manifest: PRIVILEGED });
    assert.equal(decision.effect, 'deny');
    assert.ok(decision.rules.some((r) => r.id === 'k8s-deny-privileged-workloads'));
    assert.equal(result, undefined);
    assert.deepEqual(c.emulator.requests, []);
  });

  it('denies a privileged pod behind a harmless first document, and nothing reaches the API', async () => {
    const manifest = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: harmless, namespace: shop}\n---\n${PRIVILEGED}`;
    const { decision, result } = await call('kubernetes_apply', { manifest });
    assert.equal(decision.effect, 'deny');
    assert.ok(decision.rules.some((r) => r.id === 'k8s-deny-privileged-workloads'));
    assert.equal(result, undefined);
    assert.deepEqual(c.emulator.requests, []);
  });

  it('denies exec of rm -rf /, as a line or an argv, and the emulator receives no request', async () => {
    for (const command of ['rm -rf /', ['rm', '-rf', '/'], ['sh', '-c', 'rm -rf /*']]) {
      const { decision } = await call('kubernetes_exec', { pod: 'web-1', namespace: 'shop', command });
      assert.equal(decision.effect, 'deny', JSON.stringify(command));
      assert.ok(decision.rules.some((r) => r.id === 'k8s-deny-exec-dangerous'));
    }
    assert.deepEqual(c.emulator.requests, []);
  });

  it('holds a read-only exec and a scale for review without executing them', async () => {
    assert.equal((await call('kubernetes_exec', { pod: 'web-1', namespace: 'shop', command: ['ls', '/'] })).decision.effect, 'review');
    assert.equal((await call('kubernetes_scale', { name: 'web', namespace: 'shop', replicas: 9 })).decision.effect, 'review');
    assert.deepEqual(c.emulator.requests, []);
  });

  it('lets an allowed read through to the API', async () => {
    const { decision, result } = await call('kubernetes_get', { resource: 'secret', name: 'db', namespace: 'shop' });
    assert.equal(decision.effect, 'allow');
    assert.equal(result?.kind, 'document');
    assert.ok(c.emulator.requests.some((q) => q.path === '/api/v1/namespaces/shop/secrets/db'));
  });
});
