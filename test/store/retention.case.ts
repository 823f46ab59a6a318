// The retention half of the shared store suite: a prune removes a prefix of the chain, anchors the
// rest with a chained audit.pruned event, and the remaining chain verifies; prunes repeat, race each
// other and race appends; a prune never destroys evidence of tampering.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { verifyStore } from '../../src/audit/verify.ts';
import type { Store } from '../../src/store/store.ts';
import { appendPast, call, filled, verifyTampered } from './audit-helpers.ts';
import type { StoreBackend } from './places.ts';

export function retentionCases(backend: StoreBackend): void {
  /** Runs `work` on one store of a fresh place, then drops the place. */
  const onFreshStore = async (work: (store: Store) => Promise<void>) => {
    const place = await backend.fresh();
    const store = await place.open();
    try {
      await work(store);
    } finally {
      await store.close();
      await place.drop();
    }
  };

  describe(`${backend.name} store: retention`, () => {
    it('prunes the events older than the cutoff, anchors the rest, and the chain still verifies', () =>
      onFreshStore(async (store) => {
        const { old, cut } = await appendPast(store, 3, 2);
        const dry = await store.pruneEvents(cut, { dryRun: true });
        assert.deepEqual(dry, { fromSeq: 1, throughSeq: 6, throughHash: old[5]?.hash, removed: 6, before: cut });
        assert.equal((await store.events()).length, 10, 'a dry run removes nothing');

        const pruned = await store.pruneEvents(cut, { principal: 'dana' });
        const event = pruned?.event;
        assert.ok(event);
        assert.deepEqual({ ...pruned, event: undefined }, { ...dry, event: undefined });
        assert.deepEqual([event.seq, event.type, event.principal, event.data], [11, 'audit.pruned', 'dana', { throughSeq: 6, throughHash: old[5]?.hash, removed: 6, before: cut }]);
        assert.deepEqual((await store.events()).map((e) => e.seq), [7, 8, 9, 10, 11]);
        assert.deepEqual(await store.auditAnchors(), [{ throughSeq: 6, throughHash: old[5]?.hash, removed: 6, before: cut, time: event.time, eventSeq: 11 }]);
        assert.deepEqual(await store.auditHead(), { seq: 11, hash: event.hash });
        const check = await verifyStore(store);
        assert.deepEqual(check.ok && [check.count, check.lastSeq, check.pruned?.throughSeq], [5, 11, 6]);

        await store.append(call(9));
        const later = await verifyStore(store);
        assert.deepEqual(later.ok && [later.count, later.lastSeq], [7, 13]);
      }));

    it('removes a long prefix in slices, each with its own anchor and audit.pruned event, and reports the whole', () =>
      onFreshStore(async (store) => {
        const { old, cut } = await appendPast(store, 3, 2);
        const pruned = await store.pruneEvents(cut, { principal: 'dana', slice: 4 });
        assert.deepEqual({ ...pruned, event: undefined }, { fromSeq: 1, throughSeq: 6, throughHash: old[5]?.hash, removed: 6, before: cut, event: undefined });
        assert.equal(pruned?.event?.seq, 12);
        const anchors = await store.auditAnchors();
        assert.deepEqual(anchors.map((a) => [a.throughSeq, a.throughHash, a.removed, a.eventSeq]), [[4, old[3]?.hash, 4, 11], [6, old[5]?.hash, 2, 12]]);
        assert.deepEqual((await store.events()).map((e) => [e.seq, e.type]), [[7, 'call.requested'], [8, 'call.decided'], [9, 'call.requested'], [10, 'call.decided'], [11, 'audit.pruned'], [12, 'audit.pruned']]);
        const check = await verifyStore(store);
        assert.deepEqual(check.ok && [check.count, check.lastSeq, check.pruned?.throughSeq], [6, 12, 6]);
        await assert.rejects(store.pruneEvents(new Date().toISOString(), { slice: 0 }), /a prune slice must be a whole number of events, 1 or more \(got 0\)/);
      }));

    it('prunes nothing and records nothing when no event is older than the cutoff', () =>
      onFreshStore(async (store) => {
        assert.equal(await store.pruneEvents(new Date().toISOString()), undefined, 'an empty store');
        const { old } = await appendPast(store, 2, 0);
        assert.equal(await store.pruneEvents(old[0]?.time ?? ''), undefined);
        assert.deepEqual([(await store.events()).length, (await store.auditAnchors()).length], [4, 0]);
      }));

    it('prunes again later, removing the first audit.pruned event with the rest', () =>
      onFreshStore(async (store) => {
        const first = await appendPast(store, 3, 1);
        assert.equal((await store.pruneEvents(first.cut))?.event?.seq, 9);
        const second = await appendPast(store, 2, 1);
        const pruned = await store.pruneEvents(second.cut);
        assert.deepEqual(pruned && [pruned.fromSeq, pruned.throughSeq, pruned.removed, pruned.event?.seq], [7, 13, 7, 16]);
        assert.deepEqual((await store.events()).map((e) => e.seq), [14, 15, 16]);
        assert.deepEqual((await store.auditAnchors()).map((a) => [a.throughSeq, a.eventSeq]), [[6, 9], [13, 16]]);
        const check = await verifyStore(store);
        assert.deepEqual(check.ok && [check.count, check.pruned?.throughSeq], [3, 13]);
      }));

    it('prunes everything when every event is old, leaving the audit.pruned event as the whole chain', () =>
      onFreshStore(async (store) => {
        await appendPast(store, 2, 0);
        const pruned = await store.pruneEvents('9999-01-01T00:00:00.000Z');
        assert.deepEqual(pruned && [pruned.removed, pruned.event?.seq], [4, 5]);
        const check = await verifyStore(store);
        assert.deepEqual(check.ok && [check.count, check.lastSeq], [1, 5]);
      }));

    it('removes the prefix once when two handles prune at the same moment', async () => {
      const place = await backend.fresh();
      const [a, b] = await Promise.all([place.open(), place.open()]);
      try {
        const { cut } = await appendPast(a, 4, 1);
        const results = await Promise.all([a.pruneEvents(cut), b.pruneEvents(cut)]);
        assert.equal(results.filter(Boolean).length, 1);
        assert.equal((await a.auditAnchors()).length, 1);
        assert.equal((await a.events()).filter((e) => e.type === 'audit.pruned').length, 1);
        assert.equal((await verifyStore(b)).ok, true);
      } finally {
        await Promise.all([a.close(), b.close()]);
        await place.drop();
      }
    });

    it('keeps one verifiable chain when another handle appends while it prunes', async () => {
      const place = await backend.fresh();
      const [a, b] = await Promise.all([place.open(), place.open()]);
      try {
        const { cut } = await appendPast(a, 50, 1);
        // One append at a time, each on its own turn, so they interleave with the prune's steps.
        const appending = (async () => {
          for (let i = 0; i < 60; i++) {
            await a.append(call(200 + i, 'during'));
            await nextTurn();
          }
        })();
        const pruned = await b.pruneEvents(cut);
        await appending;
        assert.equal(pruned?.throughSeq, 100);
        const events = await a.events();
        assert.deepEqual(events.map((e) => e.seq), Array.from({ length: events.length }, (_, i) => 101 + i));
        assert.equal(events.length, 2 + 120 + 1);
        const check = await verifyStore(a);
        assert.deepEqual(check.ok && check.count, events.length);
      } finally {
        await Promise.all([a.close(), b.close()]);
        await place.drop();
      }
    });

    it('refuses to prune a part that does not verify, and removes nothing', async () => {
      const place = await filled(backend);
      try {
        await place.exec(`UPDATE audit_events SET data = replace(data, '"allow"', '"deny"') WHERE seq = 4`);
        const store = await place.open();
        try {
          await assert.rejects(store.pruneEvents('9999-01-01T00:00:00.000Z'), /the events to prune do not verify \(event 4: event content does not match its hash/);
          assert.deepEqual([(await store.events()).length, (await store.auditAnchors()).length], [10, 0]);
        } finally {
          await store.close();
        }
      } finally {
        await place.drop();
      }
    });
  });

  describe(`${backend.name} store: the ends of the chain`, () => {
    const tampered = (sql: string) => verifyTampered(() => filled(backend), sql);

    it('a deleted tail, which no link shows, is caught by the head', async () => {
      const check = await tampered('DELETE FROM audit_events WHERE seq >= 8');
      assert.deepEqual(!check.ok && [check.seq, check.count, check.problem], [8, 7, 'the newest 3 events are missing: the head is at 10, the chain ends at 7']);
      const one = await tampered('DELETE FROM audit_events WHERE seq = 10');
      assert.match(!one.ok ? one.problem : '', /^the newest event is missing/);
    });

    it('a replaced newest event', async () => {
      const check = await tampered(`UPDATE audit_head SET hash = '${'f'.repeat(64)}'`);
      assert.deepEqual(!check.ok && [check.seq, /does not match the head/.test(check.problem)], [10, true]);
    });

    it('a deleted prefix that no prune recorded', async () => {
      const check = await tampered('DELETE FROM audit_events WHERE seq <= 2');
      assert.deepEqual(!check.ok && [check.seq, check.problem], [3, 'events 1..2 are missing and no prune recorded their removal']);
    });
  });
}
