// Large SQL is parsed on worker threads that yield the CPU to the event loop: each worker lowers its
// own thread's nice value, and the process (its event loop) keeps its own. Read from the kernel's
// own record of every thread of this process (Linux; CI runs there).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { it } from 'node:test';
import { initSqlParser } from '../../tools/postgres/classify/parser.ts';
import { postgresPack } from '../../tools/postgres/index.ts';
import { configureLargeInputs } from '../../tools/postgres/off-thread.ts';
import { WORKER_NICE } from '../../tools/shared/thread-priority.ts';

/** The nice value of each thread of this process, by thread id (field 19 of /proc/<pid>/task/<tid>/stat). */
function niceByThread(): Map<number, number> {
  const nice = new Map<number, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    nice.set(Number(tid), Number(fields[16]));
  }
  return nice;
}

it('parses large SQL on a worker thread at a lower priority than the event loop', async (t) => {
  await initSqlParser();
  configureLargeInputs({ threads: 1, minChars: 1, timeoutMs: 30_000, maxHeapMb: 256 });
  t.after(() => configureLargeInputs({ threads: 0, minChars: 1, timeoutMs: 30_000, maxHeapMb: 256 }));
  const before = niceByThread();
  const args = { connection: 'shop', sql: 'SELECT id FROM customers WHERE id IN (1, 2, 3)' };
  const classified = postgresPack.classifyOffThread?.('postgres_query', args, { protection: { column: () => false, table: () => false, any: false }, principal: 'tester', spend: () => undefined });
  assert.ok(classified, 'the call was not sent to a worker thread');
  assert.equal((await classified).readOnly, true);
  const after = niceByThread();
  const lowered = [...after].filter(([tid, nice]) => !before.has(tid) && nice === WORKER_NICE);
  assert.equal(lowered.length, 1, `one new thread at nice ${WORKER_NICE}: ${JSON.stringify([...after])}`);
  assert.equal(after.get(process.pid), 0, 'the event loop keeps its priority');
  assert.ok([...before].every(([tid, nice]) => after.get(tid) === undefined || after.get(tid) === nice), 'no thread that was there before changed');
});
