// kubernetes_logs: a container's log as text. The API server is asked for at most maxBytes + 1
// bytes (limitBytes), so a huge log is cut on the server, not after crossing the network.
// The text goes back as one string so the masker sees secrets that span lines.
import type { DocumentResult } from '../../src/pipeline/result.ts';
import { send } from './api-request.ts';
import type { KubeCall } from './call.ts';
import { statusError } from './errors.ts';

export interface LogsArgs {
  pod: string;
  container?: string;
  tailLines?: number;
  sinceSeconds?: number;
  previous: boolean;
}

export async function readLogs(call: KubeCall, args: LogsArgs): Promise<DocumentResult> {
  const namespace = call.facts.namespace;
  call.conn.checkNamespaces({ namespaces: [namespace], clusterScoped: false, allNamespaces: false });
  const maxBytes = call.limits.maxBytes;
  const response = await send(
    call.conn,
    {
      method: 'GET',
      path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(args.pod)}/log`,
      query: { container: args.container, tailLines: args.tailLines, sinceSeconds: args.sinceSeconds, previous: args.previous || undefined, limitBytes: maxBytes + 1 },
      accept: 'text/plain, */*',
      maxResponseBytes: maxBytes + 64 * 1024,
    },
    call.scope,
  );
  if (response.status >= 400) throw statusError(call.conn, response);
  const cut = response.body.length > maxBytes;
  const text = response.body.subarray(0, maxBytes).toString('utf8');
  const lines = text === '' ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  const source = `pod ${namespace}/${args.pod}${args.container ? ` container ${args.container}` : ''}${args.previous ? ' (previous instance)' : ''}`;
  return {
    kind: 'document',
    value: { pod: args.pod, namespace, ...(args.container ? { container: args.container } : {}), log: text },
    note: `${lines} log lines of ${source}${cut ? '; the log was cut at the byte limit (use tailLines or sinceSeconds)' : ''}`,
    ...(cut ? { truncated: { reason: 'bytes' as const, limit: maxBytes } } : {}),
  };
}
