// A store insider deleting revocation rows so a suspended principal, or an ended session, acts
// again. The suspension is also on the hash-chained audit log (principal.suspended with no
// principal.resumed after it), so every replica, one started after the deletion too, keeps the
// principal suspended and reports the deletion; an ended session is never undone, so a replica that
// saw it keeps it. The decoy: a resume made through gatehouse lifts the suspension, unreported.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import { createRecorder } from '../../src/audit/recorder.ts';
import { runKillSwitchAction } from '../../src/kill-switch/actions.ts';
import { startKillSwitch, type KillSwitch } from '../../src/kill-switch/state.ts';
import type { Tampering } from '../../src/store/sealed-approvals.ts';
import type { Store } from '../../src/store/store.ts';
import type { StoreBackend, StorePlace } from './places.ts';

const logger = pino({ level: 'silent' });
const olga = { id: 'olga', name: 'Olga', groups: ['ops'], kind: 'human' as const };
const settings = { pollMs: 60_000, maxStaleMs: 600_000 };

export function revocationTamperingCases(backend: StoreBackend): void {
  describe(`${backend.name} store: a deleted revocation row stays in force`, () => {
    let place: StorePlace;
    let store: Store;
    const reports: Tampering[] = [];
    const switches: KillSwitch[] = [];
    const record = (s: Store) => createRecorder(s, (t) => t);
    const replica = async () => {
      const kill = await startKillSwitch(store, settings, logger, undefined, (t) => void reports.push(t));
      switches.push(kill);
      return kill;
    };
    const act = async (input: Parameters<typeof runKillSwitchAction>[3]) => assert.equal((await runKillSwitchAction(store, record(store), olga, input, 'incident 4')).ok, true);

    before(async () => {
      place = await backend.fresh();
      store = await place.open();
    });
    after(async () => {
      for (const kill of switches) kill.close();
      await store.close();
      await place.drop();
    });

    it('a suspended principal whose row is deleted stays suspended, on a running replica and on one started later', async () => {
      const running = await replica();
      await act({ action: 'suspend', principal: 'agent-x' });
      await running.refresh();
      assert.equal(running.refusal('agent-x', 's1')?.code, 'principal_suspended');
      await place.exec("DELETE FROM revocations WHERE kind = 'principal' AND id = 'agent-x'");
      await running.refresh();
      assert.equal(running.refusal('agent-x', 's1')?.code, 'principal_suspended', 'the running replica keeps it');
      const later = await replica();
      assert.equal(later.refusal('agent-x', 's1')?.code, 'principal_suspended', 'a replica started after the deletion keeps it too');
      assert.ok(reports.some((t) => t.table === 'revocations' && t.id === 'principal agent-x' && /deleted outside gatehouse/.test(t.problem)));
    });

    it('an ended session whose row is deleted stays ended on the replica that saw it', async () => {
      const running = await replica();
      await store.append([{ type: 'session.started', session: 'sess-9', principal: 'agent-y', data: {} }]);
      await act({ action: 'end', session: 'sess-9' });
      await running.refresh();
      assert.equal(running.refusal('agent-y', 'sess-9')?.code, 'session_ended');
      await place.exec("DELETE FROM revocations WHERE kind = 'session' AND id = 'sess-9'");
      await running.refresh();
      assert.equal(running.refusal('agent-y', 'sess-9')?.code, 'session_ended');
      assert.ok(reports.some((t) => t.id === 'session sess-9'));
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
      assert.equal(reports.filter((t) => t.id === 'principal agent-z').length, 0);
      const resumedAgain = await runKillSwitchAction(store, record(store), olga, { action: 'resume', principal: 'agent-z' });
      assert.deepEqual(resumedAgain.ok ? 'resumed' : resumedAgain.code, 'not_suspended');
    });
  });
}
