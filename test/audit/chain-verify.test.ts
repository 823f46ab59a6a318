// verifyChain's rules, in-process on chains built here: where a chain must start after a prune,
// how the anchor and its audit.pruned event confirm each other, and how the head catches events
// removed from the end. Each problem is checked by the sequence number and the words it reports.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newestAnchor, verifyChain, type AuditAnchor } from '../../src/audit/chain.ts';
import { GENESIS_HASH, RETENTION_SESSION, type AuditEvent } from '../../src/audit/events.ts';
import { call, chain, head, pruned, TIME } from './built-chains.ts';

describe('verifyChain', () => {
  it('accepts a whole chain reaching its head, with what it walked', async () => {
    const events = chain([call(1), call(2), call(3)]);
    assert.deepEqual(await verifyChain(events, { head: head(events) }), { ok: true, count: 3, lastSeq: 3, lastHash: (events[2] as AuditEvent).hash });
  });

  it('accepts an empty store with no head', async () => {
    assert.deepEqual(await verifyChain([]), { ok: true, count: 0, lastSeq: 0, lastHash: GENESIS_HASH });
  });

  it('accepts a pruned chain starting after its anchor, and reports the prune', async () => {
    const { kept, anchor } = pruned();
    assert.deepEqual(await verifyChain(kept, { anchors: [anchor], head: head(kept) }), { ok: true, count: 7, lastSeq: 11, lastHash: (kept.at(-1) as AuditEvent).hash, pruned: anchor });
  });

  it('starts after the newest anchor, whatever order the anchors come in', async () => {
    const { kept, anchor } = pruned();
    const older: AuditAnchor = { ...anchor, throughSeq: 2, eventSeq: 3 };
    assert.equal(newestAnchor([anchor, older]), anchor);
    assert.equal(newestAnchor([older, anchor]), anchor);
    assert.equal(newestAnchor([]), undefined);
    const check = await verifyChain(kept, { anchors: [older, anchor], head: head(kept) });
    assert.equal(check.ok, true);
  });

  it('names the events missing at the start, with and without a prune', async () => {
    const events = chain([call(1), call(2), call(3), call(4)]);
    assert.deepEqual(await verifyChain(events.slice(1)), { ok: false, count: 0, seq: 2, problem: 'event 1 is missing and no prune recorded their removal' });
    assert.deepEqual(await verifyChain(events.slice(2)), { ok: false, count: 0, seq: 3, problem: 'events 1..2 are missing and no prune recorded their removal' });
    const { kept, anchor } = pruned();
    assert.deepEqual(await verifyChain(kept.slice(1), { anchors: [anchor] }), { ok: false, count: 0, seq: 6, problem: 'event 5 is missing after the prune through 4' });
    assert.deepEqual(await verifyChain(kept.slice(2), { anchors: [anchor] }), { ok: false, count: 0, seq: 7, problem: 'events 5..6 are missing after the prune through 4' });
  });

  it('refuses an event the prune removed', async () => {
    const { events, anchor } = pruned();
    assert.deepEqual(await verifyChain(events.slice(3), { anchors: [anchor] }), { ok: false, count: 0, seq: 4, problem: 'event 4 is older than the prune through 4, which removed it (the anchor or the event was altered)' });
  });

  it('refuses a first event that does not link to the anchor', async () => {
    const { kept, anchor } = pruned();
    const check = await verifyChain(kept, { anchors: [{ ...anchor, throughHash: 'f'.repeat(64) }] });
    assert.deepEqual(check, { ok: false, count: 0, seq: 5, problem: 'the first event does not link to the anchor of the prune through 4 (the anchor or the event was altered)' });
  });

  it('refuses a repeated or skipped sequence number', async () => {
    const events = chain([call(1), call(2), call(3)]);
    const repeated = [events[0], events[1], { ...(events[1] as AuditEvent) }] as AuditEvent[];
    assert.deepEqual(await verifyChain(repeated), { ok: false, count: 2, seq: 2, problem: 'sequence 2 is out of order after 2' });
    const skipped = chain([call(1), call(2)]);
    const renumbered = chain([call(3)], 4, (skipped[1] as AuditEvent).hash);
    assert.deepEqual(await verifyChain([...skipped, ...renumbered]), { ok: false, count: 2, seq: 4, problem: 'sequence 4 follows 2: numbers were skipped' });
  });

  it('refuses an edited event and a broken link, counting what passed', async () => {
    const events = chain([call(1), call(2), call(3)]);
    const edited = [events[0], { ...(events[1] as AuditEvent), data: { n: 9 } }, events[2]] as AuditEvent[];
    assert.deepEqual(await verifyChain(edited), { ok: false, count: 1, seq: 2, problem: 'event content does not match its hash (the event was edited)' });
    const relinked = [events[0], { ...(events[1] as AuditEvent), prevHash: GENESIS_HASH }] as AuditEvent[];
    assert.deepEqual(await verifyChain(relinked), { ok: false, count: 1, seq: 2, problem: 'link to the previous event is broken (an event was removed, inserted or reordered)' });
  });

  it('catches events removed from the end, and a replaced newest event, by the head', async () => {
    const events = chain([call(1), call(2), call(3)]);
    assert.deepEqual(await verifyChain(events.slice(0, 2), { head: head(events) }), { ok: false, count: 2, seq: 3, problem: 'the newest event is missing: the head is at 3, the chain ends at 2' });
    assert.deepEqual(await verifyChain(events.slice(0, 1), { head: head(events) }), { ok: false, count: 1, seq: 2, problem: 'the newest 2 events are missing: the head is at 3, the chain ends at 1' });
    const replaced = { seq: 3, hash: 'a'.repeat(64) };
    assert.deepEqual(await verifyChain(events, { head: replaced }), { ok: false, count: 3, seq: 3, problem: 'the newest event does not match the head (it was replaced)' });
  });

  it('stops at the head: events appended during the walk are not checked', async () => {
    const events = chain([call(1), call(2), call(3)]);
    const appended = [...events, { ...(events[2] as AuditEvent), seq: 4, hash: 'b'.repeat(64) }];
    assert.deepEqual(await verifyChain(appended, { head: head(events) }), { ok: true, count: 3, lastSeq: 3, lastHash: (events[2] as AuditEvent).hash });
  });

  it('refuses an anchor with no audit.pruned event, or naming another event', async () => {
    const events = chain([call(1), call(2), call(3)]);
    const forged: AuditAnchor = { throughSeq: 0, throughHash: GENESIS_HASH, removed: 0, before: TIME, time: TIME, eventSeq: 2 };
    assert.deepEqual(await verifyChain(events, { anchors: [forged] }), { ok: false, count: 1, seq: 2, problem: 'the anchor of the prune through 0 names event 2, which is not an audit.pruned event (the anchor was forged)' });
    const ahead = { ...forged, eventSeq: 3 };
    assert.deepEqual(await verifyChain(events.slice(0, 2), { anchors: [ahead] }), { ok: true, count: 2, lastSeq: 2, lastHash: (events[1] as AuditEvent).hash, pruned: ahead });
    assert.deepEqual(await verifyChain(events.slice(0, 2), { anchors: [ahead], head: head(events.slice(0, 2)) }), { ok: false, count: 2, seq: 3, problem: 'the anchor of the prune through 0 has no audit.pruned event at 3 (the anchor was forged)' });
  });

  it('accepts a second prune through the audit.pruned event of the first', async () => {
    const { events, anchor } = pruned();
    // Events 12..15 follow; the second prune removes 1..11, the first prune's event included, and is event 16.
    const more = chain([call(12), call(13), call(14), call(15)], 12, (events.at(-1) as AuditEvent).hash);
    const through = events.at(-1) as AuditEvent;
    const data = { throughSeq: 11, throughHash: through.hash, removed: 7, before: TIME };
    const [second] = chain([{ type: 'audit.pruned', session: RETENTION_SESSION, data }], 16, (more.at(-1) as AuditEvent).hash);
    const kept = [...more, second as AuditEvent];
    const latest: AuditAnchor = { ...data, time: TIME, eventSeq: 16 };
    assert.deepEqual(await verifyChain(kept, { anchors: [anchor, latest], head: head(kept) }), { ok: true, count: 5, lastSeq: 16, lastHash: (second as AuditEvent).hash, pruned: latest });
  });

  it('tells a broken link from a first event that does not reach the anchor', async () => {
    const { kept, anchor } = pruned();
    const relinked = kept.map((e) => (e.seq === 7 ? { ...e, prevHash: GENESIS_HASH } : e));
    assert.deepEqual(await verifyChain(relinked, { anchors: [anchor] }), { ok: false, count: 2, seq: 7, problem: 'link to the previous event is broken (an event was removed, inserted or reordered)' });
    const events = chain([call(1), call(2)]);
    const first = { ...(events[0] as AuditEvent), prevHash: 'e'.repeat(64) };
    assert.deepEqual(await verifyChain([first, events[1] as AuditEvent]), { ok: false, count: 0, seq: 1, problem: 'link to the previous event is broken (an event was removed, inserted or reordered)' });
  });

  it('refuses an audit.pruned event without its anchor, or disagreeing with it in any field', async () => {
    const { kept, anchor } = pruned();
    assert.deepEqual(await verifyChain(kept, { anchors: [{ ...anchor, eventSeq: 99 }] }), { ok: false, count: 6, seq: 11, problem: 'this audit.pruned event has no anchor (the anchors were altered)' });
    const disagreeing = 'the anchor of the prune through 4 does not match its audit.pruned event (the anchor was altered)';
    for (const change of [{ throughSeq: 3 }, { throughHash: 'c'.repeat(64) }, { removed: 5 }, { before: '2026-12-02T00:00:00.000Z' }]) {
      const event = kept.at(-1) as AuditEvent;
      const [rewritten] = chain([{ type: 'audit.pruned', session: RETENTION_SESSION, data: { ...event.data, ...change } }], 11, event.prevHash);
      assert.deepEqual(await verifyChain([...kept.slice(0, -1), rewritten as AuditEvent], { anchors: [anchor] }), { ok: false, count: 6, seq: 11, problem: disagreeing }, JSON.stringify(change));
    }
    assert.deepEqual(await verifyChain(kept, { anchors: [{ ...anchor, time: '2026-12-02T00:00:00.000Z' }] }), { ok: false, count: 6, seq: 11, problem: disagreeing });
  });
});
