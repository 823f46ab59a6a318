// The shared store suite on the embedded SQLite store, then what only SQLite has: files written
// before the head and anchor tables existed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSeal } from '../../src/approval/seal.ts';
import { verifyStore } from '../../src/audit/verify.ts';
import { sealedStore, type Tampering } from '../../src/store/sealed-approvals.ts';
import { filled } from './audit-helpers.ts';
import { sqliteBackend } from './places.ts';
import { storeCases } from './store.case.ts';

storeCases(sqliteBackend);

describe('sqlite store: a file from before retention', () => {
  it('takes its head from the newest event, so a tail deleted afterwards is caught', async () => {
    const place = await filled(sqliteBackend);
    try {
      await place.exec('DROP TABLE audit_head; DROP TABLE audit_anchors;');
      const store = await place.open();
      const [newest] = (await store.events()).slice(-1);
      assert.deepEqual(await store.auditHead(), { seq: 10, hash: newest?.hash });
      const check = await verifyStore(store);
      assert.deepEqual(check.ok && check.count, 10);
      const pruned = await store.pruneEvents('9999-01-01T00:00:00.000Z');
      assert.equal(pruned?.event?.seq, 11);
      await store.close();
      await place.exec('DELETE FROM audit_events WHERE seq = 11');
      const reopened = await place.open();
      const after = await verifyStore(reopened);
      await reopened.close();
      assert.match(after.ok ? 'verified' : after.problem, /^the newest event is missing/);
    } finally {
      await place.drop();
    }
  });
});

describe('sqlite store: a file from before sealed revocations', () => {
  it('gains the seal column; its unsealed rows are reported and stay in force', async () => {
    const place = await sqliteBackend.fresh();
    try {
      await (await place.open()).close();
      await place.exec(`DROP TABLE revocations;
        CREATE TABLE revocations (kind TEXT NOT NULL, id TEXT NOT NULL, by_principal TEXT NOT NULL, reason TEXT NOT NULL, at TEXT NOT NULL, PRIMARY KEY (kind, id));
        INSERT INTO revocations VALUES ('principal', 'agent-old', 'olga', 'before seals', '2026-01-01T00:00:00.000Z');`);
      const reports: Tampering[] = [];
      const raw = await place.open();
      const listed = await sealedStore(raw, createSeal('k'.repeat(64)), (t) => void reports.push(t)).listRevocations();
      await raw.close();
      assert.deepEqual(listed.map((r) => [r.kind, r.id]), [['principal', 'agent-old']]);
      assert.ok(reports.some((t) => t.id === 'principal agent-old' && /seal does not verify/.test(t.problem)));
    } finally {
      await place.drop();
    }
  });
});
