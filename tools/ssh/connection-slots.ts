// Counts the commands running over one SSH connection and makes callers beyond the limit wait:
// servers cap sessions per connection (OpenSSH MaxSessions) and refuse channels past it.

import { whenAborted } from '../shared/abort.ts';

export class SessionSlots {
  readonly #max: number;
  readonly #waiting: Array<() => void> = [];
  #inUse = 0;

  constructor(max: number) {
    this.#max = max;
  }

  get inUse(): number {
    return this.#inUse;
  }

  /**
   * Waits for a free slot and takes it. `checkOpen` runs after every wake-up and may throw to
   * stop waiting (the connection was closed); aborting `signal` stops waiting too.
   */
  async take(signal: AbortSignal, checkOpen: () => void): Promise<void> {
    checkOpen();
    signal.throwIfAborted();
    while (this.#inUse >= this.#max) {
      await new Promise<void>((resolve, reject) => {
        let unsubscribe = (): void => undefined;
        const wake = () => {
          unsubscribe();
          resolve();
        };
        this.#waiting.push(wake);
        // The signal may have aborted between a wake-up and this wait.
        unsubscribe = whenAborted(signal, () => {
          this.#waiting.splice(this.#waiting.indexOf(wake), 1);
          reject(signal.reason);
        });
      });
      checkOpen();
    }
    this.#inUse += 1;
  }

  /** Gives a slot back; returns true when nothing runs and nobody waits. */
  release(): boolean {
    this.#inUse -= 1;
    const next = this.#waiting.shift();
    if (next !== undefined) {
      next();
      return false;
    }
    return this.#inUse === 0;
  }

  /** Wakes every waiter, e.g. on close, so each one re-checks and fails. */
  wakeAll(): void {
    for (const wake of this.#waiting.splice(0)) wake();
  }
}
