// The facts a Kubernetes call yields for policy (`k8s.*`), declared once: the TypeScript type, the
// CEL types policies are checked against and the fact reference all come from this schema.
// Every field is always present (empty when it does not apply), so a condition never fails on a
// missing field.
import { z } from 'zod';
import { ShellFactsSchema } from '../../ssh/classify/index.ts';

export const K8S_VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection', 'exec', 'logs', 'apply', 'scale', 'restart'] as const;

export const KubernetesObjectFactsSchema = z.object({
  apiVersion: z.string().describe('apiVersion as written in the manifest, e.g. "apps/v1".'),
  group: z.string().describe('API group of the object ("" for the core group).'),
  kind: z.string().describe('Kind as written in the manifest, e.g. "Deployment".'),
  resource: z.string().describe('Plural resource name for built-in kinds (e.g. "deployments"); "" when the kind is not built in.'),
  knownKind: z.boolean().describe('The kind is in the built-in table; false means it is resolved through discovery at execution (a custom resource).'),
  namespace: z.string().describe('Namespace the object goes to ("" for cluster-scoped kinds).'),
  name: z.string().describe('metadata.name'),
  clusterScoped: z.boolean().describe('The kind is a built-in cluster-scoped kind (Namespace, Node, ClusterRole, ...).'),
  privileged: z.boolean().describe('Some container (or init/ephemeral container) sets securityContext.privileged: true.'),
  hostPath: z.boolean().describe('Some volume mounts a hostPath from the node.'),
  hostNetwork: z.boolean().describe('The pod spec sets hostNetwork: true.'),
  hostPID: z.boolean().describe('The pod spec sets hostPID: true.'),
  hostIPC: z.boolean().describe('The pod spec sets hostIPC: true.'),
  addedCapabilities: z.array(z.string()).describe('Linux capabilities added by securityContext.capabilities.add, upper case without CAP_.'),
  rbac: z.boolean().describe('The object is RBAC (Role, ClusterRole, RoleBinding, ClusterRoleBinding).'),
});

export const KubernetesExecFactsSchema = z.object({
  container: z.string().describe('Container named in the call ("" for the pod\'s default container).'),
  command: z.array(z.string()).describe('The argv that runs in the container (a line runs as ["/bin/sh", "-c", line]).'),
  line: z.string().describe('The command as one shell line: the line given, or the argv quoted as shell words.'),
  shell: ShellFactsSchema.describe('The SSH pack\'s shell facts for `line`: commands, danger, readOnly, hasError, ...'),
});

export const KubernetesFactsSchema = z.object({
  verb: z.enum(K8S_VERBS).describe('What the call does: get, list, logs, apply, delete, scale, restart, exec, ...'),
  group: z.string().describe('API group ("" for core). For apply, the group when all objects share one, else "".'),
  version: z.string().describe('API version, e.g. "v1"; "" when not known before discovery.'),
  resource: z.string().describe('Plural resource, e.g. "pods", "deployments"; for kinds not built in, the name as written (lower case).'),
  kind: z.string().describe('Kind, e.g. "Pod", when known; for kinds not built in, the name as written.'),
  knownKind: z.boolean().describe('The resource is in the built-in table of core kinds; false means a custom resource resolved through discovery.'),
  subresource: z.string().describe('Subresource the call uses: "log", "exec", "scale", or "".'),
  namespace: z.string().describe('Namespace of the call ("" for cluster-scoped resources and all-namespace lists). Omitted namespaces mean "default".'),
  allNamespaces: z.boolean().describe('A list across all namespaces.'),
  name: z.string().describe('Object name ("" for lists and namespace-wide events).'),
  clusterScoped: z.boolean().describe('The resource is a built-in cluster-scoped one (namespaces, nodes, clusterroles, CRDs, ...).'),
  secretsRead: z.boolean().describe('The call reads or returns Secret objects (their values are always redacted by the pack).'),
  labelSelector: z.string().describe('Label selector of a list ("" when none).'),
  fieldSelector: z.string().describe('Field selector of a list ("" when none).'),
  resources: z.array(z.string()).describe('Every resource the call touches (plural names; kinds as written for custom resources).'),
  namespaces: z.array(z.string()).describe('Every namespace the call touches.'),
  parseError: z.string().describe('Why the manifest could not be read ("" when it parsed). Nothing is applied when set.'),
  objectCount: z.number().describe('Number of objects in the manifest.'),
  objects: z.array(KubernetesObjectFactsSchema).describe('Per object of an apply: kind, namespace, name and its risk flags.'),
  anyPrivileged: z.boolean().describe('Some applied object runs a privileged container.'),
  anyHostPath: z.boolean().describe('Some applied object mounts a hostPath volume.'),
  anyHostNetwork: z.boolean().describe('Some applied object uses the host network.'),
  anyHostPID: z.boolean().describe('Some applied object shares the host PID namespace.'),
  anyHostIPC: z.boolean().describe('Some applied object shares the host IPC namespace.'),
  anyAddedCapabilities: z.boolean().describe('Some applied object adds Linux capabilities.'),
  anyRbac: z.boolean().describe('Some applied object is RBAC (Role, ClusterRole, RoleBinding, ClusterRoleBinding).'),
  anyClusterScoped: z.boolean().describe('Some applied object is of a built-in cluster-scoped kind.'),
  anyUnknownKind: z.boolean().describe('Some applied object is of a kind not in the built-in table (a custom resource).'),
  dryRun: z.boolean().describe('An apply that the server only validates (dryRun=All); nothing is persisted.'),
  force: z.boolean().describe('An apply that takes over fields owned by other field managers.'),
  replicas: z.number().describe('Desired replicas of a scale call (-1 when not a scale).'),
  exec: KubernetesExecFactsSchema.describe('For exec: the command and its shell facts (empty for other verbs).'),
});

export type KubernetesFacts = z.infer<typeof KubernetesFactsSchema>;
export type KubernetesObjectFacts = z.infer<typeof KubernetesObjectFactsSchema>;
export type KubernetesExecFacts = z.infer<typeof KubernetesExecFactsSchema>;
export type K8sVerb = (typeof K8S_VERBS)[number];
