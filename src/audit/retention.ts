// Retention: the cutoff `audit.retentionDays` sets, and the server's own prune, once shortly after
// it starts and then daily. Several replicas may prune at the same moment: the store removes the
// prefix once and the others find nothing left to do. A failed prune is logged and the events stay;
// it never stops the server. A prune moves the chain's anchor, so `onPruned` (the checkpointer) signs
// the new head at once rather than leaving it unanchored until the next interval. A prune never
// takes a kill switch act still in force with it: the store it is given (the sealed store) appends
// those again after the cut (kill-switch/carried-acts.ts), so retention lifts no suspension.
import type { Logger } from 'pino';
import { errorSummary } from '../pipeline/errors.ts';
import type { AuditLog } from '../store/store.ts';

export const DAY_MS = 86_400_000;

/** Who the server's own prunes are recorded as. */
export const RETENTION_PRINCIPAL = 'gatehouse';

/** The ISO time before which events are old enough to prune. */
export function retentionCutoff(keepMs: number, now = Date.now()): string {
  return new Date(now - keepMs).toISOString();
}

export interface RetentionTiming {
  firstAfterMs: number;
  everyMs: number;
}

// A minute or two after start: out of the way of start-up, and spread out when replicas roll out together.
const DEFAULT_TIMING = (): RetentionTiming => ({ firstAfterMs: 60_000 + Math.round(Math.random() * 60_000), everyMs: DAY_MS });

export interface RetentionSchedule {
  /** Cancels the next prune and waits for one that is running. */
  stop(): Promise<void>;
}

export function scheduleRetention(
  store: Pick<AuditLog, 'pruneEvents'>,
  retentionDays: number,
  logger: Pick<Logger, 'info' | 'error'>,
  timing = DEFAULT_TIMING(),
  onPruned: () => Promise<void> = async () => undefined,
): RetentionSchedule {
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout;

  async function prune(): Promise<void> {
    try {
      const pruned = await store.pruneEvents(retentionCutoff(retentionDays * DAY_MS), { principal: RETENTION_PRINCIPAL });
      if (pruned) {
        logger.info({ removed: pruned.removed, throughSeq: pruned.throughSeq, before: pruned.before }, 'audit retention: pruned old events');
        await onPruned();
      }
    } catch (error) {
      logger.error({ err: errorSummary(error) }, 'audit retention: prune failed; the events stay until the next attempt');
    }
  }

  // Unref'd: a pending prune never keeps the process alive.
  const next = (ms: number) => {
    timer = setTimeout(() => {
      running = prune().then(() => {
        if (!stopped) next(timing.everyMs);
      });
    }, ms);
    timer.unref();
  };
  next(timing.firstAfterMs);

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
