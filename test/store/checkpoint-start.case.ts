// A store insider who removes an act from the record: the suspension's event and its revocation row
// deleted, and every event after it moved down a place and re-hashed, so the chain links and `audit
// verify` without checkpoints finds nothing. A replica started on that store no longer knows the
// suspension. With signed checkpoints configured, a server holds the store to them at start and
// refuses to start on a store that no longer holds what they vouch for, naming the event; the same
// for a tail removed, an event rewritten, or a checkpoint file line forged. The decoys: an untouched
// store, one pruned by retention with a checkpoint signed after, events after the newest
// checkpoint, a chain with no checkpoint file yet, and other chains' checkpoints in the same file.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import { createSeal } from '../../src/approval/seal.ts';
import { holdStoreToCheckpoints } from '../../src/audit/checkpoint-start.ts';
import { signCheckpoint } from '../../src/audit/checkpoint.ts';
import { createRecorder } from '../../src/audit/recorder.ts';
import { verifyStore } from '../../src/audit/verify.ts';
import { runKillSwitchAction } from '../../src/kill-switch/actions.ts';
import { KILL_SWITCH_SESSION } from '../../src/kill-switch/model.ts';
import { startKillSwitch } from '../../src/kill-switch/state.ts';
import { sealedStore } from '../../src/store/sealed-approvals.ts';
import type { Store } from '../../src/store/store.ts';
import { call, rehashSql, removeEventSql } from './audit-helpers.ts';
import type { StoreBackend, StorePlace } from './places.ts';

const { privateKey } = generateKeyPairSync('ed25519');
const olga = { id: 'olga', name: 'Olga', groups: ['ops'], kind: 'human' as const };
const SEAL_KEY = '3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f';

export function checkpointStartCases(backend: StoreBackend): void {
  describe(`${backend.name} store: a server starts only on a store that holds its signed checkpoints`, () => {
    let dir: string;
    let file: string;
    let place: StorePlace;
    let raw: Store;
    let store: Store;
    const settings = () => ({ key: privateKey, chain: 'main', files: [file] });
    /** Signs the store's head into the checkpoint file, as the server does at every interval and at stop. */
    const checkpoint = async (chain = 'main') => appendFileSync(file, `${JSON.stringify(signCheckpoint(privateKey, chain, await raw.auditHead()))}\n`);
    const held = async () => {
      const check = await holdStoreToCheckpoints(raw, settings());
      return check.ok ? `ok: ${check.checkpoints}` : check.problem;
    };
    /** Calls, a checkpoint, a suspension, more calls: the suspension's seq. */
    const suspendAmongCalls = async () => {
      for (let i = 0; i < 3; i++) await store.append(call(i));
      await checkpoint();
      const done = await runKillSwitchAction(store, createRecorder(store, (t) => t), olga, { action: 'suspend', principal: 'agent-x' }, 'incident 9');
      assert.equal(done.ok, true);
      for (let i = 3; i < 5; i++) await store.append(call(i));
      const [suspension] = await raw.events({ session: KILL_SWITCH_SESSION });
      assert.ok(suspension);
      return suspension.seq;
    };

    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'gatehouse-checkpoints-'));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));
    beforeEach(async () => {
      await raw?.close();
      await place?.drop();
      file = join(dir, `${Math.random().toString(36).slice(2)}.jsonl`);
      place = await backend.fresh();
      raw = await place.open();
      store = sealedStore(raw, createSeal(SEAL_KEY), () => undefined);
    });
    after(async () => {
      await raw?.close();
      await place?.drop();
    });

    it('a suspension removed from the record, its row deleted and the chain re-linked, refuses the start and names the event', async () => {
      const seq = await suspendAmongCalls();
      await checkpoint();
      await store.append(call(6));
      await place.exec(`${removeEventSql(await raw.events(), seq)}\nDELETE FROM revocations;`);
      assert.equal((await verifyStore(raw)).ok, true, 'the chain alone links: nothing shows the removal');
      const kill = await startKillSwitch(sealedStore(raw, createSeal(SEAL_KEY), () => undefined), { pollMs: 60_000, maxStaleMs: 600_000 }, pino({ level: 'silent' }));
      kill.close();
      assert.equal(kill.refusal('agent-x', 's1'), undefined, 'the store alone no longer knows the suspension');
      assert.match(await held(), new RegExp(`^the audit store does not hold the chain its signed checkpoints vouch for, at event ${seq}: .*events ${seq}\\.\\.\\d+ were changed, removed, reordered or re-hashed`));
    });

    it('the newest events removed, the head moved back, refuses the start', async () => {
      await suspendAmongCalls();
      await checkpoint();
      const head = await raw.auditHead();
      await place.exec(`DELETE FROM audit_events WHERE seq > ${head.seq - 2}; UPDATE audit_head SET seq = ${head.seq - 2}, hash = (SELECT hash FROM audit_events WHERE seq = ${head.seq - 2});`);
      assert.match(await held(), new RegExp(`at event ${head.seq - 1}: the store ends at event ${head.seq - 2}, but the checkpoint signed at .* vouches for event ${head.seq}`));
    });

    it('the newest event, after the last checkpoint, removed with the head left in place refuses the start', async () => {
      await suspendAmongCalls();
      await checkpoint();
      await store.append(call(6));
      const head = await raw.auditHead();
      await place.exec(`DELETE FROM audit_events WHERE seq = ${head.seq};`);
      assert.match(await held(), new RegExp(`^the audit store does not hold the chain its signed checkpoints vouch for, at event ${head.seq}: the newest event is missing`));
    });

    it('an event rewritten and the chain after it re-hashed refuses the start', async () => {
      const seq = await suspendAmongCalls();
      await checkpoint();
      const events = await raw.events();
      const edited = events.filter((e) => e.seq >= seq).map((e) => (e.seq === seq ? { ...e, data: { ...e.data, subject: 'agent-y' } } : e));
      await place.exec(rehashSql(edited, events.find((e) => e.seq === seq - 1)?.hash ?? ''));
      assert.match(await held(), new RegExp(`at event ${seq}: the store's event \\d+ does not match the checkpoint signed at `));
    });

    it('a checkpoint line not signed with the server key refuses the start', async () => {
      await suspendAmongCalls();
      await checkpoint();
      const { privateKey: other } = generateKeyPairSync('ed25519');
      appendFileSync(file, `${JSON.stringify(signCheckpoint(other, 'main', await raw.auditHead()))}\n`);
      assert.match(await held(), /^audit\.checkpoints: .* line 3: the checkpoint of event \d+ was signed by key [0-9a-f]{16}, not by the given public key/);
    });

    it('decoy: an untouched store with events after its newest checkpoint starts', async () => {
      await suspendAmongCalls();
      await checkpoint();
      await store.append(call(7));
      await checkpoint();
      await store.append(call(8));
      assert.equal(await held(), 'ok: 3');
    });

    it('decoy: a store pruned by retention, with a checkpoint signed after the prune, starts', async () => {
      await suspendAmongCalls();
      await checkpoint();
      const head = await raw.events({ afterSeq: (await raw.auditHead()).seq - 1 });
      while (new Date().toISOString() <= (head[0]?.time ?? '')) await sleep(2);
      assert.ok(await store.pruneEvents(new Date().toISOString()));
      await checkpoint();
      assert.equal(await held(), 'ok: 3');
    });

    it('decoy: no checkpoint file yet, or an empty one, starts; another chain in the file is not held to this store', async () => {
      await store.append(call(1));
      assert.equal(await held(), 'ok: 0');
      writeFileSync(file, '');
      assert.equal(await held(), 'ok: 0');
      await store.append(call(9));
      const other = signCheckpoint(privateKey, 'other', { seq: 1, hash: 'f'.repeat(64) });
      appendFileSync(file, `${JSON.stringify(other)}\n`);
      await checkpoint();
      assert.equal(await held(), 'ok: 1');
    });
  });
}
