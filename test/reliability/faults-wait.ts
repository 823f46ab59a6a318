// Polling for a condition the test cannot be told about (a statement reaching the server, a
// request reaching the store). Never a timed assertion: the limit only ends a hung test.
import type { TestDatabase } from '../fixtures/postgres.ts';

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, limitMs = 15_000): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * A call's session is cleaned after its answer; a test that counts connections or stalls the link
 * waits until every session gatehouse holds on the database is idle again, cleaned.
 */
export function sessionsCleaned(db: TestDatabase): Promise<true> {
  return waitFor('every session to be cleaned after its answer', async () => {
    const busy = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE 'gatehouse:%' AND (state <> 'idle' OR query <> 'DISCARD ALL')",
    );
    return busy[0]?.n === 0 ? true : undefined;
  });
}
