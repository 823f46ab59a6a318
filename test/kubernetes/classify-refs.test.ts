// The resource an agent names, in every spelling kubectl accepts, and the built-in kind table
// against what the API server serves: a kind read with the wrong group, plural or scope is a
// policy rule (secrets, cluster scope, RBAC) that misses the call.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { kubernetesPack, type KubernetesFacts } from '../../tools/kubernetes/index.ts';
import { builtinResource, findBuiltinKind, parseResourceRef, resolveRef } from '../../tools/kubernetes/classify/index.ts';

const facts = (tool: string, args: Record<string, unknown>): KubernetesFacts => kubernetesPack.classify(tool, args).facts.k8s as KubernetesFacts;
const get = (resource: string) => facts('kubernetes_get', { resource, name: 'x' });
const manifestFacts = (apiVersion: string, kind: string) => facts('kubernetes_apply', { manifest: `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: {name: x}\n` });

// `kubectl api-resources` of a Kubernetes v1.31 cluster, the rows of the kinds gatehouse knows
// (NAME, SHORTNAMES, APIVERSION, NAMESPACED, KIND; "-" for no short name).
const API_RESOURCES = `
componentstatuses               cs        v1                               false  ComponentStatus
configmaps                      cm        v1                               true   ConfigMap
endpoints                       ep        v1                               true   Endpoints
events                          ev        v1                               true   Event
limitranges                     limits    v1                               true   LimitRange
namespaces                      ns        v1                               false  Namespace
nodes                           no        v1                               false  Node
persistentvolumeclaims          pvc       v1                               true   PersistentVolumeClaim
persistentvolumes               pv        v1                               false  PersistentVolume
pods                            po        v1                               true   Pod
podtemplates                    -         v1                               true   PodTemplate
replicationcontrollers          rc        v1                               true   ReplicationController
resourcequotas                  quota     v1                               true   ResourceQuota
secrets                         -         v1                               true   Secret
serviceaccounts                 sa        v1                               true   ServiceAccount
services                        svc       v1                               true   Service
mutatingwebhookconfigurations   -         admissionregistration.k8s.io/v1  false  MutatingWebhookConfiguration
validatingwebhookconfigurations -         admissionregistration.k8s.io/v1  false  ValidatingWebhookConfiguration
customresourcedefinitions       crd,crds  apiextensions.k8s.io/v1          false  CustomResourceDefinition
apiservices                     -         apiregistration.k8s.io/v1        false  APIService
controllerrevisions             -         apps/v1                          true   ControllerRevision
daemonsets                      ds        apps/v1                          true   DaemonSet
deployments                     deploy    apps/v1                          true   Deployment
replicasets                     rs        apps/v1                          true   ReplicaSet
statefulsets                    sts       apps/v1                          true   StatefulSet
horizontalpodautoscalers        hpa       autoscaling/v2                   true   HorizontalPodAutoscaler
cronjobs                        cj        batch/v1                         true   CronJob
jobs                            -         batch/v1                         true   Job
certificatesigningrequests      csr       certificates.k8s.io/v1           false  CertificateSigningRequest
leases                          -         coordination.k8s.io/v1           true   Lease
endpointslices                  -         discovery.k8s.io/v1              true   EndpointSlice
ingressclasses                  -         networking.k8s.io/v1             false  IngressClass
ingresses                       ing       networking.k8s.io/v1             true   Ingress
networkpolicies                 netpol    networking.k8s.io/v1             true   NetworkPolicy
runtimeclasses                  -         node.k8s.io/v1                   false  RuntimeClass
poddisruptionbudgets            pdb       policy/v1                        true   PodDisruptionBudget
clusterrolebindings             -         rbac.authorization.k8s.io/v1     false  ClusterRoleBinding
clusterroles                    -         rbac.authorization.k8s.io/v1     false  ClusterRole
rolebindings                    -         rbac.authorization.k8s.io/v1     true   RoleBinding
roles                           -         rbac.authorization.k8s.io/v1     true   Role
priorityclasses                 pc        scheduling.k8s.io/v1             false  PriorityClass
csidrivers                      -         storage.k8s.io/v1                false  CSIDriver
csinodes                        -         storage.k8s.io/v1                false  CSINode
storageclasses                  sc        storage.k8s.io/v1                false  StorageClass
volumeattachments               -         storage.k8s.io/v1                false  VolumeAttachment
`;

const served = API_RESOURCES.trim()
  .split('\n')
  .map((line) => {
    const [resource = '', short = '', apiVersion = '', namespaced = '', kind = ''] = line.trim().split(/\s+/);
    const slash = apiVersion.lastIndexOf('/');
    return { resource, shortNames: short === '-' ? [] : short.split(','), group: slash < 0 ? '' : apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1), apiVersion, namespaced: namespaced === 'true', kind };
  });

describe('kubernetes resource references', () => {
  before(async () => kubernetesPack.init?.());

  it('resolves every built-in kind, by plural, kind, singular and short name in any case, to what the API server serves', () => {
    for (const s of served) {
      const expected = [s.group, s.version, s.resource, s.kind, true, !s.namespaced, s.namespaced ? 'default' : '', s.resource === 'secrets'];
      for (const spelling of [s.resource, s.kind, s.kind.toUpperCase(), s.kind.toLowerCase(), ...s.shortNames]) {
        const f = get(spelling);
        assert.deepEqual([f.group, f.version, f.resource, f.kind, f.knownKind, f.clusterScoped, f.namespace, f.secretsRead], expected, spelling);
      }
      const qualified = get(s.group ? `${s.resource}.${s.group}` : `${s.resource}.`);
      assert.deepEqual([qualified.group, qualified.resource, qualified.clusterScoped], [s.group, s.resource, !s.namespaced], `${s.resource}.${s.group}`);
      const byPath = get(`${s.group}/${s.version}/${s.resource}`);
      assert.deepEqual([byPath.group, byPath.version, byPath.resource, byPath.knownKind], [s.group, s.version, s.resource, true], s.apiVersion);
    }
  });

  it('reads every built-in kind of a manifest with its plural and scope, and only with its own group and exact kind', () => {
    for (const s of served) {
      const f = manifestFacts(s.apiVersion, s.kind);
      const [o] = f.objects;
      assert.deepEqual([o?.resource, o?.knownKind, o?.clusterScoped, o?.namespace, f.anyClusterScoped, f.anyUnknownKind], [s.resource, true, !s.namespaced, s.namespaced ? 'default' : '', !s.namespaced, false], s.kind);
      assert.deepEqual(builtinResource(s.group, s.resource), { kind: s.kind, resource: s.resource, group: s.group, version: s.version, namespaced: s.namespaced, shortNames: s.shortNames }, s.resource);
    }
    // A kind in another group, or spelled in another case, is not the built-in one: the API server
    // matches apiVersion and kind exactly (execution refuses the call when discovery disagrees).
    for (const [apiVersion, kind] of [['example.com/v1', 'Secret'], ['v1', 'secret'], ['apps/v1', 'Pod'], ['v1', 'Deployment']]) {
      const [o] = manifestFacts(String(apiVersion), String(kind)).objects;
      assert.deepEqual([o?.knownKind, o?.resource, o?.clusterScoped], [false, '', false], `${apiVersion} ${kind}`);
    }
    assert.equal(builtinResource('', 'deployments'), undefined);
    assert.equal(builtinResource('apps', 'pods'), undefined);
    assert.equal(builtinResource('', 'deploy'), undefined, 'execution resolves by plural only');
  });

  it('finds a built-in kind within the group given, and no other', () => {
    assert.equal(findBuiltinKind('Deployment')?.group, 'apps');
    assert.equal(findBuiltinKind('deploy', 'apps')?.resource, 'deployments');
    assert.equal(findBuiltinKind('deploy', ''), undefined);
    assert.equal(findBuiltinKind('secrets', 'apps'), undefined);
    assert.equal(findBuiltinKind('widgets'), undefined);
    assert.equal(findBuiltinKind('crds')?.kind, 'CustomResourceDefinition');
  });

  it('reads resource[.version].group, version/resource and group/version/resource as kubectl does', () => {
    const ref = (text: string) => {
      const parsed = parseResourceRef(text);
      assert.ok(parsed.ok, text);
      return parsed.ref;
    };
    assert.deepEqual(ref('Widget'), { name: 'Widget' });
    assert.deepEqual(ref('widgets.example.com'), { name: 'widgets', group: 'example.com' });
    assert.deepEqual(ref('widgets.v1beta2.example.com'), { name: 'widgets', version: 'v1beta2', group: 'example.com' });
    assert.deepEqual(ref('ingresses.v1.networking.k8s.io'), { name: 'ingresses', version: 'v1', group: 'networking.k8s.io' });
    // resource.group where the group looks like a version: kubectl reads it as a group too.
    assert.deepEqual(ref('pods.v1'), { name: 'pods', group: 'v1' });
    assert.deepEqual(ref('v2alpha1/pods'), { name: 'pods', group: '', version: 'v2alpha1' });
    assert.deepEqual(ref('example.com/widgets'), { name: 'widgets', group: 'example.com' });
    assert.deepEqual(ref('batch/v1beta1/cronjobs'), { name: 'cronjobs', group: 'batch', version: 'v1beta1' });
    assert.deepEqual(ref('example.com/v10/widgets'), { name: 'widgets', group: 'example.com', version: 'v10' });
    assert.deepEqual(ref('x'), { name: 'x' });
    assert.deepEqual(ref('my-widget2'), { name: 'my-widget2' });
    assert.deepEqual(ref('w.a1'), { name: 'w', group: 'a1' });
    assert.deepEqual(ref('w.my-group.example.com'), { name: 'w', group: 'my-group.example.com' });
    assert.deepEqual(ref('w.a.b-c.k8s.io'), { name: 'w', group: 'a.b-c.k8s.io' });
    assert.deepEqual(ref('w.a.b'), { name: 'w', group: 'a.b' });
    assert.deepEqual(ref('example.com/v2alpha12/widgets'), { name: 'widgets', group: 'example.com', version: 'v2alpha12' });
  });

  it('refuses names, groups and versions the API server could not serve, quoting the first 100 characters', () => {
    const message = (text: string) => {
      const parsed = parseResourceRef(text);
      assert.equal(parsed.ok, false, text);
      return parsed.ok ? '' : parsed.message;
    };
    const NAME = 'the resource name must be letters, digits and dashes';
    const GROUP = 'the API group must be a DNS name such as apps or example.com';
    const VERSION = 'the version must look like v1, v1beta1 or v2alpha1';
    const cases: Array<[string, string]> = [
      ['1pods', NAME],
      ['-pods', NAME],
      ['pods_x', NAME],
      ['', NAME],
      ['pods.-apps', GROUP],
      ['pods.apps-', GROUP],
      ['pods.apps.', GROUP],
      ['pods.Apps', GROUP],
      ['pods.a_b', GROUP],
      ['apps/xv1/deployments', VERSION],
      ['apps/v1x/deployments', VERSION],
      ['apps/v/deployments', VERSION],
      ['apps/v1gamma1/deployments', VERSION],
      ['apps/v1beta/deployments', VERSION],
      ['apps/V1/deployments', VERSION],
      ['apps/1/deployments', VERSION],
    ];
    for (const [text, why] of cases) assert.equal(message(text), `resource "${text}": ${why}`, text);
    assert.equal(message('a/b/c/d'), 'resource "a/b/c/d": use a kind (Deployment), a resource (deployments), resource.group (deployments.apps) or group/version/resource (apps/v1/deployments)');
    const long = `${'w'.repeat(120)}.Bad`;
    assert.equal(message(long), `resource "${'w'.repeat(100)}": ${GROUP}`);
    // A call on such a resource is a parse error, never a call on some other resource.
    const f = get('apps/v1x/deployments');
    assert.deepEqual([f.parseError, f.resource, f.resources], [`resource "apps/v1x/deployments": ${VERSION}`, '', []]);
  });

  it('keeps a custom resource as written, with the group and version given, scoped to a namespace', () => {
    const r = resolveRef({ name: 'Widget', group: 'example.com', version: 'v1alpha1' });
    assert.deepEqual(r, { ref: { name: 'Widget', group: 'example.com', version: 'v1alpha1' }, group: 'example.com', version: 'v1alpha1', resource: 'widget', kind: 'Widget', knownKind: false, clusterScoped: false });
    assert.deepEqual(resolveRef({ name: 'widgets' }), { ref: { name: 'widgets' }, group: '', version: '', resource: 'widgets', kind: 'widgets', knownKind: false, clusterScoped: false });
    // A named version wins over the table's, a named group must be the kind's own.
    assert.equal(resolveRef({ name: 'hpa', group: 'autoscaling', version: 'v1' }).version, 'v1');
    assert.equal(resolveRef({ name: 'hpa', group: 'autoscaling' }).version, 'v2');
    assert.equal(resolveRef({ name: 'pods', group: 'v1' }).knownKind, false);
    const f = facts('kubernetes_delete', { resource: 'widgets.v1.example.com', name: 'w', namespace: 'shop' });
    assert.deepEqual([f.group, f.version, f.resource, f.kind, f.knownKind, f.clusterScoped, f.namespace, f.namespaces], ['example.com', 'v1', 'widgets', 'widgets', false, false, 'shop', ['shop']]);
  });
});
