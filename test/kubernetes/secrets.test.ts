// Secret values never leave the pack (get, YAML, lists, apply, last-applied annotations), and the
// rest of what the pack returns is shaped so the core masker finds cards, tokens and emails in it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createMasker, DEFAULT_PROFILE } from '../../src/masking/index.ts';
import type { DocumentResult, ToolResult } from '../../src/pipeline/result.ts';
import { SECRET_REDACTED } from '../../tools/kubernetes/index.ts';
import { cleanObject } from '../../tools/kubernetes/objects.ts';
import { CARD, GITHUB_TOKEN, SECRET_VALUE, served, startTestCluster, type TestCluster } from './cluster.ts';

type Json = Record<string, unknown>;
const b64 = (text: string) => Buffer.from(text).toString('base64');

/** The secret in every form it could leak: plain, base64, and base64 inside JSON. */
function assertNoSecret(result: ToolResult, secret = SECRET_VALUE): void {
  const text = JSON.stringify(result);
  assert.ok(!text.includes(secret), 'plain secret value in the result');
  assert.ok(!text.includes(b64(secret)), 'base64 secret value in the result');
}

describe('kubernetes secrets and masking', () => {
  let c: TestCluster;
  const masker = createMasker(DEFAULT_PROFILE, { secretValues: [] });
  before(async () => (c = await startTestCluster()));
  after(async () => c.close());

  it('redacts Secret values on get, keeping the keys, and drops the last-applied copy', async () => {
    const r = (await c.run('kubernetes_get', { resource: 'secret', name: 'db', namespace: 'shop' })) as DocumentResult;
    const secret = r.value as Json;
    assert.deepEqual(secret.data, { password: SECRET_REDACTED, username: SECRET_REDACTED });
    assert.equal((secret.metadata as Json).annotations, undefined);
    assertNoSecret(r);
  });

  it('redacts Secret values in YAML output and in lists, whose items carry no kind', async () => {
    const yaml = await c.run('kubernetes_get', { resource: 'secrets', name: 'db', namespace: 'shop', output: 'yaml' });
    assert.match(String((yaml as DocumentResult).value), /password: "\[REDACTED:secret\]"/);
    assertNoSecret(yaml);
    for (const args of [{ namespace: 'shop' }, { allNamespaces: true }]) {
      const list = (await c.run('kubernetes_list', { resource: 'Secret', ...args })) as DocumentResult;
      const items = (list.value as { items: Json[] }).items;
      assert.equal(items.length, 1);
      assert.equal(items[0]?.kind, undefined);
      assert.deepEqual(items[0]?.data, { password: SECRET_REDACTED, username: SECRET_REDACTED });
      assertNoSecret(list);
    }
  });

  it('redacts an object that says it is a Secret, whatever resource it came from, stringData too', () => {
    // What a server hands back is not trusted to come from the resource asked for, nor to have folded stringData into data.
    const cleaned = cleanObject({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x' }, data: { a: b64(SECRET_VALUE) }, stringData: { b: SECRET_VALUE } }, false) as Json;
    assert.deepEqual([cleaned.data, cleaned.stringData], [{ a: SECRET_REDACTED }, { b: SECRET_REDACTED }]);
    assert.deepEqual((cleanObject({ kind: 'ConfigMap', data: { a: 'kept' } }, false) as Json).data, { a: 'kept' }, 'other kinds keep their data for the masker');
  });

  it('applies a Secret without echoing its values, and reads it back redacted', async () => {
    const value = 'applied-secret-value-42';
    const manifest = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: api\n  namespace: shop\n  annotations:\n    kubectl.kubernetes.io/last-applied-configuration: '{"stringData":{"key":"${value}"}}'\nstringData:\n  key: ${value}\n`;
    const applied = await c.run('kubernetes_apply', { manifest });
    assertNoSecret(applied, value);
    const stored = c.emulator.store.get(served('secrets'), 'shop', 'api');
    assert.equal((stored.data as Json).key, b64(value), 'the emulator stored the value');
    const read = await c.run('kubernetes_get', { resource: 'secret', name: 'api', namespace: 'shop' });
    assertNoSecret(read, value);
    assert.deepEqual(((read as DocumentResult).value as Json).data, { key: SECRET_REDACTED });
  });

  it('returns ConfigMap data so that the core masker masks the card and the token', async () => {
    const r = await c.run('kubernetes_get', { resource: 'cm', name: 'settings', namespace: 'shop' });
    assert.ok(JSON.stringify(r).includes(GITHUB_TOKEN), 'unmasked before the masker');
    const summary = masker.maskResult(r);
    const data = ((r as DocumentResult).value as Json).data as Json;
    assert.equal(data.mode, 'fast');
    assert.notEqual(data.test_card, CARD);
    assert.match(String(data.test_card), /1111$/);
    assert.ok(!JSON.stringify(r).includes(GITHUB_TOKEN));
    assert.ok(summary.total >= 2, JSON.stringify(summary));
  });

  it('returns env values of workloads and container logs so that the masker masks them', async () => {
    const deployment = await c.run('kubernetes_get', { resource: 'deploy', name: 'web', namespace: 'shop' });
    masker.maskResult(deployment);
    assert.ok(!JSON.stringify(deployment).includes(GITHUB_TOKEN));
    const list = await c.run('kubernetes_list', { resource: 'deployments', namespace: 'shop' });
    masker.maskResult(list);
    assert.ok(!JSON.stringify(list).includes(GITHUB_TOKEN));
    const logs = await c.run('kubernetes_logs', { pod: 'web-1', namespace: 'shop' });
    const summary = masker.maskResult(logs);
    assert.ok(!JSON.stringify(logs).includes('ada@example.com'));
    assert.ok(summary.total >= 1);
  });
});
