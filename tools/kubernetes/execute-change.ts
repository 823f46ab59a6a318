// kubernetes_delete, kubernetes_scale and kubernetes_rollout_restart: one request each on one
// named object, after discovery has confirmed what the object is.
import type { DocumentResult } from '../../src/pipeline/result.ts';
import { ToolError } from '../../src/pipeline/toolpack.ts';
import { requestJson } from './api-request.ts';
import { locate, qualifiedName, resourcePath, type KubeCall } from './call.ts';

const MERGE_PATCH = 'application/merge-patch+json';
const RESTARTABLE = new Set(['deployments', 'statefulsets', 'daemonsets']);
export const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';

interface Target {
  resource: string;
  name: string;
}

export async function deleteObject(call: KubeCall, args: Target): Promise<DocumentResult> {
  const { served, namespace } = await locate(call, args.resource, call.facts.namespace);
  const { value } = await requestJson<{ kind?: string; status?: string; metadata?: { deletionTimestamp?: string; finalizers?: string[] } }>(
    call.conn,
    { method: 'DELETE', path: resourcePath(served, namespace, args.name), body: { apiVersion: 'v1', kind: 'DeleteOptions', propagationPolicy: 'Background' } },
    call.scope,
  );
  // The API answers with a Status when the object is gone, or with the object while it terminates.
  const pending = value.kind !== 'Status' && value.metadata?.deletionTimestamp !== undefined;
  const what = `${qualifiedName(served)} ${namespace ? `${namespace}/` : ''}${args.name}`;
  return {
    kind: 'document',
    value: { deleted: { resource: qualifiedName(served), ...(namespace ? { namespace } : {}), name: args.name }, state: pending ? 'terminating' : 'deleted' },
    note: pending ? `${what} is terminating (grace period or finalizers: ${(value.metadata?.finalizers ?? []).join(', ') || 'none'})` : `${what} deleted`,
  };
}

export async function scaleObject(call: KubeCall, args: Target & { replicas: number }): Promise<DocumentResult> {
  const { served, namespace } = await locate(call, args.resource, call.facts.namespace);
  if (!served.subresources.includes('scale')) throw new ToolError('not_supported', `${qualifiedName(served)} has no scale subresource on cluster "${call.conn.label}"`);
  const { value } = await requestJson<{ spec?: { replicas?: number }; status?: { replicas?: number } }>(
    call.conn,
    { method: 'PATCH', path: resourcePath(served, namespace, args.name, 'scale'), body: { spec: { replicas: args.replicas } }, contentType: MERGE_PATCH },
    call.scope,
  );
  return {
    kind: 'document',
    value: { resource: qualifiedName(served), ...(namespace ? { namespace } : {}), name: args.name, replicas: value.spec?.replicas ?? args.replicas, currentReplicas: value.status?.replicas ?? null },
    note: `${qualifiedName(served)} ${args.name} scaled to ${value.spec?.replicas ?? args.replicas} replicas`,
  };
}

export async function restartWorkload(call: KubeCall, args: Target): Promise<DocumentResult> {
  const { served, namespace } = await locate(call, args.resource, call.facts.namespace);
  if (served.group !== 'apps' || !RESTARTABLE.has(served.resource)) {
    throw new ToolError('not_supported', `rollout restart works on deployments, statefulsets and daemonsets, not ${qualifiedName(served)}`);
  }
  // What `kubectl rollout restart` does: a new pod template annotation makes the controller roll.
  const restartedAt = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const patch = { spec: { template: { metadata: { annotations: { [RESTARTED_AT]: restartedAt } } } } };
  const { value } = await requestJson<{ metadata?: { generation?: number } }>(
    call.conn,
    { method: 'PATCH', path: resourcePath(served, namespace, args.name), body: patch, contentType: MERGE_PATCH },
    call.scope,
  );
  return {
    kind: 'document',
    value: { restarted: { resource: qualifiedName(served), namespace, name: args.name }, restartedAt, generation: value.metadata?.generation ?? null },
    note: `${qualifiedName(served)} ${namespace}/${args.name} is rolling out new pods`,
  };
}
