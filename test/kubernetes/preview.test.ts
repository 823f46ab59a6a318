// The impact preview of held Kubernetes changes against the emulator: an apply goes as a
// server-side dry run and is compared with the live object, field by field; scale, delete and
// restart are read against the live object. Nothing is persisted, and secret-bearing values
// (env, data, every value of a Secret) are named, never shown.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { Impact } from '../../src/pipeline/toolpack.ts';
import { CARD, GITHUB_TOKEN, LIMITS, SECRET_VALUE, served, startTestCluster, type TestCluster } from './cluster.ts';
import { kubernetesPack } from '../../tools/kubernetes/index.ts';

type Json = Record<string, unknown>;

const webDeployment = (image: string, replicas: number) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop, labels: {app: web}}\nspec:\n  replicas: ${replicas}\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: app, image: "${image}", env: [{name: GITHUB_TOKEN, value: "${CARD}"}]}]}\n`;

describe('kubernetes impact preview', () => {
  let c: TestCluster;
  before(async () => (c = await startTestCluster()));
  after(async () => c.close());
  beforeEach(() => void c.emulator.requests.splice(0));

  const preview = (tool: string, args: Json): Promise<Impact> => {
    const spec = kubernetesPack.tools.find((t) => t.name === tool);
    const parsed = spec?.input.parse({ cluster: 'prod', ...args }) as Json;
    const classification = kubernetesPack.classify(tool, parsed);
    const previewOf = kubernetesPack.preview as NonNullable<typeof kubernetesPack.preview>;
    return previewOf({ tool, args: parsed, target: c.target, connection: c.conn, targets: [c.target] }, { limits: LIMITS, readOnly: false, signal: new AbortController().signal, classification });
  };
  const live = (resource: string, name: string) => c.emulator.store.get(served(resource), 'shop', name);

  it('dry-runs an apply and names each changed field, old and new, persisting nothing', async () => {
    const before = JSON.stringify(live('deployments', 'web'));
    const impact = await preview('kubernetes_apply', { manifest: webDeployment('miner:latest', 2), force: true });
    assert.equal(impact.method, 'dry run');
    const text = (impact.changes ?? []).join('\n');
    assert.match(text, /Deployment shop\/web: .*spec\.template\.spec\.containers\[0\]\.image: "web:1" → "miner:latest"/);
    assert.match(text, /spec\.template\.spec\.containers\[0\]\.env\[0\]\.value changes/);
    assert.doesNotMatch(text, new RegExp(`${GITHUB_TOKEN}|4111`), 'env values are never shown');
    assert.equal(JSON.stringify(live('deployments', 'web')), before, 'the dry run persisted nothing');
    assert.equal(c.emulator.requests.find((q) => q.method === 'PATCH')?.query.dryRun, 'All');
  });

  it('says why there is no preview when the server refuses the dry run', async () => {
    const impact = await preview('kubernetes_apply', { manifest: webDeployment('miner:latest', 2) });
    assert.deepEqual(impact, { method: 'none', note: 'the dry run was refused (conflict)' });
  });

  it('says an apply creates an object that does not exist yet', async () => {
    const impact = await preview('kubernetes_apply', { manifest: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: fresh, namespace: shop}\ndata: {a: "1"}\n' });
    assert.deepEqual(impact.changes, ['creates ConfigMap shop/fresh']);
    assert.throws(() => live('configmaps', 'fresh'), /not found/);
  });

  it('never shows a Secret\'s values, old or new', async () => {
    const impact = await preview('kubernetes_apply', { manifest: 'apiVersion: v1\nkind: Secret\nmetadata: {name: db, namespace: shop}\nstringData: {password: "new-value-xyz"}\n' });
    assert.equal(impact.method, 'dry run', JSON.stringify(impact));
    const text = (impact.changes ?? []).join('\n');
    assert.match(text, /Secret shop\/db: .*changes/);
    assert.doesNotMatch(text, new RegExp(`${SECRET_VALUE}|new-value-xyz`));
  });

  it('reads scale, delete and restart against the live object', async () => {
    assert.deepEqual((await preview('kubernetes_scale', { name: 'web', namespace: 'shop', replicas: 9 })).changes, ['deployments.apps web: replicas 2 → 9']);
    assert.deepEqual((await preview('kubernetes_delete', { resource: 'pods', name: 'web-1', namespace: 'shop' })).changes, ['deletes pods shop/web-1']);
    assert.deepEqual((await preview('kubernetes_delete', { resource: 'pods', name: 'gone', namespace: 'shop' })).changes, ['pods shop/gone does not exist']);
    assert.deepEqual((await preview('kubernetes_rollout_restart', { name: 'web', namespace: 'shop' })).changes, ['replaces the pods of deployments.apps shop/web (2 replicas)']);
    assert.ok(c.emulator.requests.every((q) => q.method === 'GET'), 'only reads reached the API');
    assert.equal((live('deployments', 'web').spec as Json).replicas, 2);
  });

  it('has no preview for a command run in a pod', async () => {
    const impact = await preview('kubernetes_exec', { pod: 'web-1', namespace: 'shop', command: 'touch /tmp/x' });
    assert.equal(impact.method, 'none');
  });
});
