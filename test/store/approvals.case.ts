// The approvals half of the shared store suite: lookups, compare-and-set on the version (also
// across two handles, as two replicas would), grants, and opening a store several times at once.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createApprovals } from '../../src/approval/service.ts';
import { verifyChain } from '../../src/audit/chain.ts';
import { createRecorder } from '../../src/audit/recorder.ts';
import { twoHandles, type StoreBackend } from './places.ts';
import { agent, dba, gateCall, grant, request } from './requests.ts';

export function approvalCases(backend: StoreBackend): void {
  describe(`${backend.name} store: approvals and grants`, () => {
    const h = twoHandles(backend);

    it('stores requests and finds them by id, state and action', async () => {
      const old = request({ createdAt: '2026-01-01T00:00:00.000Z' });
      const newer = request({ createdAt: '2026-01-02T00:00:00.000Z' });
      const denied = request({ state: 'denied', actionHash: 'hash-2', createdAt: '2026-01-03T00:00:00.000Z' });
      for (const r of [old, newer, denied]) await h.a.createApproval(r);
      assert.deepEqual(await h.b.getApproval(old.id), old);
      assert.equal(await h.b.getApproval('nope'), undefined);
      assert.deepEqual((await h.b.listApprovals({ states: ['pending'] })).map((r) => r.id), [newer.id, old.id]);
      assert.deepEqual((await h.b.listApprovals({ limit: 1 })).map((r) => r.id), [denied.id]);
      assert.equal((await h.b.findOpenApproval('hash-1', '2026-06-01T00:00:00.000Z'))?.id, newer.id);
      assert.equal(await h.b.findOpenApproval('hash-2', '2026-06-01T00:00:00.000Z'), undefined);
      assert.equal(await h.b.findOpenApproval('hash-1', '2099-06-01T00:00:00.000Z'), undefined);
    });

    it('caps the pending requests of one principal atomically, and finds the last denial of an action', async () => {
      const who = (id: string) => ({ requester: { principal: { ...agent, id }, session: 's', client: 'c' } });
      const cap = { maxOpen: 2, now: '2026-06-01T00:00:00.000Z' };
      const tries = await Promise.all([1, 2, 3, 4].map((n) => (n % 2 ? h.a : h.b).createApproval(request({ actionHash: `cap-${n}`, ...who('capped') }), cap)));
      assert.equal(tries.filter(Boolean).length, 2, 'two handles at once still stop at the cap');
      assert.equal(await h.a.createApproval(request({ actionHash: 'cap-other', ...who('someone-else') }), cap), true, 'the cap is per principal');
      assert.equal(await h.a.createApproval(request({ actionHash: 'cap-5', ...who('capped') }), { ...cap, now: '2099-06-01T00:00:00.000Z' }), true, 'expired requests do not count');
      const denied = request({ state: 'denied', actionHash: 'denied-hash', createdAt: '2026-02-01T00:00:00.000Z' });
      await h.a.createApproval(request({ state: 'denied', actionHash: 'denied-hash', createdAt: '2026-01-01T00:00:00.000Z' }));
      await h.a.createApproval(denied);
      assert.equal((await h.b.findLastDenial('denied-hash'))?.id, denied.id);
      assert.equal(await h.b.findLastDenial('cap-1'), undefined);
    });

    it('lets exactly one of two handles win a compare-and-set on the same version', async () => {
      const r = request({ actionHash: 'cas' });
      await h.a.createApproval(r);
      const approve = { ...r, state: 'approved' as const, version: 2 };
      const deny = { ...r, state: 'denied' as const, version: 2 };
      const results = await Promise.all([h.a.updateApproval(approve, 1), h.b.updateApproval(deny, 1)]);
      assert.deepEqual(results.filter(Boolean).length, 1);
      assert.equal((await h.a.getApproval(r.id))?.state, results[0] ? 'approved' : 'denied');
      assert.equal(await h.a.updateApproval({ ...r, state: 'cancelled', version: 3 }, 1), false);
      assert.equal(await h.a.updateApproval({ ...r, state: 'executed', version: 3 }, 2), true);
    });

    it('yields one decision when two approvers decide through two handles at once', async () => {
      const viaA = createApprovals(h.a, createRecorder(h.a, (t) => t), { waitMs: 0, ttlMs: 60_000, defaultApprovers: ['approvers'], pollMs: 20 });
      const viaB = createApprovals(h.b, createRecorder(h.b, (t) => t), { waitMs: 0, ttlMs: 60_000, defaultApprovers: ['approvers'], pollMs: 20 });
      const held = await viaA.gate(gateCall(), new AbortController().signal);
      assert.equal(held.kind, 'pending');
      const id = held.approval.id;
      const results = await Promise.all([viaA.decide(id, dba('dana'), { decision: 'approve', reason: 'ok' }), viaB.decide(id, dba('dave'), { decision: 'deny', reason: 'no' })]);
      assert.equal(results.filter((r) => r.ok).length, 1);
      assert.equal((await h.b.getApproval(id))?.decisions.length, 1);
      const decided = (await h.a.events()).filter((e) => e.type === 'approval.decided' && e.data.approvalId === id);
      assert.equal(decided.length, 1);
      assert.equal((await verifyChain(h.a.allEvents())).ok, true);
    });

    it('finds a grant only for the same principal, tool, target and shape, and only while it lasts', async () => {
      const short = grant({ expiresAt: '2026-03-01T00:00:00.000Z' });
      const long = grant({ expiresAt: '2026-09-01T00:00:00.000Z' });
      await h.a.createGrant(short);
      await h.a.createGrant(long);
      const now = '2026-02-01T00:00:00.000Z';
      assert.equal((await h.b.findGrant('agent-1', 'postgres_query', 'shop', 'shape-1', now))?.id, long.id);
      assert.equal((await h.b.findGrant('agent-1', 'postgres_query', 'shop', 'shape-1', '2026-06-01T00:00:00.000Z'))?.id, long.id);
      assert.equal(await h.b.findGrant('agent-1', 'postgres_query', 'shop', 'shape-1', '2026-10-01T00:00:00.000Z'), undefined);
      assert.equal(await h.b.findGrant('agent-2', 'postgres_query', 'shop', 'shape-1', now), undefined);
      assert.equal(await h.b.findGrant('agent-1', 'postgres_query', 'other', 'shape-1', now), undefined);
      assert.equal(await h.b.findGrant('agent-1', 'postgres_query', 'shop', 'shape-2', now), undefined);
      assert.deepEqual(await h.b.findGrant('agent-1', 'postgres_query', 'shop', 'shape-1', now), long);
    });
  });

  describe(`${backend.name} store: opening`, () => {
    it('opens three times at once on a fresh store, and again later, keeping what was written', async () => {
      const place = await backend.fresh();
      try {
        const stores = await Promise.all([place.open(), place.open(), place.open()]);
        await Promise.all(stores.map((s, i) => s.append([{ type: 'session.started', session: `s${i}`, data: {} }])));
        await Promise.all(stores.map((s) => s.close()));
        const again = await place.open();
        const check = await verifyChain(again.allEvents());
        await again.close();
        assert.deepEqual(check.ok && check.count, 3);
      } finally {
        await place.drop();
      }
    });
  });
}
