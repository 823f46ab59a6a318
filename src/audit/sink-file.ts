// Opens the live sink's file and finds where it stands: the sequence number of its last complete
// line, so writing resumes right after it (after a restart or a failed disk). A last line cut short
// (a write stopped by a full disk) is cut off first, so the file only ever holds whole JSON lines.
import { fstatSync, statSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

export type SinkFile = { ok: true; handle: FileHandle; lastSeq: number | undefined } | { ok: false; problem: string };

const CHUNK = 65_536;
/** Past this much of a last line, give up looking for its start (no line is near this long). */
const MAX_TAIL = 8 * 1024 * 1024;
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
    if (tail && tail.end < stat.size) await handle.truncate(tail.end);
    return { ok: true, handle, lastSeq: tail?.last === undefined ? undefined : seqOf(tail.last) };
  } catch (error) {
    await handle.close();
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

/** Where the complete lines end, and the last of them; undefined when the last line is too long to find. */
async function readTail(handle: FileHandle, size: number): Promise<{ end: number; last?: string } | undefined> {
  const chunks: Buffer[] = [];
  let from = size;
  let newlines = 0;
  // The last two newlines bound the last complete line (a torn tail may follow the second).
  while (from > 0 && newlines < 2 && size - from < MAX_TAIL) {
    const length = Math.min(CHUNK, from);
    from -= length;
    const chunk = Buffer.alloc(length);
    await handle.read(chunk, 0, length, from);
    chunks.unshift(chunk);
    for (const byte of chunk) if (byte === NEWLINE) newlines++;
  }
  const tail = Buffer.concat(chunks);
  const lastNewline = tail.lastIndexOf(NEWLINE);
  if (lastNewline < 0) return from === 0 ? { end: 0 } : undefined;
  const start = lastNewline === 0 ? 0 : tail.lastIndexOf(NEWLINE, lastNewline - 1) + 1;
  const end = from + lastNewline + 1;
  if (start === 0 && from > 0) return { end };
  return { end, last: tail.subarray(start, lastNewline).toString('utf8') };
}

function seqOf(line: string): number | undefined {
  try {
    const seq = (JSON.parse(line) as { seq?: unknown }).seq;
    return typeof seq === 'number' ? seq : undefined;
  } catch {
    return undefined;
  }
}
