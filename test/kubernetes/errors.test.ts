// Failures written for the agent, and fail-closed configuration: RBAC refusals, bad credentials,
// namespaces outside the allow-list, TLS that cannot be verified, broken kubeconfigs, reads that
// try to write. The token never appears in any message.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { KubernetesObjectApi, type ApiException } from '@kubernetes/client-node';
import { ToolError, type Target } from '../../src/pipeline/toolpack.ts';
import { statusError } from '../../tools/kubernetes/errors.ts';
import { KubernetesConnectionSchema, kubernetesPack } from '../../tools/kubernetes/index.ts';
import { CANARY } from '../fixtures/canary.ts';
import { LIMITS, runTool, startTestCluster, type TestCluster } from './cluster.ts';

const TOKEN = CANARY.kubernetesToken;

async function failure(promise: Promise<unknown>): Promise<ToolError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ToolError, `not a ToolError: ${String(error)}`);
    assert.ok(!error.message.includes(TOKEN), `token in: ${error.message}`);
    return error;
  }
  assert.fail('the call did not fail');
}

describe('kubernetes errors', () => {
  let c: TestCluster;
  before(async () => (c = await startTestCluster()));
  after(async () => c.close());
  beforeEach(() => void c.emulator.requests.splice(0));

  it('turns an RBAC 403 into a forbidden ToolError naming what was refused', async () => {
    c.emulator.forbid({ verb: 'list', resource: 'secrets', namespace: 'kube-system' });
    const e = await failure(c.run('kubernetes_list', { resource: 'secrets', namespace: 'kube-system' }));
    assert.equal(e.code, 'forbidden');
    assert.match(e.message, /^Kubernetes API 403 Forbidden: secrets is forbidden: User "system:serviceaccount:gatehouse:gatehouse" cannot list resource "secrets" in API group "" in the namespace "kube-system"$/);
  });

  it("answers a duplicate create with 409 AlreadyExists, as the client library's own API client sees it", async () => {
    const api = KubernetesObjectApi.makeApiClient(c.conn.kubeConfig().kc);
    const error = await api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'shop' }, data: {} }).then(
      () => assert.fail('created twice'),
      (e: unknown) => e as ApiException<string>,
    );
    assert.equal(error.code, 409);
    const mapped = statusError(c.conn, { status: error.code, body: Buffer.from(error.body) });
    assert.equal(mapped.code, 'already_exists');
    assert.match(mapped.message, /^Kubernetes API 409 AlreadyExists: configmaps "settings" already exists$/);
  });

  it('scrubs credentials the API server or a proxy might echo back', () => {
    c.conn.kubeConfig();
    const echoed = statusError(c.conn, { status: 500, body: Buffer.from(JSON.stringify({ kind: 'Status', message: `proxy saw Authorization: Bearer ${TOKEN}; retried with Bearer ${TOKEN}`, code: 500 })) });
    assert.equal(echoed.code, 'backend_error');
    assert.ok(!echoed.message.includes(TOKEN));
    assert.match(echoed.message, /Bearer \[REDACTED\]; retried with Bearer \[REDACTED\]/, 'every copy, not only the first');
  });

  it('scrubs the cluster token from results too, wherever the cluster holds a copy', async () => {
    c.emulator.store.seed({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'leak', namespace: 'shop', annotations: { note: `token=${TOKEN}` } }, data: { [`key-${TOKEN}`]: TOKEN } });
    const r = await c.run('kubernetes_get', { resource: 'cm', name: 'leak', namespace: 'shop' });
    assert.ok(!JSON.stringify(r).includes(TOKEN));
    assert.match(JSON.stringify(r), /token=\[REDACTED\]/);
  });
});

describe('kubernetes connections that must not work', () => {
  let c: TestCluster;
  before(async () => (c = await startTestCluster()));
  after(async () => c.close());
  beforeEach(() => void c.emulator.requests.splice(0));

  const target: Target = { name: 'prod', type: 'kubernetes', labels: {} };
  const open = (kubeconfig: string, config: Record<string, unknown> = {}) =>
    kubernetesPack.open(target, KubernetesConnectionSchema.parse({ kubeconfig: 'env:K', ...config }), { kubeconfig });
  const list = (kubeconfig: string, config: Record<string, unknown> = {}, args: Record<string, unknown> = { resource: 'pods', namespace: 'shop' }) =>
    runTool(open(kubeconfig, config), target, 'kubernetes_list', args, LIMITS, new AbortController().signal);

  it('a wrong token is a 401 that names neither token', async () => {
    const wrong = 'wrong-token-abcdefghijklmnop';
    const e = await failure(list(c.emulator.kubeconfig({ token: wrong })));
    assert.equal(e.code, 'backend_auth_failed');
    assert.ok(!e.message.includes(wrong));
  });

  it('refuses namespaces outside the allow-list before any request', async () => {
    const kubeconfig = c.emulator.kubeconfig();
    const config = { namespaces: ['shop'] };
    for (const args of [
      { resource: 'pods', namespace: 'kube-system' },
      // a name that only begins like an allowed one is another namespace
      { resource: 'pods', namespace: 'shop-admin' },
      { resource: 'pods', allNamespaces: true },
      { resource: 'nodes' },
      { resource: 'pods' },
    ]) {
      assert.equal((await failure(list(kubeconfig, config, args))).code, 'namespace_not_allowed', JSON.stringify(args));
    }
    const conn = open(kubeconfig, config);
    const apply = runTool(conn, target, 'kubernetes_apply', { manifest: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, namespace: kube-system}\n' }, LIMITS, new AbortController().signal);
    assert.equal((await failure(apply)).code, 'namespace_not_allowed');
    const exec = runTool(conn, target, 'kubernetes_exec', { pod: 'x', namespace: 'default', command: ['id'] }, LIMITS, new AbortController().signal);
    assert.equal((await failure(exec)).code, 'namespace_not_allowed');
    assert.deepEqual(c.emulator.requests, []);
    assert.equal(((await list(kubeconfig, config)) as { kind: string }).kind, 'document');
  });

  it('refuses a manifest with any document outside the allow-list before any request, so none of it is applied', async () => {
    const conn = open(c.emulator.kubeconfig(), { namespaces: ['shop'] });
    const manifest = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: shop}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b, namespace: kube-system}\n';
    const e = await failure(runTool(conn, target, 'kubernetes_apply', { manifest }, LIMITS, new AbortController().signal));
    assert.equal(e.code, 'namespace_not_allowed');
    assert.equal(e.message, 'namespace kube-system is not allowed on cluster "prod" (allowed: shop)');
    assert.deepEqual(c.emulator.requests, []);
  });

  it('refuses a custom resource that discovery shows cluster-scoped, read or applied, with only its discovery asked', async () => {
    // The classifier cannot know a CRD is cluster-scoped: named with an allowed namespace, it passes the first check.
    const conn = open(c.emulator.kubeconfig(), { namespaces: ['shop'] });
    const read = await failure(runTool(conn, target, 'kubernetes_list', { resource: 'gadgets.example.com', namespace: 'shop' }, LIMITS, new AbortController().signal));
    assert.equal(read.code, 'namespace_not_allowed');
    assert.match(read.message, /cluster-scoped resources are refused/);
    const manifest = 'apiVersion: example.com/v1\nkind: Gadget\nmetadata: {name: g, namespace: shop}\n';
    const applied = await failure(runTool(conn, target, 'kubernetes_apply', { manifest }, LIMITS, new AbortController().signal));
    assert.equal(applied.code, 'namespace_not_allowed');
    assert.match(applied.message, /cluster-scoped resources are refused/);
    // Discovery only (/api, /apis, /apis/example.com/v1): no path of the resource itself.
    assert.deepEqual(c.emulator.requests.filter((r) => r.method !== 'GET' || r.path.split('/').length > 4), []);
  });

  it('does not trust a server certificate it cannot verify', async () => {
    const e = await failure(list(c.emulator.kubeconfig({ withCa: false })));
    assert.equal(e.code, 'tls_failed');
    assert.match(e.message, /certificate-authority-data/);
    assert.deepEqual(c.emulator.requests, []);
  });

  it('skips TLS verification only when the connection itself says so', async () => {
    const insecure = c.emulator.kubeconfig({ withCa: false, insecure: true });
    const e = await failure(list(insecure));
    assert.equal(e.code, 'config_error');
    assert.match(e.message, /insecureSkipTlsVerify: true/);
    assert.deepEqual(c.emulator.requests, []);
    assert.equal(((await list(c.emulator.kubeconfig({ withCa: false }), { insecureSkipTlsVerify: true })) as { kind: string }).kind, 'document');
  });

  it('a kubeconfig that does not parse is a config error that quotes none of it', async () => {
    const e = await failure(list(`apiVersion: v1\nusers:\n- name: u\n  user: {token: ${TOKEN}\n`));
    assert.equal(e.code, 'config_error');
    assert.match(e.message, /not a valid kubeconfig/);
  });

  it('picks the configured context, and refuses one that does not exist', async () => {
    const two = c.emulator.kubeconfig().replace('current-context: emulator', 'current-context: other').replace('contexts:\n', 'contexts:\n- name: other\n  context: {cluster: emulator, user: nobody}\n');
    assert.equal(((await list(two, { context: 'emulator' })) as { kind: string }).kind, 'document');
    assert.equal((await failure(list(two, { context: 'staging' }))).code, 'config_error');
  });

  it('an unreachable API server is backend_unavailable', async () => {
    const e = await failure(list(c.emulator.kubeconfig().replace(/https:\/\/127\.0\.0\.1:\d+/, 'https://127.0.0.1:1')));
    assert.equal(e.code, 'backend_unavailable');
  });

  it('inCluster outside a pod is a config error', async () => {
    const saved = process.env.KUBERNETES_SERVICE_HOST;
    delete process.env.KUBERNETES_SERVICE_HOST;
    try {
      const conn = kubernetesPack.open(target, KubernetesConnectionSchema.parse({ inCluster: true }), {});
      const e = await failure(runTool(conn, target, 'kubernetes_list', { resource: 'pods' }, LIMITS, new AbortController().signal));
      assert.equal(e.code, 'config_error');
    } finally {
      if (saved !== undefined) process.env.KUBERNETES_SERVICE_HOST = saved;
    }
  });

  it('a call decided as a read cannot send a write', async () => {
    const args = { cluster: 'prod', resource: 'configmaps', name: 'settings', namespace: 'shop' };
    const classification = kubernetesPack.classify('kubernetes_delete', args);
    const run = kubernetesPack.execute({ tool: 'kubernetes_delete', args, target, connection: c.conn, targets: [target] }, { limits: LIMITS, readOnly: true, signal: new AbortController().signal, classification });
    assert.equal((await failure(run)).code, 'read_only_violation');
    assert.ok(c.emulator.requests.every((q) => q.method === 'GET'));
  });
});
