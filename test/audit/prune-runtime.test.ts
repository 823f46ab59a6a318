// The server's own prune, as the runtime wires it: with checkpoints configured, the prune is
// followed at once by a checkpoint of the new head, long before the checkpoint interval. The store
// is a real SQLite store reached through a view whose prune runs as if today's events were old.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { DAY_MS } from '../../src/audit/retention.ts';
import { buildConfig } from '../../src/config/load.ts';
import { startRuntime } from '../../src/server/runtime.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import type { Store } from '../../src/store/store.ts';
import { packs } from '../../tools/index.ts';

const FAR_FUTURE = '9999-01-01T00:00:00.000Z';

/** The checkpoints signed into `file` so far, by the event each vouches for. */
function signedSeqs(file: string): number[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => (JSON.parse(line) as { seq: number }).seq);
}

describe('the server’s own prune', () => {
  it('is followed at once by a checkpoint of the new head, not at the next interval', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-prune-runtime-'));
    const keyFile = join(dir, 'checkpoint.key');
    writeFileSync(keyFile, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const checkpoints = join(dir, 'checkpoints.jsonl');
    const storeFile = join(dir, 'audit.db');
    const raw = { store: { sqlite: storeFile }, log: { level: 'silent' }, audit: { retentionDays: 30, checkpoints: { key: `file:${keyFile}`, interval: '1h', chain: 'test', files: [checkpoints] } } };
    const loaded = buildConfig(raw, dir, packs);
    if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
    const store = openSqliteStore(storeFile);
    await store.append(Array.from({ length: 5 }, (_, i) => ({ type: 'session.started' as const, session: `s${i}`, data: {} })));
    const ahead: Store = Object.assign(Object.create(store) as Store, { pruneEvents: (_before: string, options: Parameters<Store['pruneEvents']>[1]) => store.pruneEvents(FAR_FUTURE, options) });
    const runtime = await startRuntime(loaded.config, packs, { store: ahead, retentionTiming: { firstAfterMs: 0, everyMs: DAY_MS } });
    try {
      const pruned = async () => (await store.events()).find((e) => e.type === 'audit.pruned');
      for (let i = 0; i < 500 && !(await pruned()); i++) await sleep(10);
      const prunedAt = (await pruned())?.seq;
      assert.ok(prunedAt, 'the runtime pruned');
      for (let i = 0; i < 500 && !signedSeqs(checkpoints).some((seq) => seq >= prunedAt); i++) await sleep(10);
      assert.ok(signedSeqs(checkpoints).some((seq) => seq >= prunedAt), `a checkpoint vouches for the prune at ${prunedAt}: ${JSON.stringify(signedSeqs(checkpoints))}`);
    } finally {
      await runtime.close();
      await store.close();
    }
  });
});
