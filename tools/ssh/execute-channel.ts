// Runs one open exec channel to its end: collects output, records the exit status, and stops
// the remote command when the byte cap is hit or the caller aborts.
import { exitOf } from './channel-exit.ts';
import type { ClientChannel } from 'ssh2';
import type { ProcessResult } from '../../src/pipeline/result.ts';
import { ToolError } from '../../src/pipeline/toolpack.ts';
import { OutputCollector } from '../shared/process-output.ts';
import type { StreamName } from '../shared/process-output.ts';
import { whenAborted } from '../shared/abort.ts';

/** After we stop a command, how long to wait for the server to confirm before answering anyway. */
const STOP_GRACE_MS = 2_000;

export interface ChannelRun {
  channel: ClientChannel;
  maxBytes: number;
  /** Aborting stops the remote command; the promise then rejects with the signal's reason. */
  signal: AbortSignal;
  label: string;
  /** True when the SSH connection itself is gone, as opposed to a server not sending a status. */
  connectionLost: () => boolean;
}

/**
 * Stops the remote command. The signal request works where the server honours it (OpenSSH, for
 * non-root logins); EOF and close reach the watchdog (see execute-watchdog.ts) everywhere else.
 */
export function stopRemoteCommand(channel: ClientChannel): void {
  channel.signal('KILL');
  channel.eof();
  channel.close();
}

const EXIT_GRACE_MS = 500;

export function runChannel(run: ChannelRun): Promise<ProcessResult> {
  const { channel, signal } = run;
  return new Promise((resolve, reject) => {
    const output = new OutputCollector(run.maxBytes, performance.now());
    let exit = exitOf(channel);
    let stopped = false;
    let graceTimer: NodeJS.Timeout | undefined;
    let openStreams = 2;
    let settled = false;
    let unsubscribe = (): void => undefined;

    const settle = () => {
      if (settled) return;
      settled = true;
      clearTimeout(graceTimer);
      unsubscribe();
      if (signal.aborted) return;
      exit ??= exitOf(channel);
      if (exit === undefined && !stopped && run.connectionLost()) {
        reject(
          new ToolError(
            'connection_lost',
            `the SSH connection to ${run.label} dropped while the command ran; it may or may not have completed`,
          ),
        );
        return;
      }
      const status = { exitCode: exit?.exitCode ?? null, ...(exit?.signal ? { signal: exit.signal } : {}) };
      resolve({ kind: 'process', ...output.finish(), ...status });
    };
    const stop = () => {
      if (stopped) return;
      stopped = true;
      stopRemoteCommand(channel);
      graceTimer = setTimeout(settle, STOP_GRACE_MS);
    };
    const onAbort = () => {
      stop();
      reject(signal.reason);
    };
    const onData = (stream: StreamName) => (chunk: Buffer) => {
      if (!output.add(stream, chunk)) stop();
    };
    const onStreamClosed = () => {
      openStreams -= 1;
      if (openStreams > 0) return;
      // ssh2 can report the exit status just after the streams close when several channels share a
      // connection; give it a moment rather than report "no exit code".
      if (exit !== undefined || stopped) settle();
      else graceTimer = setTimeout(settle, EXIT_GRACE_MS);
    };

    // A stream error is followed by 'close', which settles; without a listener it would crash the process.
    channel.on('error', () => undefined);
    channel.stderr.on('error', () => undefined);
    channel.on('data', onData('o'));
    channel.stderr.on('data', onData('e'));
    channel.on('exit', () => {
      exit = exitOf(channel);
      if (openStreams === 0) settle();
    });
    // 'close' follows the end of stdout; stderr ends on its own, and we want its last bytes too.
    channel.once('close', onStreamClosed);
    channel.stderr.once('close', onStreamClosed);
    unsubscribe = whenAborted(signal, onAbort);
  });
}
