// classifyKubernetesCall: the facts of one kubernetes_* call, without any I/O. Built-in kinds are
// normalized with the built-in table; manifests and exec commands are read here too. The same
// functions run again at execution, so the call executed is the call decided.
import type { Classification } from '../../../src/pipeline/toolpack.ts';
import { execFacts, NO_EXEC } from './exec-command.ts';
import type { K8sVerb, KubernetesFacts, KubernetesObjectFacts } from './facts-schema.ts';
import { readManifest, type Manifest } from './manifest.ts';
import { parseResourceRef, resolveRef, type ResolvedRef } from './resource-ref.ts';
import { applyShape, describeCall, shapeOf } from './summary.ts';

// The verbs of the tools that only read (no tool watches).
const READ_VERBS = new Set<K8sVerb>(['get', 'list', 'logs']);

export function emptyFacts(verb: K8sVerb): KubernetesFacts {
  return {
    verb,
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
    objects: [],
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
    exec: NO_EXEC,
  };
}

/** Facts for a call on one resource; a resource that does not parse becomes a parse error. */
function resourceFacts(verb: K8sVerb, text: unknown, args: Record<string, unknown>): KubernetesFacts {
  const facts = emptyFacts(verb);
  const parsed = parseResourceRef(String(text ?? ''));
  if (!parsed.ok) return { ...facts, parseError: parsed.message };
  return withResource(facts, resolveRef(parsed.ref), args);
}

function withResource(facts: KubernetesFacts, r: ResolvedRef, args: Record<string, unknown>): KubernetesFacts {
  const namespace = r.clusterScoped ? '' : optionalString(args.namespace) ?? 'default';
  return {
    ...facts,
    group: r.group,
    version: r.version,
    resource: r.resource,
    kind: r.kind,
    knownKind: r.knownKind,
    clusterScoped: r.clusterScoped,
    namespace,
    name: optionalString(args.name) ?? '',
    resources: [r.resource],
    namespaces: namespace ? [namespace] : [],
  };
}

function factsFor(tool: string, args: Record<string, unknown>): KubernetesFacts {
  switch (tool) {
    case 'kubernetes_list': {
      const facts = resourceFacts('list', args.resource, { ...args, name: undefined });
      const all = args.allNamespaces === true && !facts.clusterScoped;
      return {
        ...facts,
        allNamespaces: all,
        ...(all ? { namespace: '', namespaces: [] } : {}),
        labelSelector: optionalString(args.labelSelector) ?? '',
        fieldSelector: optionalString(args.fieldSelector) ?? '',
      };
    }
    case 'kubernetes_get':
      return resourceFacts('get', args.resource, args);
    case 'kubernetes_delete':
      return resourceFacts('delete', args.resource, args);
    case 'kubernetes_scale':
      return { ...resourceFacts('scale', args.resource ?? 'deployments', args), subresource: 'scale', replicas: typeof args.replicas === 'number' ? args.replicas : -1 };
    case 'kubernetes_rollout_restart':
      return resourceFacts('restart', args.resource ?? 'deployments', args);
    case 'kubernetes_events':
      return eventsFacts(args);
    case 'kubernetes_logs':
      return { ...resourceFacts('logs', 'pods', { namespace: args.namespace, name: args.pod }), subresource: 'log' };
    case 'kubernetes_exec': {
      const command = Array.isArray(args.command) ? args.command.map(String) : String(args.command ?? '');
      const exec = execFacts(command, optionalString(args.container) ?? '');
      return { ...resourceFacts('exec', 'pods', { namespace: args.namespace, name: args.pod }), subresource: 'exec', exec };
    }
    default:
      return { ...emptyFacts('get'), parseError: `unknown tool ${tool}` };
  }
}

function eventsFacts(args: Record<string, unknown>): KubernetesFacts {
  const facts = resourceFacts('list', 'events', { namespace: args.namespace });
  if (args.resource === undefined && args.name === undefined) return facts;
  if (args.resource === undefined || args.name === undefined) return { ...facts, parseError: 'events of one object need both resource and name' };
  const parsed = parseResourceRef(String(args.resource));
  if (!parsed.ok) return { ...facts, parseError: parsed.message };
  const target = resolveRef(parsed.ref);
  return { ...facts, fieldSelector: `involvedObject.kind=${target.kind},involvedObject.name=${String(args.name)}` };
}

function applyFacts(args: Record<string, unknown>, manifest: Manifest): KubernetesFacts {
  const base = { ...emptyFacts('apply'), dryRun: args.dryRun === true, force: args.force === true };
  if (manifest.parseError) return { ...base, parseError: manifest.parseError };
  const objects = manifest.objects.map((o) => o.facts);
  const only = <T>(values: T[]): T | undefined => (new Set(values).size === 1 ? values[0] : undefined);
  const resources = unique(objects.map((o) => o.resource || o.kind));
  const namespaces = unique(objects.map((o) => o.namespace).filter(Boolean));
  return {
    ...base,
    group: only(objects.map((o) => o.group)) ?? '',
    version: only(manifest.objects.map((m) => m.version)) ?? '',
    resource: only(resources) ?? '',
    kind: only(objects.map((o) => o.kind)) ?? '',
    knownKind: objects.every((o) => o.knownKind),
    namespace: only(objects.map((o) => o.namespace)) ?? '',
    // One object: the cast holds.
    name: objects.length === 1 ? (objects[0] as KubernetesObjectFacts).name : '',
    clusterScoped: objects.every((o) => o.clusterScoped),
    secretsRead: resources.includes('secrets'),
    resources,
    namespaces,
    objectCount: objects.length,
    objects,
    anyPrivileged: objects.some((o) => o.privileged),
    anyHostPath: objects.some((o) => o.hostPath),
    anyHostNetwork: objects.some((o) => o.hostNetwork),
    anyHostPID: objects.some((o) => o.hostPID),
    anyHostIPC: objects.some((o) => o.hostIPC),
    anyAddedCapabilities: objects.some((o) => o.addedCapabilities.length > 0),
    anyRbac: objects.some((o) => o.rbac),
    anyClusterScoped: objects.some((o) => o.clusterScoped),
    anyUnknownKind: objects.some((o) => !o.knownKind),
  };
}

export function classifyKubernetesCall(tool: string, args: Record<string, unknown>): Classification {
  const manifest = tool === 'kubernetes_apply' ? readManifest(String(args.manifest ?? ''), optionalString(args.namespace)) : undefined;
  let facts = manifest ? applyFacts(args, manifest) : factsFor(tool, args);
  if (READ_VERBS.has(facts.verb) && facts.resources.includes('secrets')) facts = { ...facts, secretsRead: true };
  return {
    facts: { k8s: facts },
    readOnly: READ_VERBS.has(facts.verb) && facts.parseError === '',
    shape: manifest ? applyShape(facts, manifest.objects) : shapeOf(facts),
    summary: describeCall(facts),
  };
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
