// Classification without I/O: resource spellings, manifest facts (risk flags, namespaces,
// unreadable manifests as facts), exec lines and argv, shapes and read-only flags. Every result
// conforms to the facts schema policies are checked against.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { KubernetesFactsSchema, kubernetesPack, type KubernetesFacts } from '../../tools/kubernetes/index.ts';

function classify(tool: string, args: Record<string, unknown>) {
  const spec = kubernetesPack.tools.find((t) => t.name === tool);
  const parsed = spec ? spec.input.safeParse({ cluster: 'prod', ...args }) : undefined;
  const result = kubernetesPack.classify(tool, parsed?.success ? (parsed.data as Record<string, unknown>) : args);
  const facts = KubernetesFactsSchema.parse(result.facts.k8s);
  return { ...result, facts };
}
const facts = (tool: string, args: Record<string, unknown>): KubernetesFacts => classify(tool, args).facts;
const apply = (manifest: string, extra: Record<string, unknown> = {}) => facts('kubernetes_apply', { manifest, ...extra });

describe('kubernetes classification', () => {
  before(async () => kubernetesPack.init?.());

  it('normalizes every spelling of a built-in kind', () => {
    for (const resource of ['Secret', 'secret', 'secrets', 'SECRETS', 'v1/secrets', 'secrets.', '/v1/secrets']) {
      const f = facts('kubernetes_get', { resource, name: 'db' });
      assert.deepEqual([f.group, f.resource, f.kind, f.knownKind, f.secretsRead], ['', 'secrets', 'Secret', true, true], resource);
    }
    for (const resource of ['deployments..apps', 'apps/v1/deployments/x', 'v1/', 'pods.Apps', 'a b']) {
      assert.notEqual(facts('kubernetes_get', { resource, name: 'x' }).parseError, '', resource);
    }
    const crd = facts('kubernetes_delete', { resource: 'crds', name: 'x' });
    assert.deepEqual([crd.group, crd.resource, crd.clusterScoped, crd.namespace], ['apiextensions.k8s.io', 'customresourcedefinitions', true, '']);
    const hpa = facts('kubernetes_list', { resource: 'autoscaling/v1/hpa' });
    assert.deepEqual([hpa.group, hpa.version, hpa.resource], ['autoscaling', 'v1', 'horizontalpodautoscalers']);
  });

  it('keeps custom resources as written, with their group, and defaults the namespace', () => {
    const f = facts('kubernetes_list', { resource: 'Widget.example.com' });
    assert.deepEqual([f.group, f.resource, f.knownKind, f.namespace], ['example.com', 'widget', false, 'default']);
    assert.equal(facts('kubernetes_list', { resource: 'pods', allNamespaces: true }).namespace, '');
  });

  it('reads the risk of every object in a manifest, pod templates anywhere included', () => {
    const f = apply(
      [
        'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}',
        'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: agent, namespace: ops}\nspec:\n  template:\n    spec:\n      hostPID: true\n      containers: [{name: c, image: x, securityContext: {capabilities: {add: [cap_sys_admin, NET_ADMIN]}}}]\n      volumes: [{name: h, hostPath: {path: /var/run}}]',
        'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: b, namespace: ignored}',
      ].join('\n---\n'),
      { namespace: undefined },
    );
    assert.equal(f.objectCount, 3);
    const [cm, ds, crb] = f.objects;
    assert.deepEqual([cm?.kind, cm?.namespace, cm?.privileged], ['ConfigMap', 'default', false]);
    assert.deepEqual([ds?.hostPID, ds?.hostPath, ds?.hostNetwork, ds?.addedCapabilities, ds?.namespace], [true, true, false, ['NET_ADMIN', 'SYS_ADMIN'], 'ops']);
    assert.deepEqual([crb?.rbac, crb?.clusterScoped, crb?.namespace], [true, true, '']);
    assert.deepEqual([f.anyHostPID, f.anyHostPath, f.anyAddedCapabilities, f.anyRbac, f.anyClusterScoped, f.anyPrivileged], [true, true, true, true, true, false]);
    assert.deepEqual(f.resources, ['configmaps', 'daemonsets', 'clusterrolebindings']);
    assert.deepEqual(f.namespaces, ['default', 'ops']);
  });

  it('makes every unreadable manifest a parse error fact, never an exception', () => {
    const cases: Array<[string, RegExp]> = [
      ['a: [', /does not parse/],
      ['a: 1\na: 2\nkind: x', /does not parse/],
      ['- just\n- a list', /not a mapping/],
      ['apiVersion: v1\nkind: ConfigMap\nmetadata: {}', /metadata\.name is required/],
      ['apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a/b}', /metadata\.name/],
      ['apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: other}', /differs from the namespace argument/],
      [`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: ${'['.repeat(80)}${']'.repeat(80)}`, /nested deeper/],
      [Array.from({ length: 101 }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c${i}}`).join('\n---\n'), /at most 100/],
      ['a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]', /does not parse|cannot be read|alias|Excessive/i],
      ['', /no objects/],
    ];
    for (const [manifest, why] of cases) {
      const f = apply(manifest, manifest.includes('namespace: other') ? { namespace: 'shop' } : {});
      assert.match(f.parseError, why, manifest.slice(0, 60));
      assert.equal(f.objectCount, 0);
    }
    assert.doesNotThrow(() => kubernetesPack.classify('kubernetes_apply', { manifest: 42 }));
    assert.doesNotThrow(() => kubernetesPack.classify('kubernetes_exec', {}));
    assert.notEqual(facts('kubernetes_nothing', {}).parseError, '');
  });

  it('classifies exec lines and argv with the shell classifier, argv words staying literal', () => {
    const line = facts('kubernetes_exec', { pod: 'p', command: 'cat /etc/os-release | grep ID' });
    assert.deepEqual(line.exec.command, ['/bin/sh', '-c', 'cat /etc/os-release | grep ID']);
    assert.deepEqual([...line.exec.shell.names].sort(), ['cat', 'grep']);
    assert.equal(line.exec.shell.readOnly, true);
    const argv = facts('kubernetes_exec', { pod: 'p', command: ['echo', '$(rm -rf /)', "it's"] });
    assert.equal(argv.exec.line, "echo '$(rm -rf /)' 'it'\\''s'");
    assert.deepEqual(argv.exec.shell.names, ['echo']);
    assert.deepEqual(argv.exec.shell.danger, []);
    const wrapped = facts('kubernetes_exec', { pod: 'p', command: ['bash', '-c', 'rm -rf / --no-preserve-root'] });
    assert.deepEqual(wrapped.exec.shell.danger, ['recursive_delete_root']);
    assert.equal(facts('kubernetes_exec', { pod: 'p', command: 'echo "unterminated' }).exec.shell.hasError, true);
  });

  it('marks reads read-only and shapes a scale call by its object and count', () => {
    assert.equal(classify('kubernetes_list', { resource: 'pods' }).readOnly, true);
    assert.equal(classify('kubernetes_logs', { pod: 'p' }).readOnly, true);
    assert.equal(classify('kubernetes_exec', { pod: 'p', command: 'ls' }).readOnly, false);
    assert.equal(classify('kubernetes_apply', { manifest: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}', dryRun: true }).readOnly, false);
    const three = classify('kubernetes_scale', { name: 'web', replicas: 3 });
    assert.equal(three.shape, 'k8s scale apps/deployments/scale ns=default name="web" replicas=3');
    assert.match(three.summary, /scale deployments\.apps\/web in default to 3 replicas/);
  });

  it('shapes a call by its object, its counts and its content, so a grant covers that change only', () => {
    const shape = (tool: string, args: Record<string, unknown>) => classify(tool, args).shape;
    assert.notEqual(shape('kubernetes_scale', { name: 'web', replicas: 3 }), shape('kubernetes_scale', { name: 'web', replicas: 0 }));
    assert.notEqual(shape('kubernetes_scale', { name: 'web', replicas: 3 }), shape('kubernetes_scale', { name: 'api', replicas: 3 }));
    assert.notEqual(shape('kubernetes_delete', { resource: 'pods', name: 'a' }), shape('kubernetes_delete', { resource: 'pods', name: 'b' }));
    assert.notEqual(shape('kubernetes_exec', { pod: 'a', command: 'ls /x' }), shape('kubernetes_exec', { pod: 'b', command: 'ls /x' }));
    assert.notEqual(shape('kubernetes_exec', { pod: 'a', command: 'ls /x' }), shape('kubernetes_exec', { pod: 'a', command: 'ls /y' }));
    const deployment = (image: string, replicas: number) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: ${replicas}\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: web, image: "${image}"}]}\n`;
    const approved = shape('kubernetes_apply', { manifest: deployment('shop/web:1.4', 2) });
    assert.notEqual(approved, shape('kubernetes_apply', { manifest: deployment('evil/miner:latest', 2) }));
    assert.notEqual(approved, shape('kubernetes_apply', { manifest: deployment('shop/web:1.4', 200) }));
    assert.notEqual(approved, shape('kubernetes_apply', { manifest: deployment('shop/web:1.4', 2), namespace: 'kube-system' }));
    // The same objects, written another way, are the same change.
    const reordered = 'kind: Deployment\napiVersion: apps/v1\nmetadata:\n  name: web\nspec:\n  selector: {matchLabels: {app: web}}\n  replicas: 2\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers:\n        - {image: shop/web:1.4, name: web}\n';
    assert.equal(approved, shape('kubernetes_apply', { manifest: reordered }));
  });

  it('shapes exec lines as the shell pack does: flags and redirections stay, so a grant for one line never covers a harsher one', () => {
    const shape = (command: string) => classify('kubernetes_exec', { pod: 'p', command }).shape;
    assert.notEqual(shape('rm /tmp/x'), shape('rm -rf /srv/data'));
    assert.notEqual(shape('echo hi'), shape('echo hi > /srv/app/config'));
  });
});
