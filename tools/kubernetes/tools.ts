// The kubernetes_* tools as the agent sees them: names, descriptions, argument schemas, hints.
import type { ToolSpec } from '../../src/pipeline/toolpack.ts';
import { ApplyInput, DeleteInput, EventsInput, ExecInput, GetInput, ListInput, LogsInput, RestartInput, ScaleInput } from './inputs.ts';

const POLICY = 'Runs through gatehouse policy: it may be refused or held for human review.';

const read = { readOnlyHint: true, openWorldHint: false } as const;

export const KUBERNETES_TOOLS: ToolSpec[] = [
  {
    name: 'kubernetes_list',
    title: 'List Kubernetes objects',
    description: `Lists objects of one kind in a namespace (default "default") or all namespaces, with optional label and field selectors. Built-in kinds by any name (pods, deploy, Deployment); custom resources with their group (widgets.example.com). Lists are capped; Secret values are always redacted. ${POLICY}`,
    input: ListInput,
    targetArg: 'cluster',
    hints: read,
  },
  {
    name: 'kubernetes_get',
    title: 'Get one Kubernetes object',
    description: `Gets one object (without managedFields), as JSON structure or YAML text. Secret values are always redacted. ${POLICY}`,
    input: GetInput,
    targetArg: 'cluster',
    hints: read,
  },
  {
    name: 'kubernetes_events',
    title: 'Show Kubernetes events',
    description: `Shows the events of a namespace, or of one object (resource and name), newest last. ${POLICY}`,
    input: EventsInput,
    targetArg: 'cluster',
    hints: read,
  },
  {
    name: 'kubernetes_logs',
    title: 'Read a container log',
    description: `Reads a pod container's log (tailLines, sinceSeconds, previous). Personal data and secrets in the text come back masked; the text is capped in bytes. ${POLICY}`,
    input: LogsInput,
    targetArg: 'cluster',
    hints: read,
  },
  {
    name: 'kubernetes_apply',
    title: 'Apply Kubernetes manifests',
    description: `Server-side applies one or more YAML documents (field manager "gatehouse"); dryRun only validates. Privileged pods, host paths, host namespaces and added capabilities are refused by the default policy; other changes need approval. ${POLICY}`,
    input: ApplyInput,
    targetArg: 'cluster',
    hints: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  },
  {
    name: 'kubernetes_delete',
    title: 'Delete a Kubernetes object',
    description: `Deletes one named object (background propagation). ${POLICY}`,
    input: DeleteInput,
    targetArg: 'cluster',
    hints: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  },
  {
    name: 'kubernetes_scale',
    title: 'Scale a Kubernetes workload',
    description: `Sets the replicas of a deployment, statefulset, replicaset or any resource with a scale subresource. ${POLICY}`,
    input: ScaleInput,
    targetArg: 'cluster',
    hints: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  },
  {
    name: 'kubernetes_rollout_restart',
    title: 'Restart a Kubernetes rollout',
    description: `Restarts the pods of a deployment, statefulset or daemonset the way kubectl rollout restart does. ${POLICY}`,
    input: RestartInput,
    targetArg: 'cluster',
    hints: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  },
  {
    name: 'kubernetes_exec',
    title: 'Run a command in a container',
    description: `Runs a command in a pod's container: a shell line (run with /bin/sh -c) or an argv list. The command is classified like an SSH line; dangerous or unreadable commands are refused and others need approval under the default policy. Output is capped and masked. ${POLICY}`,
    input: ExecInput,
    targetArg: 'cluster',
    hints: { readOnlyHint: false, destructiveHint: true, openWorldHint: false },
  },
];
