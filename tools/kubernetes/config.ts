// A Kubernetes cluster in config: a kubeconfig (a secret reference: the core resolves it and hands
// the file's content to the pack) or the pod's own service account, plus the namespaces the
// agent may touch and an explicit opt-in for unverified TLS.
import { z } from 'zod';

export const KubernetesConnectionSchema = z
  .object({
    kubeconfig: z
      .string()
      .optional()
      .describe('Secret reference to a kubeconfig file (env:NAME or file:PATH). Certificates and keys inside it should be inline (*-data) or absolute paths.'),
    context: z.string().min(1).optional().describe('Context of the kubeconfig to use (default: its current-context)'),
    inCluster: z
      .boolean()
      .default(false)
      .describe('Use the service account gatehouse runs as (token and CA under /var/run/secrets/kubernetes.io/serviceaccount) instead of a kubeconfig'),
    namespaces: z
      .array(z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'not a valid namespace name'))
      .min(1)
      .optional()
      .describe('Namespaces calls may touch; any other namespace, all-namespace lists and cluster-scoped resources are refused before a request is made. Omit to allow all.'),
    insecureSkipTlsVerify: z
      .boolean()
      .default(false)
      .describe('Accept an API server certificate that cannot be verified (or plain http://). Without it, a kubeconfig asking to skip verification is refused.'),
    discoveryTtl: z.number().int().min(1_000).max(86_400_000).default(300_000).describe('Milliseconds a discovery answer (API groups and resources) is reused'),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.inCluster && value.kubeconfig !== undefined) ctx.addIssue({ code: 'custom', path: ['inCluster'], message: 'use either kubeconfig or inCluster: true, not both' });
    if (!value.inCluster && value.kubeconfig === undefined) ctx.addIssue({ code: 'custom', path: ['kubeconfig'], message: 'give a kubeconfig secret reference (env:NAME or file:PATH), or inCluster: true' });
    if (value.inCluster && value.context !== undefined) ctx.addIssue({ code: 'custom', path: ['context'], message: 'context applies to a kubeconfig only' });
  });

export type KubernetesConnectionConfig = z.output<typeof KubernetesConnectionSchema>;
