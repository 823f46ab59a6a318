// A store step retried through a short outage: a link that drops for a moment (a restart, a pooled
// connection that died while the store was away) should not refuse a call whose decision is
// already made. The step runs again with growing pauses until the window closes, then the first
// failure is reported. A step that may have taken effect before it failed is told it is a retry,
// so it can look before acting twice.
import { setTimeout as sleep } from 'node:timers/promises';

const FIRST_PAUSE_MS = 100;
const LONGEST_PAUSE_MS = 2000;

export async function retryWithin<T>(windowMs: number, step: (retry: boolean) => Promise<T>, final: (error: unknown) => boolean = () => false): Promise<T> {
  const deadline = Date.now() + windowMs;
  let first: unknown;
  try {
    return await step(false);
  } catch (error) {
    if (final(error)) throw error;
    first = error;
  }
  for (let pause = FIRST_PAUSE_MS; Date.now() + pause <= deadline; pause = Math.min(pause * 2, LONGEST_PAUSE_MS)) {
    await sleep(pause);
    try {
      return await step(true);
    } catch (error) {
      // Still away: the first failure is the one reported if the window closes.
      if (final(error)) throw error;
    }
  }
  throw first;
}
