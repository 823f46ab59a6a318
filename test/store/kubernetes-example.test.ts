// The several-replicas example (examples/kubernetes/replicas) stays coherent: its config passes the
// loader with a PostgreSQL store behind a secret reference, the Deployment runs three replicas and
// fills that reference from a key the Secret has, every manifest is listed and asks for no host access.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { buildConfig, SHIPPED_POLICY_DIR } from '../../src/config/load.ts';
import { readManifest } from '../../tools/kubernetes/classify/index.ts';
import { packs } from '../../tools/index.ts';

const DIR = resolve(import.meta.dirname, '../../examples/kubernetes/replicas');
const manifests = readdirSync(DIR).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml');
type Manifest = { kind: string; metadata: { name: string }; stringData?: Record<string, string> };
const objects = manifests.flatMap((f) => parseAllDocuments(readFileSync(join(DIR, f), 'utf8')).map((d) => d.toJS() as Manifest));
/** One object by kind and name, typed as the test reads it. */
const find = <T>(kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name) as T | undefined;

describe('examples/kubernetes/replicas', () => {
  it('lists every manifest, and none asks for privileges or host access', () => {
    const kustomization = parseYaml(readFileSync(join(DIR, 'kustomization.yaml'), 'utf8')) as { resources: string[] };
    assert.deepEqual([...kustomization.resources].sort(), [...manifests].sort());
    for (const file of manifests) {
      const manifest = readManifest(readFileSync(join(DIR, file), 'utf8'), undefined);
      assert.equal(manifest.parseError, '', file);
      for (const { facts } of manifest.objects) assert.deepEqual([facts.privileged, facts.hostPath, facts.hostNetwork, facts.hostPID, facts.hostIPC], [false, false, false, false, false], `${file}: ${facts.kind}`);
    }
  });

  it('runs three replicas that read the store URL from the Secret the config refers to', () => {
    type Env = { name: string; valueFrom: { secretKeyRef: { name: string; key: string } } };
    const deployment = find<{ spec: { replicas: number; template: { spec: { containers: Array<{ env: Env[] }> } } } }>('Deployment', 'gatehouse');
    assert.equal(deployment?.spec.replicas, 3);
    const container = deployment?.spec.template.spec.containers[0];
    const storeEnv = container?.env.find((e) => e.name === 'GATEHOUSE_STORE_URL');
    assert.ok(storeEnv, 'GATEHOUSE_STORE_URL is set');
    const { name, key } = storeEnv.valueFrom.secretKeyRef;
    assert.ok(find<Manifest>('Secret', name)?.stringData?.[key]?.startsWith('postgres://'), `Secret ${name} has key ${key}`);
    assert.ok(!objects.some((o) => o.kind === 'PersistentVolumeClaim'), 'no volume for data');
  });

  it('has a config that loads, with the PostgreSQL store and every secret reference resolved', () => {
    const configMap = find<{ data: Record<string, string> }>('ConfigMap', 'gatehouse-config');
    const secrets = Object.fromEntries(objects.filter((o) => o.kind === 'Secret').flatMap((o) => Object.entries(o.stringData ?? {})));
    // The pod mounts gatehouse-credentials at /run/secrets/gatehouse; here its keys are files in a temporary directory.
    const mounted = mkdtempSync(join(tmpdir(), 'gatehouse-replicas-'));
    for (const [key, value] of Object.entries(secrets)) writeFileSync(join(mounted, key), value);
    const text = (configMap?.data['gatehouse.yaml'] ?? '').replaceAll('/run/secrets/gatehouse/', `${mounted}/`).replaceAll('/app/policies/', `${SHIPPED_POLICY_DIR}/`);
    const loaded = buildConfig(parseYaml(text), DIR, packs, { GATEHOUSE_STORE_URL: secrets.url ?? '' });
    assert.deepEqual(loaded.ok ? [] : loaded.problems, []);
    assert.deepEqual(loaded.ok && loaded.config.store, { kind: 'postgres', url: secrets.url, poolSize: 10, queryTimeoutMs: 30_000, where: 'audit-db.example.internal:5432/gatehouse' });
  });
});
