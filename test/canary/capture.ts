// Where one `npm test` run keeps what gatehouse emitted (its output, the MCP messages clients
// received, audit stores, CLI output), one file per capture, for the canary scan that runs after
// the suite (./scan.ts). Captures are held in memory and written once, when their owner stops or
// when the test process exits, so capturing costs a test next to nothing.
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Every capture file ends so; the reset deletes only such files, whatever directory it is given. */
export const CAPTURE_SUFFIX = '.capture';

export function captureDir(): string {
  return resolve(process.env.GATEHOUSE_TEST_CAPTURE ?? join(import.meta.dirname, '../../.test-capture'));
}

let written = 0;
/** Unique across the parallel test processes of one run: the pid, then a counter. */
function newCapturePath(label: string): string {
  const dir = captureDir();
  mkdirSync(dir, { recursive: true });
  return join(dir, `${label}-${process.pid}-${++written}${CAPTURE_SUFFIX}`);
}

export interface Capture {
  append(chunk: string | Buffer): void;
  /** Writes everything appended so far; later appends are written again at the next save or at exit. */
  save(): void;
}

const unsaved = new Set<Capture>();
process.once('exit', () => {
  for (const capture of unsaved) capture.save();
});

export function startCapture(label: string): Capture {
  const chunks: Buffer[] = [];
  let path: string | undefined;
  const capture: Capture = {
    append(chunk) {
      chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
      unsaved.add(capture);
    },
    save() {
      unsaved.delete(capture);
      if (chunks.length === 0) return;
      path ??= newCapturePath(label);
      writeFileSync(path, Buffer.concat(chunks));
    },
  };
  return capture;
}

/** Copies a file's bytes as they are (an SQLite store, an audit sink), if it exists. */
export function captureFile(label: string, file: string): void {
  if (existsSync(file)) copyFileSync(file, newCapturePath(label));
}

/** Writes one finished text (a CLI run's output, a store's events). */
export function captureText(label: string, text: string): void {
  if (text !== '') writeFileSync(newCapturePath(label), text);
}
