// gatehouse audit export [--since ISO] --format jsonl: every event as one JSON line, for SIEMs.
import { openConfiguredStore, type AuditReadOptions } from './replay.ts';
import { UsageError } from './args.ts';

export async function auditExport(options: AuditReadOptions): Promise<void> {
  if ((options.format ?? 'jsonl') !== 'jsonl') throw new UsageError('audit export writes --format jsonl');
  const store = await openConfiguredStore(options);
  try {
    for await (const e of store.allEvents()) {
      if (options.since && e.time < options.since) continue;
      if (!process.stdout.write(`${JSON.stringify(e)}\n`)) await new Promise((r) => process.stdout.once('drain', r));
    }
  } finally {
    await store.close();
  }
}
