// What the server does on meeting a tampered approval document: an error in its log and a
// `store.tampered` event in the audit log, once per document and problem (a held call re-reads its
// request every poll, and each read would otherwise report again).
import type { Logger } from 'pino';
import { TAMPERING_SESSION } from '../audit/events.ts';
import type { Recorder } from '../audit/recorder.ts';
import type { Tampering } from './sealed-approvals.ts';

const REMEMBERED = 10_000;

/** `record` is asked at report time: the recorder is made after the store it reports on. */
export function tamperReporter(logger: Logger, record: () => Recorder | undefined): (t: Tampering) => void {
  const seen = new Set<string>();
  return (t) => {
    const key = `${t.table}\n${t.id}\n${t.problem}`;
    if (seen.has(key)) return;
    if (seen.size >= REMEMBERED) seen.clear();
    seen.add(key);
    logger.error({ tampering: t }, `the store was tampered with: ${t.table} ${t.id}: ${t.problem}`);
    record()?.([{ type: 'store.tampered', session: TAMPERING_SESSION, data: { ...t } }]).catch((error: unknown) => {
      logger.error({ err: { message: (error as Error).message } }, 'could not record the tampering in the audit log');
    });
  };
}
