// How a call uses columns besides showing them: the raw material of the `sql.protected` facts.
// Every set holds source keys; only the protected ones become facts.
import { addAll } from './sources.ts';

export const USES = ['read', 'filtered', 'compared', 'ordered', 'grouped', 'joined', 'explained', 'copied', 'derived'] as const;
export type Use = (typeof USES)[number];

export class Usage {
  readonly sets: Record<Use, Set<string>> = {
    read: new Set(),
    filtered: new Set(),
    compared: new Set(),
    ordered: new Set(),
    grouped: new Set(),
    joined: new Set(),
    explained: new Set(),
    copied: new Set(),
    derived: new Set(),
  };

  /**
   * What chose the rows of queries read here (a CTE, a view, an EXISTS): no use of its own (the
   * facts come from where the choice was made), but it chooses the rows of the query reading them.
   */
  readonly chosen = new Set<string>();

  /** Values looked up per column (`= constant`, `IN (constants)`): each one a guess at a value. */
  readonly guesses = new Map<string, number>();

  add(use: Use, sources: ReadonlySet<string>): void {
    addAll(this.sets[use], sources);
  }

  guess(key: string, count: number): void {
    this.guesses.set(key, (this.guesses.get(key) ?? 0) + count);
  }

  merge(other: Usage): void {
    for (const use of USES) addAll(this.sets[use], other.sets[use]);
    addAll(this.chosen, other.chosen);
    for (const [key, count] of other.guesses) this.guess(key, count);
  }
}
