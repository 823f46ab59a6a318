// The exit status of an exec channel, recorded the moment the channel opens. ssh2 parses a whole
// TCP read at once, so for a fast command the exit status can be emitted in the same tick as the
// open callback, before anyone awaiting the open could listen for it.
import type { ClientChannel } from 'ssh2';

export interface ExitStatus {
  exitCode: number | null;
  signal?: string;
}

const statuses = new WeakMap<ClientChannel, ExitStatus>();

export function recordExit(channel: ClientChannel): void {
  channel.once('exit', (code: number | null, signalName?: string) => {
    statuses.set(channel, { exitCode: code ?? null, ...(signalName ? { signal: signalName } : {}) });
  });
}

export function exitOf(channel: ClientChannel): ExitStatus | undefined {
  return statuses.get(channel);
}
