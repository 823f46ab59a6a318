// Every fact of every Kubernetes tool, exactly: each call below is checked against the whole facts
// object (what a policy can test), its read-only flag, its shape (what a grant covers) and the
// summary an approver reads. A fact set wrong or left at its default is a rule that misfires.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { kubernetesPack, type KubernetesFacts } from '../../tools/kubernetes/index.ts';

/** What no call sets: written out here, not imported, so a changed default is caught. */
const NOTHING: Omit<KubernetesFacts, 'verb' | 'exec' | 'objects'> = {
  group: '',
  version: '',
  resource: '',
  kind: '',
  knownKind: false,
  subresource: '',
  namespace: '',
  allNamespaces: false,
  name: '',
  clusterScoped: false,
  secretsRead: false,
  labelSelector: '',
  fieldSelector: '',
  resources: [],
  namespaces: [],
  parseError: '',
  objectCount: 0,
  anyPrivileged: false,
  anyHostPath: false,
  anyHostNetwork: false,
  anyHostPID: false,
  anyHostIPC: false,
  anyAddedCapabilities: false,
  anyRbac: false,
  anyClusterScoped: false,
  anyUnknownKind: false,
  dryRun: false,
  force: false,
  replicas: -1,
};

const core = (resource: string, kind: string, namespace: string) => ({ version: 'v1', resource, kind, knownKind: true, namespace, resources: [resource], namespaces: namespace ? [namespace] : [] });
const deployments = (namespace: string) => ({ group: 'apps', version: 'v1', resource: 'deployments', kind: 'Deployment', knownKind: true, namespace, resources: ['deployments'], namespaces: [namespace] });

interface Case {
  tool: string;
  args: Record<string, unknown>;
  facts: Partial<KubernetesFacts> & { verb: KubernetesFacts['verb'] };
  readOnly: boolean;
  shape: string;
  summary: string;
}

const cases: Case[] = [
  {
    tool: 'kubernetes_get',
    args: { resource: 'secrets', name: 'db', namespace: 'vault' },
    facts: { verb: 'get', ...core('secrets', 'Secret', 'vault'), name: 'db', secretsRead: true },
    readOnly: true,
    shape: 'k8s get core/secrets ns=vault name="db"',
    summary: 'get secrets/db in vault',
  },
  {
    tool: 'kubernetes_list',
    args: { resource: 'pods', allNamespaces: true, labelSelector: 'app=web', fieldSelector: 'status.phase=Running' },
    facts: { verb: 'list', ...core('pods', 'Pod', ''), allNamespaces: true, labelSelector: 'app=web', fieldSelector: 'status.phase=Running' },
    readOnly: true,
    shape: 'k8s list core/pods ns=* labels="app=web" fields="status.phase=Running"',
    summary: 'list pods in all namespaces (labels app=web, fields status.phase=Running)',
  },
  {
    tool: 'kubernetes_list',
    args: { resource: 'secrets', namespace: 'vault' },
    facts: { verb: 'list', ...core('secrets', 'Secret', 'vault'), secretsRead: true },
    readOnly: true,
    shape: 'k8s list core/secrets ns=vault labels="" fields=""',
    summary: 'list secrets in vault',
  },
  {
    // A cluster-scoped kind has no namespaces to span, and a list names no object.
    tool: 'kubernetes_list',
    args: { resource: 'nodes', allNamespaces: true, name: 'ignored' },
    facts: { verb: 'list', ...core('nodes', 'Node', ''), clusterScoped: true },
    readOnly: true,
    shape: 'k8s list core/nodes ns=- labels="" fields=""',
    summary: 'list nodes',
  },
  {
    tool: 'kubernetes_delete',
    args: { resource: 'deployments.apps', name: 'web' },
    facts: { verb: 'delete', ...deployments('default'), name: 'web' },
    readOnly: false,
    shape: 'k8s delete apps/deployments ns=default name="web"',
    summary: 'delete deployments.apps/web in default',
  },
  {
    // Deleting a secret is no read of one.
    tool: 'kubernetes_delete',
    args: { resource: 'secret', name: 'db', namespace: 'vault' },
    facts: { verb: 'delete', ...core('secrets', 'Secret', 'vault'), name: 'db' },
    readOnly: false,
    shape: 'k8s delete core/secrets ns=vault name="db"',
    summary: 'delete secrets/db in vault',
  },
  {
    tool: 'kubernetes_scale',
    args: { name: 'web', replicas: 3, namespace: 'shop' },
    facts: { verb: 'scale', ...deployments('shop'), subresource: 'scale', name: 'web', replicas: 3 },
    readOnly: false,
    shape: 'k8s scale apps/deployments/scale ns=shop name="web" replicas=3',
    summary: 'scale deployments.apps/web in shop to 3 replicas',
  },
  {
    tool: 'kubernetes_rollout_restart',
    args: { name: 'web' },
    facts: { verb: 'restart', ...deployments('default'), name: 'web' },
    readOnly: false,
    shape: 'k8s restart apps/deployments ns=default name="web"',
    summary: 'restart deployments.apps/web in default',
  },
  {
    tool: 'kubernetes_events',
    args: { namespace: 'shop' },
    facts: { verb: 'list', ...core('events', 'Event', 'shop') },
    readOnly: true,
    shape: 'k8s list core/events ns=shop labels="" fields=""',
    summary: 'list events in shop',
  },
  {
    tool: 'kubernetes_events',
    args: { namespace: 'shop', resource: 'deploy', name: 'web' },
    facts: { verb: 'list', ...core('events', 'Event', 'shop'), fieldSelector: 'involvedObject.kind=Deployment,involvedObject.name=web' },
    readOnly: true,
    shape: 'k8s list core/events ns=shop labels="" fields="involvedObject.kind=Deployment,involvedObject.name=web"',
    summary: 'list events in shop (fields involvedObject.kind=Deployment,involvedObject.name=web)',
  },
  {
    tool: 'kubernetes_events',
    args: { resource: 'deploy' },
    facts: { verb: 'list', ...core('events', 'Event', 'default'), parseError: 'events of one object need both resource and name' },
    readOnly: false,
    shape: 'k8s list core/events ns=default labels="" fields=""',
    summary: 'list: unreadable call (events of one object need both resource and name)',
  },
  {
    tool: 'kubernetes_logs',
    args: { pod: 'web-1', namespace: 'shop' },
    facts: { verb: 'logs', ...core('pods', 'Pod', 'shop'), subresource: 'log', name: 'web-1' },
    readOnly: true,
    shape: 'k8s logs core/pods/log ns=shop name="web-1"',
    summary: 'logs of pod web-1 in shop',
  },
  {
    tool: 'kubernetes_nope',
    args: {},
    facts: { verb: 'get', parseError: 'unknown tool kubernetes_nope' },
    readOnly: false,
    shape: 'k8s get core/ ns=-',
    summary: 'get: unreadable call (unknown tool kubernetes_nope)',
  },
  {
    tool: 'kubernetes_get',
    args: { resource: 'a b', name: 'x' },
    facts: { verb: 'get', parseError: 'resource "a b": the resource name must be letters, digits and dashes' },
    readOnly: false,
    shape: 'k8s get core/ ns=-',
    summary: 'get: unreadable call (resource "a b": the resource name must be letters, digits and dashes)',
  },
  {
    // No resource at all is no resource, not some default one.
    tool: 'kubernetes_get',
    args: { name: 'x' },
    facts: { verb: 'get', parseError: 'resource "": the resource name must be letters, digits and dashes' },
    readOnly: false,
    shape: 'k8s get core/ ns=-',
    summary: 'get: unreadable call (resource "": the resource name must be letters, digits and dashes)',
  },
  {
    // An empty namespace is no namespace: the call goes to "default".
    tool: 'kubernetes_get',
    args: { resource: 'cm', name: 'app', namespace: '' },
    facts: { verb: 'get', ...core('configmaps', 'ConfigMap', 'default'), name: 'app' },
    readOnly: true,
    shape: 'k8s get core/configmaps ns=default name="app"',
    summary: 'get configmaps/app in default',
  },
  {
    tool: 'kubernetes_get',
    args: { resource: 'rbac.authorization.k8s.io/v1/clusterroles', name: 'admin', namespace: 'shop' },
    facts: { verb: 'get', group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'clusterroles', kind: 'ClusterRole', knownKind: true, clusterScoped: true, name: 'admin', resources: ['clusterroles'] },
    readOnly: true,
    shape: 'k8s get rbac.authorization.k8s.io/clusterroles ns=- name="admin"',
    summary: 'get clusterroles.rbac.authorization.k8s.io/admin',
  },
  {
    // A list across all namespaces of a custom resource, which may hold anything.
    tool: 'kubernetes_list',
    args: { resource: 'widgets.example.com', allNamespaces: true, namespace: 'shop' },
    facts: { verb: 'list', group: 'example.com', resource: 'widgets', kind: 'widgets', allNamespaces: true, resources: ['widgets'] },
    readOnly: true,
    shape: 'k8s list example.com/widgets ns=* labels="" fields=""',
    summary: 'list widgets.example.com in all namespaces',
  },
  {
    tool: 'kubernetes_list',
    args: { resource: 'pods', allNamespaces: 'yes', labelSelector: '', fieldSelector: 7 },
    facts: { verb: 'list', ...core('pods', 'Pod', 'default') },
    readOnly: true,
    shape: 'k8s list core/pods ns=default labels="" fields=""',
    summary: 'list pods in default',
  },
  {
    tool: 'kubernetes_events',
    args: { name: 'web' },
    facts: { verb: 'list', ...core('events', 'Event', 'default'), parseError: 'events of one object need both resource and name' },
    readOnly: false,
    shape: 'k8s list core/events ns=default labels="" fields=""',
    summary: 'list: unreadable call (events of one object need both resource and name)',
  },
  {
    tool: 'kubernetes_events',
    args: { resource: 'a b', name: 'web', namespace: 'shop' },
    facts: { verb: 'list', ...core('events', 'Event', 'shop'), parseError: 'resource "a b": the resource name must be letters, digits and dashes' },
    readOnly: false,
    shape: 'k8s list core/events ns=shop labels="" fields=""',
    summary: 'list: unreadable call (resource "a b": the resource name must be letters, digits and dashes)',
  },
  {
    // The events of a custom object name its kind as written.
    tool: 'kubernetes_events',
    args: { resource: 'Widget.example.com', name: 'w' },
    facts: { verb: 'list', ...core('events', 'Event', 'default'), fieldSelector: 'involvedObject.kind=Widget,involvedObject.name=w' },
    readOnly: true,
    shape: 'k8s list core/events ns=default labels="" fields="involvedObject.kind=Widget,involvedObject.name=w"',
    summary: 'list events in default (fields involvedObject.kind=Widget,involvedObject.name=w)',
  },
  {
    tool: 'kubernetes_scale',
    args: { resource: 'statefulsets', name: 'db', replicas: 0, namespace: 'data' },
    facts: { verb: 'scale', group: 'apps', version: 'v1', resource: 'statefulsets', kind: 'StatefulSet', knownKind: true, namespace: 'data', resources: ['statefulsets'], namespaces: ['data'], subresource: 'scale', name: 'db', replicas: 0 },
    readOnly: false,
    shape: 'k8s scale apps/statefulsets/scale ns=data name="db" replicas=0',
    summary: 'scale statefulsets.apps/db in data to 0 replicas',
  },
];

const MIXED = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: a}\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: b}\n';

describe('kubernetes facts, whole', () => {
  before(async () => kubernetesPack.init?.());

  for (const c of cases) {
    it(`${c.tool} ${JSON.stringify(c.args)}`, () => {
      const result = kubernetesPack.classify(c.tool, c.args);
      const { exec: _exec, objects: _objects, ...facts } = result.facts.k8s as KubernetesFacts;
      assert.deepEqual(facts, { ...NOTHING, ...c.facts });
      assert.equal(result.readOnly, c.readOnly);
      assert.equal(result.shape, c.shape);
      assert.equal(result.summary, c.summary);
    });
  }

  it('apply of several objects: what they share, what each is, and the flags of the call', () => {
    const result = kubernetesPack.classify('kubernetes_apply', { manifest: MIXED, dryRun: true, force: true });
    const { exec: _exec, objects, ...facts } = result.facts.k8s as KubernetesFacts;
    assert.deepEqual(facts, {
      ...NOTHING,
      verb: 'apply',
      version: 'v1',
      knownKind: true,
      secretsRead: true,
      resources: ['deployments', 'secrets'],
      namespaces: ['a', 'b'],
      objectCount: 2,
      dryRun: true,
      force: true,
    });
    assert.deepEqual(
      objects.map((o) => [o.kind, o.namespace, o.name]),
      [
        ['Deployment', 'a', 'web'],
        ['Secret', 'b', 's'],
      ],
    );
    assert.equal(result.readOnly, false);
    assert.equal(result.summary, 'dry-run apply 2 objects: Deployment a/web, Secret b/s');
    assert.match(result.shape, /^k8s apply dry-run force ns=- [0-9a-f]{64}$/);
  });

  it('apply of one object takes the namespace of the call and names the object', () => {
    const result = kubernetesPack.classify('kubernetes_apply', { manifest: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n', namespace: 'n1' });
    const { exec: _exec, objects: _objects, ...facts } = result.facts.k8s as KubernetesFacts;
    assert.deepEqual(facts, { ...NOTHING, verb: 'apply', ...core('configmaps', 'ConfigMap', 'n1'), name: 'c', objectCount: 1 });
    assert.equal(result.summary, 'apply 1 object: ConfigMap n1/c');
    assert.match(result.shape, /^k8s apply ns=n1 [0-9a-f]{64}$/);
  });

  it('apply sets each any* flag from the one object that has it, and cluster scope only when every object has it', () => {
    const risky = [
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostPID: true\n  containers: [{name: c, image: x}]\n',
      'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r}\nrules: []\n',
      'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n',
    ].join('---\n');
    const f = kubernetesPack.classify('kubernetes_apply', { manifest: risky }).facts.k8s as KubernetesFacts;
    assert.deepEqual(
      [f.anyHostPID, f.anyRbac, f.anyClusterScoped, f.anyUnknownKind, f.clusterScoped, f.knownKind, f.anyPrivileged, f.anyHostPath, f.anyHostNetwork, f.anyHostIPC, f.anyAddedCapabilities],
      [true, true, true, true, false, false, false, false, false, false, false],
    );
    const roles = kubernetesPack.classify('kubernetes_apply', { manifest: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r}\nrules: []\n' }).facts.k8s as KubernetesFacts;
    assert.deepEqual([roles.clusterScoped, roles.anyClusterScoped, roles.namespace, roles.namespaces], [true, true, '', []]);
  });

  it('an unreadable manifest is a parse error with the call flags kept, never a read', () => {
    const result = kubernetesPack.classify('kubernetes_apply', { manifest: 'kind: [', dryRun: true });
    const f = result.facts.k8s as KubernetesFacts;
    assert.notEqual(f.parseError, '');
    assert.deepEqual([f.verb, f.dryRun, f.force, f.objectCount], ['apply', true, false, 0]);
    assert.equal(result.readOnly, false);
  });

  it('apply of objects of one custom kind: what they share, the kind standing for the resource', () => {
    const widgets = 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n---\napiVersion: example.com/v1\nkind: Widget\nmetadata: {name: v, namespace: shop}\n';
    const result = kubernetesPack.classify('kubernetes_apply', { manifest: widgets });
    const { exec: _exec, objects, ...facts } = result.facts.k8s as KubernetesFacts;
    assert.deepEqual(facts, {
      ...NOTHING,
      verb: 'apply',
      group: 'example.com',
      version: 'v1',
      resource: 'Widget',
      kind: 'Widget',
      resources: ['Widget'],
      namespaces: ['default', 'shop'],
      objectCount: 2,
      anyUnknownKind: true,
    });
    assert.deepEqual(
      objects.map((o) => [o.apiVersion, o.group, o.kind, o.resource, o.knownKind, o.namespace, o.name, o.clusterScoped, o.rbac]),
      [
        ['example.com/v1', 'example.com', 'Widget', '', false, 'default', 'w', false, false],
        ['example.com/v1', 'example.com', 'Widget', '', false, 'shop', 'v', false, false],
      ],
    );
    const deployments = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: b}\n';
    const two = kubernetesPack.classify('kubernetes_apply', { manifest: deployments, namespace: 'shop' }).facts.k8s as KubernetesFacts;
    assert.deepEqual([two.group, two.resource, two.kind, two.namespace, two.name, two.knownKind, two.objectCount], ['apps', 'deployments', 'Deployment', 'shop', '', true, 2]);
  });

  it('apply sets each pod flag when one object of several has it, and only that flag', () => {
    const plain = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: plain}\n';
    const pod = (spec: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n${spec}  containers: [{name: c, image: x}]\n`;
    const flags: Array<[string, keyof KubernetesFacts]> = [
      ['  hostNetwork: true\n', 'anyHostNetwork'],
      ['  hostIPC: true\n', 'anyHostIPC'],
      ['  hostPID: true\n', 'anyHostPID'],
      ['  volumes: [{name: h, hostPath: {path: /}}]\n', 'anyHostPath'],
      ['  initContainers: [{name: i, image: x, securityContext: {privileged: true}}]\n', 'anyPrivileged'],
      ['  ephemeralContainers: [{name: e, image: x, securityContext: {capabilities: {add: [NET_RAW]}}}]\n', 'anyAddedCapabilities'],
    ];
    const all = ['anyPrivileged', 'anyHostPath', 'anyHostNetwork', 'anyHostPID', 'anyHostIPC', 'anyAddedCapabilities'] as const;
    for (const [spec, flag] of flags) {
      const f = kubernetesPack.classify('kubernetes_apply', { manifest: `${plain}---\n${pod(spec)}` }).facts.k8s as KubernetesFacts;
      assert.deepEqual(
        all.map((a) => f[a]),
        all.map((a) => a === flag),
        flag,
      );
    }
  });

  it('apply without a manifest applies nothing', () => {
    const f = kubernetesPack.classify('kubernetes_apply', {}).facts.k8s as KubernetesFacts;
    assert.deepEqual([f.verb, f.parseError, f.objectCount], ['apply', 'the manifest holds no objects', 0]);
  });

  it('exec without a command runs an empty line, and argv words are strings', () => {
    const exec = (args: Record<string, unknown>) => (kubernetesPack.classify('kubernetes_exec', { pod: 'p', ...args }).facts.k8s as KubernetesFacts).exec;
    const none = exec({});
    assert.deepEqual([none.command, none.line, none.container], [['/bin/sh', '-c', ''], '', '']);
    assert.deepEqual([exec({ command: ['sleep', 5] }).command, exec({ command: 'ls', container: '' }).container, exec({ command: 'ls', container: 'app' }).container], [['sleep', '5'], '', 'app']);
  });

  it('scale without a count keeps -1, and a count that is not a number is no count', () => {
    for (const replicas of [undefined, '3']) {
      assert.equal((kubernetesPack.classify('kubernetes_scale', { name: 'web', ...(replicas ? { replicas } : {}) }).facts.k8s as KubernetesFacts).replicas, -1);
    }
  });
});
