// /proc/PID/task/TID/ holds the same files as /proc/PID/: a thread shares its process's
// environment, memory, root and working directory. Reading any of them through the task
// directory is the same secret read as through the process's, and is denied.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { classifyShellLine, initShellParser } from '../../tools/ssh/classify/index.ts';
import { decideShell } from '../fixtures/shipped-policy.ts';

before(() => initShellParser());

const SECRET_READS = [
  'cat /proc/1/task/1/environ',
  'cat /proc/self/task/*/environ',
  'tr "\\0" "\\n" < /proc/1/task/7/environ',
  'xxd /proc/1/task/1/mem',
  'cat /proc/1/task/1/root/etc/shadow',
  'cat /proc/1/task/1/cwd/.env',
  'cd /proc/1/task/1 && cat environ',
  'cat /proc/*/task/*/environ',
  'cat /proc/1/task/1/../../environ',
  'cat "/proc/$P/task/$T/mem"',
];

const NOT_SECRET = ['cat /proc/1/task/1/status', 'ls /proc/1/task', 'cat /proc/1/task/1/comm'];

describe("a process's files read through its task directory", () => {
  for (const line of SECRET_READS) {
    it(`${line} is a secret read, denied`, () => {
      const facts = classifyShellLine(line);
      assert.ok(facts.sensitiveReads.length > 0, `no secret read in ${JSON.stringify(facts.readsPaths)}`);
      assert.equal(decideShell(facts).effect, 'deny');
    });
  }
  for (const line of NOT_SECRET) {
    it(`${line} is no secret read`, () => assert.deepEqual(classifyShellLine(line).sensitiveReads, []));
  }
});
