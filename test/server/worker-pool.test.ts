// The worker pool for large inputs, with real threads: owners take turns, and a worker that throws,
// overruns its time, dies or outgrows its heap fails its job with a clear error and is replaced.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { createWorkerPool, WorkerJobError, type WorkerPool } from '../../tools/shared/worker-pool.ts';

const script = new URL('../fixtures/pool-worker.ts', import.meta.url);

describe('worker pool', () => {
  const pools: WorkerPool[] = [];
  const pool = (options: { threads?: number; timeoutMs?: number; maxHeapMb?: number } = {}) => {
    const made = createWorkerPool({ script, threads: options.threads ?? 1, timeoutMs: options.timeoutMs ?? 60_000, ...(options.maxHeapMb ? { maxHeapMb: options.maxHeapMb } : {}) });
    pools.push(made);
    return made;
  };
  after(async () => {
    await Promise.all(pools.map((p) => p.close()));
  });

  it('answers jobs on a reused worker', async () => {
    const p = pool();
    const held: number[] = [];
    assert.deepEqual(await p.run('a', 'echo', { n: 1 }, (ms) => held.push(ms)), { n: 1 });
    assert.equal(held.length, 1, 'the time the job held its worker is told once');
    assert.equal(await p.run('a', 'echo', 'again'), 'again');
  });

  for (const warm of [false, true]) it(`takes waiting owners in turn: one sending jobs back to back cannot make another wait (${warm ? 'a started' : 'a starting'} worker)`, async () => {
    const p = pool();
    if (warm) await p.run('flood', 'echo', 'warm');
    const cell = new Int32Array(new SharedArrayBuffer(4));
    const done: string[] = [];
    const track = (owner: string, name: string, kind = 'echo', input: unknown = name) => p.run(owner, kind, input).then(() => done.push(name));
    const all = [track('flood', 'f1', 'gate', cell), track('flood', 'f2'), track('flood', 'f3'), track('flood', 'f4'), track('other', 'o1')];
    Atomics.store(cell, 0, 1);
    Atomics.notify(cell, 0);
    await Promise.all(all);
    assert.deepEqual(done, ['f1', 'o1', 'f2', 'f3', 'f4']);
  });

  it('fails a job that throws with its error, and keeps the worker', async () => {
    const p = pool();
    await assert.rejects(p.run('a', 'throw', null), (error: Error) => error instanceof WorkerJobError && error.message === 'the job threw');
    assert.equal(await p.run('a', 'echo', 1), 1);
  });

  it('ends a worker past its time, fails its job, and serves the next job on a new worker', async () => {
    const p = pool({ timeoutMs: 300 });
    await assert.rejects(p.run('a', 'spin', null), (error: Error) => error instanceof WorkerJobError && /longer than 300 ms/.test(error.message));
    assert.equal(await p.run('a', 'echo', 2), 2);
  });

  it('fails the job of a worker that dies, and replaces the worker', async () => {
    const p = pool();
    await assert.rejects(p.run('a', 'exit', null), (error: Error) => error instanceof WorkerJobError && /worker stopped/.test(error.message));
    assert.equal(await p.run('a', 'echo', 3), 3);
  });

  it('fails the job of a worker that outgrows its heap, and replaces the worker', async () => {
    const p = pool({ maxHeapMb: 16 });
    await assert.rejects(p.run('a', 'grow', null), (error: Error) => error instanceof WorkerJobError && /worker stopped/.test(error.message));
    assert.equal(await p.run('a', 'echo', 4), 4);
  });

  it('fails the waiting jobs when a worker cannot start, instead of starting it again and again', async () => {
    const p = createWorkerPool({ script: new URL('../fixtures/no-such-worker.ts', import.meta.url), threads: 1, timeoutMs: 60_000 });
    pools.push(p);
    await assert.rejects(p.run('a', 'echo', 1), /could not start|worker stopped/);
  });

  it('fails waiting and running jobs when closed, and refuses new ones', async () => {
    const p = pool();
    const cell = new Int32Array(new SharedArrayBuffer(4));
    const running = p.run('a', 'gate', cell);
    const waiting = p.run('b', 'echo', 5);
    const failed = [assert.rejects(running, /pool is closed/), assert.rejects(waiting, /pool is closed/)];
    await p.close();
    await Promise.all(failed);
    await assert.rejects(p.run('a', 'echo', 6), /pool is closed/);
  });
});
