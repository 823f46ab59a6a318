// A store insider waiting for retention: once a prune removed the events a suspension or an end was
// recorded in, deleting its revocation row would lift it for every replica started afterwards. A
// prune carries the acts still in force forward, sealed as they were, so nothing the insider does
// after it lifts them. The decoys: an act a genuine resume lifted is not carried (that would suspend
// again), and acts carried forward are lifted by a resume through gatehouse as before. A prune made
// up in the store carries nothing; its audit.pruned event lacks the seal a genuine prune's has, and
// a replica starting reports it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import { createSeal } from '../../src/approval/seal.ts';
import { createRecorder } from '../../src/audit/recorder.ts';
import { RETENTION_SESSION } from '../../src/audit/events.ts';
import { verifyStore } from '../../src/audit/verify.ts';
import { runKillSwitchAction, type KillSwitchAction } from '../../src/kill-switch/actions.ts';
import { KILL_SWITCH_SESSION } from '../../src/kill-switch/model.ts';
import { startKillSwitch, type KillSwitch } from '../../src/kill-switch/state.ts';
import { sealedStore, type Tampering } from '../../src/store/sealed-approvals.ts';
import type { Store } from '../../src/store/store.ts';
import type { StoreBackend, StorePlace } from './places.ts';

const logger = pino({ level: 'silent' });
const olga = { id: 'olga', name: 'Olga', groups: ['ops'], kind: 'human' as const };
const settings = { pollMs: 60_000, maxStaleMs: 600_000 };
const SEAL_KEY = '7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d';

export function actsRetentionCases(backend: StoreBackend): void {
  describe(`${backend.name} store: retention keeps the kill switch's acts in force`, () => {
    let place: StorePlace;
    let raw: Store;
    let store: Store;
    const reports: Tampering[] = [];
    const switches: KillSwitch[] = [];
    const replica = async () => {
      const kill = await startKillSwitch(sealedStore(raw, createSeal(SEAL_KEY), (t) => void reports.push(t)), settings, logger);
      switches.push(kill);
      return kill;
    };
    const act = async (input: KillSwitchAction) => {
      const done = await runKillSwitchAction(store, createRecorder(store, (t) => t), olga, input, 'incident 7');
      assert.equal(done.ok, true, JSON.stringify(done));
    };
    /** Prunes every event recorded so far (the clock moves past them first), as the server's retention does. */
    const pruneAll = async (slice?: number) => {
      const [newest] = (await raw.events({ afterSeq: (await raw.auditHead()).seq - 1 })).slice(-1);
      while (new Date().toISOString() <= (newest?.time ?? '')) await sleep(2);
      const pruned = await store.pruneEvents(new Date().toISOString(), { principal: 'gatehouse', ...(slice ? { slice } : {}) });
      assert.ok(pruned, 'something was pruned');
      const check = await verifyStore(raw);
      assert.equal(check.ok, true, JSON.stringify(check));
    };
    const deleteRows = () => place.exec('DELETE FROM revocations');
    const startSession = (session: string, principal: string) => store.append([{ type: 'session.started', session, principal, data: {} }]);

    before(async () => {
      place = await backend.fresh();
      raw = await place.open();
      store = sealedStore(raw, createSeal(SEAL_KEY), (t) => void reports.push(t));
    });
    after(async () => {
      for (const kill of switches) kill.close();
      await raw.close();
      await place.drop();
    });

    it('a suspension and an ended session whose events a prune removed stay in force when their rows are then deleted', async () => {
      await act({ action: 'suspend', principal: 'agent-p' });
      await startSession('sess-p', 'agent-q');
      await act({ action: 'end', session: 'sess-p' });
      await pruneAll();
      await deleteRows();
      const later = await replica();
      assert.equal(later.refusal('agent-p', 's1')?.code, 'principal_suspended');
      assert.equal(later.refusal('agent-q', 'sess-p')?.code, 'session_ended');
    });

    it('acts carried forward are carried again by the next prune, and read as sealed', async () => {
      const before = reports.length;
      await pruneAll();
      await pruneAll();
      await deleteRows();
      const later = await replica();
      assert.equal(later.refusal('agent-p', 's1')?.code, 'principal_suspended');
      assert.equal(later.refusal('agent-q', 'sess-p')?.code, 'session_ended');
      const carried = await raw.events({ session: KILL_SWITCH_SESSION });
      assert.deepEqual(carried.map((e) => [e.type, e.data.subject]), [['principal.suspended', 'agent-p'], ['session.ended', 'sess-p']], 'one copy of each, the rest pruned');
      assert.deepEqual(reports.slice(before).filter((t) => t.table === 'audit_events'), [], 'the copies and the audit.pruned events carry their seals');
    });

    it('a resume the insider made up before the prune does not keep a suspension from being carried', async () => {
      await act({ action: 'suspend', principal: 'agent-f' });
      const [suspension] = (await raw.events({ session: KILL_SWITCH_SESSION })).filter((e) => e.data.subject === 'agent-f');
      await raw.append([{ type: 'principal.resumed', session: KILL_SWITCH_SESSION, principal: 'olga', data: { subject: 'agent-f', by: { id: 'olga', name: 'Olga' }, reason: 'ok', lifts: suspension?.data.at } }]);
      await pruneAll();
      await deleteRows();
      assert.equal((await replica()).refusal('agent-f', 's1')?.code, 'principal_suspended');
    });

    it('decoy: a suspension lifted by a genuine resume, before or after the part pruned, is not carried and stays lifted', async () => {
      await act({ action: 'suspend', principal: 'agent-a' });
      await act({ action: 'resume', principal: 'agent-a' });
      await act({ action: 'suspend', principal: 'agent-b' });
      await pruneAll();
      await act({ action: 'resume', principal: 'agent-b' });
      await pruneAll();
      const later = await replica();
      assert.equal(later.refusal('agent-a', 's1'), undefined);
      assert.equal(later.refusal('agent-b', 's1'), undefined);
      const subjects = (await raw.events({ session: KILL_SWITCH_SESSION })).map((e) => e.data.subject);
      assert.ok(!subjects.includes('agent-a') && !subjects.includes('agent-b'), 'nothing of theirs is carried');
    });

    it('an old genuine resume appended again after its principal was suspended anew and that suspension carried forward lifts nothing', async () => {
      await act({ action: 'suspend', principal: 'agent-o' });
      await act({ action: 'resume', principal: 'agent-o' });
      const oldResume = (await raw.events({ session: KILL_SWITCH_SESSION })).find((e) => e.type === 'principal.resumed' && e.data.subject === 'agent-o');
      assert.ok(oldResume);
      await act({ action: 'suspend', principal: 'agent-o' });
      await pruneAll();
      await raw.append([{ type: oldResume.type, session: oldResume.session, principal: oldResume.principal ?? 'olga', data: oldResume.data }]);
      await deleteRows();
      assert.equal((await replica()).refusal('agent-o', 's1')?.code, 'principal_suspended');
    });

    it('a prune in many small slices carries each act in force once, and none that a resume in another slice lifted', async () => {
      await act({ action: 'suspend', principal: 'agent-s' });
      await act({ action: 'suspend', principal: 'agent-t' });
      await store.append([{ type: 'session.started', session: 'filler', principal: 'agent-z', data: {} }]);
      await act({ action: 'resume', principal: 'agent-t' });
      const before = (await raw.events({ session: KILL_SWITCH_SESSION })).filter((e) => e.data.subject === 'agent-s').length;
      await pruneAll(2);
      await deleteRows();
      const later = await replica();
      assert.equal(later.refusal('agent-s', 's1')?.code, 'principal_suspended');
      assert.equal(later.refusal('agent-t', 's1'), undefined);
      const kept = (await raw.events({ session: KILL_SWITCH_SESSION })).map((e) => e.data.subject);
      assert.deepEqual([before, kept.filter((s) => s === 'agent-s').length, kept.includes('agent-t')], [1, 1, false]);
    });

    it('a prune made up in the store (the prefix deleted, an anchor and an audit.pruned event written by hand) is reported when a replica starts', async () => {
      await act({ action: 'suspend', principal: 'agent-m' });
      const [anchor] = (await raw.auditAnchors()).slice(-1);
      const events = await raw.events({ limit: 100_000 });
      const through = events.at(-1);
      assert.ok(anchor && through);
      const data = { throughSeq: through.seq, throughHash: through.hash, removed: through.seq - anchor.throughSeq, before: new Date().toISOString() };
      await place.exec(`DELETE FROM audit_events WHERE seq <= ${through.seq}; DELETE FROM revocations;`);
      const [forged] = await raw.append([{ type: 'audit.pruned', session: RETENTION_SESSION, principal: 'gatehouse', data }]);
      assert.ok(forged);
      await place.exec(`INSERT INTO audit_anchors (through_seq, through_hash, removed, before, time, event_seq) VALUES (${data.throughSeq}, '${data.throughHash}', ${data.removed}, '${data.before}', '${forged.time}', ${forged.seq})`);
      assert.equal((await verifyStore(raw)).ok, true, 'the chain verifies from the made-up anchor');
      await replica();
      assert.ok(reports.some((t) => t.id === `event ${forged.seq}` && /the newest retention prune \(through event \d+\) is not sealed/.test(t.problem)));
    });

    it('decoy: a suspension carried forward is lifted by a resume through gatehouse, on a running replica and on one started later', async () => {
      await act({ action: 'suspend', principal: 'agent-c' });
      const running = await replica();
      await pruneAll();
      await act({ action: 'resume', principal: 'agent-c' });
      await running.refresh();
      assert.equal(running.refusal('agent-c', 's1'), undefined);
      assert.equal((await replica()).refusal('agent-c', 's1'), undefined);
    });
  });
}
