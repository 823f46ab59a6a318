// The live sink in-process, on a real SQLite store and a real file: the file is the store's log in
// order with nothing skipped; a checkpoint lands right after the event it vouches for; a restart
// resumes after the file's last event; a file ahead of the store is said so and copying starts at
// the store's head; a store that cannot be read is logged once, and its return once.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Logger } from 'pino';
import { signCheckpoint } from '../../src/audit/checkpoint.ts';
import type { AuditEvent } from '../../src/audit/events.ts';
import { auditEventLine } from '../../src/audit/jsonl.ts';
import { openAuditSink } from '../../src/audit/sink.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import type { Store } from '../../src/store/store.ts';
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
    assert.equal(missed[0]?.seq, 1);
    assert.equal(text(file), (await exported(store, 1)).join(''));
  });
});
