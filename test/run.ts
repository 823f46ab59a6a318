// `npm test`: every test file, FILES_AT_ONCE at a time, the longest first. Node's own runner sorts
// the files by name, which put some of the longest last, where one of them ran alone while the
// other slots stood empty; started first, they overlap the many short files instead. The order
// changes only when a file starts, never what it tests.
import { readdirSync } from 'node:fs';
import { run } from 'node:test';
import { spec } from 'node:test/reporters';

/**
 * Most e2e files wait on servers, timers and PostgreSQL more than they use a core, so on two
 * cores four files at a time keep both busy.
 */
const FILES_AT_ONCE = 4;

/** Files that take a minute or more on two cores (servers, CLIs, browsers, npm), started first. */
const LONGEST = [
  'test/e2e/install.test.ts',
  'test/render/cli.test.ts',
  'test/render/cli-errors.test.ts',
  'test/console/people-cli.test.ts',
  'test/store/postgres.test.ts',
  'test/lineage/attacks.test.ts',
  'test/reliability/bad-input-sql.test.ts',
  'test/render/cli-json.test.ts',
  'test/audit/sink.test.ts',
  'test/e2e/conformance.test.ts',
  'test/approval/impact.test.ts',
  'test/e2e/tasks.test.ts',
  'test/e2e/kill-switch.test.ts',
  'test/reliability/bad-input-arguments.test.ts',
  'test/approval/loop.test.ts',
];

// The test files one and two folders down, in the order the shell would list them.
function testFiles(): string[] {
  const files = readdirSync('test', { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.test.ts') && [2, 3].includes(file.split('/').length));
  return files.map((file) => `test/${file}`).sort();
}

const all = testFiles();
const missing = LONGEST.filter((file) => !all.includes(file));
if (missing.length > 0) {
  console.error(`test/run.ts: LONGEST names files that do not exist: ${missing.join(', ')}`);
  process.exit(2);
}
const files = [...LONGEST, ...all.filter((file) => !LONGEST.includes(file))];

const stream = run({ files, concurrency: FILES_AT_ONCE });
stream.on('test:fail', () => {
  process.exitCode = 1;
});
stream.compose(new spec()).pipe(process.stdout);
