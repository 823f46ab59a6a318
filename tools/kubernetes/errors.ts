// API server answers and transport failures, turned into ToolErrors written for the agent. The
// API server's Status message is passed on (it names the resource and what was refused); every
// message goes through the connection's scrubber, so no credential can ride along.
import { ToolError } from '../../src/pipeline/toolpack.ts';
import type { ApiResponse, CallScope } from './api-request.ts';
import type { KubernetesConnection } from './connection.ts';

interface Status {
  kind?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: { causes?: Array<{ reason?: string; message?: string; field?: string }> };
}

const MAX_MESSAGE = 2_000;

const CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'backend_auth_failed',
  403: 'forbidden',
  404: 'not_found',
  405: 'not_supported',
  409: 'conflict',
  410: 'expired',
  415: 'not_supported',
  422: 'invalid',
  429: 'rate_limited',
};

export function statusError(conn: KubernetesConnection, response: Pick<ApiResponse, 'status' | 'body'>): ToolError {
  const status = parseStatus(response.body);
  const code = status.reason === 'AlreadyExists' ? 'already_exists' : (CODES[response.status] ?? 'backend_error');
  if (response.status === 401) return new ToolError(code, `cluster "${conn.label}" refused gatehouse's credentials (401 Unauthorized)`);
  const parts = [status.message || `HTTP ${response.status}`];
  for (const cause of status.details?.causes ?? []) {
    const text = [cause.field, cause.message].filter(Boolean).join(': ');
    if (text && !parts[0]?.includes(cause.message ?? '\u0000')) parts.push(text);
  }
  if (status.reason === 'Conflict' && /conflict/i.test(status.message ?? '')) parts.push('hint: apply with force: true takes over the conflicting fields');
  const reason = status.reason ? ` ${status.reason}` : '';
  return new ToolError(code, conn.scrub(`Kubernetes API ${response.status}${reason}: ${parts.join('; ')}`).slice(0, MAX_MESSAGE));
}

function parseStatus(body: Buffer): Status {
  try {
    const value = JSON.parse(body.toString('utf8')) as Status;
    return value && typeof value === 'object' ? value : {};
  } catch {
    // Not a Status (a proxy's HTML page, plain text): show a little of it.
    const text = body.toString('utf8').replace(/\s+/g, ' ').trim().slice(0, 300);
    return text ? { message: text } : {};
  }
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'ECONNRESET', 'EAI_AGAIN', 'EPIPE']);
const TLS = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS|ERR_SSL|EPROTO/;

/** The call's deadline passed or the call was cancelled: which one, from the signal's reason. */
export function stoppedError(conn: KubernetesConnection, scope: CallScope): ToolError {
  const reason = scope.signal.reason as { name?: string } | undefined;
  return reason?.name === 'TimeoutError'
    ? new ToolError('timeout', `cluster "${conn.label}" did not finish within ${scope.timeoutMs} ms`)
    : new ToolError('cancelled', 'the call was cancelled');
}

export function networkError(conn: KubernetesConnection, error: unknown, scope: CallScope): ToolError {
  if (error instanceof ToolError) return error;
  if (scope.signal.aborted) return stoppedError(conn, scope);
  const e = (error ?? {}) as { code?: string; message?: string };
  const code = e.code ?? '';
  const where = (() => {
    try {
      return conn.kubeConfig().server.host;
    } catch {
      return 'its API server';
    }
  })();
  if (UNREACHABLE.has(code)) return new ToolError('backend_unavailable', `cluster "${conn.label}" (${where}) is not reachable (${code})`);
  if (TLS.test(code)) return new ToolError('tls_failed', `the TLS certificate of cluster "${conn.label}" (${where}) could not be verified (${code}); put the cluster's CA in the kubeconfig (certificate-authority-data)`);
  return new ToolError('backend_error', conn.scrub(`request to cluster "${conn.label}" failed: ${e.message ?? 'unknown error'}`).slice(0, MAX_MESSAGE));
}
