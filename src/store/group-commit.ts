// Group commit: writes that arrive while the previous commit is in flight wait for it, then go
// together in the next one, so a busy process pays one transaction (one lock, one WAL flush) for
// many writes instead of one each. An idle process commits a lone write at once: no added wait.
// Each caller learns its own outcome only after the commit that carried its write has ended.

/** One write's outcome in a commit: its result, or why it was not written. */
export type Outcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

export interface GroupLimits {
  /** Most writes in one commit. */
  items: number;
  /** Most total weight (bytes, say) in one commit; a single heavier write still goes, alone. */
  weight: number;
}

interface Waiting<T, R> {
  item: T;
  weight: number;
  settle: (outcome: Outcome<R>) => void;
}

/**
 * Returns `write(item, weight)`, which queues an item and resolves with its result once `commit`
 * (called with the queued items, oldest first, one call at a time) has reported its outcome.
 * A `commit` that throws fails every write it carried.
 */
export function groupCommit<T, R>(commit: (items: T[]) => Promise<Array<Outcome<R>>>, limits: GroupLimits): (item: T, weight: number) => Promise<R> {
  const queue: Array<Waiting<T, R>> = [];
  let committing = false;

  function takeBatch(): Array<Waiting<T, R>> {
    let weight = 0;
    let count = 0;
    for (const w of queue) {
      if (count > 0 && (count === limits.items || weight + w.weight > limits.weight)) break;
      weight += w.weight;
      count++;
    }
    return queue.splice(0, count);
  }

  async function drain(): Promise<void> {
    committing = true;
    while (queue.length > 0) {
      const batch = takeBatch();
      let outcomes: Array<Outcome<R>>;
      try {
        outcomes = await commit(batch.map((w) => w.item));
      } catch (error) {
        outcomes = batch.map(() => ({ ok: false, error }));
      }
      batch.forEach((w, i) => w.settle(outcomes[i] ?? { ok: false, error: new Error('the group commit gave no outcome for this write') }));
    }
    committing = false;
  }

  return (item, weight) =>
    new Promise<R>((resolve, reject) => {
      queue.push({ item, weight, settle: (o) => (o.ok ? resolve(o.value) : reject(o.error)) });
      if (!committing) void drain();
    });
}
