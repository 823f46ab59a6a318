// The checkpointer, driven by now() and stop() against a head the test moves: what is signed and
// when (never an empty chain, an unchanged head only for a target that missed it, always at stop),
// where it goes (the sink, files, webhooks on a real loopback server), and how a failing target or
// store is logged: once, by its name (a webhook by its place in the config, never its URL), with a
// recovery logged once too.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Logger } from 'pino';
import { checkCheckpoint, type Checkpoint } from '../../src/audit/checkpoint.ts';
import { scheduleCheckpoints } from '../../src/audit/checkpointer.ts';
import type { ChainPoint } from '../../src/audit/chain.ts';
import { ChainRewritten } from '../../src/audit/voucher.ts';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const HOUR = 3_600_000;

function harness(files: string[] = [], webhooks: string[] = []) {
  const state: { head: ChainPoint | Error } = { head: { seq: 0, hash: '0'.repeat(64) } };
  const store = {
    auditHead: async () => {
      if (state.head instanceof Error) throw state.head;
      return state.head;
    },
  };
  const sink: Checkpoint[] = [];
  const logs: Array<{ level: string; obj: Record<string, unknown>; msg: string }> = [];
  const logger = {
    warn: (obj: Record<string, unknown>, msg: string) => void logs.push({ level: 'warn', obj, msg }),
    info: (obj: Record<string, unknown>, msg: string) => void logs.push({ level: 'info', obj, msg }),
    error: (obj: Record<string, unknown>, msg: string) => void logs.push({ level: 'error', obj, msg }),
  } as unknown as Pick<Logger, 'warn' | 'info' | 'error'>;
  const checkpoints = scheduleCheckpoints(store, { key: privateKey, intervalMs: HOUR, chain: 'test-chain', files, webhooks }, (c) => void sink.push(c), logger);
  return { state, sink, logs, checkpoints };
}

const head = (seq: number): ChainPoint => ({ seq, hash: seq.toString(16).padStart(64, 'a') });
const fileLines = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Checkpoint);

let status = 204;
const received: string[] = [];
const requests: Array<{ method?: string; type?: string }> = [];
const receiver = createServer((req, res) => {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString()));
  req.on('end', () => {
    requests.push({ method: req.method, type: req.headers['content-type'] });
    if (status < 300) received.push(body);
    res.writeHead(status).end();
  });
});
/** Never answers: a webhook that hangs. */
const silent = createServer(() => undefined);
let url = '';
let silentUrl = '';
before(async () => {
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/cp?token=s3cret`;
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/hangs`;
});
after(() => {
  receiver.close();
  if (silent.listening) silent.close();
});

describe('checkpointer', () => {
  it('signs nothing for an empty chain, then the head once, then only a new head', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-checkpointer-'));
    const file = join(dir, 'cp.jsonl');
    const { state, sink, checkpoints } = harness([file]);
    await checkpoints.now();
    assert.equal(sink.length, 0);
    state.head = head(3);
    await checkpoints.now();
    await checkpoints.now();
    state.head = head(4);
    await checkpoints.now();
    assert.deepEqual(sink.map((c) => [c.type, c.chain, c.seq, c.hash]), [
      ['gatehouse.audit.checkpoint', 'test-chain', 3, head(3).hash],
      ['gatehouse.audit.checkpoint', 'test-chain', 4, head(4).hash],
    ]);
    assert.deepEqual(fileLines(file), sink);
    for (const c of fileLines(file)) assert.equal(checkCheckpoint(c, publicKey).ok, true);
    await checkpoints.stop();
  });

  it('signs the head once more at stop, even unchanged', async () => {
    const { state, sink, checkpoints } = harness();
    state.head = head(2);
    await checkpoints.now();
    await checkpoints.stop();
    assert.deepEqual(sink.map((c) => c.seq), [2, 2]);
  });

  it('logs a failing file once, signs again for it until it is delivered, and logs the recovery once', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'gatehouse-checkpointer-')), 'later');
    const file = join(dir, 'cp.jsonl');
    const { state, sink, logs, checkpoints } = harness([file]);
    state.head = head(5);
    await checkpoints.now();
    await checkpoints.now();
    assert.deepEqual(logs, [{ level: 'warn', obj: { target: file, problem: 'ENOENT' }, msg: 'audit checkpoints: cannot deliver; the next checkpoint is tried at the next interval' }]);
    assert.equal(sink.length, 2, 'the unchanged head is signed again for the target that missed it');
    mkdirSync(dir);
    await checkpoints.now();
    await checkpoints.now();
    assert.deepEqual(logs.slice(1), [{ level: 'info', obj: { target: file }, msg: 'audit checkpoints: delivering again' }]);
    assert.deepEqual(fileLines(file).map((c) => c.seq), [5]);
    assert.equal(sink.length, 3, 'once delivered, an unchanged head is not signed again');
    await checkpoints.stop();
  });

  it('posts to a webhook, naming a failing one by its place in the config and never by its URL', async () => {
    received.length = 0;
    requests.length = 0;
    const { state, logs, checkpoints } = harness([], [url, 'http://127.0.0.1:1/refused']);
    state.head = head(7);
    status = 500;
    await checkpoints.now();
    // The two deliveries run at once: their warnings come in either order.
    assert.deepEqual(
      logs.map((l) => l.obj).sort((a, b) => String(a.target).localeCompare(String(b.target))),
      [
        { target: 'webhooks.0', problem: 'HTTP 500' },
        { target: 'webhooks.1', problem: 'connection failed' },
      ],
    );
    assert.ok(!JSON.stringify(logs).includes('s3cret'));
    status = 204;
    await checkpoints.now();
    assert.equal(received.length, 1);
    const posted = JSON.parse(received[0] ?? '{}') as Checkpoint;
    assert.equal(posted.seq, 7);
    assert.equal(checkCheckpoint(posted, publicKey).ok, true);
    assert.ok(logs.some((l) => l.level === 'info' && l.obj.target === 'webhooks.0'));
    assert.deepEqual(requests.slice(0, 2), [
      { method: 'POST', type: 'application/json' },
      { method: 'POST', type: 'application/json' },
    ]);
    await checkpoints.stop();
  });

  it('gives up on a webhook that never answers, as a timeout, so the checkpoints after it still go out', async () => {
    const { state, sink, logs, checkpoints } = harness([], [silentUrl]);
    state.head = head(8);
    await checkpoints.now();
    assert.deepEqual(logs, [{ level: 'warn', obj: { target: 'webhooks.0', problem: 'timeout' }, msg: 'audit checkpoints: cannot deliver; the next checkpoint is tried at the next interval' }]);
    // Gone altogether now (refused at once): the failure goes on, not logged again.
    silent.closeAllConnections();
    silent.close();
    await checkpoints.stop();
    assert.deepEqual(sink.map((c) => c.seq), [8, 8]);
    assert.equal(logs.length, 1);
  });

  it('signs a head that kept its sequence number but changed its hash', async () => {
    const { state, sink, checkpoints } = harness();
    state.head = head(3);
    await checkpoints.now();
    state.head = { seq: 3, hash: 'b'.repeat(64) };
    await checkpoints.now();
    await checkpoints.now();
    assert.deepEqual(sink.map((c) => [c.seq, c.hash]), [
      [3, head(3).hash],
      [3, 'b'.repeat(64)],
    ]);
    await checkpoints.stop();
  });

  it('signs at every interval, timed from the end of the last, and never after stop', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const { state, sink, checkpoints } = harness();
    const at = async (ms: number) => {
      t.mock.timers.tick(ms);
      for (let i = 0; i < 20; i++) await new Promise<void>((resolve) => setImmediate(resolve));
      return sink.map((c) => c.seq);
    };
    state.head = head(1);
    assert.deepEqual(await at(HOUR - 1), []);
    assert.deepEqual(await at(1), [1]);
    state.head = head(2);
    assert.deepEqual(await at(HOUR - 1), [1]);
    assert.deepEqual(await at(1), [1, 2]);
    // Stopped while the interval's checkpoint is running: it finishes, and no next one is timed.
    state.head = head(3);
    t.mock.timers.tick(HOUR);
    await checkpoints.stop();
    state.head = head(4);
    assert.deepEqual(await at(3 * HOUR), [1, 2, 3, 3], 'the one of the interval, the one at stop, then none');
  });

  it('logs a store it cannot read, once, and never throws', async () => {
    const { state, sink, logs, checkpoints } = harness();
    state.head = new Error('store link down');
    await checkpoints.now();
    await checkpoints.now();
    assert.deepEqual(logs.map((l) => l.obj), [{ target: 'store', problem: 'store link down' }]);
    assert.equal(sink.length, 0);
    state.head = head(1);
    await checkpoints.now();
    await checkpoints.now();
    assert.deepEqual(sink.map((c) => c.seq), [1], 'once the store is back, an unchanged head is signed once');
    assert.deepEqual(logs.at(-1), { level: 'info', obj: { target: 'store' }, msg: 'audit checkpoints: delivering again' });
    await checkpoints.stop();
  });

  it('stops with an error, logged once, when the chain was rewritten: not a store to wait for', async () => {
    const { state, sink, logs, checkpoints } = harness();
    state.head = new ChainRewritten('event 3 does not link to event 2');
    await checkpoints.now();
    await checkpoints.now();
    assert.deepEqual(logs, [{ level: 'error', obj: { problem: 'event 3 does not link to event 2' }, msg: 'audit checkpoints stopped: the store does not hold the audit events as this server appended them' }]);
    assert.equal(sink.length, 0);
  });
});
