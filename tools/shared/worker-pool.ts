// A few worker threads for pure, CPU-heavy work on large inputs (parsing 256 KiB of SQL takes tenths
// of a second), so the event loop keeps serving every other call meanwhile. Workers start once, on
// the first job, and are reused. Waiting jobs queue per owner (the principal) and are taken owner by
// owner in turn, so one agent sending large inputs back to back delays others by at most one job
// per worker. A worker that dies or overruns its time is replaced and its job fails: the caller
// refuses the call (fail closed), nothing is retried on a worker that just failed.
import { Worker } from 'node:worker_threads';

export interface WorkerPoolOptions {
  /**
   * The worker's module: it posts { ready: true } once it can work (parsers loaded), then answers
   * each { id, kind, input } with { id, ok: true, value } or { id, ok: false, error }.
   */
  script: URL;
  threads: number;
  /** A job running longer than this ends its worker. */
  timeoutMs: number;
  /** Old-generation heap of each worker, in MB: a worker past it dies and its job fails. */
  maxHeapMb?: number;
}

export interface WorkerPool {
  /** `spent` is told how long the job held its worker, however it ended. */
  run<T>(owner: string, kind: string, input: unknown, spent?: (ms: number) => void): Promise<T>;
  close(): Promise<void>;
}

/** Why a job did not finish; the message is ours, never the input's. */
export class WorkerJobError extends Error {
  override name = 'WorkerJobError';
}

interface Job {
  id: number;
  spent?: (ms: number) => void;
  kind: string;
  input: unknown;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  /** Started and loaded: a job's time counts from here, not from the thread's start. */
  ready: boolean;
  job?: Job;
  startedAt?: number;
  timer?: NodeJS.Timeout;
}

/** Owners remembered for their turn; past this many, those with nothing waiting are forgotten. */
const FORGET_AT = 1000;

type Reply = { ready: true } | { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

export function createWorkerPool(options: WorkerPoolOptions): WorkerPool {
  const slots: Slot[] = [];
  const waiting = new Map<string, Job[]>();
  const lastServed = new Map<string, number>();
  let served = 0;
  let nextId = 1;
  let closed = false;

  const spawn = (): Slot => {
    const limits = options.maxHeapMb ? { resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb } } : {};
    const worker = options.script.pathname.endsWith('.ts') ? new Worker(tsxBoot(options.script), { ...limits, eval: true }) : new Worker(options.script, limits);
    const slot: Slot = { worker, ready: false };
    worker.on('message', (reply: Reply) => {
      if ('ready' in reply) {
        slot.ready = true;
        dispatch();
        if (!slot.job) worker.unref();
        return;
      }
      const job = slot.job;
      if (!job || reply.id !== job.id) return;
      finish(slot);
      if (reply.ok) job.resolve(reply.value);
      else job.reject(new WorkerJobError(reply.error));
      dispatch();
    });
    // 'error' (an uncaught throw, out of memory) is followed by 'exit'; one handler covers both.
    worker.on('error', () => undefined);
    worker.on('exit', () => replace(slot, 'the worker stopped'));
    return slot;
  };

  // A worker keeps the process alive while it starts or works, not while it waits for work.
  const finish = (slot: Slot): void => {
    slot.worker.unref();
    if (slot.job && slot.startedAt !== undefined) slot.job.spent?.(performance.now() - slot.startedAt);
    clearTimeout(slot.timer);
    slot.job = undefined;
    slot.startedAt = undefined;
    slot.timer = undefined;
  };

  const replace = (slot: Slot, reason: string): void => {
    const job = slot.job;
    finish(slot);
    const index = slots.indexOf(slot);
    if (index < 0) return;
    slots.splice(index, 1);
    void slot.worker.terminate();
    job?.reject(new WorkerJobError(reason));
    // A worker that cannot even start would be started again forever: its waiting jobs fail instead.
    if (!slot.ready) failWaiting('a worker thread could not start');
    if (!closed) dispatch();
  };

  const failWaiting = (reason: string): void => {
    for (const jobs of waiting.values()) for (const job of jobs) job.reject(new WorkerJobError(reason));
    waiting.clear();
  };

  // The owner served longest ago goes first (one never served before all): an owner sending jobs
  // back to back gets one turn in each round, whatever the order the jobs came in.
  const takeNext = (): Job | undefined => {
    let next: string | undefined;
    for (const owner of waiting.keys()) if (next === undefined || (lastServed.get(owner) ?? -1) < (lastServed.get(next) ?? -1)) next = owner;
    if (next === undefined) return undefined;
    const jobs = waiting.get(next) ?? [];
    const job = jobs.shift();
    if (jobs.length === 0) waiting.delete(next);
    if (lastServed.size >= FORGET_AT) for (const owner of lastServed.keys()) if (!waiting.has(owner)) lastServed.delete(owner);
    lastServed.set(next, served++);
    return job;
  };

  const dispatch = (): void => {
    while (waiting.size > 0) {
      if (slots.length < options.threads && slots.every((s) => s.job || !s.ready)) slots.push(spawn());
      const slot = slots.find((s) => s.ready && !s.job);
      if (!slot) return;
      const job = takeNext();
      if (!job) return;
      const busy = slot;
      busy.job = job;
      busy.startedAt = performance.now();
      busy.worker.ref();
      busy.timer = setTimeout(() => replace(busy, `the work took longer than ${options.timeoutMs} ms`), options.timeoutMs);
      busy.worker.postMessage({ id: job.id, kind: job.kind, input: job.input });
    }
  };

  return {
    run<T>(owner: string, kind: string, input: unknown, spent?: (ms: number) => void): Promise<T> {
      if (closed) return Promise.reject(new WorkerJobError('the worker pool is closed'));
      return new Promise<T>((resolve, reject) => {
        const job: Job = { id: nextId++, kind, input, ...(spent ? { spent } : {}), resolve: resolve as (value: unknown) => void, reject };
        const jobs = waiting.get(owner);
        if (jobs) jobs.push(job);
        else waiting.set(owner, [job]);
        dispatch();
      });
    },
    async close() {
      closed = true;
      failWaiting('the worker pool is closed');
      await Promise.all(slots.splice(0).map((slot) => {
        slot.job?.reject(new WorkerJobError('the worker pool is closed'));
        finish(slot);
        return slot.worker.terminate();
      }));
    },
  };
}

/**
 * Running from the TypeScript sources (tests, `npm run gatehouse`), a worker does not inherit the
 * main thread's tsx loader: it registers it first. The built package runs its .js directly.
 */
function tsxBoot(script: URL): string {
  const api = import.meta.resolve('tsx/esm/api');
  return `import(${JSON.stringify(api)}).then(({ register }) => { register(); return import(${JSON.stringify(script.href)}); })`;
}
