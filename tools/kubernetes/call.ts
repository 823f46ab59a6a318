// The context every kubernetes_* executor works in: the connection, the call's deadline and
// read-only flag, and resource resolution that checks the namespace allow-list before the first
// request and again once discovery has told whether a custom resource is cluster-scoped.
import type { ExecuteContext, Limits } from '../../src/pipeline/toolpack.ts';
import { ToolError } from '../../src/pipeline/toolpack.ts';
import { requestJson, type CallScope } from './api-request.ts';
import { parseResourceRef, resolveRef, type KubernetesFacts } from './classify/index.ts';
import type { KubernetesConnection } from './connection.ts';
import type { ServedResource } from './discovery.ts';
import { timerMs, withDeadline } from '../shared/abort.ts';

export interface KubeCall {
  conn: KubernetesConnection;
  scope: CallScope;
  limits: Limits;
  /** The facts the decision was made on. */
  facts: KubernetesFacts;
}

/** Runs `work` in a call bounded by the limits' deadline and the caller's cancel. */
export async function inCall<T>(conn: KubernetesConnection, ctx: ExecuteContext, facts: KubernetesFacts, work: (call: KubeCall) => Promise<T>): Promise<T> {
  const timeoutMs = timerMs(ctx.limits.timeoutMs);
  const deadline = withDeadline(ctx.signal, timeoutMs);
  try {
    return await work({ conn, scope: { signal: deadline.signal, timeoutMs, readOnly: ctx.readOnly }, limits: ctx.limits, facts });
  } finally {
    deadline.clear();
  }
}

export interface Located {
  served: ServedResource;
  /** Namespace for the request ("" when the resource is cluster-scoped). */
  namespace: string;
}

/** Resolves `resource` (as the agent wrote it) for a call in `namespace` (from the facts). */
export async function locate(call: KubeCall, resource: string, namespace: string, allNamespaces = false): Promise<Located> {
  const parsed = parseResourceRef(resource);
  if (!parsed.ok) throw new ToolError('invalid_arguments', parsed.message);
  const ref = resolveRef(parsed.ref);
  call.conn.checkNamespaces({ namespaces: [namespace], clusterScoped: ref.clusterScoped, allNamespaces });
  const served = await call.conn.discovery.resolve(ref, (path) => requestJson(call.conn, { method: 'GET', path }, { ...call.scope, readOnly: true }).then((r) => r.value));
  if (!served.namespaced && !ref.clusterScoped) call.conn.checkNamespaces({ namespaces: [], clusterScoped: true, allNamespaces: false });
  return { served, namespace: served.namespaced ? namespace : '' };
}

/** The API path of a collection, an object or one of its subresources. */
export function resourcePath(served: ServedResource, namespace: string, name?: string, subresource?: string): string {
  const base = served.group ? `/apis/${served.group}/${served.version}` : `/api/${served.version}`;
  const ns = served.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  const object = name === undefined ? '' : `/${encodeURIComponent(name)}`;
  return `${base}${ns}/${served.resource}${object}${subresource ? `/${subresource}` : ''}`;
}

export function qualifiedName(served: Pick<ServedResource, 'group' | 'resource'>): string {
  return served.group ? `${served.resource}.${served.group}` : served.resource;
}
