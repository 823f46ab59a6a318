// The audit half of the shared store suite: order, round trip, the hash chain, tampering through
// the store's own tables, and two handles (two replicas) appending at once.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { canonicalJson } from '../../src/audit/canonical.ts';
import { hashEvent, verifyChain } from '../../src/audit/chain.ts';
import { GENESIS_HASH } from '../../src/audit/events.ts';
import type { Store } from '../../src/store/store.ts';
import { call, filled, verifyPlace, verifyTampered } from './audit-helpers.ts';
import type { StoreBackend, StorePlace } from './places.ts';

export function auditCases(backend: StoreBackend): void {
  describe(`${backend.name} store: audit log`, () => {
    let place: StorePlace;
    let store: Store;
    before(async () => {
      place = await backend.fresh();
      store = await place.open();
    });
    after(async () => {
      await store.close();
      await place.drop();
    });

    it('appends in order, links each event to the last, and reads back exactly what it returned', async () => {
      const first = await store.append(call(1));
      const second = await store.append([...call(2, 's2'), { type: 'session.started', session: 's2', data: { transport: 'http' } }]);
      assert.deepEqual([...first, ...second].map((e) => e.seq), [1, 2, 3, 4, 5]);
      assert.equal(first[0]?.prevHash, GENESIS_HASH);
      assert.equal(second[0]?.prevHash, first[1]?.hash);
      assert.deepEqual(await store.events(), [...first, ...second]);
      assert.deepEqual(await store.append([]), []);
      assert.equal((await store.events()).length, 5);
    });

    it('filters by session, call, type and position, with a limit', async () => {
      assert.deepEqual((await store.events({ session: 's2' })).map((e) => e.seq), [3, 4, 5]);
      assert.deepEqual((await store.events({ callId: 'c1' })).map((e) => e.type), ['call.requested', 'call.decided']);
      assert.deepEqual((await store.events({ afterSeq: 3, limit: 1 })).map((e) => e.seq), [4]);
      assert.deepEqual((await store.events({ session: 's2', types: ['call.decided', 'session.started'] })).map((e) => e.seq), [4, 5]);
      assert.deepEqual((await store.events({ types: ['call.requested'], afterSeq: 1, limit: 1 })).map((e) => e.seq), [3]);
    });

    it('keeps data exactly: unicode, nesting, numbers, nulls and key order do not change the hash', async () => {
      const data = { z: 'ünïcødé ✓ \u2028 "quoted" \\ back', a: { y: [1.5, -0, 1e21, 2 ** 53], x: null, w: true }, m: '' };
      const [event] = await store.append([{ type: 'call.result', session: 's3', callId: 'c9', data }]);
      const [read] = await store.events({ callId: 'c9' });
      assert.ok(event && read);
      assert.equal(canonicalJson(read.data), canonicalJson(data));
      const { hash, data: readData, ...meta } = read;
      assert.equal(hashEvent(meta, canonicalJson(readData)), hash);
      assert.equal(hash, event.hash);
    });

    it('streams every event in sequence order, across pages, and the chain verifies', async () => {
      for (let i = 0; i < 12; i++) await store.append(Array.from({ length: 100 }, (_, j) => ({ type: 'call.requested' as const, session: 'bulk', data: { i, j } })));
      const check = await verifyChain(store.allEvents());
      assert.deepEqual(check.ok && check.count, 1206);
    });

    it('hashes events whose fields hold JSON look-alikes, escapes and any Unicode as verify does', async () => {
      const odd = ['"seq":0,"time":""', '\\"seq\\":0', 'line\nbreak\u2028', 'emoji \u{1F600} bidi \u202E', 'lone \uD800 surrogate', 'x\\'];
      const returned = await store.append(odd.map((text, i) => ({ type: 'call.requested' as const, session: text, callId: `odd-${i}`, principal: text, tool: text, target: text, data: { text } })));
      assert.equal(returned.length, odd.length);
      const stored = await store.events({ afterSeq: (returned[0]?.seq ?? 1) - 1, limit: odd.length });
      assert.deepEqual(stored.map((e) => e.hash), returned.map((e) => e.hash));
      const check = await verifyChain(store.allEvents());
      assert.ok(check.ok, check.ok ? '' : check.problem);
    });

    it('appends an outcome unless the store already holds it (a retried write is never recorded twice)', async () => {
      const outcome = { type: 'call.result' as const, session: 'retry', callId: 'retried', data: { result: 'ok' } };
      const first = await store.append([outcome], { unlessRecorded: { callId: 'retried', type: 'call.result' } });
      assert.equal(first.length, 1);
      assert.deepEqual(await store.append([outcome], { unlessRecorded: { callId: 'retried', type: 'call.result' } }), []);
      assert.deepEqual((await store.events({ callId: 'retried' })).map((e) => e.seq), [first[0]?.seq]);
      await store.append([{ ...outcome, session: 'retry-other', callId: 'retried-2' }], { unlessRecorded: { callId: 'retried-2', type: 'call.result' } });
      assert.equal((await store.events({ session: 'retry-other' })).length, 1);
    });
  });

  describe(`${backend.name} store: tampering is detected`, () => {
    const tampered = (sql: string) => verifyTampered(() => filled(backend), sql);

    it('verifies an untouched store', async () => {
      const place = await filled(backend);
      const check = await verifyPlace(place);
      await place.drop();
      assert.deepEqual(check.ok && check.count, 10);
    });

    it('an edited event', async () => {
      const check = await tampered(`UPDATE audit_events SET data = replace(data, '"allow"', '"deny"') WHERE seq = 4`);
      assert.deepEqual(!check.ok && [check.seq, /edited/.test(check.problem)], [4, true]);
    });

    it('an edited principal', async () => {
      const check = await tampered(`UPDATE audit_events SET principal = 'mallory' WHERE seq = 7`);
      assert.equal(!check.ok && check.seq, 7);
    });

    it('a deleted event', async () => {
      const check = await tampered('DELETE FROM audit_events WHERE seq = 5');
      assert.deepEqual(!check.ok && [check.seq, /removed, inserted or reordered/.test(check.problem)], [6, true]);
    });

    it('an inserted event', async () => {
      const check = await tampered(
        `UPDATE audit_events SET seq = seq + 100 WHERE seq >= 4;
         UPDATE audit_events SET seq = seq - 99 WHERE seq >= 104;
         INSERT INTO audit_events SELECT 4, time, type, session, 'forged', principal, tool, target, data, hash, hash FROM audit_events WHERE seq = 3;`,
      );
      assert.equal(!check.ok && check.seq, 4);
    });

    it('reordered events', async () => {
      const check = await tampered('UPDATE audit_events SET seq = -seq WHERE seq IN (2, 3); UPDATE audit_events SET seq = 3 WHERE seq = -2; UPDATE audit_events SET seq = 2 WHERE seq = -3;');
      assert.equal(!check.ok && check.seq, 2);
    });
  });

  describe(`${backend.name} store: two handles appending at once`, () => {
    it('keep one verifiable chain with no duplicate or missing sequence numbers', async () => {
      const place = await backend.fresh();
      const [a, b] = await Promise.all([place.open(), place.open()]);
      assert.ok(a && b);
      const batches = Array.from({ length: 120 }, (_, i) => Array.from({ length: 1 + (i % 3) }, (_, j) => ({ type: 'call.requested' as const, session: i % 2 ? 'A' : 'B', data: { i, j } })));
      const returned = (await Promise.all(batches.map((batch, i) => (i % 2 ? a : b).append(batch)))).flat();
      const events = await a.events();
      await Promise.all([a.close(), b.close()]);
      await place.drop();
      const total = batches.reduce((n, batch) => n + batch.length, 0);
      assert.deepEqual(events.map((e) => e.seq), Array.from({ length: total }, (_, i) => i + 1));
      assert.deepEqual(new Set(returned.map((e) => e.hash)), new Set(events.map((e) => e.hash)));
      const check = await verifyChain(events);
      assert.deepEqual(check.ok && check.count, total);
      for (let i = 1; i < events.length; i++) assert.ok((events[i]?.time ?? '') >= (events[i - 1]?.time ?? ''), 'times follow sequence order');
    });
  });
}
