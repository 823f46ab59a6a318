// startGatehouse keeps a copy of what the server emitted for the test suite's canary scan; a bench
// run's copies (whole audit stores) go to a temporary directory instead, removed at the end.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function withTemporaryCaptures<T>(run: () => Promise<T>): Promise<T> {
  const captures = mkdtempSync(join(tmpdir(), 'gatehouse-bench-capture-'));
  const before = process.env.GATEHOUSE_TEST_CAPTURE;
  process.env.GATEHOUSE_TEST_CAPTURE = captures;
  try {
    return await run();
  } finally {
    rmSync(captures, { recursive: true, force: true });
    if (before === undefined) delete process.env.GATEHOUSE_TEST_CAPTURE;
    else process.env.GATEHOUSE_TEST_CAPTURE = before;
  }
}
