// The built-in Kubernetes kinds, so classification (which may not touch the network) can name the
// resource a call means however it is spelled: kind, plural, singular or short name. Execution
// still resolves through the API server's discovery; anything not listed here is a custom resource.

export interface BuiltinKind {
  kind: string;
  /** Plural resource name, as in URLs and RBAC rules. */
  resource: string;
  group: string;
  version: string;
  namespaced: boolean;
  shortNames: readonly string[];
}

// [kind, plural, group, version, namespaced, short names]
type Row = [string, string, string, string, boolean, string[]];

const ROWS: Row[] = [
  ['Pod', 'pods', '', 'v1', true, ['po']],
  ['Service', 'services', '', 'v1', true, ['svc']],
  ['ConfigMap', 'configmaps', '', 'v1', true, ['cm']],
  ['Secret', 'secrets', '', 'v1', true, []],
  ['Namespace', 'namespaces', '', 'v1', false, ['ns']],
  ['Node', 'nodes', '', 'v1', false, ['no']],
  ['PersistentVolume', 'persistentvolumes', '', 'v1', false, ['pv']],
  ['PersistentVolumeClaim', 'persistentvolumeclaims', '', 'v1', true, ['pvc']],
  ['ServiceAccount', 'serviceaccounts', '', 'v1', true, ['sa']],
  ['Endpoints', 'endpoints', '', 'v1', true, ['ep']],
  ['Event', 'events', '', 'v1', true, ['ev']],
  ['ReplicationController', 'replicationcontrollers', '', 'v1', true, ['rc']],
  ['ResourceQuota', 'resourcequotas', '', 'v1', true, ['quota']],
  ['LimitRange', 'limitranges', '', 'v1', true, ['limits']],
  ['PodTemplate', 'podtemplates', '', 'v1', true, []],
  ['ComponentStatus', 'componentstatuses', '', 'v1', false, ['cs']],
  ['Deployment', 'deployments', 'apps', 'v1', true, ['deploy']],
  ['StatefulSet', 'statefulsets', 'apps', 'v1', true, ['sts']],
  ['DaemonSet', 'daemonsets', 'apps', 'v1', true, ['ds']],
  ['ReplicaSet', 'replicasets', 'apps', 'v1', true, ['rs']],
  ['ControllerRevision', 'controllerrevisions', 'apps', 'v1', true, []],
  ['Job', 'jobs', 'batch', 'v1', true, []],
  ['CronJob', 'cronjobs', 'batch', 'v1', true, ['cj']],
  ['HorizontalPodAutoscaler', 'horizontalpodautoscalers', 'autoscaling', 'v2', true, ['hpa']],
  ['Ingress', 'ingresses', 'networking.k8s.io', 'v1', true, ['ing']],
  ['IngressClass', 'ingressclasses', 'networking.k8s.io', 'v1', false, []],
  ['NetworkPolicy', 'networkpolicies', 'networking.k8s.io', 'v1', true, ['netpol']],
  ['PodDisruptionBudget', 'poddisruptionbudgets', 'policy', 'v1', true, ['pdb']],
  ['Role', 'roles', 'rbac.authorization.k8s.io', 'v1', true, []],
  ['RoleBinding', 'rolebindings', 'rbac.authorization.k8s.io', 'v1', true, []],
  ['ClusterRole', 'clusterroles', 'rbac.authorization.k8s.io', 'v1', false, []],
  ['ClusterRoleBinding', 'clusterrolebindings', 'rbac.authorization.k8s.io', 'v1', false, []],
  ['CustomResourceDefinition', 'customresourcedefinitions', 'apiextensions.k8s.io', 'v1', false, ['crd', 'crds']],
  ['StorageClass', 'storageclasses', 'storage.k8s.io', 'v1', false, ['sc']],
  ['CSIDriver', 'csidrivers', 'storage.k8s.io', 'v1', false, []],
  ['CSINode', 'csinodes', 'storage.k8s.io', 'v1', false, []],
  ['VolumeAttachment', 'volumeattachments', 'storage.k8s.io', 'v1', false, []],
  ['ValidatingWebhookConfiguration', 'validatingwebhookconfigurations', 'admissionregistration.k8s.io', 'v1', false, []],
  ['MutatingWebhookConfiguration', 'mutatingwebhookconfigurations', 'admissionregistration.k8s.io', 'v1', false, []],
  ['PriorityClass', 'priorityclasses', 'scheduling.k8s.io', 'v1', false, ['pc']],
  ['Lease', 'leases', 'coordination.k8s.io', 'v1', true, []],
  ['EndpointSlice', 'endpointslices', 'discovery.k8s.io', 'v1', true, []],
  ['CertificateSigningRequest', 'certificatesigningrequests', 'certificates.k8s.io', 'v1', false, ['csr']],
  ['RuntimeClass', 'runtimeclasses', 'node.k8s.io', 'v1', false, []],
  ['APIService', 'apiservices', 'apiregistration.k8s.io', 'v1', false, []],
];

export const BUILTIN_KINDS: readonly BuiltinKind[] = ROWS.map(([kind, resource, group, version, namespaced, shortNames]) => ({ kind, resource, group, version, namespaced, shortNames }));

/** Every spelling (lower case) of each built-in kind; the first row wins (core "events" before any other). */
const BY_SPELLING = new Map<string, BuiltinKind[]>();
for (const entry of BUILTIN_KINDS) {
  for (const spelling of new Set([entry.resource, entry.kind.toLowerCase(), ...entry.shortNames])) {
    BY_SPELLING.set(spelling, [...(BY_SPELLING.get(spelling) ?? []), entry]);
  }
}

/** The built-in kind a name means (any spelling, any case), optionally within an explicit group. */
export function findBuiltinKind(name: string, group?: string): BuiltinKind | undefined {
  const candidates = BY_SPELLING.get(name.toLowerCase()) ?? [];
  return candidates.find((c) => group === undefined || c.group === group);
}

/** The built-in kind of a manifest object (apiVersion + kind, exact as the API server matches them). */
export function builtinKindOf(group: string, kind: string): BuiltinKind | undefined {
  return BUILTIN_KINDS.find((c) => c.group === group && c.kind === kind);
}

/** The built-in entry for a group and plural resource, as execution resolves it. */
export function builtinResource(group: string, resource: string): BuiltinKind | undefined {
  return BUILTIN_KINDS.find((c) => c.group === group && c.resource === resource);
}

export const RBAC_KINDS = new Set(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']);
