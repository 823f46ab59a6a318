// Reading an apply manifest: which documents become objects, which names and namespaces the API
// server would take, where each object goes, and the parse error (never an exception) for
// everything else. What is read here is exactly what execution sends.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { kubernetesPack, type KubernetesFacts } from '../../tools/kubernetes/index.ts';
import { readManifest } from '../../tools/kubernetes/classify/index.ts';

const apply = (manifest: string, namespace?: string): KubernetesFacts =>
  kubernetesPack.classify('kubernetes_apply', { manifest, ...(namespace === undefined ? {} : { namespace }) }).facts.k8s as KubernetesFacts;
const configMap = (name: string, namespace?: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${JSON.stringify(name)}\n${namespace === undefined ? '' : `  namespace: ${JSON.stringify(namespace)}\n`}data: {k: v}\n`;
const many = (n: number) => Array.from({ length: n }, (_, i) => configMap(`c${i}`)).join('---\n');

describe('kubernetes manifests', () => {
  before(async () => kubernetesPack.init?.());

  it('reads up to 100 objects, and refuses the manifest beyond, saying how many it holds', () => {
    const hundred = readManifest(many(100), undefined);
    assert.deepEqual([hundred.parseError, hundred.objects.length], ['', 100]);
    const tooMany = readManifest(many(101), undefined);
    assert.deepEqual([tooMany.parseError, tooMany.objects], ['the manifest holds 101 objects; at most 100 per call', []]);
    // The items of a v1 List count one by one.
    const list = `apiVersion: v1\nkind: List\nitems:\n${Array.from({ length: 101 }, (_, i) => `- {apiVersion: v1, kind: ConfigMap, metadata: {name: c${i}}}`).join('\n')}\n`;
    assert.equal(readManifest(list, undefined).parseError, 'the manifest holds 101 objects; at most 100 per call');
  });

  it('skips empty documents, and a manifest of nothing else holds no objects', () => {
    const f = apply(`---\n# a comment only\n---\n${configMap('a')}---\n~\n---\n${configMap('b')}`);
    assert.deepEqual(
      f.objects.map((o) => o.name),
      ['a', 'b'],
    );
    for (const empty of ['', '---\n---\n', '# nothing\n', '~\n', 'null\n']) {
      assert.deepEqual([apply(empty).parseError, apply(empty).objectCount], ['the manifest holds no objects', 0], JSON.stringify(empty));
    }
  });

  it('opens a v1 List into its items, and only a v1 List with items', () => {
    const items = '- {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n- {apiVersion: apps/v1, kind: Deployment, metadata: {name: web, namespace: shop}}\n';
    const list = apply(`apiVersion: v1\nkind: List\nitems:\n${items}`);
    assert.deepEqual(
      list.objects.map((o) => [o.kind, o.namespace, o.name]),
      [
        ['ConfigMap', 'default', 'a'],
        ['Deployment', 'shop', 'web'],
      ],
    );
    // Anything else that holds items is one object of its own kind, applied as written.
    const custom = apply(`apiVersion: example.com/v1\nkind: List\nmetadata: {name: l}\nitems:\n${items}`);
    assert.deepEqual(
      custom.objects.map((o) => [o.kind, o.group, o.knownKind, o.name]),
      [['List', 'example.com', false, 'l']],
    );
    const notList = apply(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\nitems:\n${items}`);
    assert.deepEqual(
      notList.objects.map((o) => [o.kind, o.name]),
      [['ConfigMap', 'c']],
    );
    assert.equal(apply('apiVersion: v1\nkind: List\nitems: {a: 1}\n').parseError, 'object 1: List: metadata is missing');
    assert.equal(apply('apiVersion: v1\nkind: List\n').parseError, 'object 1: List: metadata is missing');
    // The items of a List are checked like documents, numbered in the order they are applied.
    assert.equal(apply(`${configMap('a')}---\napiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: b}}\n- {kind: ConfigMap}\n`).parseError, 'object 3: apiVersion is missing or malformed');
  });

  it('names the document that does not parse, on one line', () => {
    const second = apply(`${configMap('a')}---\ndata: [\n`).parseError;
    assert.match(second, /^YAML document 2 does not parse: \S/);
    assert.doesNotMatch(second, /\n|:$/);
    const duplicate = apply(`${configMap('a')}---\n${configMap('b')}---\na: 1\na: 2\n`).parseError;
    assert.match(duplicate, /^YAML document 3 does not parse: Map keys must be unique/);
    assert.doesNotMatch(duplicate, /\n|:$/);
    // Only the colon that ends the line goes, not one the message quotes.
    assert.equal(apply(']\n').parseError, 'YAML document 1 does not parse: Unexpected flow-seq-end token in YAML document: "]" at line 1, column 1');
  });

  it('lets anchors repeat a value a few dozen times, and refuses alias expansion beyond', () => {
    const aliased = (n: number) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  a: &x v\n${Array.from({ length: n }, (_, i) => `  k${i}: *x`).join('\n')}\n`;
    const few = apply(aliased(40));
    assert.deepEqual([few.parseError, few.objectCount], ['', 1]);
    assert.match(apply(aliased(60)).parseError, /Excessive alias count/);
  });

  it('refuses each object the API server would refuse, saying which and why', () => {
    const cases: Array<[string, string]> = [
      ['"just text"', 'object 1: is not a mapping (expected apiVersion, kind, metadata, ...)'],
      ['[]', 'object 1: is not a mapping (expected apiVersion, kind, metadata, ...)'],
      ['kind: ConfigMap\nmetadata: {name: a}', 'object 1: apiVersion is missing or malformed'],
      ['apiVersion: 1\nkind: ConfigMap\nmetadata: {name: a}', 'object 1: apiVersion is missing or malformed'],
      ['apiVersion: V1\nkind: ConfigMap\nmetadata: {name: a}', 'object 1: apiVersion is missing or malformed'],
      ['apiVersion: x1\nkind: ConfigMap\nmetadata: {name: a}', 'object 1: apiVersion is missing or malformed'],
      ['apiVersion: v1 \nkind: ConfigMap\nmetadata: {name: a}', ''],
      ['apiVersion: "v1 x"\nkind: ConfigMap\nmetadata: {name: a}', 'object 1: apiVersion is missing or malformed'],
      ['apiVersion: "apps/v1/x"\nkind: Deployment\nmetadata: {name: a}', 'object 1: apiVersion is missing or malformed'],
      ['apiVersion: "Apps/v1"\nkind: Deployment\nmetadata: {name: a}', 'object 1: apiVersion is missing or malformed'],
      ['apiVersion: "/v1"\nkind: ConfigMap\nmetadata: {name: a}', 'object 1: apiVersion is missing or malformed'],
      ['apiVersion: "_v1"\nkind: ConfigMap\nmetadata: {name: a}', 'object 1: apiVersion is missing or malformed'],
      // A list whose one item reads like a version is still no apiVersion, nor a kind.
      ['apiVersion: [v1]\nkind: ConfigMap\nmetadata: {name: a}', 'object 1: apiVersion is missing or malformed'],
      ['apiVersion: v1\nkind: [ConfigMap]\nmetadata: {name: a}', 'object 1: kind is missing or malformed'],
      ['apiVersion: "xapps/v1"\nkind: Widget\nmetadata: {name: a}', ''],
      ['apiVersion: v1\nmetadata: {name: a}', 'object 1: kind is missing or malformed'],
      ['apiVersion: v1\nkind: 1ConfigMap\nmetadata: {name: a}', 'object 1: kind is missing or malformed'],
      ['apiVersion: v1\nkind: Config-Map\nmetadata: {name: a}', 'object 1: kind is missing or malformed'],
      ['apiVersion: v1\nkind: "Config Map"\nmetadata: {name: a}', 'object 1: kind is missing or malformed'],
      ['apiVersion: v1\nkind: ConfigMap', 'object 1: ConfigMap: metadata is missing'],
      ['apiVersion: v1\nkind: ConfigMap\nmetadata: name', 'object 1: ConfigMap: metadata is missing'],
      ['apiVersion: v1\nkind: ConfigMap\nmetadata: [name]', 'object 1: ConfigMap: metadata is missing'],
      ['apiVersion: v1\nkind: ConfigMap\nmetadata: null', 'object 1: ConfigMap: metadata is missing'],
    ];
    for (const [manifest, why] of cases) assert.equal(apply(manifest).parseError, why, manifest);
  });

  it('takes the names the API server takes in a URL path, and no other', () => {
    const NAME = 'metadata.name is required (server-side apply needs a name) and must not contain / % ? # or spaces';
    for (const name of ['a', '.a', 'a.b', '...', 'A_b:c@d', 'x'.repeat(253)]) {
      const f = apply(configMap(name));
      assert.deepEqual([f.parseError, f.name], ['', name], name);
    }
    for (const name of ['', '.', '..', 'a/b', 'a%2F', 'a?b', 'a#b', 'a b', 'a\tb', 'x'.repeat(254)]) {
      assert.equal(apply(configMap(name)).parseError, `object 1: ConfigMap: ${NAME}`, JSON.stringify(name));
    }
    assert.equal(apply('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: 7}\n').parseError, `object 1: ConfigMap: ${NAME}`);
  });

  it('takes the namespace names the API server takes, and no other', () => {
    for (const namespace of ['a', '0', 'a-b', 'shop-2', `a${'b'.repeat(61)}c`]) {
      const f = apply(configMap('c', namespace));
      assert.deepEqual([f.parseError, f.namespace, f.namespaces], ['', namespace, [namespace]], namespace);
    }
    for (const namespace of ['', '-a', 'a-', 'Shop', 'a_b', 'a.b', `a${'b'.repeat(62)}c`]) {
      assert.equal(apply(configMap('c', namespace)).parseError, 'object 1: ConfigMap c: metadata.namespace is not a valid namespace name', JSON.stringify(namespace));
    }
    assert.equal(apply('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: 7}\n').parseError, 'object 1: ConfigMap c: metadata.namespace is not a valid namespace name');
  });

  it('sends each object to its own namespace, else the namespace argument, else default; a cluster-scoped one to none', () => {
    assert.deepEqual(apply(configMap('c')).objects[0]?.namespace, 'default');
    assert.deepEqual(apply(configMap('c'), 'shop').objects[0]?.namespace, 'shop');
    assert.deepEqual(apply(configMap('c', 'shop'), 'shop').objects[0]?.namespace, 'shop');
    assert.deepEqual(apply(configMap('c', 'shop')).objects[0]?.namespace, 'shop');
    assert.equal(apply(`${configMap('a')}---\n${configMap('c', 'other')}`, 'shop').parseError, 'object 2: ConfigMap c: its namespace "other" differs from the namespace argument "shop"');
    // A cluster-scoped kind has no namespace, whatever the manifest or the call says.
    const ns = apply('apiVersion: v1\nkind: Namespace\nmetadata: {name: shop, namespace: kube-system}\n', 'kube-system');
    assert.deepEqual([ns.parseError, ns.objects[0]?.namespace, ns.objects[0]?.clusterScoped, ns.namespace, ns.namespaces], ['', '', true, '', []]);
    // A custom kind is taken as namespaced (discovery decides at execution).
    assert.equal(apply('apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n', 'shop').objects[0]?.namespace, 'shop');
  });

  it('splits apiVersion into group and version', () => {
    const cases: Array<[string, string, string, string]> = [
      ['v1', 'ConfigMap', '', 'v1'],
      ['apps/v1', 'Deployment', 'apps', 'v1'],
      ['networking.k8s.io/v1', 'Ingress', 'networking.k8s.io', 'v1'],
      ['example.com/v1alpha1', 'Widget', 'example.com', 'v1alpha1'],
    ];
    for (const [apiVersion, kind, group, version] of cases) {
      const f = apply(`apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: {name: x}\n`);
      assert.deepEqual([f.group, f.version, f.objects[0]?.apiVersion, f.objects[0]?.group], [group, version, apiVersion, group], apiVersion);
    }
    const [object] = readManifest('apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: h}\n', undefined).objects;
    assert.equal(object?.version, 'v2');
    // Objects of several versions share none.
    assert.equal(apply(`apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a}\n---\napiVersion: apps/v1beta2\nkind: Deployment\nmetadata: {name: b}\n`).version, '');
  });

  it('marks RBAC only for the four RBAC kinds of the RBAC group', () => {
    const rbac = (apiVersion: string, kind: string) => apply(`apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: {name: x}\n`).objects[0]?.rbac;
    for (const kind of ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']) assert.equal(rbac('rbac.authorization.k8s.io/v1', kind), true, kind);
    assert.equal(rbac('example.com/v1', 'ClusterRole'), false);
    assert.equal(rbac('rbac.authorization.k8s.io/v1', 'RoleBindingList'), false);
    assert.equal(rbac('v1', 'ServiceAccount'), false);
  });

  it('refuses an object nested too deep, naming it', () => {
    const deep = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata: ${'['.repeat(80)}${']'.repeat(80)}\n`;
    assert.match(apply(`${configMap('a')}---\n${deep}`).parseError, /^object 2: ConfigMap deep: .*nested deeper/);
  });

  it('keeps the object as parsed, to be sent as it was classified', () => {
    const [object] = readManifest('kind: Pod\napiVersion: v1\nmetadata: {name: p, labels: {app: web}}\nspec: {hostNetwork: true, containers: [{name: c, image: x}]}\n', 'shop').objects;
    assert.deepEqual(object?.body, { kind: 'Pod', apiVersion: 'v1', metadata: { name: 'p', labels: { app: 'web' } }, spec: { hostNetwork: true, containers: [{ name: 'c', image: 'x' }] } });
    assert.deepEqual([object?.facts.hostNetwork, object?.facts.namespace, object?.version], [true, 'shop', 'v1']);
  });
});
