// verifyStore on a real SQLite store: a prune that lands while the walk reads the events (anchors
// only grow) makes it walk once more and verify; a walk that fails with the anchors unchanged is the
// verdict, reported as it is, without a second walk.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { AuditEvent } from '../../src/audit/events.ts';
import { verifySessionChain, verifyStore } from '../../src/audit/verify.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import type { Store } from '../../src/store/store.ts';
import { appendPast, call } from '../store/audit-helpers.ts';

const stores: Store[] = [];
after(async () => {
  for (const store of stores) await store.close();
});

function fresh(): Store {
  const store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'gatehouse-verify-')), 'audit.db'));
  stores.push(store);
  return store;
}

/** The store as verify reads it, with `events` in place of its walk of the events, counting the walks. */
function walked(store: Store, events: (walk: number) => AsyncIterable<AuditEvent>) {
  let walks = 0;
  return {
    view: { auditAnchors: () => store.auditAnchors(), auditHead: () => store.auditHead(), allEvents: () => events(++walks) },
    walks: () => walks,
  };
}

describe('verifyStore', () => {
  it('walks once more when a prune lands during the walk, and verifies the pruned chain', async () => {
    const store = fresh();
    const { old, cut } = await appendPast(store, 3, 2);
    const { view, walks } = walked(store, (walk) =>
      walk === 1
        ? (async function* () {
            // The prune lands after the walk read the anchors and the head, before it reads the events.
            await store.pruneEvents(cut, { principal: 'ops' });
            yield* store.allEvents();
          })()
        : store.allEvents(),
    );
    const check = await verifyStore(view);
    assert.equal(walks(), 2);
    assert.ok(check.ok, JSON.stringify(check));
    assert.equal(check.pruned?.throughSeq, old.at(-1)?.seq);
    assert.equal(check.lastSeq, (await store.auditHead()).seq);
  });

  it('reports a failed walk as it is when no prune landed, walking once', async () => {
    const store = fresh();
    await appendPast(store, 2, 0);
    // Event 1 gone without a prune: what a tamperer deleting the oldest event leaves.
    const { view, walks } = walked(store, () =>
      (async function* () {
        for await (const e of store.allEvents()) if (e.seq !== 1) yield e;
      })(),
    );
    assert.deepEqual(await verifyStore(view), { ok: false, count: 0, seq: 2, problem: 'event 1 is missing and no prune recorded their removal' });
    assert.equal(walks(), 1);
  });
});

describe('verifySessionChain', () => {
  it('vouches for a session shown as the chain holds it, naming no prune, and names the first event shown otherwise', async () => {
    const store = fresh();
    for (let i = 0; i < 4; i++) await store.append(call(i, i % 2 === 0 ? 'a' : 'b'));
    const shown = await store.events({ session: 'a' });
    const head = await store.auditHead();
    // The walk runs from the session's first event to the head, the other session's events included.
    assert.deepEqual(await verifySessionChain(store, shown), { ok: true, count: 8, lastSeq: head.seq, lastHash: head.hash });
    const altered = shown.map((e, i) => (i === 2 ? { ...e, hash: 'f'.repeat(64) } : e));
    const check = await verifySessionChain(store, altered);
    assert.equal(check.ok, false);
    assert.equal(!check.ok && check.seq, shown[2]?.seq);
    assert.deepEqual(await verifySessionChain(store, []), { ok: true, count: 0, lastSeq: 0, lastHash: '' });
  });

  it('names an event of the session the chain holds but the replay was not shown, though the chain links', async () => {
    const store = fresh();
    for (let i = 0; i < 4; i++) await store.append(call(i, i % 2 === 0 ? 'a' : 'b'));
    const shown = await store.events({ session: 'a' });
    const left = shown[1] as AuditEvent;
    const check = await verifySessionChain(store, shown.filter((e) => e.seq !== left.seq));
    assert.equal(check.ok, false);
    assert.equal(!check.ok && check.seq, left.seq);
    assert.match(!check.ok ? check.problem : '', /not the one the chain holds/);
  });

  it('holds the session’s own first event to its hash: an edit of it is named', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'gatehouse-verify-')), 'audit.db');
    const store = openSqliteStore(file);
    stores.push(store);
    await store.append(call(0, 'b'));
    for (let i = 1; i < 4; i++) await store.append(call(i, i % 2 === 0 ? 'b' : 'a'));
    const first = (await store.events({ session: 'a' }))[0] as AuditEvent;
    const db = new Database(file);
    db.prepare('UPDATE audit_events SET data = ? WHERE seq = ?').run(JSON.stringify({ args: { sql: 'SELECT 42' } }), first.seq);
    db.close();
    const check = await verifySessionChain(store, await store.events({ session: 'a' }));
    assert.equal(check.ok, false);
    assert.equal(!check.ok && check.seq, first.seq);
    assert.match(!check.ok ? check.problem : '', /edited/);
  });

  it('holds the session to the head: the newest event deleted from the store after it is named', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'gatehouse-verify-')), 'audit.db');
    const store = openSqliteStore(file);
    stores.push(store);
    for (let i = 0; i < 4; i++) await store.append(call(i, i % 2 === 0 ? 'a' : 'b'));
    const head = await store.auditHead();
    const db = new Database(file);
    db.prepare('DELETE FROM audit_events WHERE seq = ?').run(head.seq);
    db.close();
    const check = await verifySessionChain(store, await store.events({ session: 'a' }));
    assert.equal(check.ok, false);
    assert.equal(!check.ok && check.seq, head.seq);
    assert.match(!check.ok ? check.problem : '', /the newest event is missing/);
  });
});
