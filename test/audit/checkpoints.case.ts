// Store tampering against signed checkpoints, the same cases on SQLite and PostgreSQL: each edit an
// operator with store access could make by hand (SQL on the store's own tables) is caught, with the
// first bad sequence number named; an untouched store verifies with the events after the newest
// checkpoint counted as unanchored.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { checkCheckpoint, signCheckpoint, type Checkpoint } from '../../src/audit/checkpoint.ts';
import { checkpointWitness, type CheckpointTally } from '../../src/audit/checkpoint-verify.ts';
import type { AuditEvent } from '../../src/audit/events.ts';
import { verifyStore } from '../../src/audit/verify.ts';
import { appendPast, call, filled, rehashSql } from '../store/audit-helpers.ts';
import type { StoreBackend, StorePlace } from '../store/places.ts';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');

async function eventsOf(place: StorePlace): Promise<AuditEvent[]> {
  const store = await place.open();
  try {
    return await store.events();
  } finally {
    await store.close();
  }
}

/** Checkpoints of the events at `seqs`, signed as the server signs them. */
async function checkpointsAt(place: StorePlace, seqs: number[]): Promise<Checkpoint[]> {
  const events = await eventsOf(place);
  return seqs.map((seq) => signCheckpoint(privateKey, 'test', { seq, hash: events.find((e) => e.seq === seq)?.hash ?? '' }));
}

async function verifyAgainst(place: StorePlace, checkpoints: Checkpoint[], copies?: Map<number, string>) {
  const tally: CheckpointTally = { matched: 0, beforeRetention: 0 };
  const store = await place.open();
  try {
    const check = await verifyStore(store, checkpointWitness(checkpoints, tally, copies));
    return { check, tally, failure: check.ok ? 'verified' : `${check.seq}: ${check.problem}` };
  } finally {
    await store.close();
  }
}

export function checkpointCases(backend: StoreBackend): void {
  describe(`${backend.name} store: verification against signed checkpoints`, () => {
    /** Ten events, checkpoints at 4, 5 and 8; `tamper` gets the events to write its SQL from. */
    async function tampered(tamper: (events: AuditEvent[]) => string, seqs = [4, 5, 8]) {
      const place = await filled(backend);
      try {
        const checkpoints = await checkpointsAt(place, seqs);
        await place.exec(tamper(await eventsOf(place)));
        return await verifyAgainst(place, checkpoints);
      } finally {
        await place.drop();
      }
    }

    it('verifies an untouched store and counts the events after the newest checkpoint', async () => {
      const { check, tally } = await tampered(() => 'SELECT 1');
      assert.deepEqual(check.ok && [check.count, check.lastSeq], [10, 10]);
      assert.deepEqual(tally, { matched: 3, beforeRetention: 0 });
    });

    it('a deleted tail with the head moved back', async () => {
      const { failure } = await tampered(() => 'DELETE FROM audit_events WHERE seq > 6; UPDATE audit_head SET seq = 6, hash = (SELECT hash FROM audit_events WHERE seq = 6);');
      assert.equal(failure.split(': ')[0], '7');
      assert.match(failure, /the store ends at event 6, but the checkpoint signed at .* vouches for event 8: events 7\.\.8 were removed and the head moved back/);
    });

    it('the one event a checkpoint vouches for deleted, with the head moved back to the event before', async () => {
      const { failure } = await tampered(() => 'DELETE FROM audit_events WHERE seq > 7; UPDATE audit_head SET seq = 7, hash = (SELECT hash FROM audit_events WHERE seq = 7);');
      assert.equal(failure.split(': ')[0], '8');
      assert.match(failure, /the store ends at event 7, but the checkpoint signed at .* vouches for event 8: event 8 was removed and the head moved back/);
    });

    it('an edited event with the chain after it re-hashed', async () => {
      const { failure } = await tampered((events) => {
        const edited = events.slice(5).map((e) => (e.seq === 6 ? { ...e, data: { effect: 'deny' } } : e));
        return rehashSql(edited, events[4]?.hash ?? '');
      });
      assert.match(failure, /^6: the store's event 8 does not match the checkpoint signed at .*: events 6\.\.8 were changed, removed, reordered or re-hashed$/);
    });

    it('a re-hashed edit is pinned to its event by the sink copies', async () => {
      const place = await filled(backend);
      try {
        const events = await eventsOf(place);
        const checkpoints = await checkpointsAt(place, [8]);
        const edited = events.slice(5).map((e) => (e.seq === 6 ? { ...e, data: { effect: 'deny' } } : e));
        await place.exec(rehashSql(edited, events[4]?.hash ?? ''));
        const { failure } = await verifyAgainst(place, checkpoints, new Map(events.map((e) => [e.seq, e.hash])));
        assert.equal(failure, "6: the store's event 6 differs from the sink's copy of it (one of them was changed)");
      } finally {
        await place.drop();
      }
    });

    it('two events swapped, the chain re-hashed', async () => {
      const { failure } = await tampered((events) => {
        const [a, b, ...rest] = events.slice(5) as [AuditEvent, AuditEvent, ...AuditEvent[]];
        return rehashSql([{ ...b, seq: a.seq }, { ...a, seq: b.seq }, ...rest], events[4]?.hash ?? '');
      });
      assert.match(failure, /^6: the store's event 8 does not match/);
    });

    it('an event removed and the rest renumbered and re-hashed', async () => {
      const { failure } = await tampered((events) => {
        const kept = events.slice(6).map((e) => ({ ...e, seq: e.seq - 1 }));
        return `${rehashSql(kept, events[4]?.hash ?? '')}\nDELETE FROM audit_events WHERE seq = 10; UPDATE audit_head SET seq = 9;`;
      }, [5, 8]);
      assert.match(failure, /^6: the store's event 8 does not match/);
    });

    it('an edited event, not re-hashed: the chain names it before any checkpoint does', async () => {
      const { failure } = await tampered(() => `UPDATE audit_events SET data = replace(data, '"allow"', '"deny"') WHERE seq = 6`);
      assert.match(failure, /^6: event content does not match its hash/);
    });
  });

  describe(`${backend.name} store: checkpoints and retention`, () => {
    /** Events 1..6 pruned (audit.pruned is 13); checkpoints at 4 and 6 before the prune, at `after` (if any) after it. */
    async function pruned(after: number[]) {
      const place = await backend.fresh();
      const store = await place.open();
      const { cut } = await appendPast(store, 3, 3);
      const before = await checkpointsAt(place, [4, 6]);
      assert.equal((await store.pruneEvents(cut))?.event?.seq, 13);
      await store.append(call(50));
      await store.close();
      return { place, checkpoints: [...before, ...(await checkpointsAt(place, after))] };
    }

    it('a checkpoint in the pruned range is before retention; one at the anchor is held against it', async () => {
      const { place, checkpoints } = await pruned([13]);
      try {
        const { check, tally } = await verifyAgainst(place, checkpoints);
        assert.deepEqual(check.ok && [check.lastSeq, check.pruned?.throughSeq], [15, 6]);
        assert.deepEqual(tally, { matched: 2, beforeRetention: 1 });
        await place.exec(`UPDATE audit_anchors SET through_hash = '${'e'.repeat(64)}'`);
        assert.match((await verifyAgainst(place, checkpoints)).failure, /^6: the anchor of the prune through 6 does not match the checkpoint/);
      } finally {
        await place.drop();
      }
    });

    it('a prune no checkpoint was signed after, reaching past the newest checkpoint, fails', async () => {
      const { place, checkpoints } = await pruned([]);
      try {
        const { failure } = await verifyAgainst(place, checkpoints.slice(0, 1));
        assert.match(failure, /^4: the newest checkpoint \(event 4, .*\) lies in the range the prune through 6 removed, and no checkpoint was signed after that prune/);
      } finally {
        await place.drop();
      }
    });

    it('dropped anchors', async () => {
      const { place, checkpoints } = await pruned([13]);
      try {
        await place.exec('DELETE FROM audit_anchors');
        assert.equal((await verifyAgainst(place, checkpoints)).failure, '7: events 1..6 are missing and no prune recorded their removal');
      } finally {
        await place.drop();
      }
    });
  });
}

describe('checkpoint signatures', () => {
  const head = { seq: 8, hash: 'a'.repeat(64) };

  it('a checkpoint verifies with its public key', () => {
    const checked = checkCheckpoint(JSON.parse(JSON.stringify(signCheckpoint(privateKey, 'prod', head))), publicKey);
    assert.deepEqual(checked.ok && [checked.checkpoint.seq, checked.checkpoint.chain], [8, 'prod']);
  });

  it('a forged or altered checkpoint is refused, naming its event', () => {
    const signed = signCheckpoint(privateKey, 'prod', head);
    const altered = checkCheckpoint({ ...signed, hash: 'b'.repeat(64) }, publicKey);
    assert.deepEqual(altered, { ok: false, problem: 'of event 8 has a signature that does not verify (forged or altered)' });
    const moved = checkCheckpoint({ ...signed, seq: 9 }, publicKey);
    assert.equal(moved.ok, false);
    assert.equal(checkCheckpoint({ ...signed, signature: undefined }, publicKey).ok, false);
  });

  it('a checkpoint of another key is refused, whatever key id it claims', () => {
    const other = generateKeyPairSync('ed25519');
    const theirs = signCheckpoint(other.privateKey, 'prod', head);
    assert.match(checkCheckpoint(theirs, publicKey).ok ? '' : (checkCheckpoint(theirs, publicKey) as { problem: string }).problem, /^of event 8 was signed by key [0-9a-f]{16}, not by the given public key [0-9a-f]{16}$/);
    const ours = signCheckpoint(privateKey, 'prod', head);
    assert.deepEqual(checkCheckpoint({ ...theirs, key: ours.key }, publicKey), { ok: false, problem: 'of event 8 has a signature that does not verify (forged or altered)' });
  });
});
