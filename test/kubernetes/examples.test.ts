// The manifests in examples/kubernetes stay valid: every object reads cleanly and asks for no host
// access, the config in the ConfigMap passes the config schema and each connection its pack
// schema, and the site policy compiles next to the shipped ones.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { SHIPPED_POLICY_DIR } from '../../src/config/load.ts';
import { ConfigSchema } from '../../src/config/schema.ts';
import { compilePolicy } from '../../src/policy/compile.ts';
import { readManifest } from '../../tools/kubernetes/classify/index.ts';
import { KubernetesConnectionSchema } from '../../tools/kubernetes/index.ts';
import { pack } from './cluster.ts';

const DIR = resolve(import.meta.dirname, '../../examples/kubernetes');
const manifests = readdirSync(DIR).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml');

describe('examples/kubernetes', () => {
  it('holds objects that read cleanly and ask for no privileges or host access', () => {
    const kinds = new Set<string>();
    for (const file of manifests) {
      const manifest = readManifest(readFileSync(join(DIR, file), 'utf8'), undefined);
      assert.equal(manifest.parseError, '', file);
      for (const { facts } of manifest.objects) {
        kinds.add(facts.kind);
        assert.deepEqual([facts.privileged, facts.hostPath, facts.hostNetwork, facts.hostPID, facts.hostIPC, facts.addedCapabilities], [false, false, false, false, false, []], `${file}: ${facts.kind} ${facts.name}`);
      }
    }
    for (const kind of ['ServiceAccount', 'ClusterRole', 'RoleBinding', 'Deployment', 'Service', 'ConfigMap', 'Secret']) assert.ok(kinds.has(kind), kind);
    const kustomization = parseYaml(readFileSync(join(DIR, 'kustomization.yaml'), 'utf8')) as { resources: string[] };
    assert.deepEqual([...kustomization.resources].sort(), [...manifests].sort());
  });

  it('grants no Secret writes and no RBAC, namespace, node or CRD access', () => {
    const rbac = readManifest(readFileSync(join(DIR, 'rbac.yaml'), 'utf8'), undefined).objects.filter((o) => o.facts.kind === 'ClusterRole');
    for (const role of rbac) {
      for (const rule of role.body.rules as Array<{ apiGroups: string[]; resources: string[]; verbs: string[] }>) {
        if (rule.resources.includes('secrets')) assert.deepEqual(rule.verbs, ['get', 'list', 'watch']);
        assert.ok(!rule.apiGroups.includes('rbac.authorization.k8s.io') && !rule.apiGroups.includes('apiextensions.k8s.io'));
        assert.ok(!rule.resources.some((r) => ['namespaces', 'nodes', '*'].includes(r)));
        assert.ok(!rule.verbs.includes('*'));
      }
    }
  });

  it('configures gatehouse with a valid config, identity included, and a policy that compiles', () => {
    const configMap = parseYaml(readFileSync(join(DIR, 'configmap.yaml'), 'utf8')) as { data: Record<string, string> };
    const config = ConfigSchema.parse(parseYaml(configMap.data['gatehouse.yaml'] ?? ''));
    assert.ok(config.identity.oidc, 'serving beyond loopback needs an identity provider');
    for (const [name, connection] of Object.entries(config.connections)) {
      const { type: _type, labels: _labels, description: _description, ...rest } = connection;
      assert.ok(KubernetesConnectionSchema.safeParse(rest).success, name);
    }
    const sources = [
      { file: 'default.yaml', text: readFileSync(join(SHIPPED_POLICY_DIR, 'default.yaml'), 'utf8') },
      { file: 'kubernetes.yaml', text: readFileSync(join(SHIPPED_POLICY_DIR, 'kubernetes.yaml'), 'utf8') },
      { file: 'site-policy.yaml', text: configMap.data['site-policy.yaml'] ?? '' },
    ];
    const compiled = compilePolicy(sources, [{ key: pack.factsKey, schema: pack.factsSchema }]);
    assert.ok(compiled.ok, compiled.ok ? '' : compiled.problems.join('\n'));
  });
});
