// What an approver reads (the summary) and what a grant covers (the shape) for each kind of
// Kubernetes call: every fact that changes what the call does changes its shape, and the summary
// names it.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { kubernetesPack } from '../../tools/kubernetes/index.ts';

const classify = (tool: string, args: Record<string, unknown>) => kubernetesPack.classify(tool, args);
const summary = (tool: string, args: Record<string, unknown>) => classify(tool, args).summary;
const shape = (tool: string, args: Record<string, unknown>) => classify(tool, args).shape;
const object = (apiVersion: string, kind: string, name: string, namespace?: string) =>
  `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: {name: ${name}${namespace ? `, namespace: ${namespace}` : ''}}\n`;

describe('kubernetes summaries and shapes', () => {
  before(async () => kubernetesPack.init?.());

  it('binds an apply grant to the namespace every object goes to, not only to a namespace all of them share', () => {
    // A namespace and an account inside it: the objects share no namespace (the Namespace has none).
    const setup = [object('v1', 'Namespace', 'tools'), object('v1', 'ServiceAccount', 'runner')].join('---\n');
    const approved = shape('kubernetes_apply', { manifest: setup, namespace: 'tools' });
    assert.notEqual(shape('kubernetes_apply', { manifest: setup, namespace: 'kube-system' }), approved);
    assert.notEqual(shape('kubernetes_apply', { manifest: setup }), approved);
    // Objects in several namespaces: the one without its own goes where the call says.
    const spread = [object('v1', 'ConfigMap', 'a', 'shop'), object('v1', 'ConfigMap', 'b')].join('---\n');
    assert.notEqual(shape('kubernetes_apply', { manifest: spread }), shape('kubernetes_apply', { manifest: spread, namespace: 'shop' }));
    // The same objects landing in the same places are the same change, however that is said.
    assert.equal(shape('kubernetes_apply', { manifest: setup }), shape('kubernetes_apply', { manifest: setup, namespace: 'default' }));
    const inside = [object('v1', 'Namespace', 'tools'), object('v1', 'ServiceAccount', 'runner', 'tools')].join('---\n');
    assert.equal(shape('kubernetes_apply', { manifest: inside }), shape('kubernetes_apply', { manifest: inside, namespace: 'tools' }));
  });

  it('shapes an apply by its flags, the namespace its objects share and their content', () => {
    const cm = object('v1', 'ConfigMap', 'c');
    const plain = shape('kubernetes_apply', { manifest: cm, namespace: 'shop' });
    assert.match(plain, /^k8s apply ns=shop [0-9a-f]{64}$/);
    assert.match(shape('kubernetes_apply', { manifest: cm, namespace: 'shop', dryRun: true }), /^k8s apply dry-run ns=shop [0-9a-f]{64}$/);
    assert.match(shape('kubernetes_apply', { manifest: cm, namespace: 'shop', force: true }), /^k8s apply force ns=shop [0-9a-f]{64}$/);
    assert.match(shape('kubernetes_apply', { manifest: object('v1', 'Namespace', 'shop') }), /^k8s apply ns=- [0-9a-f]{64}$/);
    assert.notEqual(plain, shape('kubernetes_apply', { manifest: object('v1', 'ConfigMap', 'd'), namespace: 'shop' }));
  });

  it('summarizes an apply by its objects, five by name and the rest counted', () => {
    const objects = (n: number) => Array.from({ length: n }, (_, i) => object('v1', 'ConfigMap', `c${i}`)).join('---\n');
    assert.equal(summary('kubernetes_apply', { manifest: objects(5), namespace: 'shop' }), 'apply 5 objects: ConfigMap shop/c0, ConfigMap shop/c1, ConfigMap shop/c2, ConfigMap shop/c3, ConfigMap shop/c4');
    assert.equal(summary('kubernetes_apply', { manifest: objects(7), dryRun: true }), 'dry-run apply 7 objects: ConfigMap default/c0, ConfigMap default/c1, ConfigMap default/c2, ConfigMap default/c3, ConfigMap default/c4 and 2 more');
    assert.equal(summary('kubernetes_apply', { manifest: object('rbac.authorization.k8s.io/v1', 'ClusterRole', 'admin-all') }), 'apply 1 object: ClusterRole admin-all');
  });

  it('summarizes a list by where it looks and its selectors', () => {
    assert.equal(summary('kubernetes_list', { resource: 'pods', labelSelector: 'app=web' }), 'list pods in default (labels app=web)');
    assert.equal(summary('kubernetes_list', { resource: 'pods', namespace: 'shop', fieldSelector: 'spec.nodeName=n1' }), 'list pods in shop (fields spec.nodeName=n1)');
    assert.equal(summary('kubernetes_list', { resource: 'deploy', allNamespaces: true }), 'list deployments.apps in all namespaces');
    assert.equal(summary('kubernetes_list', { resource: 'clusterroles' }), 'list clusterroles.rbac.authorization.k8s.io');
  });

  it('shapes a list by where it looks and its selectors, and a read by its subresource', () => {
    const list = (args: Record<string, unknown>) => shape('kubernetes_list', { resource: 'pods', ...args });
    assert.equal(list({ labelSelector: 'app=web' }), 'k8s list core/pods ns=default labels="app=web" fields=""');
    assert.notEqual(list({ labelSelector: 'app=web' }), list({ labelSelector: 'app=db' }));
    assert.notEqual(list({ fieldSelector: 'a=b' }), list({ fieldSelector: 'a=c' }));
    assert.notEqual(list({ namespace: 'shop' }), list({ allNamespaces: true }));
    assert.equal(shape('kubernetes_list', { resource: 'widgets.example.com', namespace: 'shop' }), 'k8s list example.com/widgets ns=shop labels="" fields=""');
    assert.equal(shape('kubernetes_get', { resource: 'namespaces', name: 'shop' }), 'k8s get core/namespaces ns=- name="shop"');
    assert.equal(shape('kubernetes_get', { resource: 'pods', name: 'a b"c' }), 'k8s get core/pods ns=default name="a b\\"c"');
    assert.equal(shape('kubernetes_list', { resource: 'pods', name: 'ignored' }), 'k8s list core/pods ns=default labels="" fields=""');
  });

  it('summarizes and shapes an exec by its pod, container and every word of the command', () => {
    const exec = { pod: 'web-1', namespace: 'shop', container: 'app', command: ['cat', '/etc/hostname'] };
    assert.equal(summary('kubernetes_exec', exec), 'exec in pod web-1 in shop (container app): cat /etc/hostname');
    assert.equal(summary('kubernetes_exec', { ...exec, container: undefined }), 'exec in pod web-1 in shop: cat /etc/hostname');
    const execShape = shape('kubernetes_exec', exec);
    assert.match(execShape, /^k8s exec core\/pods\/exec ns=shop name="web-1" container="app" /);
    assert.notEqual(execShape, shape('kubernetes_exec', { ...exec, container: 'sidecar' }));
    assert.notEqual(execShape, shape('kubernetes_exec', { ...exec, command: ['cat', '/etc/shadow'] }));
    assert.equal(shape('kubernetes_exec', { ...exec, command: 'cat /etc/hostname' }), execShape, 'a line and its argv are the same command');
    // A long command is cut for the summary, at a space.
    const long = summary('kubernetes_exec', { pod: 'p', command: `echo ${'word '.repeat(1000)}`.trim() });
    assert.match(long, /^exec in pod p in default: echo( word)+ … \(\d+ more characters\)$/);
    assert.ok(long.length <= 'exec in pod p in default: '.length + 1000, String(long.length));
  });

  it('summarizes logs, scale, restart and delete by their object and where it is', () => {
    assert.equal(summary('kubernetes_logs', { pod: 'web-1' }), 'logs of pod web-1 in default');
    assert.equal(summary('kubernetes_scale', { resource: 'statefulsets', name: 'db', replicas: 0, namespace: 'data' }), 'scale statefulsets.apps/db in data to 0 replicas');
    assert.equal(summary('kubernetes_rollout_restart', { resource: 'ds', name: 'agent', namespace: 'ops' }), 'restart daemonsets.apps/agent in ops');
    assert.equal(summary('kubernetes_delete', { resource: 'ns', name: 'shop' }), 'delete namespaces/shop');
    assert.equal(summary('kubernetes_delete', { resource: 'widgets.example.com', name: 'w', namespace: 'shop' }), 'delete widgets.example.com/w in shop');
    assert.equal(shape('kubernetes_rollout_restart', { resource: 'ds', name: 'agent', namespace: 'ops' }), 'k8s restart apps/daemonsets ns=ops name="agent"');
    assert.equal(shape('kubernetes_scale', { resource: 'sts', name: 'db', replicas: 0 }), 'k8s scale apps/statefulsets/scale ns=default name="db" replicas=0');
  });

  it('quotes at most 200 characters of why a call is unreadable', () => {
    const name = 'n'.repeat(240);
    const result = classify('kubernetes_apply', { manifest: `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}, namespace: Bad}\n` });
    const why = `object 1: ConfigMap ${name}: metadata.namespace is not a valid namespace name`;
    assert.equal((result.facts.k8s as { parseError: string }).parseError, why);
    assert.equal(result.summary, `apply: unreadable call (${why.slice(0, 200)})`);
    assert.equal(summary('kubernetes_get', { resource: 'a b', name: 'x' }), 'get: unreadable call (resource "a b": the resource name must be letters, digits and dashes)');
  });
});
