// Runs one shell line on an SSH host inside the call's limits: time (timeout or cancellation
// stops the remote command), and bytes (output past the cap is cut and the command stopped).
import type { ProcessResult } from '../../src/pipeline/result.ts';
import { ToolError } from '../../src/pipeline/toolpack.ts';
import type { ExecuteContext } from '../../src/pipeline/toolpack.ts';
import type { SshConnection } from './connection.ts';
import { runChannel } from './execute-channel.ts';
import { withWatchdog } from './execute-watchdog.ts';
import { timerMs, withDeadline } from '../shared/abort.ts';

export interface ExecuteSshOptions {
  /** A shorter timeout than the decision's limit, e.g. asked for by the agent. */
  timeoutMs?: number;
}

type StopReason = 'timeout' | 'cancelled';

function effectiveTimeoutMs(requested: number | undefined, limit: number): number {
  const candidates = [limit, requested].filter((ms): ms is number => ms !== undefined && Number.isFinite(ms) && ms > 0);
  // Fail closed: with no usable limit at all, use the smallest possible one rather than none.
  return candidates.length > 0 ? timerMs(Math.min(...candidates)) : 1;
}

function stopError(reason: StopReason, label: string, timeoutMs: number): ToolError {
  return reason === 'timeout'
    ? new ToolError('timeout', `the command on ${label} did not finish within ${timeoutMs} ms and was stopped`)
    : new ToolError('cancelled', `the call was cancelled; the command on ${label} was stopped`);
}

/**
 * Executes `command` on the host of `conn` as one exec channel without a PTY. Resolves with
 * stdout and stderr apart, exit code or signal, and replay events; throws a ToolError with code
 * timeout, cancelled, connection_lost, or one of the connection's (backend_auth_failed, backend_unavailable,
 * host_key_mismatch, exec_refused, closed).
 */
export async function executeSshCommand(
  conn: SshConnection,
  command: string,
  ctx: ExecuteContext,
  opts: ExecuteSshOptions = {},
): Promise<ProcessResult> {
  const timeoutMs = effectiveTimeoutMs(opts.timeoutMs, ctx.limits.timeoutMs);
  if (ctx.signal.aborted) throw stopError('cancelled', conn.label, timeoutMs);
  const deadline = withDeadline(ctx.signal, timeoutMs);
  const { signal } = deadline;
  try {
    const remoteCommand = conn.config.commandWatchdog ? withWatchdog(command) : command;
    const channel = await conn.openExec(remoteCommand, signal);
    return await runChannel({
      channel,
      maxBytes: ctx.limits.maxBytes,
      signal,
      label: conn.label,
      connectionLost: () => !conn.connected,
    });
  } catch (error) {
    // Whatever failed after the stop, the stop is what the agent needs to hear about.
    if (signal.aborted) throw stopError((signal.reason as { name?: string } | undefined)?.name === 'TimeoutError' ? 'timeout' : 'cancelled', conn.label, timeoutMs);
    throw error;
  } finally {
    deadline.clear();
  }
}
