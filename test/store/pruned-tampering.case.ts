// Tampering with a pruned store: the remaining chain still catches an edited, deleted, inserted or
// reordered event, and the anchors cannot be edited, removed or invented to hide deleted events.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { appendPast, call, verifyTampered } from './audit-helpers.ts';
import type { StoreBackend, StorePlace } from './places.ts';

/** Events 1..6 pruned (audit.pruned is event 13); 7..12 before the prune and 14, 15 after it remain. */
async function pruned(backend: StoreBackend): Promise<StorePlace> {
  const place = await backend.fresh();
  const store = await place.open();
  const { cut } = await appendPast(store, 3, 3);
  assert.equal((await store.pruneEvents(cut))?.event?.seq, 13);
  await store.append(call(50));
  await store.close();
  return place;
}

export function prunedTamperingCases(backend: StoreBackend): void {
  describe(`${backend.name} store: tampering is detected after a prune`, () => {
    const tampered = (sql: string) => verifyTampered(() => pruned(backend), sql);
    const failure = (check: Awaited<ReturnType<typeof tampered>>) => (check.ok ? 'verified' : `${check.seq}: ${check.problem}`);

    it('verifies an untouched pruned store', async () => {
      const check = await tampered('SELECT 1');
      assert.deepEqual(check.ok && [check.count, check.lastSeq, check.pruned?.throughSeq], [9, 15, 6]);
    });

    it('an edited, deleted, inserted or reordered event', async () => {
      assert.match(failure(await tampered(`UPDATE audit_events SET data = replace(data, '"allow"', '"deny"') WHERE seq = 10`)), /^10: event content does not match its hash/);
      assert.match(failure(await tampered('DELETE FROM audit_events WHERE seq = 9')), /^10: link to the previous event is broken/);
      const inserted = `UPDATE audit_events SET seq = seq + 100 WHERE seq >= 9;
         UPDATE audit_events SET seq = seq - 99 WHERE seq >= 109;
         INSERT INTO audit_events SELECT 9, time, type, session, 'forged', principal, tool, target, data, hash, hash FROM audit_events WHERE seq = 8;`;
      assert.match(failure(await tampered(inserted)), /^9: /);
      assert.match(failure(await tampered('UPDATE audit_events SET seq = -seq WHERE seq IN (9, 10); UPDATE audit_events SET seq = 10 WHERE seq = -9; UPDATE audit_events SET seq = 9 WHERE seq = -10;')), /^9: /);
    });

    it('a deleted tail, or a deleted audit.pruned event', async () => {
      assert.equal(failure(await tampered('DELETE FROM audit_events WHERE seq >= 14')), '14: the newest 2 events are missing: the head is at 15, the chain ends at 13');
      assert.match(failure(await tampered('DELETE FROM audit_events WHERE seq = 13')), /^14: link to the previous event is broken/);
    });

    it('a forged anchor: its hash, its place or its count edited', async () => {
      assert.match(failure(await tampered(`UPDATE audit_anchors SET through_hash = '${'e'.repeat(64)}'`)), /^7: the first event does not link to the anchor of the prune through 6/);
      assert.equal(failure(await tampered('UPDATE audit_anchors SET through_seq = 5')), '7: event 6 is missing after the prune through 5');
      assert.match(failure(await tampered('UPDATE audit_anchors SET removed = 5')), /^13: the anchor of the prune through 6 does not match its audit.pruned event/);
    });

    it('an edited audit.pruned event', async () => {
      assert.match(failure(await tampered(`UPDATE audit_events SET data = replace(data, '"removed":6', '"removed":5') WHERE type = 'audit.pruned'`)), /^13: event content does not match its hash/);
    });

    it('removed anchors', async () => {
      assert.equal(failure(await tampered('DELETE FROM audit_anchors')), '7: events 1..6 are missing and no prune recorded their removal');
    });

    it('an anchor invented to hide more deleted events', async () => {
      const hide = 'INSERT INTO audit_anchors SELECT 8, hash, 2, time, time, 14 FROM audit_events WHERE seq = 8; DELETE FROM audit_events WHERE seq <= 8;';
      assert.match(failure(await tampered(hide)), /^14: the anchor of the prune through 8 names event 14, which is not an audit.pruned event/);
      const beyond = 'INSERT INTO audit_anchors SELECT 8, hash, 2, time, time, 99 FROM audit_events WHERE seq = 8; DELETE FROM audit_events WHERE seq <= 8;';
      assert.match(failure(await tampered(beyond)), /^99: the anchor of the prune through 8 has no audit.pruned event at 99/);
    });
  });
}
