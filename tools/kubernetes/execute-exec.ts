// kubernetes_exec: runs a command in a container through the client library's Exec (WebSocket,
// channel protocol v5/v4: stdout on channel 1, stderr on 2, a Status with the exit code on 3).
// The pod is read first, so a wrong container or a finished pod is a clear error instead of a
// failed WebSocket upgrade. Stopping (deadline, cancel, byte cap) closes the socket; a process
// in the container may outlive it, as with kubectl.
import { Writable } from 'node:stream';
import type { ProcessResult } from '../../src/pipeline/result.ts';
import { ToolError } from '../../src/pipeline/toolpack.ts';
import { requestJson } from './api-request.ts';
import type { KubeCall } from './call.ts';
import { clientLibrary } from './client-library.ts';
import { execCommand } from './classify/index.ts';
import { networkError, statusError, stoppedError } from './errors.ts';
import { OutputCollector } from '../shared/process-output.ts';
import { whenAborted } from '../shared/abort.ts';

export interface ExecArgs {
  pod: string;
  container?: string;
  command: string | string[];
}

/** The part of the library's WebSocket the executor uses. */
interface ExecSocket {
  close(): void;
  /** Drops the connection at once, without waiting for the server's close frame (up to 30 s). */
  terminate(): void;
  on(event: 'close', listener: () => void): void;
}

/** The Status the server sends on channel 3 when the command ends. */
interface ExecStatus {
  status?: string;
  reason?: string;
  message?: string;
  details?: { causes?: Array<{ reason?: string; message?: string }> };
}

interface PodView {
  metadata?: { annotations?: Record<string, string> };
  spec?: { containers?: Array<{ name: string }> };
  status?: { phase?: string };
}

export async function execInPod(call: KubeCall, args: ExecArgs): Promise<ProcessResult> {
  const namespace = call.facts.namespace;
  if (call.scope.readOnly) throw new ToolError('read_only_violation', 'a call decided as a read cannot run a command in a container');
  call.conn.checkNamespaces({ namespaces: [namespace], clusterScoped: false, allNamespaces: false });
  const { value: pod } = await requestJson<PodView>(call.conn, { method: 'GET', path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(args.pod)}` }, call.scope);
  const container = pickContainer(pod, args);
  const { argv } = execCommand(args.command);
  return run(call, namespace, args.pod, container, argv);
}

function pickContainer(pod: PodView, args: ExecArgs): string {
  const names = (pod.spec?.containers ?? []).map((c) => c.name);
  const phase = pod.status?.phase ?? '';
  if (phase === 'Succeeded' || phase === 'Failed') throw new ToolError('not_running', `cannot exec into pod ${args.pod}: it has finished (phase ${phase})`);
  const chosen = args.container ?? pod.metadata?.annotations?.['kubectl.kubernetes.io/default-container'] ?? names[0];
  if (chosen === undefined || !names.includes(chosen)) {
    throw new ToolError('not_found', `pod ${args.pod} has no container ${chosen ?? ''}; its containers: ${names.join(', ') || 'none'}`);
  }
  return chosen;
}

function run(call: KubeCall, namespace: string, pod: string, container: string, argv: string[]): Promise<ProcessResult> {
  const { conn, scope } = call;
  const { kc } = conn.kubeConfig();
  const output = new OutputCollector(call.limits.maxBytes, performance.now());
  const finish = (exitCode: number | null): ProcessResult => ({ kind: 'process', ...output.finish(), exitCode });
  return new Promise((resolve, reject) => {
    let socket: ExecSocket | undefined;
    let settled = false;
    let unsubscribe = (): void => undefined;
    const settle = (outcome: () => ProcessResult) => {
      if (settled) return;
      settled = true;
      unsubscribe();
      socket?.close();
      try {
        resolve(outcome());
      } catch (error) {
        reject(error);
      }
    };
    // Stopped at its deadline or cancelled: the socket is dropped, not closed politely, so a
    // server that answers nothing more cannot hold it past the call.
    const onAbort = () => {
      if (settled) return;
      settled = true;
      socket?.terminate();
      reject(stoppedError(conn, scope));
    };
    const sink = (stream: 'o' | 'e') =>
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          if (!output.add(stream, chunk)) settle(() => finish(null));
          done();
        },
      });
    const onStatus = (status: ExecStatus) => setImmediate(() => settle(() => finish(exitCode(conn.scrub.bind(conn), status))));

    unsubscribe = whenAborted(scope.signal, onAbort);
    if (settled) return;
    new (clientLibrary().Exec)(kc)
      .exec(namespace, pod, container, argv, sink('o'), sink('e'), null, false, onStatus)
      .then((ws: ExecSocket) => {
        socket = ws;
        if (scope.signal.aborted) ws.terminate();
        else if (settled) ws.close();
        // A server that closes without a status leaves the exit code unknown.
        ws.on('close', () => setImmediate(() => settle(() => finish(null))));
      })
      .catch((error: unknown) => {
        if (settled) return;
        settled = true;
        unsubscribe();
        reject(upgradeError(call, pod, error));
      });
  });
}

/** The exit code from the Status on the error channel: Success is 0, NonZeroExitCode carries it. */
function exitCode(scrub: (text: string) => string, status: ExecStatus): number {
  if (status.status === 'Success') return 0;
  if (status.reason === 'NonZeroExitCode') {
    const code = Number.parseInt(status.details?.causes?.find((c) => c.reason === 'ExitCode')?.message ?? '', 10);
    if (Number.isInteger(code)) return code;
  }
  throw new ToolError('exec_failed', scrub(`the command could not run: ${status.message ?? status.reason ?? 'unknown error'}`).slice(0, 2_000));
}

/** A failed WebSocket upgrade says only "Unexpected server response: 403"; give it meaning. */
function upgradeError(call: KubeCall, pod: string, error: unknown): ToolError {
  const e = (error ?? {}) as { message?: unknown; error?: unknown };
  const message = typeof e.message === 'string' ? e.message : '';
  const httpStatus = /Unexpected server response: (\d{3})/.exec(message)?.[1];
  if (httpStatus === undefined) return networkError(call.conn, e.error ?? error, call.scope);
  const status = Number(httpStatus);
  if (status === 403) return new ToolError('forbidden', `cluster "${call.conn.label}" refused exec in pod ${pod} (403 Forbidden): gatehouse's credentials lack the pods/exec permission there`);
  return statusError(call.conn, { status, body: Buffer.from('') });
}
