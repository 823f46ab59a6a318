// A worker thread doing bulk work (parsing a large statement) yields the CPU to the event loop: on a
// machine with few cores the workers, the event loop and the database compete, and a small call
// should not wait behind a quarter second of someone else's parse. Linux schedules each thread on
// its own, so the worker lowers its own thread's priority (its nice value), never the process's.
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/** The nice value of a worker thread: behind the event loop (0), ahead of nothing else that matters here. */
export const WORKER_NICE = 10;

/** Lowers the calling thread's priority to WORKER_NICE; elsewhere than Linux, or when refused, it stays as it is. */
export function lowerThreadPriority(): void {
  try {
    // "/proc/thread-self" links to "<pid>/task/<tid>": setpriority on a thread id touches that thread alone.
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, WORKER_NICE);
  } catch {
    // No /proc or no permission: the worker runs at the process's priority, as it did before.
  }
}
