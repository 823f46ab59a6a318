// gatehouse audit export [--since ISO] [--follow] --format jsonl: every event as one JSON line, for
// SIEMs. --follow keeps printing new events until SIGINT/SIGTERM: a separate process tailing the store
// (SQLite or PostgreSQL, so every replica's events) or the server's API, never gatehouse's own stdout.
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { auditEventLine } from '../audit/jsonl.ts';
import type { AuditEvent } from '../audit/events.ts';
import { UsageError } from './args.ts';
import { openAuditSource } from './audit-source.ts';
import type { AuditReadOptions } from './replay.ts';

const POLL_MS = 500;

export async function auditExport(options: AuditReadOptions & { follow?: boolean }): Promise<void> {
  if ((options.format ?? 'jsonl') !== 'jsonl') throw new UsageError('audit export writes --format jsonl');
  const source = await openAuditSource(options);
  try {
    const stop = new AbortController();
    const print = (event: AuditEvent) => printLine(event, stop.signal);
    // With --follow alone, start at the head: the history is what a plain export is for.
    let last = options.follow && !options.since ? await source.headSeq() : 0;
    if (!options.follow || options.since) {
      for await (const e of source.eventsAfter(0)) {
        if (!options.since || e.time >= options.since) await print(e);
        last = e.seq;
      }
    }
    if (!options.follow) return;
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => stop.abort());
    // A reader that went away (`| head`) ends the follow quietly.
    process.stdout.on('error', () => stop.abort());
    console.error(`gatehouse: following the audit log after event ${last}; stop with Ctrl-C`);
    while (!stop.signal.aborted) {
      for await (const e of source.eventsAfter(last)) {
        await print(e);
        last = e.seq;
      }
      await sleep(POLL_MS, undefined, { signal: stop.signal }).catch(() => undefined);
    }
  } finally {
    await source.close();
  }
}

/** One line per event; waits while the reader is behind. */
async function printLine(event: AuditEvent, signal: AbortSignal): Promise<void> {
  if (signal.aborted || process.stdout.write(auditEventLine(event))) return;
  await once(process.stdout, 'drain', { signal }).catch(() => undefined);
}
