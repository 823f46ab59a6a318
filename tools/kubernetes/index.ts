// The Kubernetes tool pack: kubernetes_list, _get, _events, _logs, _apply, _delete, _scale,
// _rollout_restart and _exec. Classification is pure (built-in kind table, manifest and shell
// readers in ./classify); execution resolves resources through discovery and talks to the API
// server with @kubernetes/client-node's authentication, with the server's own credentials.
import type { ToolPack } from '../../src/pipeline/toolpack.ts';
import { ToolError } from '../../src/pipeline/toolpack.ts';
import { initShellParser } from '../ssh/classify/index.ts';
import type { ToolResult } from '../../src/pipeline/result.ts';
import { inCall, type KubeCall } from './call.ts';
import { loadClientLibrary } from './client-library.ts';
import { classifyKubernetesCall, KubernetesFactsSchema, type KubernetesFacts } from './classify/index.ts';
import { KubernetesConnectionSchema, type KubernetesConnectionConfig } from './config.ts';
import { KubernetesConnection } from './connection.ts';
import { applyManifest, type ApplyArgs } from './execute-apply.ts';
import { deleteObject, restartWorkload, scaleObject } from './execute-change.ts';
import { listEvents } from './execute-events.ts';
import { execInPod, type ExecArgs } from './execute-exec.ts';
import { readLogs, type LogsArgs } from './execute-logs.ts';
import { previewChange } from './preview.ts';
import { scrubResult } from './scrub-result.ts';
import { getObject, listObjects, type ListArgs } from './execute-read.ts';
import { KUBERNETES_TOOLS } from './tools.ts';

export { KubernetesConnectionSchema, type KubernetesConnectionConfig } from './config.ts';
export { KubernetesFactsSchema, type KubernetesFacts } from './classify/index.ts';
export { KubernetesConnection } from './connection.ts';
export { SECRET_REDACTED } from './objects.ts';
export { FIELD_MANAGER } from './execute-apply.ts';

export const kubernetesPack: ToolPack<KubernetesConnection, KubernetesConnectionConfig> = {
  type: 'kubernetes',
  factsKey: 'k8s',
  factsSchema: KubernetesFactsSchema,
  connectionSchema: KubernetesConnectionSchema,
  secretKeys: ['kubeconfig'],
  tools: KUBERNETES_TOOLS,
  init: initShellParser,
  open: (target, config, secrets) => new KubernetesConnection(target, config, secrets),
  classify: classifyKubernetesCall,
  async execute(invocation, ctx) {
    const conn = invocation.connection;
    if (!conn) throw new ToolError('unknown_target', 'no cluster connection');
    const args = invocation.args;
    const facts = (ctx.classification?.facts.k8s as KubernetesFacts | undefined) ?? (classifyKubernetesCall(invocation.tool, args).facts.k8s as KubernetesFacts);
    // The policy denies unreadable calls; refusing here too keeps a permissive policy from running one.
    if (facts.parseError) throw new ToolError('invalid_arguments', facts.parseError);
    await loadClientLibrary();
    return scrubResult(conn, await inCall(conn, ctx, facts, (call) => run(invocation.tool, call, args)));
  },
  async preview(invocation, ctx) {
    const conn = invocation.connection;
    const facts = ctx.classification?.facts.k8s as KubernetesFacts | undefined;
    if (!conn || !facts || facts.parseError || ctx.readOnly) return { method: 'none', note: 'nothing to preview' };
    await loadClientLibrary();
    return inCall(conn, ctx, facts, (call) => previewChange(invocation.tool, call, invocation.args));
  },
};

async function run(tool: string, call: KubeCall, args: Record<string, unknown>): Promise<ToolResult> {
  const resource = String(args.resource ?? '');
  const name = String(args.name ?? '');
  switch (tool) {
    case 'kubernetes_list':
      return listObjects(call, { ...(args as unknown as ListArgs), resource });
    case 'kubernetes_get':
      return getObject(call, { resource, name, output: args.output === 'yaml' ? 'yaml' : 'json' });
    case 'kubernetes_events':
      return listEvents(call, { ...(args.resource !== undefined ? { resource } : {}), ...(args.name !== undefined ? { name } : {}) });
    case 'kubernetes_logs':
      return readLogs(call, args as unknown as LogsArgs);
    case 'kubernetes_apply':
      return applyManifest(call, args as unknown as ApplyArgs);
    case 'kubernetes_delete':
      return deleteObject(call, { resource, name });
    case 'kubernetes_scale':
      return scaleObject(call, { resource: resource || 'deployments', name, replicas: Number(args.replicas) });
    case 'kubernetes_rollout_restart':
      return restartWorkload(call, { resource: resource || 'deployments', name });
    case 'kubernetes_exec':
      return execInPod(call, args as unknown as ExecArgs);
    default:
      throw new ToolError('unknown_tool', `unknown tool ${tool}`);
  }
}
