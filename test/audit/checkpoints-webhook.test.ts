// Checkpoint delivery to a webhook (a real HTTP receiver on loopback): a receiver that fails is logged
// once and gets the checkpoint at the next interval; what it receives verifies with the public key.
// An empty chain is never checkpointed: there is nothing to anchor, and no event for it to follow.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { checkCheckpoint } from '../../src/audit/checkpoint.ts';
import { scheduleCheckpoints } from '../../src/audit/checkpointer.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import { waitFor } from '../reliability/faults-wait.ts';
import { call } from '../store/audit-helpers.ts';

describe('checkpoint webhooks', () => {
  it('a failing receiver is logged once and gets the checkpoint at a later interval', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-cp-hook-'));
    const received: string[] = [];
    let refusals = 2;
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        if (refusals-- > 0) return void res.writeHead(503).end();
        received.push(body);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/checkpoints?token=t0ken`;
    const store = openSqliteStore(join(dir, 'store.db'));
    const warnings: unknown[] = [];
    const logger = { warn: (o: unknown) => void warnings.push(o), info: () => undefined, error: () => undefined };
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    try {
      await store.append(call(1));
      const checkpoints = scheduleCheckpoints(store, { key: privateKey, intervalMs: 100, chain: 'hook', files: [], webhooks: [url] }, undefined, logger);
      const body = await waitFor('a delivered checkpoint', async () => received[0]);
      await checkpoints.stop();
      const checked = checkCheckpoint(JSON.parse(body), publicKey);
      assert.deepEqual(checked.ok && [checked.checkpoint.seq, checked.checkpoint.hash], [2, (await store.auditHead()).hash]);
      assert.deepEqual(warnings, [{ target: 'webhooks.0', problem: 'HTTP 503' }], 'logged once, naming the target, never its URL');
    } finally {
      await store.close();
      server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('checkpoint schedule', () => {
  it('signs nothing for an empty chain, not when asked, not at shutdown', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-cp-empty-'));
    const store = openSqliteStore(join(dir, 'store.db'));
    const file = join(dir, 'checkpoints.jsonl');
    const sunk: unknown[] = [];
    const checkpoints = scheduleCheckpoints(store, { key: generateKeyPairSync('ed25519').privateKey, intervalMs: 3_600_000, chain: 'empty', files: [file], webhooks: [] }, (c) => void sunk.push(c), { warn: () => undefined, info: () => undefined, error: () => undefined });
    await checkpoints.now();
    await checkpoints.stop();
    assert.equal(existsSync(file), false);
    assert.deepEqual(sunk, []);
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
