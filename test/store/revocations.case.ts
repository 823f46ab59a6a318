// The kill switch half of the shared store suite: what one handle (one replica, or the CLI) changes,
// another reads; the first suspension stands; resuming removes only a principal's; and a store that
// can hear of changes (PostgreSQL) tells the other handle.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Revocation } from '../../src/kill-switch/model.ts';
import { twoHandles, type StoreBackend } from './places.ts';

const revocation = (kind: Revocation['kind'], id: string, by = 'olga'): Revocation => ({ kind, id, by, reason: `because ${by}`, at: new Date().toISOString() });

export function revocationCases(backend: StoreBackend): void {
  describe(`${backend.name} store: kill switch`, () => {
    const h = twoHandles(backend);

    it('shares suspensions and ended sessions between handles; the first one stands', async () => {
      const heard = new Promise<void>((resolve) => h.b.watchRevocations?.(resolve));
      assert.equal(await h.a.addRevocation(revocation('principal', 'agent-a')), true);
      if (h.b.watchRevocations) await heard;
      assert.equal(await h.b.addRevocation(revocation('principal', 'agent-a', 'pat')), false);
      assert.equal(await h.b.addRevocation(revocation('session', 'agent-a', 'pat')), true, 'a session id is another subject than a principal id');
      const listed = await h.b.listRevocations();
      assert.deepEqual(listed.map((r) => [r.kind, r.id, r.by]), [
        ['principal', 'agent-a', 'olga'],
        ['session', 'agent-a', 'pat'],
      ]);
      assert.equal(listed[0]?.reason, 'because olga');
    });

    it('resumes a principal once and leaves ended sessions ended', async () => {
      assert.equal(await h.b.removeRevocation('principal', 'agent-a'), true);
      assert.equal(await h.a.removeRevocation('principal', 'agent-a'), false);
      assert.deepEqual((await h.a.listRevocations()).map((r) => [r.kind, r.id]), [['session', 'agent-a']]);
    });
  });
}
