// The checkpoint witness's rules, in-process on chains built here: each finding by the sequence
// number and the exact words it reports, which finding wins when several meet, and the tally of
// checkpoints held and before retention. The stores' own tampering cases are checkpoints.case.ts.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import type { AuditAnchor, ChainPoint } from '../../src/audit/chain.ts';
import { signCheckpoint, type Checkpoint } from '../../src/audit/checkpoint.ts';
import { checkpointWitness, type CheckpointTally } from '../../src/audit/checkpoint-verify.ts';
import { GENESIS_HASH, type AuditEvent } from '../../src/audit/events.ts';
import { verifyStore } from '../../src/audit/verify.ts';
import { call, chain, head, pruned } from './built-chains.ts';

const { privateKey } = generateKeyPairSync('ed25519');
const FORGED = 'f'.repeat(64);

const at = (events: AuditEvent[], seq: number): AuditEvent => events.find((e) => e.seq === seq) as AuditEvent;
/** A checkpoint of `seq` as the server signs it, with `hash` when it is to disagree with the store. */
const checkpoint = (events: AuditEvent[], seq: number, hash = at(events, seq).hash): Checkpoint => signCheckpoint(privateKey, 'test', { seq, hash });

interface Held {
  events: AuditEvent[];
  anchors?: AuditAnchor[];
  head?: ChainPoint;
  checkpoints: Checkpoint[];
  copies?: Map<number, string>;
}

/** What verify says of the store holding `events` with the witness of these checkpoints and sink copies. */
async function verify({ events, anchors = [], head: storeHead = head(events), checkpoints, copies }: Held) {
  const tally: CheckpointTally = { matched: -1, beforeRetention: -1 };
  const store = {
    async *allEvents() {
      yield* events;
    },
    auditAnchors: async () => anchors,
    auditHead: async () => storeHead,
  };
  const check = await verifyStore(store, checkpointWitness(checkpoints, tally, copies));
  return { found: check.ok ? 'verified' : `${check.seq}: ${check.problem}`, tally };
}

const ten = () => chain(Array.from({ length: 10 }, (_, i) => call(i + 1)));
const signedAt = (c: Checkpoint) => c.time;

describe('checkpoint witness', () => {
  it('verifies with a checkpoint at the head, counting each checkpoint held once', async () => {
    const events = ten();
    assert.deepEqual(await verify({ events, checkpoints: [checkpoint(events, 3), checkpoint(events, 10)] }), { found: 'verified', tally: { matched: 2, beforeRetention: 0 } });
  });

  it('takes the checkpoints in order of sequence number, whatever order they come in', async () => {
    const { kept, anchor } = pruned();
    // The newest (event 11) follows the prune through 4: a checkpoint in the pruned range is counted, not a finding.
    const checkpoints = [checkpoint(kept, 11), signCheckpoint(privateKey, 'test', { seq: 2, hash: FORGED })];
    assert.deepEqual(await verify({ events: kept, anchors: [anchor], checkpoints }), { found: 'verified', tally: { matched: 1, beforeRetention: 1 } });
  });

  it('names two checkpoints that sign different hashes for one event', async () => {
    const events = ten();
    const good = checkpoint(events, 5);
    const other = signCheckpoint(privateKey, 'test', { seq: 5, hash: FORGED });
    // The store matches the later one: only the pair shows the rewrite.
    assert.equal(
      (await verify({ events, checkpoints: [other, good] })).found,
      `5: two checkpoints (signed at ${signedAt(other)} and ${signedAt(good)}) name different hashes for event 5: the chain was rewritten while the server kept signing`,
    );
    // Two checkpoints of one event that agree are no finding.
    assert.deepEqual(await verify({ events, checkpoints: [good, checkpoint(events, 5)] }), { found: 'verified', tally: { matched: 1, beforeRetention: 0 } });
  });

  it('names one changed event alone, and a range back to the last checkpoint held', async () => {
    const events = ten();
    const one = signCheckpoint(privateKey, 'test', { seq: 5, hash: FORGED });
    assert.equal((await verify({ events, checkpoints: [checkpoint(events, 4), one] })).found, `5: the store's event 5 does not match the checkpoint signed at ${one.time}: event 5 was changed, removed, reordered or re-hashed`);
    assert.equal((await verify({ events, checkpoints: [checkpoint(events, 2), one] })).found, `3: the store's event 5 does not match the checkpoint signed at ${one.time}: events 3..5 were changed, removed, reordered or re-hashed`);
  });

  it('names a checkpoint past the head, and not one at it', async () => {
    const events = ten();
    const past = checkpoint(events, 9);
    const kept = events.slice(0, 7);
    assert.equal((await verify({ events: kept, checkpoints: [past] })).found, `8: the store ends at event 7, but the checkpoint signed at ${past.time} vouches for event 9: events 8..9 were removed and the head moved back`);
    assert.equal((await verify({ events: kept, checkpoints: [checkpoint(events, 7)] })).found, 'verified');
  });

  it('holds no event past the head against a checkpoint or a copy: the head moved back, the events left behind', async () => {
    const events = ten();
    const storeHead = { seq: 8, hash: at(events, 8).hash };
    const copies = new Map([[10, FORGED]]);
    const held = await verify({ events, head: storeHead, checkpoints: [checkpoint(events, 8)], copies });
    assert.equal(held.found, '9: the sink holds event 10, but the store ends at event 8: the newest events were removed from the store');
    assert.deepEqual(held.tally, { matched: 1, beforeRetention: 0 });
     // A checkpoint past the head names the head moved back, not a change back to the last one held.
    // (The walk reads one event past the head before it stops: that one is the witness's to skip.)
    const past = signCheckpoint(privateKey, 'test', { seq: 9, hash: FORGED });
    assert.equal((await verify({ events, head: storeHead, checkpoints: [past] })).found, `9: the store ends at event 8, but the checkpoint signed at ${past.time} vouches for event 9: event 9 was removed and the head moved back`);
    const further = signCheckpoint(privateKey, 'test', { seq: 10, hash: FORGED });
    assert.equal((await verify({ events, head: storeHead, checkpoints: [further] })).found, `9: the store ends at event 8, but the checkpoint signed at ${further.time} vouches for event 10: events 9..10 were removed and the head moved back`);
  });

  it('holds the copy of the newest event against it', async () => {
    const events = ten();
    assert.equal((await verify({ events, checkpoints: [], copies: new Map([[10, FORGED]]) })).found, "10: the store's event 10 differs from the sink's copy of it (one of them was changed)");
  });

  it('counts a checkpoint of the empty chain (event 0) neither held nor before retention', async () => {
    const events = ten();
    const empty = signCheckpoint(privateKey, 'test', { seq: 0, hash: GENESIS_HASH });
    assert.deepEqual(await verify({ events, checkpoints: [empty, checkpoint(events, 10)] }), { found: 'verified', tally: { matched: 1, beforeRetention: 0 } });
    const { kept, anchor } = pruned();
    assert.deepEqual(await verify({ events: kept, anchors: [anchor], checkpoints: [empty, checkpoint(kept, 11)] }), { found: 'verified', tally: { matched: 1, beforeRetention: 0 } });
  });

  it('verifies a pruned store with no checkpoints given', async () => {
    const { kept, anchor } = pruned();
    assert.deepEqual(await verify({ events: kept, anchors: [anchor], checkpoints: [] }), { found: 'verified', tally: { matched: 0, beforeRetention: 0 } });
  });

  it('names a sink copy past the head, and not one at it', async () => {
    const events = ten();
    const copies = (seq: number) => new Map(events.filter((e) => e.seq <= seq).map((e) => [e.seq, e.hash]));
    assert.equal((await verify({ events: events.slice(0, 6), checkpoints: [], copies: copies(7) })).found, '7: the sink holds event 7, but the store ends at event 6: the newest events were removed from the store');
    assert.equal((await verify({ events: events.slice(0, 6), checkpoints: [], copies: copies(6) })).found, 'verified');
  });

  it('pins a changed event to its copy when the copy differs inside the checkpoint range, up to its last event', async () => {
    const events = ten();
    const bad = signCheckpoint(privateKey, 'test', { seq: 8, hash: FORGED });
    const differs = (seq: number) => new Map([[seq, FORGED]]);
    assert.equal((await verify({ events, checkpoints: [checkpoint(events, 7), bad], copies: differs(8) })).found, "8: the store's event 8 differs from the sink's copy of it (one of them was changed)");
    // A copy differing after the range leaves the range first.
    assert.match((await verify({ events, checkpoints: [checkpoint(events, 7), bad], copies: differs(9) })).found, /^8: the store's event 8 does not match the checkpoint/);
  });

  it("reports the chain's own finding when it comes first", async () => {
    const events = ten();
    const edited = events.map((e) => (e.seq === 3 ? { ...e, data: { n: 99 } } : e));
    const bad = signCheckpoint(privateKey, 'test', { seq: 8, hash: FORGED });
    assert.equal((await verify({ events: edited, checkpoints: [checkpoint(events, 6), bad] })).found, '3: event content does not match its hash (the event was edited)');
    // The walk stops at the edit, so only a finding made before it (a copy past the head) competes.
    assert.equal((await verify({ events: edited, head: head(events), checkpoints: [], copies: new Map([[11, FORGED]]) })).found, '3: event content does not match its hash (the event was edited)');
  });

  it('holds a checkpoint at the anchor against it, and fails a newest checkpoint inside the pruned range', async () => {
    const { kept, anchor, events } = pruned();
    const atAnchor = checkpoint(events, 4);
    assert.deepEqual(await verify({ events: kept, anchors: [anchor], checkpoints: [atAnchor] }), { found: 'verified', tally: { matched: 1, beforeRetention: 0 } });
    const inside = checkpoint(events, 3);
    assert.equal(
      (await verify({ events: kept, anchors: [anchor], checkpoints: [inside] })).found,
      `3: the newest checkpoint (event 3, signed at ${inside.time}) lies in the range the prune through 4 removed, and no checkpoint was signed after that prune: it cannot be told from a forged one; verify again after the server's next checkpoint`,
    );
    // Without a prune the same checkpoint is held against its event.
    const whole = ten();
    assert.deepEqual(await verify({ events: whole, checkpoints: [checkpoint(whole, 3)] }), { found: 'verified', tally: { matched: 1, beforeRetention: 0 } });
  });

  it('starts the tally afresh on every walk', async () => {
    const events = ten();
    const tally: CheckpointTally = { matched: 0, beforeRetention: 0 };
    const witness = checkpointWitness([checkpoint(events, 4)], tally);
    const store = { allEvents: async function* () { yield* events; }, auditAnchors: async () => [], auditHead: async () => head(events) };
    await verifyStore(store, witness);
    await verifyStore(store, witness);
    assert.deepEqual(tally, { matched: 1, beforeRetention: 0 });
  });
});
