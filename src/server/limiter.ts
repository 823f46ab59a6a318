// A per-principal cap on tool calls in flight, so one runaway agent cannot starve the others.
export interface ConcurrencyLimiter {
  /** A release function, or undefined when the key already has `max` calls in flight. */
  acquire(key: string): (() => void) | undefined;
}

export function createConcurrencyLimiter(max: number): ConcurrencyLimiter {
  const inFlight = new Map<string, number>();
  return {
    acquire(key) {
      const n = inFlight.get(key) ?? 0;
      if (n >= max) return undefined;
      inFlight.set(key, n + 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const left = (inFlight.get(key) ?? 1) - 1;
        if (left <= 0) inFlight.delete(key);
        else inFlight.set(key, left);
      };
    },
  };
}
