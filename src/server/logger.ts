// Logs: pino, JSON lines on stderr (never stdout: stdout is the stdio transport), every line scrubbed
// of configured secret values before it is written.
import { pino, type Logger } from 'pino';
import type { Scrubber } from '../pipeline/scrub.ts';

export interface LogSink {
  write(line: string): void;
}

export function createLogger(level: string, scrub: Scrubber, sink: LogSink = process.stderr): Logger {
  return pino(
    { level, base: { name: 'gatehouse' }, timestamp: pino.stdTimeFunctions.isoTime },
    { write: (line: string) => sink.write(scrub(line)) },
  );
}
