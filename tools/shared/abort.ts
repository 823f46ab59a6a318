// Deadlines and cancels that cannot be lost. Node 20's AbortSignal.any holds its sources weakly,
// so an AbortSignal.timeout inside it is collected by the first garbage collection and its
// deadline never fires; and a listener added to a signal that has already aborted never runs.
// Either way a call would wait on its backend forever. And a timer set past 2^31-1 ms fires at
// once, so a long limit would end every call before it started.
import { MAX_TIMER_MS } from '../../src/config/duration.ts';

export interface Deadline {
  /** Aborts when the parent does (with its reason) or when the time is up (a TimeoutError). */
  readonly signal: AbortSignal;
  /** Stops the timer and lets go of the parent once the work is over. */
  clear(): void;
}

/** A limit as a timer (and PostgreSQL's statement_timeout, an int of ms) can hold it: whole milliseconds, 1 to MAX_TIMER_MS. */
export function timerMs(ms: number): number {
  return Math.max(1, Math.min(MAX_TIMER_MS, Math.floor(ms)));
}

/** The parent's signal with a deadline `ms` (see timerMs) from now; the timer holds the controller strongly. */
export function withDeadline(parent: AbortSignal, ms: number): Deadline {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException(`the deadline of ${ms} ms passed`, 'TimeoutError')), timerMs(ms));
  let stopParent = (): void => undefined;
  const clear = () => {
    clearTimeout(timer);
    stopParent();
  };
  controller.signal.addEventListener('abort', clear);
  stopParent = whenAborted(parent, () => controller.abort(parent.reason));
  return { signal: controller.signal, clear };
}

/** Runs `stop` once `signal` aborts, at once if it already has; returns what unsubscribes it. */
export function whenAborted(signal: AbortSignal, stop: () => void): () => void {
  if (signal.aborted) {
    stop();
    return () => undefined;
  }
  signal.addEventListener('abort', stop);
  return () => signal.removeEventListener('abort', stop);
}
