// kubernetes_apply, _delete, _scale and _rollout_restart against the emulator: the exact requests
// (server-side apply with fieldManager gatehouse, merge patches, the scale subresource), their
// effect in the store, and the API's refusals (409 conflict, 422 invalid) as ToolErrors.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { DocumentResult } from '../../src/pipeline/result.ts';
import type { ToolError } from '../../src/pipeline/toolpack.ts';
import { GITHUB_TOKEN, served, startTestCluster, type TestCluster } from './cluster.ts';

type Json = Record<string, unknown>;

const deployment = (replicas: number, image = 'web:2') =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  namespace: shop\nspec:\n  replicas: ${replicas}\n  selector: {matchLabels: {app: api}}\n  template:\n    metadata: {labels: {app: api}}\n    spec:\n      containers: [{name: api, image: "${image}"}]\n`;

describe('kubernetes changes', () => {
  let c: TestCluster;
  before(async () => (c = await startTestCluster()));
  after(async () => c.close());
  beforeEach(() => void c.emulator.requests.splice(0));

  const live = (resource: string, name: string, namespace = 'shop') => c.emulator.store.get(served(resource), namespace, name);

  it('server-side applies with fieldManager gatehouse: created, then configured', async () => {
    const first = (await c.run('kubernetes_apply', { manifest: deployment(1) })) as DocumentResult;
    assert.deepEqual(first.value, [{ kind: 'Deployment', namespace: 'shop', name: 'api', result: 'created' }]);
    const patch = c.emulator.requests.find((q) => q.method === 'PATCH');
    assert.equal(patch?.path, '/apis/apps/v1/namespaces/shop/deployments/api');
    assert.equal(patch?.contentType, 'application/apply-patch+yaml');
    assert.deepEqual(patch?.query, { fieldManager: 'gatehouse' });
    const second = (await c.run('kubernetes_apply', { manifest: deployment(3) })) as DocumentResult;
    assert.equal((second.value as Json[])[0]?.result, 'configured');
    const object = live('deployments', 'api');
    assert.equal((object.spec as Json).replicas, 3);
    assert.ok(((object.metadata as Json).managedFields as Json[]).some((m) => m.manager === 'gatehouse' && m.operation === 'Apply'));
  });

  it('applies several documents in order, a custom resource among them, into the namespace argument', async () => {
    const manifest = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: flags}\ndata: {beta: "on"}\n---\napiVersion: example.com/v1\nkind: Widget\nmetadata: {name: sprocket}\nspec: {size: 5}\n';
    const r = (await c.run('kubernetes_apply', { manifest, namespace: 'shop' })) as DocumentResult;
    assert.deepEqual((r.value as Json[]).map((o) => `${String(o.kind)} ${String(o.namespace)}/${String(o.name)} ${String(o.result)}`), ['ConfigMap shop/flags created', 'Widget shop/sprocket created']);
    assert.deepEqual(
      c.emulator.requests.filter((q) => q.method === 'PATCH').map((q) => q.path),
      ['/api/v1/namespaces/shop/configmaps/flags', '/apis/example.com/v1/namespaces/shop/widgets/sprocket'],
    );
    assert.equal((live('widgets', 'sprocket').spec as Json).size, 5);
  });

  it('a dry run reaches the server as dryRun=All and persists nothing', async () => {
    const r = (await c.run('kubernetes_apply', { manifest: deployment(1).replace('name: api', 'name: trial'), dryRun: true })) as DocumentResult;
    assert.match(r.note ?? '', /dry run/);
    assert.equal(c.emulator.requests.find((q) => q.method === 'PATCH')?.query.dryRun, 'All');
    assert.throws(() => live('deployments', 'trial'), /not found/);
  });

  it('a field owned by another manager is a 409 conflict with a hint; force takes it over', async () => {
    // The container list is the live one (the emulator treats lists as atomic values).
    const manifest = `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  replicas: 5\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: app, image: "web:1", env: [{name: GITHUB_TOKEN, value: ${GITHUB_TOKEN}}]}]}\n`;
    await assert.rejects(c.run('kubernetes_apply', { manifest }), (e: ToolError) => {
      assert.equal(e.code, 'conflict');
      assert.match(e.message, /object 1 of 1 \(Deployment shop\/web\) failed: Kubernetes API 409 Conflict: Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps\/v1: \.spec\.replicas/);
      assert.match(e.message, /force: true/);
      return true;
    });
    assert.equal((live('deployments', 'web').spec as Json).replicas, 2);
    await c.run('kubernetes_apply', { manifest, force: true });
    assert.equal(c.emulator.requests.at(-1)?.query.force, 'true');
    assert.equal((live('deployments', 'web').spec as Json).replicas, 5);
  });

  it('an invalid object is a 422 with the field named, and says what was applied before it', async () => {
    const manifest = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok, namespace: shop}\n---\n' + deployment(-1);
    await assert.rejects(c.run('kubernetes_apply', { manifest }), (e: ToolError) => {
      assert.equal(e.code, 'invalid');
      assert.match(e.message, /Deployment\.apps "api" is invalid: spec\.replicas: Invalid value: -1/);
      assert.match(e.message, /applied before it: ConfigMap shop\/ok/);
      return true;
    });
  });

  it('deletes: a Status for most objects, the terminating object for pods', async () => {
    const cm = (await c.run('kubernetes_delete', { resource: 'cm', name: 'ok', namespace: 'shop' })) as DocumentResult;
    assert.deepEqual(cm.value, { deleted: { resource: 'configmaps', namespace: 'shop', name: 'ok' }, state: 'deleted' });
    const del = c.emulator.requests.find((q) => q.method === 'DELETE');
    assert.equal(del?.path, '/api/v1/namespaces/shop/configmaps/ok');
    const pod = (await c.run('kubernetes_delete', { resource: 'pod', name: 'web-2', namespace: 'shop' })) as DocumentResult;
    assert.equal((pod.value as Json).state, 'terminating');
    await assert.rejects(c.run('kubernetes_delete', { resource: 'pod', name: 'web-2', namespace: 'shop' }), (e: ToolError) => e.code === 'not_found');
  });

  it('scales through the scale subresource with a merge patch', async () => {
    const r = (await c.run('kubernetes_scale', { name: 'web', namespace: 'shop', replicas: 4 })) as DocumentResult;
    assert.deepEqual(r.value, { resource: 'deployments.apps', namespace: 'shop', name: 'web', replicas: 4, currentReplicas: 4 });
    const patch = c.emulator.requests.find((q) => q.method === 'PATCH');
    assert.equal(patch?.path, '/apis/apps/v1/namespaces/shop/deployments/web/scale');
    assert.equal(patch?.contentType, 'application/merge-patch+json');
    assert.equal((live('deployments', 'web').spec as Json).replicas, 4);
    await assert.rejects(c.run('kubernetes_scale', { resource: 'configmaps', name: 'settings', namespace: 'shop', replicas: 1 }), (e: ToolError) => e.code === 'not_supported');
  });

  it('restarts a rollout by stamping the pod template, as kubectl does', async () => {
    const before = Number((live('deployments', 'web').metadata as Json).generation);
    const r = (await c.run('kubernetes_rollout_restart', { name: 'web', namespace: 'shop' })) as DocumentResult;
    const stamp = (r.value as Json).restartedAt as string;
    assert.match(stamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const template = ((live('deployments', 'web').spec as Json).template as Json).metadata as Json;
    assert.equal((template.annotations as Json)['kubectl.kubernetes.io/restartedAt'], stamp);
    assert.equal(Number((live('deployments', 'web').metadata as Json).generation), before + 1);
    await assert.rejects(c.run('kubernetes_rollout_restart', { resource: 'pods', name: 'web-1', namespace: 'shop' }), (e: ToolError) => e.code === 'not_supported');
  });
});
