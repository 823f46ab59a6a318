// kubernetes_list, _get, _events and _logs against the emulator through the pack's execute:
// discovery (built-in and custom resources), selectors, caps, cleaning, and what reached the API.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { DocumentResult } from '../../src/pipeline/result.ts';
import { ToolError } from '../../src/pipeline/toolpack.ts';
import { startTestCluster, type TestCluster } from './cluster.ts';

type Json = Record<string, unknown>;
const doc = (r: unknown) => r as DocumentResult;
const items = (r: unknown) => (doc(r).value as { items: Json[] }).items;
const names = (r: unknown) => items(r).map((i) => (i.metadata as Json).name);

describe('kubernetes reads', () => {
  let c: TestCluster;
  before(async () => (c = await startTestCluster()));
  after(async () => c.close());
  beforeEach(() => void c.emulator.requests.splice(0));

  it('lists pods through discovery, asking the server for at most maxRows', async () => {
    const r = await c.run('kubernetes_list', { resource: 'po', namespace: 'shop' });
    assert.deepEqual(names(r), ['db-0', 'job-1', 'web-1', 'web-2']);
    const paths = c.emulator.requests.map((q) => q.path);
    assert.deepEqual(paths, ['/api', '/api/v1', '/api/v1/namespaces/shop/pods']);
    assert.equal(c.emulator.requests.at(-1)?.query.limit, '100');
    assert.match(doc(r).note ?? '', /4 pods in namespace shop/);
  });

  it('caches discovery per connection', async () => {
    await c.run('kubernetes_list', { resource: 'pods', namespace: 'shop' });
    assert.deepEqual(c.emulator.requests.map((q) => q.path), ['/api/v1/namespaces/shop/pods']);
  });

  it('keeps its TLS connection to the API server alive across requests and calls', async () => {
    const before = c.emulator.tlsConnections();
    for (let i = 0; i < 4; i++) await c.run('kubernetes_list', { resource: 'pods', namespace: 'shop' });
    assert.ok(c.emulator.requests.length >= 4);
    assert.ok(c.emulator.tlsConnections() - before <= 1, `${c.emulator.tlsConnections() - before} TLS connections for ${c.emulator.requests.length} requests`);
  });

  it('sends a read again when its kept-alive connection was closed underneath it', async () => {
    await c.run('kubernetes_list', { resource: 'pods', namespace: 'shop' });
    const before = c.emulator.tlsConnections();
    c.emulator.dropNextReusedConnection();
    assert.deepEqual(names(await c.run('kubernetes_list', { resource: 'pods', namespace: 'shop' })), ['db-0', 'job-1', 'web-1', 'web-2']);
    assert.equal(c.emulator.tlsConnections() - before, 1, 'one new connection for the read sent again');
  });

  it('resolves kinds, plurals, short names and group/version/resource alike', async () => {
    for (const resource of ['Deployment', 'deployments', 'deploy', 'deployments.apps', 'apps/v1/deployments']) {
      assert.deepEqual(names(await c.run('kubernetes_list', { resource, namespace: 'shop' })), ['web'], resource);
    }
    assert.ok(c.emulator.requests.some((q) => q.path === '/apis/apps/v1'));
    assert.ok(c.emulator.requests.every((q) => q.method === 'GET'));
  });

  it('resolves a custom resource through /apis and its group version, by plural, kind or short name', async () => {
    c.conn.discovery.clear();
    for (const resource of ['widgets.example.com', 'Widget.example.com', 'wd.example.com', 'example.com/v1/widgets']) {
      assert.deepEqual(names(await c.run('kubernetes_list', { resource, namespace: 'shop' })), ['gizmo'], resource);
    }
    assert.ok(c.emulator.requests.some((q) => q.path === '/apis'));
    assert.ok(c.emulator.requests.some((q) => q.path === '/apis/example.com/v1'));
    assert.ok(c.emulator.requests.some((q) => q.path === '/apis/example.com/v1/namespaces/shop/widgets'));
  });

  it('refuses a custom resource named without its group before any request', async () => {
    await assert.rejects(c.run('kubernetes_list', { resource: 'widgets', namespace: 'shop' }), (e: ToolError) => e.code === 'unknown_kind' && /widgets\.example\.com/.test(e.message));
    assert.deepEqual(c.emulator.requests, []);
  });

  it('passes label and field selectors to the API', async () => {
    const r = await c.run('kubernetes_list', { resource: 'pods', namespace: 'shop', labelSelector: 'app in (web)', fieldSelector: 'status.phase=Running' });
    assert.deepEqual(names(r), ['web-1', 'web-2']);
    const q = c.emulator.requests.at(-1)?.query ?? {};
    assert.equal(q.labelSelector, 'app in (web)');
    assert.equal(q.fieldSelector, 'status.phase=Running');
  });

  it('lists across namespaces and cluster-scoped resources', async () => {
    assert.equal(items(await c.run('kubernetes_list', { resource: 'pods', allNamespaces: true })).length, 4);
    assert.ok(c.emulator.requests.some((q) => q.path === '/api/v1/pods'));
    assert.deepEqual(names(await c.run('kubernetes_list', { resource: 'nodes' })), ['worker-1']);
    assert.ok(c.emulator.requests.some((q) => q.path === '/api/v1/nodes'));
  });

  it('caps lists at maxRows with a note, using the server\'s paging', async () => {
    const r = doc(await c.run('kubernetes_list', { resource: 'pods', namespace: 'shop' }, { maxRows: 2 }));
    assert.equal(items(r).length, 2);
    assert.deepEqual(r.truncated, { reason: 'rows', limit: 2 });
    assert.match(r.note ?? '', /more exist \(2 more on the server\)/);
    assert.equal(c.emulator.requests.at(-1)?.query.limit, '2');
  });

  it('caps lists at maxBytes', async () => {
    const r = doc(await c.run('kubernetes_list', { resource: 'pods', namespace: 'shop' }, { maxBytes: 600 }));
    assert.ok(items(r).length < 4);
    assert.equal(r.truncated?.reason, 'bytes');
    assert.ok(JSON.stringify(r.value).length <= 600);
  });

  it('gets one object without managedFields, as JSON or YAML', async () => {
    const json = doc(await c.run('kubernetes_get', { resource: 'deploy', name: 'web', namespace: 'shop' }));
    const object = json.value as Json;
    assert.equal(object.kind, 'Deployment');
    assert.equal((object.metadata as Json).managedFields, undefined);
    assert.equal((object.spec as Json).replicas, 2);
    const yaml = doc(await c.run('kubernetes_get', { resource: 'deploy', name: 'web', namespace: 'shop', output: 'yaml' }));
    assert.equal(typeof yaml.value, 'string');
    assert.match(String(yaml.value), /^apiVersion: apps\/v1\nkind: Deployment\n/);
    assert.doesNotMatch(String(yaml.value), /managedFields/);
  });

  it('turns a 404 into a not_found ToolError with the API server\'s message', async () => {
    await assert.rejects(c.run('kubernetes_get', { resource: 'pods', name: 'nope', namespace: 'shop' }), (e: ToolError) => e instanceof ToolError && e.code === 'not_found' && /pods "nope" not found/.test(e.message));
  });

  it('shows the events of a namespace and of one object, newest last', async () => {
    const all = doc(await c.run('kubernetes_events', { namespace: 'shop' }));
    assert.deepEqual((all.value as Json[]).map((e) => e.reason), ['ScalingReplicaSet', 'Scheduled', 'Started']);
    const pod = doc(await c.run('kubernetes_events', { namespace: 'shop', resource: 'po', name: 'web-1' }));
    assert.deepEqual((pod.value as Json[]).map((e) => e.object), ['Pod/web-1', 'Pod/web-1']);
    assert.equal(c.emulator.requests.at(-1)?.query.fieldSelector, 'involvedObject.kind=Pod,involvedObject.name=web-1,involvedObject.namespace=shop');
  });

  it('reads logs with tailLines and previous, and cuts them at maxBytes on the server', async () => {
    const tail = doc(await c.run('kubernetes_logs', { pod: 'web-1', namespace: 'shop', tailLines: 2 }));
    assert.equal((tail.value as Json).log, 'POST /pay 201\nGET /health 200\n');
    const q = c.emulator.requests.at(-1);
    assert.equal(q?.path, '/api/v1/namespaces/shop/pods/web-1/log');
    assert.equal(q?.query.tailLines, '2');
    const previous = doc(await c.run('kubernetes_logs', { pod: 'web-1', namespace: 'shop', previous: true }));
    assert.equal((previous.value as Json).log, 'panic: out of memory\n');
    const cut = doc(await c.run('kubernetes_logs', { pod: 'web-1', namespace: 'shop' }, { maxBytes: 20 }));
    assert.equal(((cut.value as Json).log as string).length, 20);
    assert.deepEqual(cut.truncated, { reason: 'bytes', limit: 20 });
    assert.equal(c.emulator.requests.at(-1)?.query.limitBytes, '21');
  });

  it('passes the API server\'s reason when a pod has several containers', async () => {
    await assert.rejects(c.run('kubernetes_logs', { pod: 'db-0', namespace: 'shop' }), (e: ToolError) => e.code === 'bad_request' && /choose one of: \[db backup\]/.test(e.message));
    const r = doc(await c.run('kubernetes_logs', { pod: 'db-0', namespace: 'shop', container: 'db' }));
    assert.equal((r.value as Json).log, 'database ready\n');
  });
});
