// Logs: pino, JSON lines on stderr (never stdout: stdout is the stdio transport), every line scrubbed
// of configured secret values before it is written. A person tails these lines, and they carry agent
// and token text (tool names, principal ids, database errors): every character that could hide,
// reorder or forge text is written as a JSON escape, after the scrub, which matches secrets as they are.
import { pino, type Logger } from 'pino';
import type { Scrubber } from '../pipeline/scrub.ts';
import { escapedJsonText } from '../render/terminal.ts';

export interface LogSink {
  write(line: string): void;
}

export function createLogger(level: string, scrub: Scrubber, sink: LogSink = process.stderr): Logger {
  return pino(
    { level, base: { name: 'gatehouse' }, timestamp: pino.stdTimeFunctions.isoTime },
    { write: (line: string) => sink.write(escapedJsonText(scrub(line))) },
  );
}
