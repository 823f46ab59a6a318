// The group commit queue on its own: writes that arrive while a commit is in flight go together in
// the next one, within its limits, each caller gets its own outcome, and a failed commit fails only
// the writes it carried.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { groupCommit, type Outcome } from '../../src/store/group-commit.ts';

/** A commit the test releases by hand, recording the batches it was given. */
function heldCommits() {
  const batches: number[][] = [];
  const releases: Array<(fail?: Error) => void> = [];
  const commit = (items: number[]) =>
    new Promise<Array<Outcome<string>>>((resolve, reject) => {
      batches.push(items);
      releases.push((fail) => (fail ? reject(fail) : resolve(items.map((i) => ({ ok: true, value: `done ${i}` })))));
    });
  const release = async (fail?: Error) => {
    await new Promise((r) => setImmediate(r));
    releases.shift()?.(fail);
  };
  return { batches, commit, release };
}

describe('group commit', () => {
  it('commits a lone write at once and batches the writes that arrive meanwhile, oldest first', async () => {
    const held = heldCommits();
    const write = groupCommit(held.commit, { items: 10, weight: 1000 });
    const results = [write(1, 1), write(2, 1), write(3, 1), write(4, 1)];
    await held.release();
    await held.release();
    assert.deepEqual(await Promise.all(results), ['done 1', 'done 2', 'done 3', 'done 4']);
    assert.deepEqual(held.batches, [[1], [2, 3, 4]]);
  });

  it('keeps each batch within its count and weight, and lets a write heavier than the limit go alone', async () => {
    const held = heldCommits();
    const write = groupCommit(held.commit, { items: 2, weight: 10 });
    const results = [write(1, 1), write(2, 1), write(3, 1), write(4, 1), write(5, 50), write(6, 5), write(7, 6)];
    for (let i = 0; i < 6; i++) await held.release();
    await Promise.all(results);
    assert.deepEqual(held.batches, [[1], [2, 3], [4], [5], [6], [7]]);
  });

  it('fails every write of a failed commit, and only those', async () => {
    const held = heldCommits();
    const write = groupCommit(held.commit, { items: 10, weight: 1000 });
    const first = assert.rejects(write(1, 1), /the store went away/);
    const second = [write(2, 1), write(3, 1)];
    await held.release(new Error('the store went away'));
    await held.release();
    await first;
    assert.deepEqual(await Promise.all(second), ['done 2', 'done 3']);
  });

  it('fails every write a failed commit of several carried, none of them resolved', async () => {
    const held = heldCommits();
    const write = groupCommit(held.commit, { items: 10, weight: 1000 });
    const first = write(1, 1);
    const batch = [write(2, 1), write(3, 1), write(4, 1)].map((p) => p.then(String, (e: Error) => `failed: ${e.message}`));
    await held.release();
    await held.release(new Error('the store went away'));
    assert.equal(await first, 'done 1');
    assert.deepEqual(await Promise.all(batch), ['failed: the store went away', 'failed: the store went away', 'failed: the store went away']);
    assert.deepEqual(held.batches, [[1], [2, 3, 4]]);
  });

  it('fails a write the commit reported no outcome for, rather than resolve it', async () => {
    const write = groupCommit(async (items: number[]) => items.slice(0, 1).map((i): Outcome<number> => ({ ok: true, value: i })), { items: 10, weight: 1000 });
    const results = await Promise.allSettled([write(1, 1), write(2, 1), write(3, 1)]);
    assert.deepEqual(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message)), [1, 2, 'the group commit gave no outcome for this write']);
  });

  it('gives each write the outcome the commit reported for it', async () => {
    const write = groupCommit(async (items: number[]) => items.map((i): Outcome<number> => (i % 2 ? { ok: true, value: i * 10 } : { ok: false, error: new Error(`refused ${i}`) })), { items: 10, weight: 1000 });
    const results = await Promise.allSettled([write(1, 1), write(2, 1), write(3, 1)]);
    assert.deepEqual(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message)), [10, 'refused 2', 30]);
  });
});
