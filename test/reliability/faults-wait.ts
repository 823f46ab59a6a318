// Polling for a condition the test cannot be told about (a statement reaching the server, a
// request reaching the store). Never a timed assertion: the limit only ends a hung test.
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, limitMs = 15_000): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
