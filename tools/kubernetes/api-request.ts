// One HTTP request to the API server, authenticated by the client library's KubeConfig (tokens,
// client certificates, exec plugins, the in-cluster token file, the cluster CA), inside the
// call's deadline and a cap on the response size. Reads stay reads: a call decided read-only
// cannot send anything but GET.
import http from 'node:http';
import https from 'node:https';
import { ToolError } from '../../src/pipeline/toolpack.ts';
import type { KubernetesConnection } from './connection.ts';
import { networkError, statusError, stoppedError } from './errors.ts';

/** What one call may do: its deadline (and cancellation), and whether it was decided as a read. */
export interface CallScope {
  signal: AbortSignal;
  timeoutMs: number;
  readOnly: boolean;
}

export interface ApiRequest {
  method: 'GET' | 'PATCH' | 'DELETE' | 'POST';
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  contentType?: string;
  accept?: string;
  /** Responses past this size are refused; lists are bounded by `limit` long before. */
  maxResponseBytes?: number;
}

export interface ApiResponse {
  status: number;
  contentType: string;
  body: Buffer;
}

const DEFAULT_MAX_RESPONSE = 64 * 1024 * 1024;

export async function send(conn: KubernetesConnection, req: ApiRequest, scope: CallScope): Promise<ApiResponse> {
  if (scope.readOnly && req.method !== 'GET') throw new ToolError('read_only_violation', 'a call decided as a read tried to change the cluster; nothing was sent');
  if (scope.signal.aborted) throw stoppedError(conn, scope);
  const { kc, server } = conn.kubeConfig();
  const url = new URL(server.href.replace(/\/+$/, '') + req.path);
  for (const [key, value] of Object.entries(req.query ?? {})) if (value !== undefined && value !== '') url.searchParams.set(key, String(value));

  const headers: http.OutgoingHttpHeaders = { Accept: req.accept ?? 'application/json', 'User-Agent': 'gatehouse' };
  const options: https.RequestOptions = { method: req.method, headers };
  try {
    await kc.applyToHTTPSOptions(options);
  } catch {
    // An exec plugin or auth provider failed; its output may hold credentials, so it is not quoted.
    throw new ToolError('backend_auth_failed', `could not obtain credentials for cluster "${conn.label}" from its kubeconfig (auth provider or exec plugin failed)`);
  }
  conn.rememberCredential((options.headers as http.OutgoingHttpHeaders | undefined)?.Authorization);
  const body = req.body === undefined ? undefined : Buffer.from(JSON.stringify(req.body));
  if (body) Object.assign(options.headers ?? {}, { 'Content-Type': req.contentType ?? 'application/json', 'Content-Length': body.length });

  // Reads share a kept-alive connection; a change gets its own, so it is never sent down a
  // connection the server may have just closed (a read that meets one is sent again).
  const built = options.agent;
  const shared = req.method === 'GET' ? conn.keepAliveAgent(built) : undefined;
  if (shared) {
    (built as http.Agent).destroy();
    options.agent = shared;
  }
  const attempt = () => exchange(url, { ...options, signal: scope.signal }, body, req.maxResponseBytes ?? DEFAULT_MAX_RESPONSE);
  try {
    return await attempt().catch((error: unknown) => {
      if (error instanceof StaleConnection) return attempt();
      throw error;
    });
  } catch (error) {
    throw networkError(conn, error instanceof StaleConnection ? error.cause : error, scope);
  } finally {
    if (!shared && built instanceof http.Agent) built.destroy();
  }
}

/** A kept-alive connection the server closed as the request went out: no answer came, so it is safe to send again. */
class StaleConnection extends Error {}
const CLOSED_UNDERNEATH = new Set(['ECONNRESET', 'EPIPE']);

function exchange(url: URL, options: https.RequestOptions, body: Buffer | undefined, maxBytes: number): Promise<ApiResponse> {
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    let answered = false;
    const request = transport.request(url, options, (response) => {
      answered = true;
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) {
          request.destroy();
          reject(new ToolError('result_too_large', `the API server's answer exceeded ${maxBytes} bytes; narrow the request`));
          return;
        }
        chunks.push(chunk);
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, contentType: String(response.headers['content-type'] ?? ''), body: Buffer.concat(chunks) }));
      response.on('error', reject);
    });
    request.on('error', (error: NodeJS.ErrnoException) => {
      const stale = request.reusedSocket && !answered && CLOSED_UNDERNEATH.has(error.code ?? '');
      reject(stale ? new StaleConnection(error.message, { cause: error }) : error);
    });
    request.end(body);
  });
}

/** Sends a request and parses the JSON answer; an error status becomes a ToolError. */
export async function requestJson<T = Record<string, unknown>>(conn: KubernetesConnection, req: ApiRequest, scope: CallScope): Promise<{ status: number; value: T }> {
  const response = await send(conn, req, scope);
  if (response.status >= 400) throw statusError(conn, response);
  try {
    return { status: response.status, value: JSON.parse(response.body.toString('utf8')) as T };
  } catch {
    throw new ToolError('backend_error', `cluster "${conn.label}" answered ${req.method} ${req.path} with something that is not JSON`);
  }
}
