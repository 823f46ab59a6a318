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

  it('scale without a count keeps -1, and a count that is not a number is no count', () => {
    for (const replicas of [undefined, '3']) {
      assert.equal((kubernetesPack.classify('kubernetes_scale', { name: 'web', ...(replicas ? { replicas } : {}) }).facts.k8s as KubernetesFacts).replicas, -1);
    }
  });
});
