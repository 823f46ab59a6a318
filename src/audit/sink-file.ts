// Opens the live sink's file and finds where it stands: the sequence number of its last complete
// line, so writing resumes right after it (after a restart or a failed disk). A last line cut short
// (a write stopped by a full disk), however long, is cut off first, so the file only ever holds whole
// JSON lines; a last whole line, however long, is read to find where to resume, never skipped.
import { constants } from 'node:buffer';
import { fstatSync, statSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

export type SinkFile = { ok: true; handle: FileHandle; lastSeq: number | undefined } | { ok: false; problem: string };

const CHUNK = 65_536;
/** No event's line is longer than the longest string, which JSON.stringify made it as. */
const MAX_LINE = constants.MAX_STRING_LENGTH;
const NEWLINE = 0x0a;

const REASONS: Record<string, string> = {
  ENOENT: 'its directory does not exist',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'read-only file system',
};

export async function openSinkFile(file: string): Promise<SinkFile> {
  // stdout may carry the MCP stdio transport: a sink there would corrupt it.
  if (isOwnStdout(file)) return { ok: false, problem: `${file} is gatehouse's own standard output; use \`gatehouse audit export --follow\` in a separate process instead` };
  let handle: FileHandle;
  try {
    // a+: appends, and reads to find the last line.
    handle = await open(file, 'a+');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    return { ok: false, problem: `cannot open ${file} for appending: ${REASONS[code] ?? code}` };
  }
  try {
    const stat = await handle.stat();
    // A FIFO or a device has no tail to read.
    if (!stat.isFile()) return { ok: true, handle, lastSeq: undefined };
    const tail = await readTail(handle, stat.size);
    if (tail.end < stat.size) await handle.truncate(tail.end);
    return { ok: true, handle, lastSeq: tail.last === undefined ? undefined : seqOf(tail.last) };
  } catch (error) {
    await handle.close();
    if (error instanceof LineTooLong) return { ok: false, problem: `cannot resume ${file}: ${error.message}` };
    return { ok: false, problem: `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}` };
  }
}

/** True when the path is what fd 1 is, whatever that is (a pipe, a socket, a file): /dev/stdout or a link to it. */
function isOwnStdout(file: string): boolean {
  try {
    const path = statSync(file);
    const out = fstatSync(1);
    return out.dev === path.dev && out.ino === path.ino;
  } catch {
    return false;
  }
}

/** Where the complete lines end (a torn tail of any length follows), and the last of them. */
async function readTail(handle: FileHandle, size: number): Promise<{ end: number; last?: string }> {
  const end = await lineStart(handle, size);
  if (end === 0) return { end };
  const start = await lineStart(handle, end - 1);
  const length = end - 1 - start;
  if (length > MAX_LINE) throw new LineTooLong(length);
  const line = Buffer.alloc(length);
  await handle.read(line, 0, length, start);
  return { end, last: line.toString('utf8') };
}

/** Where the line ending at `end` starts: just past the newline before it, or 0. Holds one chunk at a time. */
async function lineStart(handle: FileHandle, end: number): Promise<number> {
  const chunk = Buffer.alloc(Math.min(CHUNK, end));
  for (let to = end; to > 0; ) {
    const from = Math.max(0, to - CHUNK);
    const { bytesRead } = await handle.read(chunk, 0, to - from, from);
    const at = chunk.subarray(0, bytesRead).lastIndexOf(NEWLINE);
    if (at >= 0) return from + at + 1;
    to = from;
  }
  return 0;
}

class LineTooLong extends Error {
  constructor(readonly length: number) {
    super(`its last line is ${length} bytes, longer than any event gatehouse can write; is it an audit sink file?`);
  }
}

function seqOf(line: string): number | undefined {
  try {
    const seq = (JSON.parse(line) as { seq?: unknown }).seq;
    return typeof seq === 'number' ? seq : undefined;
  } catch {
    return undefined;
  }
}
