// A store insider lifting a suspension, or un-ending a session, so the agent acts again: someone who
// can write the store's tables but holds no seal key. Every kill switch act (its revocation row, and
// its event in the kill switch's audit session) is sealed; a suspension is lifted only by a sealed
// resume naming that very suspension. So deleting the row, appending a well-linked resume of one's
// own, replaying an old genuine resume, retyping or editing an act all leave the principal suspended
// on a running replica and on one started later, and are reported as tampering. The decoys: acts
// made through gatehouse, which lift and end as asked with nothing reported.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import { createSeal } from '../../src/approval/seal.ts';
import { createRecorder } from '../../src/audit/recorder.ts';
import { runKillSwitchAction } from '../../src/kill-switch/actions.ts';
import { KILL_SWITCH_SESSION } from '../../src/kill-switch/model.ts';
import { startKillSwitch, type KillSwitch } from '../../src/kill-switch/state.ts';
import { sealedStore, type Tampering } from '../../src/store/sealed-approvals.ts';
import type { Store } from '../../src/store/store.ts';
import type { StoreBackend, StorePlace } from './places.ts';

const logger = pino({ level: 'silent' });
const olga = { id: 'olga', name: 'Olga', groups: ['ops'], kind: 'human' as const };
const settings = { pollMs: 60_000, maxStaleMs: 600_000 };
const SEAL_KEY = '5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b';
/** The key a rotation moves to; SEAL_KEY is then listed as a previous key. */
const NEW_KEY = '0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e';
const lit = (text: string) => `'${text.replace(/'/g, "''")}'`;

export function revocationTamperingCases(backend: StoreBackend): void {
  describe(`${backend.name} store: a store insider cannot lift a suspension or un-end a session`, () => {
    let place: StorePlace;
    /** The tables as the insider sees and writes them. */
    let raw: Store;
    let store: Store;
    const reports: Tampering[] = [];
    const switches: KillSwitch[] = [];
    /** A replica of its own (a process: its own sealed store over the same tables), started now. */
    const replica = async () => {
      const kill = await startKillSwitch(sealedStore(raw, createSeal(SEAL_KEY), (t) => void reports.push(t)), settings, logger);
      switches.push(kill);
      return kill;
    };
    const act = async (input: Parameters<typeof runKillSwitchAction>[3]) => {
      const done = await runKillSwitchAction(store, createRecorder(store, (t) => t), olga, input, 'incident 4');
      assert.equal(done.ok, true, JSON.stringify(done));
    };
    /** A replica that read the suspension before the tampering, and one started after it. */
    async function bothKeep(principal: string, running: KillSwitch): Promise<void> {
      await running.refresh();
      assert.equal(running.refusal(principal, 's1')?.code, 'principal_suspended', 'the running replica keeps it');
      assert.equal((await replica()).refusal(principal, 's1')?.code, 'principal_suspended', 'a replica started after the tampering keeps it too');
    }
    /** `where` is the table and the id: `revocations principal agent-x`, `audit_events event 12`. */
    const reported = (where: RegExp, problem: RegExp) => reports.some((t) => where.test(`${t.table} ${t.id}`) && problem.test(t.problem));
    const actsOf = async (subject: string) => (await raw.events({ session: KILL_SWITCH_SESSION, limit: 10_000 })).filter((e) => e.data.subject === subject);

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

    it('decoy: suspending, resuming and ending through gatehouse report nothing, and what is on record reads as the rows did', async () => {
      await act({ action: 'suspend', principal: 'agent-a' });
      await act({ action: 'resume', principal: 'agent-a' });
      await act({ action: 'suspend', principal: 'agent-a' });
      await store.append([{ type: 'session.started', session: 'sess-1', principal: 'agent-a', data: {} }]);
      await act({ action: 'end', session: 'sess-1' });
      const rows = (await raw.listRevocations()).map(({ seal: _seal, ...r }) => r);
      const later = await replica();
      assert.equal(later.refusal('agent-a', 's1')?.code, 'principal_suspended');
      assert.equal(later.refusal('agent-b', 'sess-1')?.code, 'session_ended');
      assert.deepEqual(reports, [], 'nothing is reported');
      await place.exec('DELETE FROM revocations');
      const onRecord = await sealedStore(raw, createSeal(SEAL_KEY), () => undefined).listRevocations();
      assert.deepEqual(onRecord, rows, 'who, why and when come back from the record');
      await act({ action: 'resume', principal: 'agent-a' });
    });

    it('a suspended principal whose row is deleted stays suspended, on a running replica and on one started later', async () => {
      const running = await replica();
      await act({ action: 'suspend', principal: 'agent-x' });
      await running.refresh();
      assert.equal(running.refusal('agent-x', 's1')?.code, 'principal_suspended');
      await place.exec("DELETE FROM revocations WHERE kind = 'principal' AND id = 'agent-x'");
      await bothKeep('agent-x', running);
      assert.ok(reported(/^revocations principal agent-x$/, /deleted outside gatehouse \(the audit log has this principal suspended with no sealed resume\)/));
    });

    it('a resume the insider appends, well linked into the chain but unsealed, lifts nothing and is reported', async () => {
      const running = await replica();
      await act({ action: 'suspend', principal: 'agent-f' });
      await running.refresh();
      const [suspension] = await actsOf('agent-f');
      await raw.append([{ type: 'principal.resumed', session: KILL_SWITCH_SESSION, principal: 'olga', data: { subject: 'agent-f', by: { id: 'olga', name: 'Olga' }, reason: 'ok', lifts: suspension?.data.at } }]);
      await place.exec("DELETE FROM revocations WHERE kind = 'principal' AND id = 'agent-f'");
      await bothKeep('agent-f', running);
      assert.ok(reported(/^audit_events event \d+$/, /seal does not verify/));
    });

    it('an earlier genuine resume, appended again after a later suspension, lifts nothing and is reported', async () => {
      await act({ action: 'suspend', principal: 'agent-r' });
      await act({ action: 'resume', principal: 'agent-r' });
      const running = await replica();
      assert.equal(running.refusal('agent-r', 's1'), undefined);
      await act({ action: 'suspend', principal: 'agent-r' });
      await running.refresh();
      const oldResume = (await actsOf('agent-r')).find((e) => e.type === 'principal.resumed');
      assert.ok(oldResume);
      await raw.append([{ type: oldResume.type, session: oldResume.session, principal: oldResume.principal ?? 'olga', data: oldResume.data }]);
      await place.exec("DELETE FROM revocations WHERE kind = 'principal' AND id = 'agent-r'");
      await bothKeep('agent-r', running);
      assert.ok(reported(/^audit_events event \d+$/, /names another suspension/));
    });

    it('a suspension act retyped into a resume, or with its data edited, lifts nothing and is reported', async () => {
      const running = await replica();
      await act({ action: 'suspend', principal: 'agent-t' });
      await running.refresh();
      const [suspension] = await actsOf('agent-t');
      assert.ok(suspension);
      await place.exec(`UPDATE audit_events SET type = 'principal.resumed' WHERE seq = ${suspension.seq}`);
      await place.exec("DELETE FROM revocations WHERE kind = 'principal' AND id = 'agent-t'");
      await bothKeep('agent-t', running);
      assert.ok(reported(new RegExp(`^audit_events event ${suspension.seq}$`), /sealed as principal\.suspended and retyped principal\.resumed/));
      await place.exec(`UPDATE audit_events SET type = 'call.result' WHERE seq = ${suspension.seq}`);
      assert.equal((await replica()).refusal('agent-t', 's1')?.code, 'principal_suspended', 'retyped into an event of another kind, it is still a suspension');
      await place.exec(`UPDATE audit_events SET type = 'principal.suspended', principal = 'mallory' WHERE seq = ${suspension.seq}`);
      assert.equal((await replica()).refusal('agent-t', 's1')?.code, 'principal_suspended');
      assert.ok(reported(new RegExp(`^audit_events event ${suspension.seq}$`), /seal does not verify/), 'who acted is sealed too');
      await place.exec(`UPDATE audit_events SET principal = 'olga', data = ${lit(JSON.stringify({ ...suspension.data, reason: 'typo' }))} WHERE seq = ${suspension.seq}`);
      assert.equal((await replica()).refusal('agent-t', 's1')?.code, 'principal_suspended', 'an edited suspension still stops whom it names');
      assert.ok(reported(new RegExp(`^audit_events event ${suspension.seq}$`), /seal does not verify/));
    });

    it('a revocation row edited, or made up, is reported; it still stops whom it names, and the principal on record stays suspended', async () => {
      const running = await replica();
      await act({ action: 'suspend', principal: 'agent-e' });
      await place.exec("UPDATE revocations SET id = 'agent-e2' WHERE kind = 'principal' AND id = 'agent-e'");
      await bothKeep('agent-e', running);
      assert.equal((await replica()).refusal('agent-e2', 's1')?.code, 'principal_suspended');
      assert.ok(reported(/^revocations principal agent-e2$/, /seal does not verify/));
      await place.exec(`INSERT INTO revocations (kind, id, by_principal, reason, at) VALUES ('principal', 'agent-m', 'olga', 'made up', ${lit(new Date().toISOString())})`);
      assert.equal((await replica()).refusal('agent-m', 's1')?.code, 'principal_suspended');
      assert.ok(reported(/^revocations principal agent-m$/, /seal does not verify/));
    });

    it('a suspension act from before seals (no seal, no time or operator in its data) is reported and stops whom it names, as its event dates it', async () => {
      const [old] = await raw.append([{ type: 'principal.suspended', session: KILL_SWITCH_SESSION, principal: 'olga', data: { subject: 'agent-l', reason: 'before seals' } }]);
      const listed = (await sealedStore(raw, createSeal(SEAL_KEY), (t) => void reports.push(t)).listRevocations()).find((r) => r.id === 'agent-l');
      assert.deepEqual(listed, { kind: 'principal', id: 'agent-l', by: 'olga', reason: 'before seals', at: old?.time });
      assert.ok(reported(new RegExp(`^audit_events event ${old?.seq}$`), /seal does not verify/));
    });

    it('an ended session whose row is deleted stays ended, on the replica that saw it and on one started later', async () => {
      const running = await replica();
      await store.append([{ type: 'session.started', session: 'sess-9', principal: 'agent-y', data: {} }]);
      await act({ action: 'end', session: 'sess-9' });
      await running.refresh();
      assert.equal(running.refusal('agent-y', 'sess-9')?.code, 'session_ended');
      await place.exec("DELETE FROM revocations WHERE kind = 'session' AND id = 'sess-9'");
      await running.refresh();
      assert.equal(running.refusal('agent-y', 'sess-9')?.code, 'session_ended');
      assert.equal((await replica()).refusal('agent-y', 'sess-9')?.code, 'session_ended', 'a replica started after the deletion keeps it too');
      assert.ok(reported(/^revocations session sess-9$/, /deleted outside gatehouse \(an ended session is never resumed\)/));
    });

    it('decoy: a resume through gatehouse lifts the suspension everywhere, and nothing is reported', async () => {
      const running = await replica();
      await act({ action: 'suspend', principal: 'agent-z' });
      await running.refresh();
      assert.equal(running.refusal('agent-z', 's1')?.code, 'principal_suspended');
      await act({ action: 'resume', principal: 'agent-z' });
      await running.refresh();
      assert.equal(running.refusal('agent-z', 's1'), undefined);
      assert.equal((await replica()).refusal('agent-z', 's1'), undefined);
      const resumedAgain = await runKillSwitchAction(store, createRecorder(store, (t) => t), olga, { action: 'resume', principal: 'agent-z' });
      assert.deepEqual(resumedAgain.ok ? 'resumed' : resumedAgain.code, 'not_suspended');
      await act({ action: 'suspend', principal: 'agent-z' });
      assert.equal((await replica()).refusal('agent-z', 's1')?.code, 'principal_suspended', 'suspended again after a resume: the old resume does not lift the new suspension');
      assert.equal(reports.filter((t) => /agent-z/.test(t.id)).length, 0);
    });

    it('decoy: a replica reading while an operator suspends or resumes reports nothing, whichever of its reads the act falls before', async () => {
      // The store as a replica reads it, with an operator's act done just before its read of the
      // rows or of the audit log: a suspension's row goes in before its act is recorded, a resume is
      // recorded before its row goes.
      let hook: { before: 'listRevocations' | 'events'; act: () => Promise<void> } | undefined;
      const interleaved = new Proxy(raw, {
        get(target, name) {
          const value: unknown = Reflect.get(target, name, target);
          if (typeof value !== 'function') return value;
          if (name !== 'listRevocations' && name !== 'events') return value.bind(target) as unknown;
          return async (...args: unknown[]) => {
            if (hook?.before === name) {
              const { act: run } = hook;
              hook = undefined;
              await run();
            }
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        },
      });
      const watching = await startKillSwitch(sealedStore(interleaved, createSeal(SEAL_KEY), (t) => void reports.push(t)), settings, logger);
      switches.push(watching);
      for (const before of ['listRevocations', 'events'] as const) {
        for (const action of ['suspend', 'resume'] as const) {
          hook = { before, act: () => act({ action, principal: 'agent-w' }) };
          await watching.refresh();
          assert.equal(hook, undefined, `the act ran before ${before}`);
          await watching.refresh();
          assert.equal(watching.refusal('agent-w', 's1')?.code, action === 'suspend' ? 'principal_suspended' : undefined);
        }
      }
      assert.deepEqual(reports.filter((t) => /agent-w/.test(t.id)), [], 'nothing is reported');
    });

    it('decoy: an operator resumes, through gatehouse, a principal whose row an insider deleted', async () => {
      await act({ action: 'suspend', principal: 'agent-d' });
      await place.exec("DELETE FROM revocations WHERE kind = 'principal' AND id = 'agent-d'");
      assert.equal((await replica()).refusal('agent-d', 's1')?.code, 'principal_suspended');
      await act({ action: 'resume', principal: 'agent-d' });
      assert.equal((await replica()).refusal('agent-d', 's1'), undefined);
    });

    it('after a key rotation, a suspension sealed under the previous key holds and a resume under the new key lifts it; a replica with only the old key keeps it suspended', async () => {
      await act({ action: 'suspend', principal: 'agent-o' });
      const rotated = sealedStore(raw, createSeal(NEW_KEY, [SEAL_KEY]), (t) => void reports.push(t));
      const onNew = await startKillSwitch(rotated, settings, logger);
      switches.push(onNew);
      assert.equal(onNew.refusal('agent-o', 's1')?.code, 'principal_suspended');
      const resumed = await runKillSwitchAction(rotated, createRecorder(rotated, (t) => t), olga, { action: 'resume', principal: 'agent-o' }, 'over');
      assert.equal(resumed.ok, true);
      await onNew.refresh();
      assert.equal(onNew.refusal('agent-o', 's1'), undefined);
      assert.equal((await replica()).refusal('agent-o', 's1')?.code, 'principal_suspended', 'the old key cannot open the new resume: it lifts nothing there');
      assert.ok(reported(/^audit_events event \d+$/, /seal does not verify/));
    });

    it('a store read under another seal key (a replica configured apart) finds every act tampered, and lifts nothing', async () => {
      await act({ action: 'suspend', principal: 'agent-k' });
      const apartReports: Tampering[] = [];
      const apart = sealedStore(raw, createSeal(`${SEAL_KEY}-other`), (t) => void apartReports.push(t));
      const kill = await startKillSwitch(apart, settings, logger);
      switches.push(kill);
      assert.equal(kill.refusal('agent-k', 's1')?.code, 'principal_suspended');
      assert.ok(apartReports.some((t) => /seal does not verify/.test(t.problem)));
    });
  });
}
