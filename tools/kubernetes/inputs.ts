// Arguments of the kubernetes_* tools, declared once in zod. Names are checked here so that
// nothing an agent writes can change the shape of an API path.
import { z } from 'zod';

const cluster = z.string().min(1).describe('Name of the configured Kubernetes cluster');
const resource = z
  .string()
  .min(1)
  .max(253)
  .describe('Kind or resource: Deployment, deployments, deploy, deployments.apps or apps/v1/deployments. Custom resources need their group: widgets.example.com');
const namespace = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'not a valid namespace name')
  .describe('Namespace (default: "default"; ignored for cluster-scoped resources)');
// No surrogates: a lone one has no UTF-8 form, so it cannot go into the API path (encodeURIComponent
// throws), and Kubernetes names are ASCII anyway. Written as a range so the JSON schema needs no `u` flag.
const name = z
  .string()
  .min(1)
  .max(253)
  .regex(/^(?!\.{1,2}$)[^/%?#\s\ud800-\udfff]+$/, 'not a valid object name')
  .describe('Object name');
const dnsLabel = z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'not a valid container name');

export const ListInput = z
  .object({
    cluster,
    resource,
    namespace: namespace.optional(),
    allNamespaces: z.boolean().default(false).describe('List across all namespaces'),
    labelSelector: z.string().max(1024).optional().describe('Label selector, e.g. app=web,tier!=cache'),
    fieldSelector: z.string().max(1024).optional().describe('Field selector, e.g. status.phase=Running'),
  })
  .strict();

export const GetInput = z
  .object({
    cluster,
    resource,
    name,
    namespace: namespace.optional(),
    output: z.enum(['json', 'yaml']).default('json').describe('json: the object as structure (default); yaml: the object as YAML text'),
  })
  .strict();

export const EventsInput = z
  .object({
    cluster,
    namespace: namespace.optional(),
    resource: resource.optional().describe('Kind of the object whose events to show (with name); omit for all events of the namespace'),
    name: name.optional().describe('Name of the object whose events to show'),
  })
  .strict();

export const LogsInput = z
  .object({
    cluster,
    pod: name.describe('Pod name'),
    namespace: namespace.optional(),
    container: dnsLabel.optional().describe('Container (needed when the pod has several)'),
    tailLines: z.number().int().min(1).max(100_000).optional().describe('Only the last N lines'),
    sinceSeconds: z.number().int().min(1).optional().describe('Only lines newer than this many seconds'),
    previous: z.boolean().default(false).describe('Logs of the previous, terminated container instance'),
  })
  .strict();

export const ApplyInput = z
  .object({
    cluster,
    manifest: z.string().min(1).max(1_048_576).describe('One or more YAML documents (or a v1 List); each object needs apiVersion, kind and metadata.name'),
    namespace: namespace.optional().describe('Namespace for objects that name none (default: "default")'),
    dryRun: z.boolean().default(false).describe('Only validate on the server (dryRun=All); nothing is persisted'),
    force: z.boolean().default(false).describe('Take over fields owned by other field managers on conflict'),
  })
  .strict();

export const DeleteInput = z.object({ cluster, resource, name, namespace: namespace.optional() }).strict();

export const ScaleInput = z
  .object({
    cluster,
    resource: resource.default('deployments').describe('A resource with a scale subresource: deployments (default), statefulsets, replicasets, or a custom resource'),
    name,
    namespace: namespace.optional(),
    replicas: z.number().int().min(0).max(10_000).describe('Desired number of replicas'),
  })
  .strict();

export const RestartInput = z
  .object({
    cluster,
    resource: resource.default('deployments').describe('deployments (default), statefulsets or daemonsets'),
    name,
    namespace: namespace.optional(),
  })
  .strict();

export const ExecInput = z
  .object({
    cluster,
    pod: name.describe('Pod name'),
    namespace: namespace.optional(),
    container: dnsLabel.optional().describe('Container (default: the pod\'s default container)'),
    command: z
      .union([z.string().min(1).max(16_384), z.array(z.string().max(16_384)).min(1).max(256)])
      .describe('A shell line (runs as /bin/sh -c LINE) or an argv list (runs as given, no shell)'),
  })
  .strict();
