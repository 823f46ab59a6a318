// The live sink in-process, on a real SQLite store and a real file: the file is the store's log in
// order with nothing skipped; a checkpoint lands right after the event it vouches for; a restart
// resumes after the file's last event; a file ahead of the store is said so and copying starts at
// the store's head; a store that cannot be read is logged once, and its return once; a file that
// cannot be written (a full disk) never stops the sink: it is logged once, retried, and on recovery
// the copy resumes after the file's last whole line, or after the last event the old file held.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { signCheckpoint } from '../../src/audit/checkpoint.ts';
import type { AuditEvent } from '../../src/audit/events.ts';
import { auditEventLine } from '../../src/audit/jsonl.ts';
import { openAuditSink } from '../../src/audit/sink.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import type { Store } from '../../src/store/store.ts';
import { waitFor } from '../reliability/faults-wait.ts';
import { call } from '../store/audit-helpers.ts';

const stores: Store[] = [];
after(async () => {
  for (const store of stores) await store.close();
});

function place() {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-sink-copy-'));
  const store = openSqliteStore(join(dir, 'store.db'));
  stores.push(store);
  return { file: join(dir, 'audit.jsonl'), store };
}

function logger() {
  const logs: Array<{ level: string; obj: Record<string, unknown>; msg: string }> = [];
  const log = (level: string) => (obj: Record<string, unknown>, msg: string) => void logs.push({ level, obj, msg });
  return { logs, logger: { warn: log('warn'), info: log('info'), debug: log('debug'), error: log('error') } as unknown as Logger };
}

async function start(file: string, store: Store, log: Logger) {
  const opened = await openAuditSink(file);
  assert.ok(opened.ok);
  return opened.start(store, log);
}

/** Calls `from`, `from + 1`, ..., `count` of them, two events each. */
const calls = (from: number, count: number) => Array.from({ length: count }, (_, i) => call(from + i)).flat();
const text = (file: string) => readFileSync(file, 'utf8');
/** What `audit export` writes for the store's events from `from` on: the lines the file must hold. */
const exported = async (store: Store, from: number) => (await store.events()).filter((e) => e.seq >= from).map(auditEventLine);

describe('live sink, in-process', () => {
  it('copies the events appended after it started, in order, exactly as export writes them', async () => {
    const { file, store } = place();
    await store.append(call(1));
    const { logger: log } = logger();
    const sink = await start(file, store, log);
    const appended: AuditEvent[] = [...(await store.append(call(2))), ...(await store.append(call(3)))];
    sink.notify();
    await sink.close();
    assert.equal(text(file), (await exported(store, appended[0]!.seq)).join(''), 'a new file starts at the head: nothing from before it');
    assert.equal(appended[0]?.seq, 3);
    // One JSON line per event, each the event as the store holds it.
    assert.deepEqual(
      text(file).split('\n').map((line) => (line ? (JSON.parse(line) as unknown) : line)),
      [...(await store.events()).filter((e) => e.seq >= 3), ''],
    );
  });

  it('writes a checkpoint right after the event it vouches for, and not before', async () => {
    const { file, store } = place();
    const sink = await start(file, store, logger().logger);
    const events = await store.append(call(1));
    const { privateKey } = generateKeyPairSync('ed25519');
    const checkpoint = signCheckpoint(privateKey, 'c', { seq: events[0]!.seq, hash: events[0]!.hash });
    const ahead = signCheckpoint(privateKey, 'c', { seq: 99, hash: 'f'.repeat(64) });
    sink.checkpoint(ahead);
    sink.checkpoint(checkpoint);
    await sink.close();
    const [first, second] = await exported(store, 1);
    assert.deepEqual(
      text(file).trimEnd().split('\n'),
      [first?.trimEnd(), JSON.stringify(checkpoint), second?.trimEnd()],
      'the checkpoint of an event the store does not hold yet is not written',
    );
  });

  it('resumes after the last event the file holds', async () => {
    const { file, store } = place();
    const first = await start(file, store, logger().logger);
    const early = await store.append(call(1));
    await first.close();
    const late = await store.append(call(2));
    const second = await start(file, store, logger().logger);
    await second.close();
    assert.deepEqual([early[0]?.seq, late[0]?.seq], [1, 3]);
    assert.equal(text(file), (await exported(store, 1)).join(''));
  });

  it('copies from the store head when the file is ahead of the store, saying so', async () => {
    const { file, store } = place();
    await store.append(call(1));
    writeFileSync(file, `${JSON.stringify({ seq: 40, type: 'call.requested' })}\n`);
    const { logs, logger: log } = logger();
    const sink = await start(file, store, log);
    const next = await store.append(call(2));
    await sink.close();
    assert.deepEqual(logs.filter((l) => l.level === 'warn'), [
      { level: 'warn', obj: { file, fileSeq: 40, storeSeq: 2 }, msg: 'audit sink: the file is ahead of the store (a file of another store?); copying from the store head' },
    ]);
    assert.equal(next[0]?.seq, 3);
    assert.equal(text(file), `${JSON.stringify({ seq: 40, type: 'call.requested' })}\n${(await exported(store, 3)).join('')}`, 'nothing at or before the head is copied');
  });

  it('logs a store it cannot read once, then its return once, and copies what it missed', async () => {
    const { file, store } = place();
    let failing = false;
    const flaky: Store = {
      ...store,
      events: (...args: Parameters<Store['events']>) => (failing ? Promise.reject(new Error('store link down')) : store.events(...args)),
    };
    const { logs, logger: log } = logger();
    const sink = await start(file, flaky, log);
    failing = true;
    const missed = await store.append(call(1));
    sink.notify();
    await new Promise((r) => setTimeout(r, 50));
    sink.notify();
    await new Promise((r) => setTimeout(r, 50));
    failing = false;
    sink.notify();
    await sink.close();
    assert.deepEqual(
      logs.map((l) => [l.level, l.msg]),
      [
        ['warn', 'audit sink: cannot read the store; retrying'],
        ['info', 'audit sink: reading the store again'],
      ],
    );
    assert.deepEqual(logs[0]?.obj, { file, err: { name: 'Error', message: 'store link down' } });
    assert.deepEqual(logs[1]?.obj, { file });
    assert.equal(missed[0]?.seq, 1);
    assert.equal(text(file), (await exported(store, 1)).join(''));
  });

  it('copies a burst larger than the stream buffers, waiting for it to drain, and leaves no listener behind each wait', async () => {
    const { file, store } = place();
    const { logs, logger: log } = logger();
    const warnings: string[] = [];
    const warned = (warning: Error) => warnings.push(warning.name);
    process.on('warning', warned);
    const sink = await start(file, store, log);
    await store.append([...calls(1, 600), { type: 'session.ended', session: 's1', data: { reason: 'café → 終わり 🚪' } }]);
    sink.notify();
    await sink.close();
    await new Promise((r) => setImmediate(r));
    process.off('warning', warned);
    assert.match(text(file), /café → 終わり 🚪/);
    assert.ok(text(file).length > 16 * 16_384, 'more than the stream holds before it asks to wait, many times over');
    assert.deepEqual(warnings, [], 'each wait for the stream removes both its listeners (eleven left on one stream would warn)');
    assert.equal(text(file), (await exported(store, 1)).join(''));
    assert.deepEqual(logs, []);
  });

  it('writes a checkpoint handed after its event was copied at once, and holds one handed before its event until it is copied', async () => {
    const { file, store } = place();
    const first = await start(file, store, logger().logger);
    const events = await store.append(call(1));
    first.notify();
    const copied = (await exported(store, 1)).join('');
    await waitFor('the events to be copied', async () => (text(file) === copied ? true : undefined));
    const { privateKey } = generateKeyPairSync('ed25519');
    const checkpoint = signCheckpoint(privateKey, 'c', { seq: events[1]!.seq, hash: events[1]!.hash });
    first.checkpoint(checkpoint);
    // Signed for event 3 before the sink has it: held through a copy that ends at event 2.
    const early = signCheckpoint(privateKey, 'c', { seq: 3, hash: 'e'.repeat(64) });
    first.checkpoint(early);
    await waitFor('the first checkpoint to be written', async () => (text(file) === `${copied}${JSON.stringify(checkpoint)}\n` ? true : undefined));
    await store.append(call(2));
    await first.close();
    const [third, fourth] = (await exported(store, 3)).map((l) => l.trimEnd());
    assert.equal(text(file), `${copied}${JSON.stringify(checkpoint)}\n${third}\n${JSON.stringify(early)}\n${fourth}\n`);
  });

  it('resumes a file already at the head without a word, and copies what others append without being told', async () => {
    const { file, store } = place();
    const first = await start(file, store, logger().logger);
    await store.append(call(1));
    await first.close();
    // The file's last event is the store's head: nothing to copy, nothing to say.
    const { logs, logger: log } = logger();
    const second = await start(file, store, log);
    // Appended by another process: no notify reaches this sink; it looks every second.
    await store.append(call(2));
    await waitFor('the sink to find the new events', async () => (text(file) === (await exported(store, 1)).join('') ? true : undefined));
    await second.close();
    assert.equal(text(file), (await exported(store, 1)).join(''));
    assert.deepEqual(logs, []);
  });

  it('fails to open a path that cannot be appended to, before it copies anything', async () => {
    const { file } = place();
    mkdirSync(file);
    assert.deepEqual(await openAuditSink(file), { ok: false, problem: `cannot open ${file} for appending: it is a directory` });
  });

  it('copies nothing more once closed, and reads the store no more (it may be closed too)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-sink-copy-'));
    const file = join(dir, 'audit.jsonl');
    const store = openSqliteStore(join(dir, 'store.db'));
    const { logs, logger: log } = logger();
    const sink = await start(file, store, log);
    await store.append(call(1));
    await sink.close();
    const expected = (await exported(store, 1)).join('');
    await store.append(call(2));
    await store.close();
    sink.notify();
    await sleep(50);
    assert.equal(text(file), expected);
    assert.deepEqual(logs, []);
  });

  it('never stops on a file it cannot write: logged once, retried, and resumed in order once the file is back', async () => {
    const { file, store } = place();
    // Every write to /dev/full fails with ENOSPC: a full disk.
    symlinkSync('/dev/full', file);
    await store.append(call(1));
    const { logs, logger: log } = logger();
    const sink = await start(file, store, log);
    const cannotWrite = { level: 'warn', obj: { file, code: 'ENOSPC' }, msg: 'audit sink: cannot write the file; the store keeps every event; retrying' };
    // More than the stream buffers: the file fails in the middle of the copy.
    await store.append(calls(2, 150));
    sink.notify();
    await waitFor('the failure to be logged', async () => (logs.length > 0 ? true : undefined));
    // The sink retries every second, opening the file again and failing again; a path that cannot
    // be opened at all (a directory in its place) is retried too.
    await store.append(call(200));
    sink.notify();
    await sleep(1500);
    rmSync(file);
    mkdirSync(file);
    await sleep(1500);
    assert.deepEqual(logs, [cannotWrite], 'logged once, whatever the retries met; never as a store failure');

    // The disk is back, as a new empty file: the copy resumes after the last event the old file held
    // (none: it starts at the head, event 2), so nothing is skipped.
    rmSync(file, { recursive: true });
    writeFileSync(file, '');
    await waitFor('the sink to write again', async () => (logs.length > 1 ? true : undefined));
    await store.append(call(201));
    sink.notify();
    await waitFor('the copy to catch up', async () => (text(file) === (await exported(store, 3)).join('') ? true : undefined));
    assert.deepEqual(logs, [cannotWrite, { level: 'info', obj: { file, seq: 3 }, msg: 'audit sink: writing the file again' }]);

    await sink.close();
    assert.equal(text(file), (await exported(store, 3)).join(''));
  });

  it('resumes after the last line of a file restored in place of one it could not write', async () => {
    const { file, store } = place();
    symlinkSync('/dev/full', file);
    const { logs, logger: log } = logger();
    const sink = await start(file, store, log);
    await store.append(calls(1, 10));
    sink.notify();
    await waitFor('the failure to be logged', async () => (logs.length > 0 ? true : undefined));
    // Restored from a copy that holds the log through event 10.
    rmSync(file);
    writeFileSync(file, (await exported(store, 1)).slice(0, 10).join(''));
    await waitFor('the sink to write again', async () => (logs.length > 1 ? true : undefined));
    await sink.close();
    assert.equal(text(file), (await exported(store, 1)).join(''));
    assert.deepEqual(logs.slice(1), [{ level: 'info', obj: { file, seq: 11 }, msg: 'audit sink: writing the file again' }]);
  });

  it('writes a checkpoint that fell due while the file could not be written once the file is back, in its place', async () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    // Restored through event 4, with checkpoints for events 4 and 6: the first lands before the
    // events the sink copies again, the second after the one it vouches for; neither twice.
    const { file, store } = place();
    symlinkSync('/dev/full', file);
    const { logs, logger: log } = logger();
    const sink = await start(file, store, log);
    const events = await store.append(calls(1, 3));
    // Handed while the stream still takes writes (that then fail) and after it is known to fail.
    const [atFourth, atSixth] = [events[3]!, events[5]!].map((e) => signCheckpoint(privateKey, 'c', { seq: e.seq, hash: e.hash }));
    sink.checkpoint(atFourth!);
    await waitFor('the failure to be logged', async () => (logs.length > 0 ? true : undefined));
    sink.checkpoint(atSixth!);
    const checkpoints = [atFourth!, atSixth!];
    rmSync(file);
    const lines = (await exported(store, 1)).map((l) => l.trimEnd());
    writeFileSync(file, lines.slice(0, 4).map((l) => `${l}\n`).join(''));
    await waitFor('the sink to write again', async () => (logs.length > 1 ? true : undefined));
    await sink.close();
    const [four, six] = checkpoints.map((c) => JSON.stringify(c));
    assert.deepEqual(text(file).trimEnd().split('\n'), [...lines.slice(0, 4), four, ...lines.slice(4, 6), six]);
  });

  it('closes while the file cannot be written, and nothing more is copied then', async () => {
    const { file, store } = place();
    symlinkSync('/dev/full', file);
    const { logs, logger: log } = logger();
    const sink = await start(file, store, log);
    await store.append(call(1));
    sink.notify();
    await waitFor('the failure to be logged', async () => (logs.length > 0 ? true : undefined));
    await sink.close();
    rmSync(file);
    writeFileSync(file, '');
    await sleep(1500);
    assert.equal(text(file), '');
    assert.deepEqual(logs.map((l) => l.msg), ['audit sink: cannot write the file; the store keeps every event; retrying']);
  });
});
