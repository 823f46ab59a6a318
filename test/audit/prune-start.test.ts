// A store insider who makes up a retention prune: the events before a point deleted (a suspension
// among them), an anchor and an audit.pruned event written by hand, and the suspension's row
// deleted. The chain verifies from the made-up anchor, and checkpoints before it count as "before
// retention", so only the missing seal of a genuine prune shows it. A server refuses to start on
// such a store, naming the prune and how to start once an operator has looked into it
// (audit.acceptUnsealedPrune); a replica that started would not know the suspension. Decoys: a
// store the server pruned itself, and a prune the operator accepted by its last event.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { RETENTION_SESSION } from '../../src/audit/events.ts';
import { createRecorder } from '../../src/audit/recorder.ts';
import { verifyStore } from '../../src/audit/verify.ts';
import { buildConfig, loadConfigFile } from '../../src/config/load.ts';
import { runKillSwitchAction } from '../../src/kill-switch/actions.ts';
import { startRuntime, StartupError } from '../../src/server/runtime.ts';
import { openStore } from '../../src/store/open.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import { packs } from '../../tools/index.ts';
import { runCli, writeConfig } from '../fixtures/gatehouse.ts';

const olga = { id: 'olga', name: 'Olga', groups: ['ops'], kind: 'human' as const };
const dirs: string[] = [];
after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A SQLite store holding calls and a suspension of agent-m, and the config of a server on it. */
async function storeWithSuspension(audit: Record<string, unknown> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-prune-start-'));
  dirs.push(dir);
  const loaded = buildConfig({ store: { sqlite: join(dir, 'audit.db') }, log: { level: 'silent' }, audit }, dir, packs);
  if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
  const store = await openStore(loaded.config);
  await store.append([{ type: 'session.started', session: 's1', principal: 'agent-1', data: {} }]);
  const done = await runKillSwitchAction(store, createRecorder(store, (t) => t), olga, { action: 'suspend', principal: 'agent-m' }, 'incident 4');
  assert.equal(done.ok, true, JSON.stringify(done));
  await store.append([{ type: 'session.started', session: 's2', principal: 'agent-2', data: {} }]);
  return { dir, config: loaded.config, store, file: join(dir, 'audit.db') };
}

/** Deletes every event so far and the suspension's row, and writes the anchor and audit.pruned event a prune would have: the last removed event. */
async function forgePrune(file: string): Promise<number> {
  const raw = openSqliteStore(file);
  const events = await raw.events({ limit: 100_000 });
  const through = events.at(-1);
  assert.ok(through);
  const data = { throughSeq: through.seq, throughHash: through.hash, removed: through.seq, before: new Date().toISOString() };
  const db = new Database(file);
  db.exec(`DELETE FROM audit_events WHERE seq <= ${through.seq}; DELETE FROM revocations;`);
  const [forged] = await raw.append([{ type: 'audit.pruned', session: RETENTION_SESSION, principal: 'gatehouse', data }]);
  assert.ok(forged);
  db.prepare('INSERT INTO audit_anchors (through_seq, through_hash, removed, before, time, event_seq) VALUES (?, ?, ?, ?, ?, ?)').run(data.throughSeq, data.throughHash, data.removed, data.before, forged.time, forged.seq);
  db.close();
  assert.equal((await verifyStore(raw)).ok, true, 'the chain verifies from the made-up anchor');
  await raw.close();
  return through.seq;
}

describe('a server starts only on a store whose newest retention prune is sealed', () => {
  it('refuses a prune made up in the store, naming it and the setting that accepts it', async () => {
    const { config, store, file } = await storeWithSuspension();
    await store.close();
    const through = await forgePrune(file);
    await assert.rejects(startRuntime(config, packs), (error: unknown) => {
      assert.ok(error instanceof StartupError);
      assert.match(error.message, new RegExp(`the newest retention prune \\(through event ${through}\\) is not sealed`));
      assert.match(error.message, new RegExp(`set audit\\.acceptUnsealedPrune: ${through} to start on it`));
      return true;
    });
  });

  it('starts on that prune once accepted by its last event, and on no other', async () => {
    const first = await storeWithSuspension();
    await first.store.close();
    const through = await forgePrune(first.file);
    const otherwise = buildConfig({ store: { sqlite: first.file }, log: { level: 'silent' }, audit: { acceptUnsealedPrune: through + 1 } }, first.dir, packs);
    assert.ok(otherwise.ok);
    await assert.rejects(startRuntime(otherwise.config, packs), StartupError);
    const accepted = buildConfig({ store: { sqlite: first.file }, log: { level: 'silent' }, audit: { acceptUnsealedPrune: through } }, first.dir, packs);
    assert.ok(accepted.ok);
    const runtime = await startRuntime(accepted.config, packs);
    await runtime.close();
  });

  it('decoy: starts on a store the server pruned itself, with the suspension still in force', async () => {
    const { config, store } = await storeWithSuspension();
    const [newest] = (await store.events({ limit: 100_000 })).slice(-1);
    while (new Date().toISOString() <= (newest?.time ?? '')) await sleep(2);
    assert.ok(await store.pruneEvents(new Date().toISOString(), { principal: 'gatehouse' }));
    assert.equal(await store.unsealedPrune?.(), undefined);
    await store.close();
    const runtime = await startRuntime(config, packs);
    try {
      assert.equal(runtime.killSwitch.refusal('agent-m', 's9')?.code, 'principal_suspended');
    } finally {
      await runtime.close();
    }
  });

  it('fails audit verify and the console’s chain status on that prune, read with the config; ok once accepted', async () => {
    const { configFile, storeFile } = writeConfig({ identity: { cli: { id: 'dana', groups: ['auditors'] } } });
    const loaded = loadConfigFile(configFile, packs);
    assert.ok(loaded.ok);
    const store = await openStore(loaded.config);
    await store.append([{ type: 'session.started', session: 's1', principal: 'agent-1', data: {} }]);
    await store.close();
    const through = await forgePrune(storeFile);
    const verify = await runCli(['audit', 'verify', '--config', configFile]);
    assert.equal(verify.code, 1);
    assert.match(verify.stderr, new RegExp(`the newest retention prune \\(through event ${through}\\) is not sealed.*set audit\\.acceptUnsealedPrune: ${through} once it is understood`));
    // A read-only credential to the store holds no seal key: the chain alone verifies.
    assert.equal((await runCli(['audit', 'verify', '--store', storeFile])).code, 0);
    const accepted = loadConfigFile(configFile, packs);
    assert.ok(accepted.ok);
    const sealed = await openStore({ ...accepted.config, parsed: { ...accepted.config.parsed, audit: { ...accepted.config.parsed.audit, acceptUnsealedPrune: through } } });
    try {
      assert.equal((await verifyStore(sealed)).ok, true);
    } finally {
      await sealed.close();
    }
  });

  it('rejects a setting that names no event', () => {
    const bad = buildConfig({ audit: { acceptUnsealedPrune: 0 } }, tmpdir(), packs);
    assert.equal(bad.ok, false);
    assert.match(bad.ok ? '' : bad.problems.join('\n'), /audit\.acceptUnsealedPrune/);
  });
});
