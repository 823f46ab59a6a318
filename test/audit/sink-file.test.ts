// The live sink's file, in-process: where a file stands (its last whole line, however long, a torn
// tail of any length cut off, a last line longer than any event refused with nothing cut), a path that cannot be opened
// named with its reason, gatehouse's own standard output refused (the same file, not merely the same
// device), a device taken as it is, and a file that can be opened but not cut failing start.
// Kept out of sink.test.ts, whose gatehouse processes would otherwise rerun for every mutant of
// src/audit/sink-file.ts.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { constants } from 'node:buffer';
import { appendFileSync, closeSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { openSinkFile } from '../../src/audit/sink-file.ts';

const work = mkdtempSync(join(tmpdir(), 'gatehouse-sink-file-'));
after(() => rmSync(work, { recursive: true, force: true }));

const MIB = 1024 * 1024;
const MAX_STRING = constants.MAX_STRING_LENGTH;
const line = (seq: unknown, size = 10) => `${JSON.stringify({ seq, data: { text: 'x'.repeat(size) } })}\n`;

/** The files this process holds open (Linux). */
const openFiles = () => readdirSync('/proc/self/fd').map((fd) => {
  try {
    return readlinkSync(`/proc/self/fd/${fd}`);
  } catch {
    return '';
  }
});

/** Opens `content` as a sink file: the sequence number found, and the file's size after. */
async function standing(content: string): Promise<{ lastSeq: number | undefined; size: number }> {
  const file = join(work, 'tail.jsonl');
  writeFileSync(file, content);
  const opened = await openSinkFile(file);
  assert.ok(opened.ok, opened.ok ? '' : opened.problem);
  await opened.handle.close();
  return { lastSeq: opened.lastSeq, size: statSync(file).size };
}

describe('sink file', () => {
  it('finds where a file stands: the last whole line, however long, with a torn tail cut off', async () => {
    const cases: Array<[string, number | undefined, number]> = [
      ['', undefined, 0],
      ['{"seq":1,"da', undefined, 0],
      [line(1, 10) + line(2, 300_000), 2, (line(1, 10) + line(2, 300_000)).length],
      [line(1, 10) + line(2, 200_000) + '{"seq":3,"data":{"text":"xx', 2, (line(1, 10) + line(2, 200_000)).length],
    ];
    for (const [content, lastSeq, size] of cases) assert.deepEqual(await standing(content), { lastSeq, size });
  });

  it('reads a file of one line, and a file that is one empty line, without cutting either', async () => {
    assert.deepEqual(await standing(line(7)), { lastSeq: 7, size: line(7).length });
    assert.deepEqual(await standing(`${line(7)}{"seq":8,"da`), { lastSeq: 7, size: line(7).length });
    // An empty line is whole: kept, though it names no event.
    assert.deepEqual(await standing('\n'), { lastSeq: undefined, size: 1 });
  });

  it('finds the last line of a file many chunks long from its end, reading no further back than it must', async () => {
    // 80,000 short lines: far more than one 64 KiB chunk, the last two in the first chunk read.
    const content = Array.from({ length: 80_000 }, (_, i) => line(i + 1, 0)).join('');
    assert.ok(content.length > 4 * 65_536);
    assert.deepEqual(await standing(content), { lastSeq: 80_000, size: content.length });
    assert.deepEqual(await standing(`${content}{"seq":80001,"d`), { lastSeq: 80_000, size: content.length });
  });

  it('finds a last line however long, and cuts a torn tail however long', async () => {
    // Lines and tails of many chunks: a result of several MiB recorded whole.
    const long = line(1) + line(2, 9 * MIB);
    assert.deepEqual(await standing(long), { lastSeq: 2, size: long.length });
    assert.deepEqual(await standing(`${long}{"seq":3,"data":{"text":"${'x'.repeat(9 * MIB)}`), { lastSeq: 2, size: long.length });
    assert.deepEqual(await standing(`${line(1)}{"seq":2,"data":{"text":"${'x'.repeat(9 * MIB)}`), { lastSeq: 1, size: line(1).length });
    // The end of a long line is not taken for an event, even one that would parse.
    const tail = `${line(1)}${'x'.repeat(100)}${' '.repeat(8 * MIB)}{"seq":5}\n`;
    assert.deepEqual(await standing(tail), { lastSeq: undefined, size: tail.length });
  });

  it('refuses a file whose last line is longer than any event, naming its length and cutting nothing', async () => {
    const file = join(work, 'huge.jsonl');
    // Sparse: a line of zeros past the longest string, then a short torn tail that stays too.
    const length = MAX_STRING + 1;
    writeFileSync(file, line(1));
    truncateSync(file, line(1).length + length);
    appendFileSync(file, '\n{"seq":3');
    const size = statSync(file).size;
    assert.deepEqual(await openSinkFile(file), {
      ok: false,
      problem: `cannot resume ${file}: its last line is ${length} bytes, longer than any event gatehouse can write; is it an audit sink file?`,
    });
    assert.equal(statSync(file).size, size);
    rmSync(file);
  });

  it('takes a last line that is not an event as no place: not JSON, or a seq that is not a number', async () => {
    assert.deepEqual(await standing(`${line(1)}not json\n`), { lastSeq: undefined, size: line(1).length + 9 });
    assert.deepEqual(await standing(line(1) + line('2')), { lastSeq: undefined, size: line(1).length + line('2').length });
  });

  it('names a path it cannot open for appending, with the reason', async () => {
    const plain = join(work, 'plain');
    writeFileSync(plain, '');
    const loop = join(work, 'loop');
    symlinkSync(loop, loop);
    const cases: Array<[string, string]> = [
      [work, 'it is a directory'],
      [join(work, 'no-such-dir', 'audit.jsonl'), 'its directory does not exist'],
      [join(plain, 'audit.jsonl'), 'a part of the path is not a directory'],
      // A code without a reason of its own is given as it is.
      [loop, 'ELOOP'],
    ];
    for (const [file, reason] of cases) assert.deepEqual(await openSinkFile(file), { ok: false, problem: `cannot open ${file} for appending: ${reason}` });
  });

  it("refuses gatehouse's own standard output, through any path to it", async () => {
    const link = join(work, 'stdout-link');
    symlinkSync('/dev/stdout', link);
    for (const file of ['/dev/stdout', link]) {
      assert.deepEqual(await openSinkFile(file), {
        ok: false,
        problem: `${file} is gatehouse's own standard output; use \`gatehouse audit export --follow\` in a separate process instead`,
      });
    }
  });

  it('refuses the file standard output is redirected to, and takes another file beside it', () => {
    const dir = join(work, 'redirected');
    mkdirSync(dir);
    const out = join(dir, 'out.log');
    const other = join(dir, 'other.log');
    // On the same device as standard output, and a file already: told apart by more than the device.
    writeFileSync(other, '');
    // A process of its own, so that its standard output can be a file; it runs the same module.
    const script = `
      import { openSinkFile } from ${JSON.stringify(new URL('../../src/audit/sink-file.ts', import.meta.url).href)};
      for (const file of process.argv.slice(1)) {
        const opened = await openSinkFile(file);
        if (opened.ok) await opened.handle.close();
        console.error(JSON.stringify(opened.ok ? { ok: true, lastSeq: opened.lastSeq ?? null } : opened));
      }`;
    const fd = openSync(out, 'w');
    try {
      const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, out, other], { stdio: ['ignore', fd, 'pipe'], encoding: 'utf8' });
      assert.equal(run.status, 0, run.stderr);
      assert.deepEqual(
        run.stderr.trim().split('\n').map((l) => JSON.parse(l) as unknown),
        [
          { ok: false, problem: `${out} is gatehouse's own standard output; use \`gatehouse audit export --follow\` in a separate process instead` },
          { ok: true, lastSeq: null },
        ],
      );
    } finally {
      closeSync(fd);
    }
    assert.equal(readFileSync(out, 'utf8'), '');
  });

  it('takes a device as it is, with no place to resume from', async () => {
    const opened = await openSinkFile('/dev/null');
    assert.ok(opened.ok);
    await opened.handle.close();
    assert.equal(opened.lastSeq, undefined);
  });

  it('fails a file it can open but not cut, closing it (an append-only file with a torn tail)', async (t) => {
    const file = join(work, 'append-only.jsonl');
    const content = `${line(1)}{"seq":2,"da`;
    writeFileSync(file, content);
    try {
      execFileSync('chattr', ['+a', file], { stdio: 'ignore' });
    } catch {
      // CI runs as root on a file system with attributes: there the case must run, not skip.
      if (process.env.CI) throw new Error('CI: chattr +a failed; the append-only case needs root and a file system with attributes');
      return t.skip('chattr +a needs root and a file system with attributes');
    }
    try {
      assert.deepEqual(await openSinkFile(file), { ok: false, problem: `cannot read ${file}: EPERM` });
      assert.equal(statSync(file).size, content.length);
      assert.ok(!openFiles().includes(file), 'the file is closed again');
    } finally {
      execFileSync('chattr', ['-a', file]);
    }
    // Once it can be cut, the same file opens and resumes after its whole line.
    assert.deepEqual(await standing(content), { lastSeq: 1, size: line(1).length });
  });
});
