// Evaluating a call (validation, classification, policy) runs on the event loop, about 1 µs per
// character of SQL or command line: a principal sending large inputs in parallel could hold the loop,
// and every other agent's calls with it. So each principal may spend at most a share of the server's
// time on evaluation; past it, its calls are refused before they are evaluated until its window
// turns. Ordinary calls take tens of microseconds and never come near it.
export interface EvaluationBudget {
  readonly budgetMs: number;
  readonly windowMs: number;
  /** Milliseconds until `principal` may be evaluated again; 0 when it may be now. */
  waitFor(principal: string, now?: number): number;
  /** Counts evaluation time against `principal`. */
  spend(principal: string, ms: number, now?: number): void;
}

export const EVALUATION_BUDGET_MS = 3000;
export const EVALUATION_WINDOW_MS = 30_000;
// Windows of principals not seen for a while are dropped once there are this many.
const SWEEP_AT = 1000;

export function createEvaluationBudget(budgetMs = EVALUATION_BUDGET_MS, windowMs = EVALUATION_WINDOW_MS): EvaluationBudget {
  const windows = new Map<string, { start: number; spent: number }>();
  const current = (principal: string, now: number) => {
    const window = windows.get(principal);
    return window && now - window.start < windowMs ? window : undefined;
  };
  return {
    budgetMs,
    windowMs,
    waitFor(principal, now = performance.now()) {
      const window = current(principal, now);
      return window && window.spent >= budgetMs ? window.start + windowMs - now : 0;
    },
    spend(principal, ms, now = performance.now()) {
      const window = current(principal, now);
      if (window) {
        window.spent += ms;
        return;
      }
      if (windows.size >= SWEEP_AT) for (const [key, w] of windows) if (now - w.start >= windowMs) windows.delete(key);
      windows.set(principal, { start: now, spent: ms });
    },
  };
}
